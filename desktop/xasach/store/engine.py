"""The SQLAlchemy engine: one place for the connection pragmas.

Every connection gets the same settings (foreign keys, WAL, full sync, untrusted schema) and
the folding functions for queries (`xasach_fold`; with trusted_schema=OFF triggers may not call
them, so triggers only copy columns the store computed). When a key is given, the connection
is SQLCipher's and the key is its first statement.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool
from sqlcipher3 import dbapi2 as sqlcipher

from xasach.domain.text import exact_lower, fold

BUSY_TIMEOUT_MS = 5000

#: Per-connection settings that change with the work (Database.bulk_writes switches them).
#: Everyday: a 16 MiB page cache (the default is ~2 MiB): lists re-read the same pages; more
#: would push the People list past its 300 MB budget at 200,000 files (make bench).
EVERYDAY_TUNING = (("cache_size", -16384), ("wal_autocheckpoint", 1000))
#: Importing a folder of bundles: every bundle inserts into random places of the UUID indexes
#: (person, episode, search map), so with the everyday cache each one re-reads and re-decrypts
#: most of those pages, and every commit triggers a checkpoint that copies its pages again.
#: A 128 MiB cache holds a 200,000-person hub's index pages across bundles, and a checkpoint
#: every ~40 MB of log writes a page touched by several bundles once. Each commit is still
#: flushed to disk (synchronous=FULL), so a receipt never vouches for an unsaved bundle.
BULK_TUNING = (("cache_size", -131072), ("wal_autocheckpoint", 10000))


def apply_tuning(dbapi_conn: Any, tuning: tuple[tuple[str, int], ...]) -> None:
    cur = dbapi_conn.cursor()
    for name, value in tuning:
        cur.execute(f"PRAGMA {name} = {int(value)}")
    cur.close()


def _register_functions(dbapi_conn: Any) -> None:
    dbapi_conn.create_function("xasach_fold", 1, fold, deterministic=True)
    dbapi_conn.create_function("xasach_exact", 1, exact_lower, deterministic=True)


def create_store_engine(
    path: Path | str, key: bytes | None = None, *, readonly: bool = False
) -> Engine:
    """An engine on one database file; with `key` (32 raw bytes) the file is encrypted.

    SQLCipher's own SQLite is used even without a key: it is newer than some systems' and
    marks FTS5 safe for triggers under trusted_schema=OFF.
    """
    module: Any = sqlcipher
    mode = "ro" if readonly else "rwc"
    uri = f"file:{Path(path).as_posix()}?mode={mode}"
    engine = create_engine(
        # The URL names the file only so SQLAlchemy picks a file pool (not the single-connection
        # pool of in-memory databases); the creator makes the actual connection.
        f"sqlite+pysqlite:///{Path(path).as_posix()}",
        module=module,
        creator=lambda: module.connect(
            uri, uri=True, check_same_thread=False, isolation_level=None
        ),
        poolclass=NullPool if readonly else None,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        # SQLCipher logs decryption failures to stderr; the store turns them into messages.
        cur.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            cur.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            # cipher_memory_security stays OFF (SQLCipher's default since 4.5.0): it locks and
            # wipes every allocation of the process and made a bundle merge 35x slower
            # (make bench), while every value read still lives on in Python's own, unwiped
            # heap — it would cost a lot and protect little in a Python app.
            cur.execute("PRAGMA cipher_memory_security = OFF")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA trusted_schema = OFF")
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.execute("PRAGMA secure_delete = ON")
        if not readonly:
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()
        apply_tuning(dbapi_conn, EVERYDAY_TUNING)
        _register_functions(dbapi_conn)

    # pysqlite's own transaction handling is off (isolation_level=None); SQLAlchemy emits BEGIN
    # itself so that a session is exactly one SQLite transaction (SQLAlchemy docs, "Serializable
    # isolation / Savepoints / Transactional DDL" for pysqlite).
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine
