"""Step 4's "done when", from the command line: two communes and one upper level exchange keys,
export, import, receipt, export again (only new changes); exit codes as the contract says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xasach.cli import main
from xasach.services.auth import login

COMMUNES = ("00070", "00004")  # Phường Hoàn Kiếm, Phường Ba Đình (Hà Nội)


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    from conftest import PASSWORD

    monkeypatch.setenv("XASACH_PASSWORD", PASSWORD)
    monkeypatch.delenv("XASACH_USER", raising=False)


def run(capsys, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def offices(tmp_path, capsys):
    """Two commune databases and an upper level, each with its key card in tmp_path/cards."""
    cards = tmp_path / "cards"
    cards.mkdir()
    dbs = {code: tmp_path / f"{code}.db" for code in COMMUNES}
    dbs["upper"] = tmp_path / "upper.db"
    for code in COMMUNES:
        assert run(capsys, dbs[code], "init", "--commune", code)[0] == 0
    assert run(capsys, dbs["upper"], "init", "--upper", "01")[0] == 0
    for db in dbs.values():
        assert run(capsys, db, "keys", "export-public", str(cards))[0] == 0
    return dbs, cards


def _add_person(
    db_path: Path, name: str, id_number: str, birth: str = "1990-05-01", sex: str = "M"
) -> None:
    from xasach.services.people import create_person

    from conftest import ADMIN, PASSWORD

    db = login(db_path, ADMIN, PASSWORD)
    try:
        from datetime import date

        with db.session() as s:
            create_person(
                s,
                full_name=name,
                birth_date=date.fromisoformat(birth),
                sex=sex,
                id_number=id_number,
            )
    finally:
        db.close()


def test_keys_fingerprint_is_six_groups_of_five_digits(offices, capsys):
    dbs, _cards = offices
    code, out, _ = run(capsys, dbs["00070"], "keys", "fingerprint")
    groups = out.strip().splitlines()[-1].split(" ")
    assert code == 0 and len(groups) == 6
    assert all(len(g) == 5 and g.isdigit() for g in groups)


def test_the_whole_routine_from_the_command_line(offices, tmp_path, capsys):
    dbs, cards = offices
    upper_card = cards / "01_khoa-cong-khai.xskey"
    for code in COMMUNES:
        code_, out, _ = run(capsys, dbs[code], "keys", "import", str(upper_card), "--yes")
        assert code_ == 0 and "01" in out
        # The fingerprint is printed even with --yes, for the record.
        assert len(out.splitlines()[1].split(":")[-1].split()) == 6
        card = cards / f"{code}_khoa-cong-khai.xskey"
        assert run(capsys, dbs["upper"], "keys", "import", str(card), "--yes")[0] == 0

    # Both communes hold a person with the same ID number: the hub must show it for review.
    _add_person(dbs["00070"], "Nguyễn Văn Đức", "001090012345")
    _add_person(dbs["00004"], "Nguyễn Văn Đức", "001090012345")
    _add_person(dbs["00004"], "Trần Thị Hà", "001192054321", "1992-03-04", "F")

    out_dir, receipts = tmp_path / "usb", tmp_path / "receipts"
    files = []
    for code in COMMUNES:
        code_, out, _ = run(capsys, dbs[code], "bundle", "export", "--out", str(out_dir))
        assert code_ == 0
        path = Path(out.strip().splitlines()[-1])
        assert path.name.startswith(f"{code}_") and path.name.endswith(".xsb")
        files.append(path)

    code_, out, _ = run(
        capsys, dbs["upper"], "bundle", "import", str(out_dir), "--dry-run", "--json"
    )
    preview = json.loads(out)
    assert code_ == 0 and {p["status"] for p in preview} == {"would_apply"}
    assert not receipts.exists()

    code_, out, _ = run(
        capsys,
        dbs["upper"],
        "bundle",
        "import",
        str(out_dir),
        "--receipts",
        str(receipts),
        "--json",
    )
    applied = json.loads(out)
    assert code_ == 0 and [a["status"] for a in applied] == ["applied", "applied"]
    assert {a["unit"] for a in applied} == set(COMMUNES)

    # Importing the same bundles again changes nothing and is not an error.
    code_, out, _ = run(capsys, dbs["upper"], "bundle", "import", *map(str, files), "--json")
    assert code_ == 0 and {a["status"] for a in json.loads(out)} == {"already"}

    # The upper level finds both communes' people (accent-insensitive) ...
    code_, out, _ = run(capsys, dbs["upper"], "search", "nguyen van duc", "--json")
    assert code_ == 0 and len(json.loads(out)) == 2
    # ... shows both communes with what it holds from each ...
    code_, out, _ = run(capsys, dbs["upper"], "hub", "communes", "--json")
    communes = {c["unit"]: c for c in json.loads(out)}
    assert set(communes) == set(COMMUNES)
    assert communes["00004"]["people"] == 2 and communes["00070"]["people"] == 1
    assert all(c["held"] and not c["missing"] for c in communes.values())
    # ... and lists the planted duplicate for review (never merged).
    code_, out, _ = run(capsys, dbs["upper"], "hub", "duplicates", "--json")
    (pair,) = json.loads(out)
    assert "id_number" in pair["rules"]
    assert {p["unit"] for p in pair["people"]} == set(COMMUNES)

    for code in COMMUNES:
        (receipt,) = receipts.glob(f"{code}_*.xsr")
        code_, out, _ = run(capsys, dbs[code], "receipt", "import", str(receipt))
        assert code_ == 0
        # Nothing new: no bundle is written.
        code_, out, _ = run(capsys, dbs[code], "bundle", "export", "--out", str(out_dir))
        assert code_ == 0 and not out.strip().endswith(".xsb")

    # A new change: the next bundle starts after the acknowledged sequence.
    _add_person(dbs["00070"], "Lê Văn Bình", "001095011111", "1995-01-01")
    code_, out, _ = run(capsys, dbs["00070"], "bundle", "export", "--out", str(out_dir))
    newest = Path(out.strip().splitlines()[-1])
    first = int(newest.stem.split("_")[2].split("-")[0])
    assert first > 1
    code_, out, _ = run(capsys, dbs["upper"], "bundle", "import", str(newest), "--json")
    (outcome,) = json.loads(out)
    assert outcome["status"] == "applied" and outcome["inserted"]["person"] == 1
    assert sum(outcome["inserted"].values()) == 1  # only the new change travelled


def test_an_unverified_sender_is_held_and_exits_1_until_verified(offices, tmp_path, capsys):
    dbs, cards = offices
    run(capsys, dbs["00070"], "keys", "import", str(cards / "01_khoa-cong-khai.xskey"), "--yes")
    # Imported without --yes and without a terminal: enrolled, not verified.
    code, out, _ = run(
        capsys, dbs["upper"], "keys", "import", str(cards / "00070_khoa-cong-khai.xskey")
    )
    assert code == 0 and "keys verify 00070" in out
    _add_person(dbs["00070"], "Phạm Văn Long", "001088022222", "1988-02-02")
    run(capsys, dbs["00070"], "bundle", "export", "--out", str(tmp_path / "usb"))
    code, out, _ = run(capsys, dbs["upper"], "bundle", "import", str(tmp_path / "usb"), "--json")
    assert code == 1 and json.loads(out)[0]["status"] == "quarantined"
    code, out, _ = run(capsys, dbs["upper"], "keys", "verify", "00070")
    assert code == 0
    code, out, _ = run(capsys, dbs["upper"], "bundle", "import", str(tmp_path / "usb"), "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "already"


def test_export_before_the_upper_key_is_enrolled_is_refused(offices, tmp_path, capsys):
    dbs, _cards = offices
    code, _, err = run(capsys, dbs["00070"], "bundle", "export", "--out", str(tmp_path / "o"))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def test_a_refused_bundle_exits_1_with_its_reason(offices, tmp_path, capsys):
    dbs, _cards = offices
    junk = tmp_path / "junk.xsb"
    junk.write_bytes(b"age-encryption.org/v1\n" + b"x" * 200)
    code, out, _ = run(capsys, dbs["upper"], "bundle", "import", str(junk))
    assert code == 1 and "junk.xsb" in out


def test_keys_of_the_wrong_kind_are_refused(offices, capsys):
    dbs, cards = offices
    # A commune imports only its upper level's card, not another commune's.
    code, _, err = run(
        capsys, dbs["00070"], "keys", "import", str(cards / "00004_khoa-cong-khai.xskey"), "--yes"
    )
    assert code == 1 and "00004" in err
