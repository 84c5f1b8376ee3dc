"""Backups (sao lưu) and restore (khôi phục): who may, where files go, which are kept.

Backups land in `<data folder>/backups/` (or a folder the officer picks, e.g. a stick).
Automatic ones run daily and on exit whoever is logged in — a safety net must not depend on
the role of today's user — and are rotated (7 daily + 4 weekly); manual ones are never deleted.
A restore checks everything before it touches the data and keeps the current files aside
(`<name>.before-restore-<time>`, never deleted automatically), so no failed step loses data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select

from xasach import __version__
from xasach.domain.roles import Actor, Permission, Role, require
from xasach.i18n import _
from xasach.store import audit
from xasach.store import backup as fmt
from xasach.store.atomic import write_atomic
from xasach.store.database import Database
from xasach.store.errors import StoreError
from xasach.store.kdf import MAX_M_KIB
from xasach.store.keyslots import SlotError, SlotFile, WrongSecret, slot_path
from xasach.store.migrate import known_revisions
from xasach.store.models import AppUser, utcnow

BACKUP_FOLDER = "backups"
DAILY, WEEKLY = 7, 4
DUE_AFTER = timedelta(hours=24)
#: Bounds on a backup's Argon2id parameters: calibration stops at 256 MiB (kdf.MAX_M_KIB) and
#: adds passes only on fast machines; anything far beyond is a forged slot.
MAX_KDF_M_KIB, MAX_KDF_T, MAX_KDF_P = 4 * MAX_M_KIB, 64, 16
K = TypeVar("K", bound=Hashable)


def default_folder(db_path: Path) -> Path:
    return Path(db_path).parent / BACKUP_FOLDER


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as listed: its header, or why the header could not be read."""

    path: Path
    size: int
    created_at: datetime
    unit_code: str
    header: fmt.BackupHeader | None = None
    problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        h = self.header
        return {
            "path": str(self.path),
            "file": self.path.name,
            "created_at": self.created_at.isoformat(),
            "size": self.size,
            "unit_code": self.unit_code,
            "kind": h.kind if h else None,
            "app_version": h.app_version if h else None,
            "problem": self.problem,
        }


@dataclass
class AutoBackupResult:
    created: BackupInfo
    removed: list[Path] = field(default_factory=list)


@dataclass
class RestoreResult:
    """`database` replaces the `db` given to `restore_backup`, which is closed."""

    database: Database
    backup: fmt.BackupHeader
    previous: Path  # the data file as it was, kept aside (its keys: previous + ".keys")
    revived_users: list[str]  # removed since the backup, active again: remove them again


# --- making backups ----------------------------------------------------------------------


def create_backup(
    db: Database, folder: Path | None = None, *, now: datetime | None = None
) -> BackupInfo:
    """A manual backup into `folder` (default `<data folder>/backups/`), never rotated."""
    actor = require(db.actor, Permission.BACKUP)
    return _make(db, actor, Path(folder) if folder else None, fmt.MANUAL, now)


def auto_backup(db: Database, *, now: datetime | None = None) -> AutoBackupResult:
    """The scheduled / on-exit backup: into the default folder, then rotate."""
    actor = db.actor or require(None, Permission.BACKUP)  # nobody logged in: refused
    created = _make(db, actor, None, fmt.AUTO, now)
    return AutoBackupResult(created, rotate(db))


def backup_due(db: Database, now: datetime | None = None) -> bool:
    """True when the newest automatic backup is 24 h old or more (or looks made by a clock
    set far ahead, which would otherwise stop backups until that date)."""
    now = now or utcnow()
    times = _own_automatic(db).values()
    if not times:
        return True
    newest = max(times)
    return now - newest >= DUE_AFTER or newest - now >= DUE_AFTER


