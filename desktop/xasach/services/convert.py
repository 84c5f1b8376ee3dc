"""Encrypting a plain database made by step 1 of XaSach, safely.

Order: copy the plain file aside (so a failure loses nothing) → export every page into a new
SQLCipher file under a fresh data key (`sqlcipher_export`) → check the copy (integrity, same
row counts) → write the key slots → put the encrypted file in place → overwrite and delete the
plain copy, which would otherwise defeat the encryption.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import text

from xasach.domain.roles import Role
from xasach.i18n import _
from xasach.services.auth import check_password, check_username
from xasach.store import audit
from xasach.store.database import Database
from xasach.store.engine import create_store_engine
from xasach.store.errors import StoreError
from xasach.store.kdf import calibrate, new_params
from xasach.store.keyslots import RECOVERY, SlotFile, new_data_key, new_recovery_code, slot_path
from xasach.store.lock import lock_path
from xasach.store.models import AppUser, utcnow
from xasach.store.reference import get_setting, put_setting


def _counts(engine: object, tables: list[str]) -> dict[str, int]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}


def encrypt_plain_database(path: Path, *, admin: str, password: str) -> str:
    """Encrypt `path` in place; returns the recovery code."""
    check_username(admin)
    check_password(password)
    path = Path(path)
    if slot_path(path).exists():
        raise StoreError(_("{path} is already encrypted.").format(path=path))
    plain = Database.open(path)  # refuses missing, damaged, foreign and newer files
    with plain.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'person_search%'"
            )
        ]
    before = _counts(plain.engine, tables)
    plain.close()

    aside = path.with_name(path.name + ".plain-backup")
    target = path.with_name(path.name + ".encrypting")
    shutil.copyfile(path, aside)
    target.unlink(missing_ok=True)
    key, code = new_data_key(), new_recovery_code()
    engine = create_store_engine(path)
    raw = engine.raw_connection()  # outside SQLAlchemy's transaction: ATTACH/DETACH need that
    try:
        cur = raw.driver_connection.cursor()  # type: ignore[union-attr]
        cur.execute(f"ATTACH DATABASE '{target.as_posix()}' AS enc KEY \"x'{key.hex()}'\"")
        cur.execute("SELECT sqlcipher_export('enc')")
        cur.execute("DETACH DATABASE enc")
    finally:
        raw.close()
        engine.dispose()

    encrypted = Database.open(target, key)
    try:
        if _counts(encrypted.engine, tables) != before:
            raise StoreError(
                _("The encrypted copy differs from the original; nothing was changed.")
            )
        with encrypted.session() as s:
            database_id = get_setting(s, "database.id") or str(uuid.uuid4())
            put_setting(s, "database.id", database_id)
            if s.get(AppUser, admin) is None:
                s.add(AppUser(username=admin, role=Role.ADMIN.value, created_at=utcnow()))
            audit.append(s, admin, "encrypt", "database", database_id)
        with encrypted.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        encrypted.close()

    slots = SlotFile(database_id=database_id)
    params = calibrate()
    slots.add(key, password, new_params(params), user=admin)
    slots.add(key, code, new_params(params), user=None, kind=RECOVERY)
    slots.save(slot_path(path))
    os.replace(target, path)
    lock_path(target).unlink(missing_ok=True)  # the temporary name's lock, no longer in use
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    _shred(aside)
    for stale in path.parent.glob(f"{path.stem}.before-*{path.suffix}.bak"):
        _shred(stale)  # plain copies made when the old file was migrated before encryption
    return code


def _shred(path: Path) -> None:
    """Overwrite, then delete (best effort: SSDs and journaling may keep old blocks)."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.write(os.urandom(size))
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()
