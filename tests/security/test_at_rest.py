"""The database file shows nothing it holds, and opens with nothing but the key."""

import shutil
import sqlite3

import pytest

from xasach.services.auth import login
from xasach.services.people import create_person
from xasach.store.errors import StoreError
from xasach.store.keyslots import slot_path

from conftest import ADMIN, PASSWORD

NAMES = ["Nguyễn Văn Đức", "Trần Thị Hằng"]


def fill(db):
    with db.session() as s:
        for name in NAMES:
            create_person(s, full_name=name, address_text="Thôn Đông Phú", id_number=None)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def test_no_name_can_be_read_from_the_files(db):
    fill(db)
    db.close()
    for path in db.path.parent.iterdir():
        raw = path.read_bytes()
        for needle in [*NAMES, "Nguy", "Thôn Đông", "00070", "Hoàn Kiếm"]:
            assert needle.encode("utf-8") not in raw, (path.name, needle)
            assert needle.encode("utf-16-le") not in raw, (path.name, needle)


def test_sqlite_cannot_open_the_file(db):
    fill(db)
    db.close()
    conn = sqlite3.connect(db.path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    conn.close()


def test_a_database_copied_without_its_key_slots_does_not_open(db, tmp_path):
    fill(db)
    db.close()
    stolen = tmp_path / "stolen" / "copy.db"
    stolen.parent.mkdir()
    shutil.copyfile(db.path, stolen)
    with pytest.raises(StoreError) as err:
        login(stolen, ADMIN, PASSWORD)
    assert ".keys" in err.value.message


def test_another_installations_slots_do_not_open_it(db, tmp_path):
    from xasach.services.auth import setup_secure
    from xasach.services.setup import MODE_COMMUNE

    other = tmp_path / "other" / "o.db"
    setup_secure(other, mode=MODE_COMMUNE, unit_code="00073", admin=ADMIN, password=PASSWORD)
    db.close()
    shutil.copyfile(slot_path(other), slot_path(db.path))
    with pytest.raises(StoreError):
        login(db.path, ADMIN, PASSWORD)


def test_garbage_key_file_is_a_clear_message(db_path):
    slot_path(db_path).write_bytes(b"\x00garbage")
    with pytest.raises(StoreError) as err:
        login(db_path, ADMIN, PASSWORD)
    assert "keys" in err.value.message
