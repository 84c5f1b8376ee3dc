"""Synced rows as bundle records: which columns travel, and what a commune sends.

Validation of incoming records is in `store.sync_validate`, the merge in `store.sync_merge`.
A record is `{"t": table, "r": {column: value}}` with the values exactly as SQLite stores them
(text dates, fixed-width UTC times, 0/1 booleans), so export and import need no conversions.
Derived caches (`__local_columns__`) and the fields that stay at the commune never travel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String, Text
from sqlalchemy.orm import Session

from xasach.store.models import Base, Synced
from xasach.store.models.base import UtcDateTime

CHUNK = 500
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\Z")
_TEXT_MAX = 100_000
_SEARCH_COLUMNS = ("search_folded", "search_exact")  # person: computed on write


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str  # text | int | float | bool | date | utc
    max_length: int
    nullable: bool
    default: Any
    references: str | None  # table of a foreign key


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: dict[str, ColumnSpec]  # the columns that travel (no derived caches)
    local: frozenset[str]
    #: Derived caches a new row starts with, before the merge recomputes them.
    local_defaults: dict[str, Any]


def _kind(column_type: Any) -> tuple[str, int]:
    if isinstance(column_type, UtcDateTime):
        return "utc", 27
    if isinstance(column_type, Boolean):
        return "bool", 0
    if isinstance(column_type, Integer):
        return "int", 0
    if isinstance(column_type, Float):
        return "float", 0
    if isinstance(column_type, Date):
        return "date", 10
    if isinstance(column_type, Text):
        return "text", _TEXT_MAX
    if isinstance(column_type, String):
        return "text", column_type.length or _TEXT_MAX
    raise TypeError(f"no bundle form for {column_type!r}")


def _scalar_default(column: Any) -> Any:
    """The column's default value if it is a plain value (not a function), else None."""
    default = getattr(column.default, "arg", None)
    return None if callable(default) else default


def _specs() -> dict[str, TableSpec]:
    synced = {
        str(m.local_table.description): m.class_
        for m in Base.registry.mappers
        if issubclass(m.class_, Synced)
    }
    specs: dict[str, TableSpec] = {}
    for table in Base.metadata.sorted_tables:  # foreign-key order: villages before people
        cls = synced.get(table.name)
        if cls is None:
            continue
        local = cls.__local_columns__
        columns: dict[str, ColumnSpec] = {}
        local_defaults: dict[str, Any] = {}
        for column in table.columns:
            if column.name in local:
                if column.name not in _SEARCH_COLUMNS:
                    local_defaults[column.name] = _scalar_default(column)
                continue
            kind, length = _kind(column.type)
            default = _scalar_default(column)
            refs = [fk.column.table.name for fk in column.foreign_keys]
            columns[column.name] = ColumnSpec(
                column.name,
                kind,
                length,
                bool(column.nullable),
                default,
                refs[0] if refs else None,
            )
        specs[table.name] = TableSpec(table.name, columns, frozenset(local), local_defaults)
    return specs


SPECS: dict[str, TableSpec] = _specs()
TABLES: list[str] = list(SPECS)


def withheld_by_table(withheld: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    by_table: dict[str, set[str]] = {}
    for table, column in withheld:
        by_table.setdefault(table, set()).add(column)
    return by_table


# --- export ---------------------------------------------------------------------------------


@dataclass
class Outgoing:
    first_seq: int
    last_seq: int
    records: list[dict[str, Any]]


def outgoing(
    session: Session, unit: str, after_seq: int, withheld: Iterable[tuple[str, str]]
) -> Outgoing | None:
    """The current state of every row of `unit` changed after `after_seq`, or None."""
    conn = session.connection()
    first, last = conn.exec_driver_sql(
        "SELECT min(seq), max(seq) FROM change_log WHERE seq > ? AND unit_code = ?",
        (after_seq, unit),
    ).one()
    if last is None:
        return None
    changed: dict[str, list[str]] = {}
    for table, row_id in conn.exec_driver_sql(
        "SELECT DISTINCT table_name, row_id FROM change_log WHERE seq > ? AND unit_code = ?",
        (after_seq, unit),
    ):
        changed.setdefault(table, []).append(row_id)
    skip = withheld_by_table(withheld)
    records: list[dict[str, Any]] = []
    for table in TABLES:
        ids = changed.get(table)
        if not ids:
            continue
        names = [c for c in SPECS[table].columns if c not in skip.get(table, set())]
        select = f"SELECT {', '.join(names)} FROM {table} WHERE unit_code = ? AND id IN "
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            sql = select + f"({', '.join('?' * len(chunk))}) ORDER BY id"
            for row in conn.exec_driver_sql(sql, (unit, *chunk)):
                records.append({"t": table, "r": dict(zip(names, row, strict=True))})
    # Back to the log's order of first seq: purged rows (never done by users) are skipped.
    return Outgoing(int(first), int(last), records)
