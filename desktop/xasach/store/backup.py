"""Backup files (tệp sao lưu): one file holding the encrypted database and its key slots.

Layout: `MAGIC | header length (4 bytes, big-endian) | header (canonical JSON) | database`.
No new cryptography: the database bytes are SQLCipher pages (copied with the online backup API
into a destination keyed with the same data key — SQLCipher refuses an unkeyed one, so a
plaintext copy cannot happen by accident) and the key slots are already sealed. The header's
SHA-256 and length catch a damaged or truncated file before anything is touched; SQLCipher's
per-page HMAC (`cipher_integrity_check`) catches a forged one whose hash was recomputed.
One file, because an officer carries it on a stick and a database without its slots is lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import struct
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlcipher3 import dbapi2 as sqlcipher

from xasach.i18n import _
from xasach.store import migrate
from xasach.store.atomic import TEMP_SUFFIX
from xasach.store.engine import create_store_engine
from xasach.store.errors import StoreError
from xasach.store.health import full_check
from xasach.store.keyslots import slot_path
from xasach.store.models import Setting

MAGIC = b"XSBAK1\n"
FORMAT = 1
SUFFIX = ".xsbak"
AUTO, MANUAL = "auto", "manual"
#: Key slots of a few dozen users fit in a few KB; a larger "header" is not ours.
MAX_HEADER = 1 << 20
_LENGTH = struct.Struct(">I")
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^xasach-(?P<unit>[0-9A-Za-z]{1,12})-(?P<stamp>\d{8}-\d{6})\.xsbak$")
_FIELDS = {
    "format": int,
    "kind": str,
    "unit_code": str,
    "database_id": str,
    "created_at": str,
    "app_version": str,
    "schema_revision": str,
    "db_sha256": str,
    "db_length": int,
    "keys": dict,
}


class BackupError(StoreError):
    """A backup file we must not use; the message says why and what to do."""


class NotABackupError(BackupError):
    pass


class DamagedBackupError(BackupError):
    pass


class NewerBackupFormatError(BackupError):
    pass


class WrongBackupPasswordError(BackupError):
    """The password does not open the user's slot *in the backup* (changed since?)."""


@dataclass(frozen=True)
class BackupHeader:
    kind: str
    unit_code: str
    database_id: str
    created_at: datetime  # UTC
    app_version: str
    schema_revision: str
    db_sha256: str
    db_length: int
    keys: dict[str, Any]  # the key-slot file (`<db>.keys`) as JSON
    format: int = FORMAT

    def to_bytes(self) -> bytes:
        doc = asdict(self)
        doc["created_at"] = self.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return canonical(doc)


