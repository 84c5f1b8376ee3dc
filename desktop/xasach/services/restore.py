"""Restore (khôi phục) from a backup: check everything before touching the data, keep the
current files aside (`<name>.before-restore-<time>`, never deleted automatically), so no
failed step loses data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from xasach.domain.roles import Actor, Permission, Role, require
from xasach.i18n import _
from xasach.services.sync_state import start_new_epoch
from xasach.store import audit
from xasach.store import backup as fmt
from xasach.store.database import Database
from xasach.store.kdf import MAX_M_KIB
from xasach.store.keyslots import SlotError, SlotFile, WrongSecret, slot_path
from xasach.store.migrate import known_revisions
from xasach.store.models import AppUser, utcnow

#: Bounds on a backup's Argon2id parameters: calibration stops at 256 MiB (kdf.MAX_M_KIB) and
#: adds passes only on fast machines; anything far beyond is a forged slot.
MAX_KDF_M_KIB, MAX_KDF_T, MAX_KDF_P = 4 * MAX_M_KIB, 64, 16


@dataclass
class RestoreResult:
    """`database` replaces the `db` given to `restore_backup`, which is closed."""

    database: Database
    backup: fmt.BackupHeader
    previous: Path  # the data file as it was, kept aside (its keys: previous + ".keys")
    revived_users: list[str]  # removed since the backup, active again: remove them again


# --- restoring ---------------------------------------------------------------------------


def restore_backup(
    db: Database, backup_file: Path, password: str, *, now: datetime | None = None
) -> RestoreResult:
    """Replace the data with `backup_file`, opened with the logged-in user's password as it
    was when the backup was made. Every check runs on a temp copy first. On success `db` is
    closed (use `result.database`); on failure the files are as before and `db` still works."""
    actor = require(db.actor, Permission.RESTORE)
    backup_file = Path(backup_file)
    header, data = fmt.read_backup(backup_file)
    _check_ours(db, backup_file, header)
    with db.reader() as s:
        removed = set(s.scalars(select(AppUser.username).where(AppUser.active.is_(False))))
    temp_db = fmt.temp_beside(db.path, "restore")
    temp_keys = fmt.temp_beside(slot_path(db.path), "restore")
    try:
        key = _unpack(backup_file, header, data, actor.username, password, temp_db, temp_keys)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        swap = fmt.Swap(db.path, temp_db, temp_keys, fmt.aside_path(db.path, now or utcnow()))
        swap.apply()
        try:
            restored = _open_restored(db.path, key, actor, backup_file, header, swap.previous)
        except BaseException:
            swap.undo()
            raise
    finally:
        for leftover in (temp_db, temp_keys, *fmt.sidecars(temp_db)):
            leftover.unlink(missing_ok=True)
    with restored.reader() as s:
        active = set(s.scalars(select(AppUser.username).where(AppUser.active.is_(True))))
    return RestoreResult(restored, header, swap.previous, sorted(removed & active))


def _check_ours(db: Database, path: Path, header: fmt.BackupHeader) -> None:
    unit, database_id = db.setting("unit.code"), db.setting("database.id")
    if header.unit_code != unit:
        raise fmt.BackupError(
            _(
                "The backup file {path} belongs to another commune (unit {other}); this data "
                "file is unit {own}. Choose a backup of this commune; nothing was changed."
            ).format(path=path, other=header.unit_code, own=unit)
        )
    if header.database_id != database_id or header.keys.get("database_id") != database_id:
        raise fmt.BackupError(
            _(
                "The backup file {path} was made from another XaSach data file (another "
                "installation of unit {own}). Choose a backup made on this computer; nothing "
                "was changed."
            ).format(path=path, own=unit)
        )


def _unpack(
    path: Path,
    header: fmt.BackupHeader,
    data: bytes,
    username: str,
    password: str,
    temp_db: Path,
    temp_keys: Path,
) -> bytes:
    """Write the backup's key file and database to temp files, open the user's slot and check
    the database under the key it gives (or, after an interrupted re-key, the pending one)."""
    fmt.write_synced(temp_keys, json.dumps(header.keys, indent=1, sort_keys=True).encode())
    try:
        slots = SlotFile.load(temp_keys)
    except SlotError as exc:
        raise fmt.damaged(path) from exc
    try:
        slot = slots.find(user=username)
    except SlotError as exc:
        raise _no_slot(path, header, username) from exc
    if slot.kdf.m_kib > MAX_KDF_M_KIB or slot.kdf.t > MAX_KDF_T or slot.kdf.p > MAX_KDF_P:
        raise fmt.damaged(path)  # would make Argon2 exhaust memory or run for hours
    try:
        key, pending = slots.open(password, user=username)
    except WrongSecret as exc:
        raise fmt.WrongBackupPasswordError(
            _(
                "Your password does not open the backup {path}. Type the password you had on "
                "{date}, when it was made; nothing was changed."
            ).format(path=path, date=_local_date(header.created_at))
        ) from exc
    except Exception as exc:  # a slot altered after sealing
        raise fmt.damaged(path) from exc
    fmt.write_synced(temp_db, data)
    candidates = [k for k in (key, pending) if k is not None]
    for candidate in candidates:
        facts = fmt.inspect_copy(temp_db, candidate)
        if not facts.problems:
            break
    else:
        raise fmt.damaged(path)
    if candidate is pending:
        slots.commit_new_data_key()
        slots.save(temp_keys)
    if facts.revision not in known_revisions():
        raise fmt.NewerBackupFormatError(
            _(
                "The backup file {path} holds data of a newer version of XaSach. Install the "
                "newer version to restore it; nothing was changed."
            ).format(path=path)
        )
    if (facts.unit_code, facts.database_id) != (header.unit_code, header.database_id):
        raise fmt.damaged(path)
    return candidate


def _no_slot(path: Path, header: fmt.BackupHeader, username: str) -> fmt.BackupError:
    return fmt.BackupError(
        _(
            "The backup {path} has no key for the user {user} (made on {date}, perhaps before "
            "this user was added). Log in as an administrator who existed then; nothing was "
            "changed."
        ).format(path=path, user=username, date=_local_date(header.created_at))
    )


def _local_date(when: datetime) -> str:
    return when.astimezone().strftime("%d/%m/%Y %H:%M")


def _open_restored(
    path: Path,
    key: bytes,
    actor: Actor,
    backup_file: Path,
    header: fmt.BackupHeader,
    previous: Path,
) -> Database:
    """Open the restored data (migrating an older schema) and record the restore in its own
    audit trail, whose chain simply continues from the backup's last entry."""
    restored = Database.open(path, key)
    try:
        with restored.reader() as s:
            user = s.get(AppUser, actor.username)
        active = user is not None and user.active
        restored.actor = Actor(actor.username, Role(user.role)) if active else actor  # type: ignore[union-attr]
        detail = {"backup_created_at": header.created_at.isoformat(), "previous": previous.name}
        with restored.session() as s:
            audit.append(s, actor.username, "restore", "backup", backup_file.name, detail)
            # The restored change log rewinds: a new epoch keeps its sequence numbers from
            # colliding with those already sent to the upper level.
            start_new_epoch(s)
    except BaseException:
        restored.close()
        raise
    return restored
