"""`xasach import` and `xasach export`: the validation summary, strict and dry runs, the
rejected-rows workbook, mapping files, filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from xasach.cli import main
from xasach.services.people import create_person
from xasach.services.villages import add_villages
from xasach.store.models import Person

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
WORKBOOK = str(FIXTURES / "danh_sach_nguoi_lon_xon.xlsx")


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    from conftest import PASSWORD

    monkeypatch.setenv("XASACH_PASSWORD", PASSWORD)
    monkeypatch.delenv("XASACH_USER", raising=False)


@pytest.fixture
def db_file(db, db_path):
    """The commune of the sample files, closed again so the command can open it."""
    with db.session() as s:
        add_villages(s, ["Thôn Đông Hưng", "Thôn Tây Sơn", "Tổ dân phố 3"])
        create_person(s, full_name="Trần Thị Lan", birth_year=1985, sex="F")
    db.close()
    return str(db_path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def names(db_path):
    from xasach.services.auth import login

    from conftest import ADMIN, PASSWORD

    database = login(Path(db_path), ADMIN, PASSWORD)
    try:
        with database.reader() as s:
            return sorted(s.scalars(select(Person.full_name)))
    finally:
        database.close()


def test_import_brings_the_valid_rows_and_reports_the_rest(db_file, capsys, tmp_path):
    rejected = tmp_path / "loi.xlsx"
    code, out, _err = run(
        capsys, "--db", db_file, "import", "persons", WORKBOOK, "--rejected", str(rejected)
    )
    assert code == 0
    assert "danh_sach_nguoi_lon_xon.xlsx" in out.splitlines()[0] and " 8" in out.splitlines()[0]
    assert "  B  Họ và tên → " in out  # the column each field was read from
    assert any("19" in line and "Thôn Bắc Sơn" in line for line in out.splitlines())
    assert sum(1 for line in out.splitlines() if line.startswith("  ") and "—" in line) >= 6
    assert len(names(db_file)) == 5
    assert load_workbook(rejected).active.max_row == 4 + 6


def test_a_second_import_adds_nothing(db_file, capsys):
    run(capsys, "--db", db_file, "import", "persons", WORKBOOK)
    code, out, _err = run(capsys, "--db", db_file, "import", "persons", WORKBOOK, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["imported"] == 0 and doc["already"] == 5
    assert len(names(db_file)) == 5


def test_strict_refuses_and_writes_nothing(db_file, capsys):
    code, out, _err = run(capsys, "--db", db_file, "import", "persons", WORKBOOK, "--strict")
    assert code == 1
    assert any("19" in line and "Thôn Bắc Sơn" in line for line in out.splitlines())
    assert names(db_file) == ["Trần Thị Lan"]


def test_dry_run_only_checks(db_file, capsys):
    code, out, _err = run(
        capsys, "--db", db_file, "import", "people", WORKBOOK, "--dry-run", "--json"
    )
    doc = json.loads(out)
    assert code == 0 and doc["dry_run"] and doc["to_import"] == 4 and doc["imported"] == 0
    assert doc["mapping"]["B"] == "full_name" and doc["header_row"] == 8
    assert names(db_file) == ["Trần Thị Lan"]


def test_a_mapping_file_replaces_the_guess(db_file, capsys, tmp_path):
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps({"Họ và tên": "full_name", "nam": "male", "Nữ": "female", "F": "village"}),
        encoding="utf-8",
    )
    code, out, _err = run(
        capsys, "--db", db_file, "import", "persons", WORKBOOK, "--mapping", str(mapping), "--json"
    )
    doc = json.loads(out)
    assert code == 0 and doc["mapping"] == {
        "B": "full_name", "C": "male", "D": "female", "F": "village"
    }  # fmt: skip
    assert doc["imported"] == 6  # ID numbers not read: the two rows with a bad one come in too


def test_a_wrong_mapping_is_one_line_saying_what(db_file, capsys, tmp_path):
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Họ và tên": "name_of_person"}), encoding="utf-8")
    code, _out, err = run(
        capsys, "--db", db_file, "import", "persons", WORKBOOK, "--mapping", str(mapping)
    )
    assert code == 1 and "name_of_person" in err and len(err.strip().splitlines()) == 1


def test_a_csv_encoding_can_be_forced(db_file, capsys):
    path = str(FIXTURES / "diem_phuc_tap_cp1252.csv")
    code, out, _err = run(
        capsys, "--db", db_file, "import", "hotspots", path, "--encoding", "cp1252", "--json"
    )
    assert code == 0 and json.loads(out)["imported"] == 2


def test_export_with_a_filter(db_file, capsys, tmp_path):
    run(capsys, "--db", db_file, "import", "persons", WORKBOOK)
    target = tmp_path / "tay_son.csv"
    code, out, _err = run(
        capsys, "--db", db_file, "export", "people", str(target), "--village", "Tây Sơn"
    )
    assert code == 0 and "1" in out
    lines = target.read_bytes().decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "Đỗ Văn Minh" in lines[1]


def test_export_refuses_a_wrong_file_type_before_asking_anything(db_file, capsys, tmp_path):
    code, _out, err = run(capsys, "--db", db_file, "export", "hotspots", str(tmp_path / "a.pdf"))
    assert code == 1 and ".xlsx" in err


def test_export_of_an_unknown_village_says_what_to_do(db_file, capsys, tmp_path):
    code, _out, err = run(
        capsys, "--db", db_file, "export", "people", str(tmp_path / "a.xlsx"), "--village", "Xa"
    )
    assert code == 1 and "Xa" in err
