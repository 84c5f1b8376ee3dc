"""`xasach backup create | list | restore`: the path on the last line, one JSON document,
one-line refusals."""

import json
import re

import pytest
from sqlalchemy import select

from xasach.cli import main
from xasach.services.auth import add_user, login
from xasach.store.models import Person

from conftest import ADMIN, PASSWORD

NAME_PATTERN = re.compile(r"^xasach-00070-\d{8}-\d{6}\.xsbak$")


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("XASACH_PASSWORD", PASSWORD)
    monkeypatch.delenv("XASACH_USER", raising=False)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def names(db_path):
    db = login(db_path, ADMIN, PASSWORD)
    try:
        with db.reader() as s:
            return sorted(s.scalars(select(Person.full_name)))
    finally:
        db.close()


def add_person(db_path, name):
    from xasach.services.people import create_person

    db = login(db_path, ADMIN, PASSWORD)
    try:
        with db.session() as s:
            create_person(s, full_name=name, birth_year=1990)
    finally:
        db.close()


def test_create_prints_the_backup_path_on_its_last_line(db_path, capsys):
    code, out, _ = run(capsys, "--db", str(db_path), "backup", "create")
    path = out.strip().splitlines()[-1]
    assert code == 0 and NAME_PATTERN.match(path.rsplit("/", 1)[-1])
    assert path.startswith(str(db_path.parent / "backups"))
    assert (db_path.parent / "backups" / path.rsplit("/", 1)[-1]).exists()


def test_create_to_a_stick(db_path, tmp_path, capsys):
    stick = tmp_path / "USB"
    code, out, _ = run(capsys, "--db", str(db_path), "backup", "create", "--to", str(stick))
    assert code == 0 and out.strip().splitlines()[-1].startswith(str(stick))
    assert len(list(stick.glob("*.xsbak"))) == 1


def test_list_json_is_one_document_newest_first(db_path, capsys):
    for _ in range(2):
        assert run(capsys, "--db", str(db_path), "backup", "create")[0] == 0
    code, out, _ = run(capsys, "--db", str(db_path), "backup", "list", "--json")
    doc = json.loads(out)
    assert code == 0 and len(doc["backups"]) == 2
    first, second = doc["backups"]
    assert first["created_at"] >= second["created_at"] and first["file"] != second["file"]
    assert first["unit_code"] == "00070" and first["size"] > 0 and first["kind"] == "manual"


def test_list_in_text(db_path, capsys):
    run(capsys, "--db", str(db_path), "backup", "create")
    code, out, _ = run(capsys, "--db", str(db_path), "--lang", "en", "backup", "list")
    assert code == 0 and "00070" in out and "manual" in out


def test_restore_brings_the_data_back(db_path, capsys):
    add_person(db_path, "Nguyễn Văn Đức")
    _, out, _ = run(capsys, "--db", str(db_path), "backup", "create")
    backup = out.strip().splitlines()[-1]
    add_person(db_path, "Trần Thị Sau")
    code, out, err = run(capsys, "--db", str(db_path), "backup", "restore", backup)
    assert code == 0, err
    assert names(db_path) == ["Nguyễn Văn Đức"]
    assert list(db_path.parent.glob("commune.db.before-restore-*"))


def test_restore_of_a_damaged_file_exits_1_with_one_line(db_path, capsys):
    _, out, _ = run(capsys, "--db", str(db_path), "backup", "create")
    backup = out.strip().splitlines()[-1]
    with open(backup, "r+b") as fh:
        fh.truncate(5000)
    code, _, err = run(capsys, "--db", str(db_path), "--lang", "en", "backup", "restore", backup)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "damaged" in err


def test_restore_by_a_user_without_the_right_is_refused(db_path, capsys):
    _, out, _ = run(capsys, "--db", str(db_path), "backup", "create")
    backup = out.strip().splitlines()[-1]
    db = login(db_path, ADMIN, PASSWORD)
    try:
        add_user(db, "congan", PASSWORD, "police")
    finally:
        db.close()
    argv = ["--db", str(db_path), "--user", "congan", "--lang", "en", "backup", "restore", backup]
    code, _, err = run(capsys, *argv)
    assert code == 1 and "restore" in err and len(err.strip().splitlines()) == 1
    assert not list(db_path.parent.glob("commune.db.before-restore-*"))


def test_restore_after_a_password_change_asks_the_password_of_that_time(
    db_path, capsys, monkeypatch
):
    from xasach.services.auth import change_password

    _, out, _ = run(capsys, "--db", str(db_path), "backup", "create")
    backup = out.strip().splitlines()[-1]
    db = login(db_path, ADMIN, PASSWORD)
    try:
        change_password(db, ADMIN, "mat-khau-moi-2026")
    finally:
        db.close()
    monkeypatch.setenv("XASACH_PASSWORD", "mat-khau-moi-2026")
    argv = ["--db", str(db_path), "--lang", "en", "backup", "restore", backup]
    code, _, err = run(capsys, *argv)
    assert code == 1 and "password" in err and len(err.strip().splitlines()) == 1

    monkeypatch.setenv("XASACH_BACKUP_PASSWORD", PASSWORD)
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert login(db_path, ADMIN, PASSWORD).close() is None  # the old password is back
