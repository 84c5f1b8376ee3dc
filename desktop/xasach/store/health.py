"""Is the database file sound? Checks run at start and weekly (SECURITY.md, "At rest").

`quick_check` is cheap enough for every start; `full_check` adds the index cross-checks of
`integrity_check` and SQLCipher's per-page HMAC check, for the weekly check and after a
restore. Both return SQLite's own findings as a list of lines (empty means sound) and never
raise for a damaged file: a damaged page often makes SQLite raise instead of report, and the
caller must still be able to say "read-only, restore from a backup" rather than crash. The
officer-facing wording is chosen by the caller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from xasach.store.database import Database

#: Findings kept per check (SQLite's own default limit); more would not help anyone.
MAX_PROBLEMS = 100

_HEADER = "*** in database main ***"


def quick_check(db: Database | Engine) -> list[str]:
    """Problems found by `PRAGMA quick_check` (pages, freelist, record formats, NOT NULL)."""
    return _pragma_problems(_engine(db), "quick_check", ok_row="ok")


def full_check(db: Database | Engine) -> list[str]:
    """Problems found by `integrity_check` and, on an encrypted database,
    `cipher_integrity_check` (an altered page fails its HMAC even where the b-tree looks
    sound)."""
    engine = _engine(db)
    # HMAC failures first: they name the altered pages, the b-tree findings their effects.
    problems = _pragma_problems(engine, "cipher_integrity_check", ok_row=None)
    return problems + _pragma_problems(engine, "integrity_check", ok_row="ok")


def _engine(db: Database | Engine) -> Engine:
    return db if isinstance(db, Engine) else db.engine


def _pragma_problems(engine: Engine, pragma: str, *, ok_row: str | None) -> list[str]:
    """Rows of a check pragma other than its "all is well" row, one finding per line.

    `ok_row` None: the pragma reports nothing when sound (cipher_integrity_check)."""
    try:
        with engine.connect() as conn:
            result = conn.exec_driver_sql(f"PRAGMA {pragma}")
            # cipher_integrity_check on an unencrypted file returns no result set at all.
            rows = result.fetchall() if result.returns_rows else []
    except SQLAlchemyError as exc:
        return [f"{pragma}: {getattr(exc, 'orig', None) or exc}"]
    except Exception as exc:  # a damaged file must never crash the start-up
        return [f"{pragma}: {type(exc).__name__}: {exc}"]
    problems: list[str] = []
    for row in rows:
        value = "" if row[0] is None else str(row[0])
        if ok_row is not None and value == ok_row:
            continue
        problems += [line for line in value.splitlines() if line.strip() and line != _HEADER]
    return problems[:MAX_PROBLEMS]
