"""Bad files are refused with a clear message and left untouched."""

import hashlib
import os

import pytest
from sqlalchemy import text

from xasach.i18n import set_language
from xasach.services.setup import MODE_COMMUNE, init_installation
from xasach.store.database import Database
from xasach.store.errors import StoreError


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def test_missing_file(tmp_path):
    with pytest.raises(StoreError) as err:
        Database.open(tmp_path / "none.db")
    assert "xasach init" in err.value.message


def test_garbage_file_is_refused_and_unchanged(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(os.urandom(8192))
    before = digest(path)
    with pytest.raises(StoreError) as err:
        Database.open(path)
    assert "backup" in err.value.message
    assert digest(path) == before


def test_truncated_database_is_refused(db):
    key, path = db.key, db.path
    db.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(StoreError):
        reopened = Database.open(path, key)
        with reopened.reader() as s:  # damage may only show when read
            s.execute(text("SELECT count(*) FROM admin_unit")).scalar()


def test_empty_sqlite_file_is_not_ours(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(StoreError) as err:
        Database.open(path)
    assert "not a XaSach data file" in err.value.message


def test_newer_schema_is_refused_without_change(db):
    key, db_path = db.key, db.path
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed9999'"))
    db.close()
    before = digest(db_path)
    with pytest.raises(StoreError) as err:
        Database.open(db_path, key)
    assert "newer version" in err.value.message
    assert digest(db_path) == before


def test_failed_init_leaves_nothing(tmp_path):
    path = tmp_path / "c.db"
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do; the point is the disk
        init_installation(path, mode=MODE_COMMUNE, unit_code="99999")
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_to_overwrite(db_path):
    before = digest(db_path)
    with pytest.raises(StoreError):
        init_installation(db_path, mode=MODE_COMMUNE, unit_code="00070")
    assert digest(db_path) == before


def test_init_records_unit_and_rules(db):
    assert db.setting("unit.code") == "00070"
    assert db.setting("unit.name") == "Phường Hoàn Kiếm"
    assert db.setting("unit.parent_name") == "Thành phố Hà Nội"
    assert db.setting("mode") == "commune"
    assert db.setting("rules.version")


def _tuning(db):
    with db.reader() as s:
        conn = s.connection()
        return tuple(
            (name, conn.exec_driver_sql(f"PRAGMA {name}").scalar())
            for name in ("cache_size", "wal_autocheckpoint")
        )


def test_bulk_writes_switches_the_pooled_connections_and_back(db):
    """A bundle import gets the big page cache and rarer checkpoints; the everyday settings
    (the People list's memory budget) come back on the same connection afterwards."""
    from xasach.store.engine import BULK_TUNING, EVERYDAY_TUNING

    assert _tuning(db) == EVERYDAY_TUNING
    with db.bulk_writes():
        assert _tuning(db) == BULK_TUNING
        with db.session() as s:  # a write session inside the block gets them too
            assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == -131072
    assert _tuning(db) == EVERYDAY_TUNING
    assert BULK_TUNING != EVERYDAY_TUNING


def test_bulk_writes_still_switch_after_a_rekey(db):
    """A removed user re-keys the file and the store swaps its engine: the new engine's
    connections must follow the import settings too."""
    import secrets

    from xasach.services.auth import rekey
    from xasach.store.engine import BULK_TUNING

    rekey(db, secrets.token_bytes(32))
    with db.bulk_writes():
        assert _tuning(db) == BULK_TUNING