def canonical(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def pack(header: BackupHeader, db_bytes: bytes) -> bytes:
    head = header.to_bytes()
    return MAGIC + _LENGTH.pack(len(head)) + head + db_bytes


def file_name(unit_code: str, created_at: datetime) -> str:
    """`xasach-<unit>-<UTC time>.xsbak`: no personal data in a name seen on every stick."""
    return f"xasach-{unit_code}-{stamp(created_at)}{SUFFIX}"


def parse_name(name: str) -> tuple[str, datetime] | None:
    """(unit code, UTC time) of a backup file name, or None when the name is not one of ours."""
    match = _NAME.match(name)
    if not match:
        return None
    try:
        return match["unit"], datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime(_STAMP)


def _not_a_backup(path: Path) -> NotABackupError:
    return NotABackupError(
        _("{path} is not a XaSach backup file. Choose a file whose name ends in .xsbak.").format(
            path=path
        )
    )


def damaged(path: Path) -> DamagedBackupError:
    return DamagedBackupError(
        _(
            "The backup file {path} is damaged or has been altered. Nothing was changed; "
            "restore another backup (an older one, or a copy from another stick)."
        ).format(path=path)
    )


def _parse_header(path: Path, head: bytes) -> BackupHeader:
    try:
        doc = json.loads(head.decode("utf-8"))
    except ValueError as exc:
        raise damaged(path) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("format"), int):
        raise damaged(path)
    if doc["format"] > FORMAT:
        raise NewerBackupFormatError(
            _(
                "The backup file {path} was made by a newer version of XaSach. Install the newer "
                "version to restore it; nothing was changed."
            ).format(path=path)
        )
    if set(doc) != set(_FIELDS) or doc["format"] != FORMAT or canonical(doc) != head:
        raise damaged(path)
    if any(type(doc[k]) is not t for k, t in _FIELDS.items()) or doc["db_length"] < 0:
        raise damaged(path)
    try:
        created = datetime.strptime(doc["created_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError as exc:
        raise damaged(path) from exc
    return BackupHeader(**{**doc, "created_at": created})


def _split(path: Path, blob: bytes) -> tuple[BackupHeader, int]:
    """(header, offset of the database bytes); `blob` may be the whole file or its start."""
    if not blob.startswith(MAGIC):
        raise _not_a_backup(path)
    start = len(MAGIC) + _LENGTH.size
    if len(blob) < start:
        raise damaged(path)
    (length,) = _LENGTH.unpack_from(blob, len(MAGIC))
    if length > MAX_HEADER or len(blob) < start + length:
        raise damaged(path)
    return _parse_header(path, blob[start : start + length]), start + length


def read_header(path: Path) -> BackupHeader:
    """The header alone (for lists and rotation): cheap, does not check the database bytes."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            blob = fh.read(len(MAGIC) + _LENGTH.size)
            if blob.startswith(MAGIC) and len(blob) == len(MAGIC) + _LENGTH.size:
                (length,) = _LENGTH.unpack_from(blob, len(MAGIC))
                blob += fh.read(min(length, MAX_HEADER))
    except OSError as exc:
        raise BackupError(
            _("Cannot read {path} ({reason}). Check the file and the stick.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    return _split(path, blob)[0]


def read_backup(path: Path) -> tuple[BackupHeader, bytes]:
    """Header and database bytes, refused unless magic, format, length and hash all fit."""
    path = Path(path)
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise BackupError(
            _("Cannot read {path} ({reason}). Check the file and the stick.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    header, offset = _split(path, blob)
    data = blob[offset:]
    if len(data) != header.db_length or hashlib.sha256(data).hexdigest() != header.db_sha256:
        raise damaged(path)
    return header, data


def temp_beside(path: Path, purpose: str) -> Path:
    """A hidden temp name in the same folder, removed at start if a crash left it behind."""
    return path.with_name(f".{path.name}.{purpose}.{os.getpid()}{TEMP_SUFFIX}")


def online_copy(engine: Engine, key: bytes, target: Path) -> None:
    """Copy the live database into `target`, keyed with the same data key, as one file
    (rollback journal, so no `-wal` beside it holds part of the data)."""
    target.unlink(missing_ok=True)
    raw = engine.raw_connection()
    try:
        dest = sqlcipher.connect(str(target))
        try:
            dest.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            raw.driver_connection.backup(dest)  # type: ignore[union-attr]
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    finally:
        raw.close()
    with open(target, "rb") as fh:
        if fh.read(16) == b"SQLite format 3\x00":  # never, unless SQLCipher changed its mind
            target.unlink()
            raise StoreError("online backup produced an unencrypted file")


@dataclass(frozen=True)
class CopyFacts:
    """What a copy of the database says about itself, and what is wrong with it."""

    problems: list[str]
    revision: str | None = None
    unit_code: str | None = None
    database_id: str | None = None


def inspect_copy(path: Path, key: bytes) -> CopyFacts:
    """integrity_check + cipher_integrity_check, then its schema revision and identity."""
    engine = create_store_engine(path, key, readonly=True)
    try:
        problems = full_check(engine)
        if problems:
            return CopyFacts(problems)
        revision = migrate.current_revision(engine)
        with engine.connect() as conn:
            rows = conn.execute(
                select(Setting.key, Setting.value).where(
                    Setting.key.in_(("unit.code", "database.id"))
                )
            )
            settings = {k: v for k, v in rows}
        return CopyFacts([], revision, settings.get("unit.code"), settings.get("database.id"))
    except Exception as exc:  # a damaged copy may raise rather than report
        return CopyFacts([f"{type(exc).__name__}: {exc}"])
    finally:
        engine.dispose()


def checked_copy(engine: Engine, key: bytes, db_path: Path) -> tuple[bytes, str]:
    """(database bytes, schema revision) through the online backup API, checked before anyone
    relies on them; the temp copy beside the database is removed whatever happens."""
    temp = temp_beside(db_path, "backup")
    try:
        online_copy(engine, key, temp)
        facts = inspect_copy(temp, key)
        if facts.problems or facts.revision is None:
            raise StoreError(
                _(
                    "The copy of the data failed its check ({detail}), so no backup was written. "
                    "The data file may be damaged: restore the newest good backup."
                ).format(detail="; ".join(facts.problems[:3]) or "no schema revision")
            )
        return temp.read_bytes(), facts.revision
    finally:
        for leftover in (temp, *sidecars(temp)):
            leftover.unlink(missing_ok=True)


def free_name(folder: Path, unit: str, when: datetime) -> Path:
    """Two backups in one second must not overwrite each other: the later one's name moves on."""
    while (folder / file_name(unit, when)).exists():
        when += timedelta(seconds=1)
    return folder / file_name(unit, when)


def sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def write_synced(path: Path, data: bytes) -> None:
    """A temp file that must be on disk before a rename makes it the real one."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":  # Windows cannot open a folder; NTFS journals the rename
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def aside_path(db_path: Path, when: datetime) -> Path:
    """`<name>.before-restore-<UTC time>`; its keys go to `slot_path()` of that name, so
    `xasach --db <aside>` opens it as it was."""
    while True:
        candidate = db_path.with_name(f"{db_path.name}.before-restore-{stamp(when)}")
        if not candidate.exists() and not slot_path(candidate).exists():
            return candidate
        when += timedelta(seconds=1)


@dataclass
class Swap:
    """Put a restored database and its key file in place of the current ones, which go aside.

    `apply` either completes or undoes itself; `undo` (after a later failure) deletes only what
    it put in place and renames the originals back. The originals are only ever renamed."""

    db_path: Path
    new_db: Path
    new_keys: Path
    previous: Path
    _moved: list[tuple[Path, Path]] = field(default_factory=list)
    _placed: list[Path] = field(default_factory=list)

    def apply(self) -> None:
        keys = slot_path(self.db_path)
        pairs = [(self.db_path, self.previous), (keys, slot_path(self.previous))]
        pairs += zip(sidecars(self.db_path), sidecars(self.previous), strict=True)
        try:
            for source, target in pairs:
                if source.exists():
                    os.replace(source, target)
                    self._moved.append((source, target))
            os.replace(self.new_db, self.db_path)
            # From here every file at the database's names is ours: its originals went aside.
            self._placed += [self.db_path, *sidecars(self.db_path)]
            os.replace(self.new_keys, keys)
            self._placed.append(keys)
            _fsync_dir(self.db_path.parent)
        except OSError:
            self.undo()
            raise

    def undo(self) -> None:
        for ours in self._placed:
            with contextlib.suppress(OSError):
                ours.unlink(missing_ok=True)
        for source, target in reversed(self._moved):
            with contextlib.suppress(OSError):
                os.replace(target, source)
        self._moved, self._placed = [], []
        with contextlib.suppress(OSError):
            _fsync_dir(self.db_path.parent)