def _make(
    db: Database, actor: Actor, folder: Path | None, kind: str, now: datetime | None
) -> BackupInfo:
    if db.key is None:
        raise StoreError(
            _(
                "This data file is not encrypted yet, so it cannot be backed up safely. Protect "
                "it first with “xasach encrypt”."
            )
        )
    now = (now or utcnow()).replace(microsecond=0)
    unit, database_id = db.setting("unit.code") or "", db.setting("database.id") or ""
    try:
        slots = SlotFile.load(slot_path(db.path))
    except SlotError as exc:
        raise StoreError(
            _("The key file {keys} is damaged. Restore it from a backup.").format(
                keys=slot_path(db.path)
            )
        ) from exc
    data, revision = fmt.checked_copy(db.engine, db.key, db.path)
    header = fmt.BackupHeader(
        kind=kind,
        unit_code=unit,
        database_id=database_id,
        created_at=now,
        app_version=__version__,
        schema_revision=revision,
        db_sha256=hashlib.sha256(data).hexdigest(),
        db_length=len(data),
        keys=json.loads(slots.to_bytes()),
    )
    folder = folder or default_folder(db.path)
    blob = fmt.pack(header, data)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = fmt.free_name(folder, unit, now)
        write_atomic(target, blob)
    except OSError as exc:
        raise StoreError(
            _(
                "Could not write the backup to {folder} ({reason}). Check that the stick is "
                "plugged in, not full and not write-protected, then try again."
            ).format(folder=folder, reason=exc.strerror or exc)
        ) from exc
    with db.session() as s:
        audit.append(s, actor.username, "backup", "backup", target.name, {"kind": kind})
    return BackupInfo(target, len(blob), now, unit, header)


# --- listing and rotating ----------------------------------------------------------------


def list_backups(db: Database, folder: Path | None = None) -> list[BackupInfo]:
    """Backup files in `folder` (default folder), newest first; unreadable ones say why."""
    require(db.actor, Permission.BACKUP)
    return _scan(Path(folder) if folder else default_folder(db.path))


def _scan(folder: Path) -> list[BackupInfo]:
    found: list[BackupInfo] = []
    for path in folder.glob(f"xasach-*{fmt.SUFFIX}") if folder.is_dir() else []:
        parsed = fmt.parse_name(path.name)
        if parsed is None or not path.is_file():
            continue
        size = path.stat().st_size
        try:
            header = fmt.read_header(path)
        except StoreError as exc:
            found.append(BackupInfo(path, size, parsed[1], parsed[0], problem=exc.message))
        else:
            found.append(BackupInfo(path, size, header.created_at, parsed[0], header))
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def _own_automatic(db: Database) -> dict[Path, datetime]:
    """Automatic backups of this very database in its default folder: the only ones rotated."""
    unit, database_id = db.setting("unit.code"), db.setting("database.id")
    return {
        b.path: b.header.created_at
        for b in _scan(default_folder(db.path))
        if b.header is not None
        and b.header.kind == fmt.AUTO
        and b.header.unit_code == unit
        and b.header.database_id == database_id
        and b.unit_code == unit
    }


def select_kept(times: Mapping[K, datetime], daily: int = DAILY, weekly: int = WEEKLY) -> set[K]:
    """Which to keep: the newest of each of the last `daily` days that have backups, then the
    newest of each of `weekly` ISO weeks beyond those (borg's prune rule; local calendar)."""
    order = sorted(times, key=lambda k: times[k], reverse=True)
    kept: set[K] = set()
    for count, period in ((daily, _day), (weekly, _week)):
        last: object = None
        taken = 0
        for key in order:
            if taken >= count:
                break
            current = period(times[key])
            if current != last:
                last = current
                if key not in kept:
                    kept.add(key)
                    taken += 1
    return kept


def _day(when: datetime) -> object:
    return when.astimezone().date()


def _week(when: datetime) -> object:
    return tuple(when.astimezone().isocalendar())[:2]


def rotate(db: Database) -> list[Path]:
    """Delete the automatic backups `select_kept` does not keep; returns what was deleted."""
    times = _own_automatic(db)
    kept = select_kept(times)
    removed = []
    for path in times:
        if path not in kept:
            path.unlink(missing_ok=True)
            removed.append(path)
    return sorted(removed)


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
    except BaseException:
        restored.close()
        raise
    return restored
