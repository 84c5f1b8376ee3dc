"""The command line contract of DESIGN.md: exit codes, one-line errors, --json."""

import json
import subprocess
import sys

import pytest

from xasach.cli import main


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    from conftest import PASSWORD

    monkeypatch.setenv("XASACH_PASSWORD", PASSWORD)
    monkeypatch.delenv("XASACH_USER", raising=False)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_a_commune_database(tmp_path, capsys):
    db = tmp_path / "c.db"
    code, out, _ = run(capsys, "--db", str(db), "init", "--commune", "00070")
    assert code == 0 and db.exists()
    assert "Phường Hoàn Kiếm" in out


def test_init_unknown_commune_is_refused_in_vietnamese(tmp_path, capsys):
    db = tmp_path / "c.db"
    code, _, err = run(capsys, "--db", str(db), "init", "--commune", "12345")
    assert code == 1 and not db.exists()
    assert "12345" in err and len(err.strip().splitlines()) == 1
    assert "Lỗi" in err


def test_init_upper_level_with_a_province_code(tmp_path, capsys):
    db = tmp_path / "u.db"
    code, out, _ = run(
        capsys, "--db", str(db), "init", "--upper", "01", "--name", "Công an TP Hà Nội"
    )
    assert code == 0 and "Công an TP Hà Nội" in out


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["init"])
    assert exc.value.code == 2


def test_missing_database_exits_1(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path / "none.db"), "stats")
    assert code == 1 and "xasach init" in err


def test_newer_database_exits_1(db, capsys):
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    db.close()
    code, _, err = run(capsys, "--db", str(db.path), "--lang", "en", "stats")
    assert code == 1 and "newer version" in err


def test_demo_then_search_finds_duc(db_path, capsys):
    from xasach.domain.text import fold
    from xasach.services.auth import login
    from xasach.store.models import Person

    from conftest import ADMIN, PASSWORD

    assert run(capsys, "--db", str(db_path), "demo", "--persons", "500", "--seed", "1")[0] == 0
    code, out, _ = run(capsys, "--db", str(db_path), "search", "duc")
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert any("Đức" in row[1] for row in rows) and any("Dức" in row[1] for row in rows)
    db = login(db_path, ADMIN, PASSWORD)
    with db.reader() as s:
        for row in rows:
            person = s.get(Person, row[0])
            words = fold(f"{person.full_name} {person.other_names} {person.address_text}").split()
            assert any(w.startswith("duc") for w in words), row
    db.close()


def test_search_json(db_path, capsys):
    run(capsys, "--db", str(db_path), "demo", "--persons", "50", "--seed", "2")
    code, out, _ = run(capsys, "--db", str(db_path), "search", "nguyen", "--limit", "3", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["query"] == "nguyen" and len(doc["results"]) <= 3
    assert set(doc["results"][0]) >= {"id", "full_name", "birth", "village", "status"}


def test_stats_json_counts_the_demo(db_path, capsys):
    run(
        capsys,
        "--db",
        str(db_path),
        "demo",
        "--persons",
        "40",
        "--hotspots",
        "5",
        "--activities",
        "12",
        "--seed",
        "3",
    )
    code, out, _ = run(capsys, "--db", str(db_path), "stats", "--json")
    stats = json.loads(out)
    assert code == 0
    assert stats["persons"]["total"] == 40
    assert stats["hotspots"]["total"] == 5
    assert stats["activities"]["total"] == 12
    assert stats["unit"] == {"code": "00070", "name": "Phường Hoàn Kiếm"}


def test_units_import_updates_names(db_path, tmp_path, capsys):
    units = tmp_path / "units.csv"
    units.write_text(
        "code,level,name,parent_code\n01,province,Thành phố Hà Nội,\n"
        "00070,commune,Phường Hoàn Kiếm Mới,01\n99001,commune,Xã Mới Lập,01\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "--db", str(db_path), "--lang", "en", "units", "import", str(units))
    assert code == 0 and "1 added, 1 renamed" in out


def test_units_import_bad_file_changes_nothing(db_path, tmp_path, capsys):
    units = tmp_path / "units.csv"
    units.write_text(
        "code,level,name,parent_code\n00070,commune,Đổi tên,01\n123,commune,X,01\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--db", str(db_path), "units", "import", str(units))
    assert code == 1 and "123" in err
    from xasach.services.auth import login

    from conftest import ADMIN, PASSWORD

    db = login(db_path, ADMIN, PASSWORD)
    with db.reader() as s:
        from xasach.store.models import AdminUnit

        assert s.get(AdminUnit, "00070").name == "Phường Hoàn Kiếm"
    db.close()


def test_module_entry_point_and_version():
    out = subprocess.run(
        [sys.executable, "-m", "xasach", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("XaSach ")
