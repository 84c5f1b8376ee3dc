"""Opening, creating and migrating a database file, refusing the ones we must not touch.

A missing file, a file that is not a database (or is damaged), and a database written by a
newer XaSach are each refused with a message saying what to do; an older one is backed up
and migrated. A new database is built beside its final name and moved into place only when
complete, so a failed `init` leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, event, select, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlcipher3 import dbapi2 as sqlcipher

from xasach.domain.roles import Actor
from xasach.i18n import _
from xasach.store import migrate
from xasach.store.engine import BULK_TUNING, EVERYDAY_TUNING, apply_tuning, create_store_engine
from xasach.store.errors import StoreError
from xasach.store.lock import InstanceLock
from xasach.store.models import Setting
from xasach.store.session import ACTOR, AUDIT_ROWS, StoreSession, make_session_factory


class Database:
    """An open database: its engine, a session factory, and who is acting on it.

    `actor` (a domain.roles.Actor) travels into every session, where the services check
    permissions and the store writes the audit trail in the same transaction."""

    def __init__(
        self, path: Path, engine: Engine, key: bytes | None = None, lock: InstanceLock | None = None
    ) -> None:
        self.path = path
        self.engine = engine
        self.key = key
        self._lock = lock
        self.closed = False
        self.actor: Actor | None = None
        self._sessions = make_session_factory(engine)
        self._tuning = EVERYDAY_TUNING
        event.listen(engine, "checkout", self._tune_on_checkout)

    def replace_engine(self, engine: Engine, key: bytes | None) -> None:
        """Go on with another engine on the same file (after a re-key): sessions and the
        per-connection settings follow it."""
        self.engine.dispose()
        self.engine, self.key = engine, key
        self._sessions.configure(bind=engine)
        event.listen(engine, "checkout", self._tune_on_checkout)

    def _tune_on_checkout(self, dbapi_conn: object, record: object, _proxy: object) -> None:
        """A pooled connection gets the settings wanted now, whatever it had when returned."""
        info = record.info  # type: ignore[attr-defined]
        if info.get("tuning", EVERYDAY_TUNING) != self._tuning:
            apply_tuning(dbapi_conn, self._tuning)
            info["tuning"] = self._tuning

    @contextlib.contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Settings for importing many bundles in a row (engine.BULK_TUNING says why); the
        everyday ones come back on each connection's next use after the block."""
        self._tuning = BULK_TUNING
        try:
            yield
        finally:
            self._tuning = EVERYDAY_TUNING

    @contextlib.contextmanager
    def session(self, *, audit_rows: bool = True) -> Iterator[StoreSession]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            session.info[ACTOR] = self.actor
            session.info[AUDIT_ROWS] = audit_rows
            yield session

    def reader(self) -> StoreSession:
        """A session for reading (the caller closes it)."""
        session = self._sessions()
        session.info[ACTOR] = self.actor
        return session

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.reader() as s:
            row = s.get(Setting, key)
            return row.value if row else default

    def close(self) -> None:
        """Release the file (idempotent: a restore closes the database it replaces)."""
        self.closed = True
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @classmethod
    def open(cls, path: Path | str, key: bytes | None = None) -> Database:
        path = Path(path)
        if not path.exists():
            raise StoreError(
                _(
                    "The data file {path} does not exist. Create it with “xasach init” or choose "
                    "the right file with --db."
                ).format(path=path)
            )
        lock = InstanceLock(path)
        lock.acquire()
        try:
            engine = create_store_engine(path, key)
        except BaseException:
            lock.release()
            raise
        try:
            _check_readable(engine, path)
            revision = migrate.current_revision(engine)
            if revision is None or not _has_settings(engine):
                raise StoreError(
                    _("{path} is not a XaSach data file. Choose the right file with --db.").format(
                        path=path
                    )
                )
            if revision not in migrate.known_revisions():
                raise StoreError(
                    _(
                        "{path} was written by a newer version of XaSach. Install the newer "
                        "version to open it; this version has not changed the file."
                    ).format(path=path)
                )
            if revision != migrate.head_revision():
                _backup_before_migration(engine, path, revision, key)
                migrate.upgrade(engine)
        except BaseException:
            engine.dispose()
            lock.release()
            raise
        return cls(path, engine, key, lock)

    @classmethod
    def create(cls, path: Path | str, key: bytes | None = None) -> tuple[Database, Path]:
        """Migrate a fresh database at a temporary name; `commit_new` moves it into place."""
        path = Path(path)
        if path.exists():
            raise StoreError(
                _("{path} already exists. Choose another file name or open it instead.").format(
                    path=path
                )
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".creating")
        for leftover in (temp, *_sidecars(temp)):
            leftover.unlink(missing_ok=True)
        engine = create_store_engine(temp, key)
        migrate.upgrade(engine)
        return cls(temp, engine, key), path


def commit_new(db: Database, final_path: Path) -> None:
    """Close a freshly built database, fold its WAL in, and give it its final name."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    os.replace(db.path, final_path)
    for leftover in _sidecars(db.path):
        leftover.unlink(missing_ok=True)


def discard_new(db: Database) -> None:
    db.close()
    for leftover in (db.path, *_sidecars(db.path)):
        leftover.unlink(missing_ok=True)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _check_readable(engine: Engine, path: Path) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
            result = conn.execute(text("PRAGMA quick_check")).scalar()
    except (DatabaseError, OperationalError) as exc:
        raise StoreError(
            _(
                "{path} is damaged or is not a XaSach data file. Restore it from the latest backup."
            ).format(path=path)
        ) from exc
    if result != "ok":
        raise StoreError(
            _(
                "{path} is damaged ({detail}). Restore it from the latest backup; the damaged file "
                "has not been changed."
            ).format(path=path, detail=result)
        )


def _has_settings(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            return conn.execute(select(Setting.key).limit(1)).first() is not None
    except (DatabaseError, OperationalError):
        return False


def migration_backup_path(path: Path, revision: str) -> Path:
    return path.with_name(f"{path.stem}.before-{revision}{path.suffix}.bak")


def _backup_before_migration(engine: Engine, path: Path, revision: str, key: bytes | None) -> Path:
    """Copy the database aside (SQLite online backup, under the same key) before changing
    its schema."""
    target = migration_backup_path(path, revision)
    raw = engine.raw_connection()
    try:
        dest = sqlcipher.connect(str(target))
        if key is not None:
            dest.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            raw.driver_connection.backup(dest)  # type: ignore[union-attr]
        finally:
            dest.close()
    finally:
        raw.close()
    return target
