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

from xasach import __version__
from xasach.domain.roles import Actor, Permission, require
from xasach.i18n import _
from xasach.store import audit
from xasach.store import backup as fmt
from xasach.store.atomic import write_atomic
from xasach.store.database import Database
from xasach.store.errors import StoreError
from xasach.store.keyslots import SlotError, SlotFile, slot_path
from xasach.store.models import utcnow
from xasach.store.reference import put_setting

BACKUP_FOLDER = "backups"
EXTRA_FOLDER_SETTING = "backup.extra_folder"
DAILY, WEEKLY = 7, 4
DUE_AFTER = timedelta(hours=24)
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
    copied_to: Path | None = None  # the copy in the extra folder (a USB stick), if any
    extra_problem: str | None = None  # why that copy could not be made (stick pulled …)


# --- making backups ----------------------------------------------------------------------


def create_backup(
    db: Database, folder: Path | None = None, *, now: datetime | None = None
) -> BackupInfo:
    """A manual backup into `folder` (default `<data folder>/backups/`), never rotated."""
    actor = require(db.actor, Permission.BACKUP)
    return _make(db, actor, Path(folder) if folder else None, fmt.MANUAL, now)


def auto_backup(db: Database, *, now: datetime | None = None) -> AutoBackupResult:
    """The scheduled / on-exit backup: into the default folder, then rotate; and a copy in
    the extra folder when one is set and present (rotated the same way)."""
    actor = db.actor or require(None, Permission.BACKUP)  # nobody logged in: refused
    created = _make(db, actor, None, fmt.AUTO, now)
    result = AutoBackupResult(created, rotate(db))
    extra = extra_folder(db)
    if extra is not None:
        try:
            if not extra.is_dir():
                raise FileNotFoundError(str(extra))
            copy = extra / created.path.name
            write_atomic(copy, created.path.read_bytes())
            result.copied_to = copy
            result.removed += rotate(db, extra)
        except OSError:
            result.extra_problem = _(
                "The extra backup folder {folder} is not available (is the USB stick plugged "
                "in?). The backup is in the data folder."
            ).format(folder=extra)
    return result


def extra_folder(db: Database) -> Path | None:
    """The officer's second place for automatic backups (e.g. a USB stick), if set."""
    value = db.setting(EXTRA_FOLDER_SETTING)
    return Path(value) if value else None


def set_extra_folder(db: Database, folder: Path | None) -> None:
    actor = require(db.actor, Permission.SETTINGS)
    with db.session() as s:
        put_setting(s, EXTRA_FOLDER_SETTING, str(folder) if folder else "")
        audit.append(s, actor.username, "settings", "setting", EXTRA_FOLDER_SETTING)


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


def _own_automatic(db: Database, folder: Path | None = None) -> dict[Path, datetime]:
    """Automatic backups of this very database in `folder` (default folder): the only ones
    rotated."""
    unit, database_id = db.setting("unit.code"), db.setting("database.id")
    return {
        b.path: b.header.created_at
        for b in _scan(folder or default_folder(db.path))
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


def rotate(db: Database, folder: Path | None = None) -> list[Path]:
    """Delete the automatic backups `select_kept` does not keep; returns what was deleted."""
    times = _own_automatic(db, folder)
    kept = select_kept(times)
    removed = []
    for path in times:
        if path not in kept:
            path.unlink(missing_ok=True)
            removed.append(path)
    return sorted(removed)
