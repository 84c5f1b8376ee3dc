"""Synced rows as bundle records, and the merge of records from a commune (SECURITY.md "Merge").

A record is `{"t": table, "r": {column: value}}` with the values exactly as SQLite stores them
(text dates, fixed-width UTC times, 0/1 booleans), so export and import need no conversions.
Derived caches (`__local_columns__`) and the fields that stay at the commune never travel.

Merge rule: each row keeps the state with the highest (version, updated_at, content hash): a
deterministic rule, so bundles applied in any order, any number of times, give one result.
Rows are written with plain SQL (the ORM flush hook would re-stamp versions); the derived
caches (search text, a person's status, a hotspot's status) are recomputed here instead.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String, Text
from sqlalchemy.orm import Session

from xasach.domain.episodes import EpisodeSpan, EpisodeType, derive_status
from xasach.domain.hotspots import HotspotKind, HotspotStatus, current_status
from xasach.domain.personal_id import Sex
from xasach.domain.propaganda import ActivityForm, Audience
from xasach.i18n import _
from xasach.store.models import Base, Synced
from xasach.store.models.base import UtcDateTime
from xasach.store.session import person_search_text
from xasach.sync.errors import SyncFileError

_CHUNK = 500
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\Z")
_TEXT_MAX = 100_000
_SEARCH_COLUMNS = ("search_folded", "search_exact")  # person: computed on write

#: Columns whose values are a closed list (checked like an enum).
CHOICES: dict[tuple[str, str], frozenset[str]] = {
    ("person", "sex"): frozenset(s.value for s in Sex),
    ("person", "category"): frozenset({"illegal_user", "addict"}),
    ("episode", "kind"): frozenset(e.value for e in EpisodeType),
    ("episode", "after_kind"): frozenset(e.value for e in EpisodeType),
    ("hotspot", "kind"): frozenset(k.value for k in HotspotKind),
    ("hotspot_event", "status"): frozenset(s.value for s in HotspotStatus),
    ("activity", "form"): frozenset(f.value for f in ActivityForm),
    ("activity", "audience"): frozenset(a.value for a in Audience),
    ("drug_test", "result"): frozenset({"positive", "negative", "invalid"}),
}


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


def _withheld_by_table(withheld: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
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
    skip = _withheld_by_table(withheld)
    records: list[dict[str, Any]] = []
    for table in TABLES:
        ids = changed.get(table)
        if not ids:
            continue
        names = [c for c in SPECS[table].columns if c not in skip.get(table, set())]
        select = f"SELECT {', '.join(names)} FROM {table} WHERE unit_code = ? AND id IN "
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            sql = select + f"({', '.join('?' * len(chunk))}) ORDER BY id"
            for row in conn.exec_driver_sql(sql, (unit, *chunk)):
                records.append({"t": table, "r": dict(zip(names, row, strict=True))})
    # Back to the log's order of first seq: purged rows (never done by users) are skipped.
    return Outgoing(int(first), int(last), records)


# --- validation -----------------------------------------------------------------------------


def _bad_record(line: int, table: str, why: str) -> SyncFileError:
    return SyncFileError(
        _(
            "Record {line} of the bundle ({table}) is not valid: {why}. The bundle was refused; "
            "nothing was imported."
        ).format(line=line, table=table, why=why)
    )


def _check_value(spec: ColumnSpec, value: Any, table: str) -> str | None:
    """Why `value` does not fit the column, or None."""
    if value is None:
        return None if spec.nullable else _("missing")
    kind = spec.kind
    if kind == "text":
        if not isinstance(value, str) or len(value) > spec.max_length or not _encodable(value):
            return _("not text of at most {n} characters").format(n=spec.max_length)
        choices = CHOICES.get((table, spec.name))
        if choices is not None and value not in choices:
            return _("not one of the allowed values")
        return None
    if kind in ("int", "bool"):
        if not isinstance(value, int) or isinstance(value, bool):
            return _("not a whole number")
        if kind == "bool" and value not in (0, 1):
            return _("not 0 or 1")
        return None if abs(value) < 2**53 else _("out of range")
    if kind == "float":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok and math.isfinite(value) else _("not a number")
    if kind == "date":
        if not isinstance(value, str) or not _DATE.match(value):
            return _("not a date")
        try:
            date.fromisoformat(value)
        except ValueError:
            return _("not a date")
        return None
    if not isinstance(value, str) or not _UTC.match(value):
        return _("not a UTC time")
    try:
        datetime.fromisoformat(value[:-1])  # the pattern lets 2024-13-45T99:… through
    except ValueError:
        return _("not a UTC time")
    return None


def _encodable(text: str) -> bool:
    """False for a lone surrogate (JSON allows "\\ud800"; SQLite's UTF-8 does not)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_MAX_INT = 2**53


def _fast_check(spec: ColumnSpec, table: str) -> Callable[[Any], bool]:
    """A quick yes/no for the common, valid value; `_check_value` explains a no."""
    nullable = spec.nullable
    kind = spec.kind
    if kind == "text":
        limit, choices = spec.max_length, CHOICES.get((table, spec.name))

        def text(v: Any) -> bool:
            if v is None:
                return nullable
            return (
                type(v) is str
                and len(v) <= limit
                and (v.isascii() or _encodable(v))
                and (choices is None or v in choices)
            )

        return text
    if kind == "int":
        return lambda v: (v is None and nullable) or (type(v) is int and -_MAX_INT < v < _MAX_INT)
    if kind == "bool":
        return lambda v: (v is None and nullable) or (type(v) is int and v in (0, 1))
    if kind == "float":
        return lambda v: (v is None and nullable) or (type(v) in (int, float) and math.isfinite(v))
    return lambda v: (v is None and nullable) or _check_value(spec, v, table) is None


@dataclass(frozen=True)
class _TableCheck:
    columns: frozenset[str]
    checks: tuple[tuple[str, Callable[[Any], bool], ColumnSpec], ...]


_CHECKS: dict[str, _TableCheck] = {
    name: _TableCheck(
        frozenset(spec.columns),
        tuple((c.name, _fast_check(c, name), c) for c in spec.columns.values()),
    )
    for name, spec in SPECS.items()
}


def validate(
    records: list[dict[str, Any]], sender: str, withheld: Iterable[tuple[str, str]] = ()
) -> list[tuple[str, dict[str, Any]]]:
    """Every record checked strictly (known table, no extra or derived fields, types, lengths,
    closed lists, owner) or the whole bundle refused."""
    skip = _withheld_by_table(withheld)
    checked: list[tuple[str, dict[str, Any]]] = []
    for line, record in enumerate(records, start=1):
        table = record.get("t")
        row = record.get("r")
        if len(record) != 2 or table not in _CHECKS or not isinstance(row, dict):
            raise _bad_record(line, str(table)[:40], _("unknown kind of record"))
        check = _CHECKS[table]
        if not check.columns.issuperset(row):
            name = sorted(set(row) - check.columns)[0][:40]
            raise _bad_record(line, table, _("unknown field {name}").format(name=name))
        for name, ok, column in check.checks:
            if name not in row:
                may_be_absent = name in skip.get(table, ()) or column.default is not None
                if not may_be_absent or name in ("id", "unit_code", "version"):
                    raise _bad_record(line, table, _("missing field {name}").format(name=name))
                continue
            value = row[name]
            if not ok(value):
                why = _check_value(column, value, table) or _("not valid")
                raise _bad_record(line, table, _("{field}: {why}").format(field=name, why=why))
        if row["unit_code"] != sender:
            raise SyncFileError(
                _(
                    "The bundle from unit {sender} holds records of another unit ({other}). A "
                    "commune may only send its own records; the bundle was refused and nothing "
                    "was imported."
                ).format(sender=sender, other=row["unit_code"])
            )
        if row["version"] < 1 or len(row["id"]) > 36:
            raise _bad_record(line, table, _("bad id or version"))
        checked.append((table, row))
    return checked


# --- merge ----------------------------------------------------------------------------------


@dataclass
class MergeResult:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> str:
        return json.dumps(
            {"inserted": self.inserted, "updated": self.updated, "kept": self.kept},
            sort_keys=True,
        )

    @property
    def changed(self) -> int:
        return sum(self.inserted.values()) + sum(self.updated.values())


def content_hash(table: str, row: dict[str, Any], skip: set[str]) -> str:
    spec = SPECS[table]
    body = {k: row.get(k) for k in spec.columns if k not in skip}
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


def _wins(table: str, incoming: dict[str, Any], existing: dict[str, Any], skip: set[str]) -> bool:
    new = (incoming["version"], incoming["updated_at"])
    old = (existing["version"], existing["updated_at"])
    if new != old:
        return new > old
    return content_hash(table, incoming, skip) > content_hash(table, existing, skip)


def _foreign_row(sender: str, table: str, other: str) -> SyncFileError:
    return SyncFileError(
        _(
            "The bundle from unit {sender} would overwrite a record ({table}) that belongs to "
            "unit {other}. The bundle was refused; nothing was imported."
        ).format(sender=sender, table=table, other=other)
    )


def merge(
    session: Session,
    sender: str,
    checked: list[tuple[str, dict[str, Any]]],
    withheld: Iterable[tuple[str, str]] = (),
    *,
    today: date | None = None,
) -> MergeResult:
    """Apply validated records of `sender` inside the caller's transaction.

    Decide every row first, derive the people's statuses from the episodes that will be
    there, then write each row once (a second UPDATE per person for its status would cost
    as much again at 200,000 people)."""
    conn = session.connection()
    skip = _withheld_by_table(withheld)
    by_table: dict[str, list[dict[str, Any]]] = {}
    for table, row in checked:
        by_table.setdefault(table, []).append(row)
    result = MergeResult()
    decided: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    for table in TABLES:
        rows = by_table.get(table)
        if not rows:
            continue
        inserts, updates, kept = _decide(conn, sender, table, rows, skip.get(table, set()))
        decided[table] = (inserts, updates)
        result.inserted[table] = len(inserts)
        result.updated[table] = len(updates)
        result.kept[table] = kept
    statuses = _people_statuses(conn, decided, today or date.today())
    for table, (inserts, updates) in decided.items():
        _write(conn, table, SPECS[table], inserts, updates, skip.get(table, set()), statuses)
    people_in, people_up = decided.get("person", ([], []))
    written = {r["id"] for r in (*people_in, *people_up)}
    only_episodes = [(st, pid, st) for pid, st in statuses.items() if pid not in written]
    if only_episodes:  # people whose episodes changed but whose own row did not
        conn.exec_driver_sql(
            "UPDATE person SET status = ? WHERE id = ? AND status IS NOT ?", only_episodes
        )
    _check_references(conn, sender, by_table)
    touched_hotspots: set[str] = set()
    for table, key in (("hotspot", "id"), ("hotspot_event", "hotspot_id")):
        inserts, updates = decided.get(table, ([], []))
        touched_hotspots.update(r[key] for r in (*inserts, *updates))
    _refresh_hotspots(conn, touched_hotspots)
    return result


def _decide(
    conn: Any, sender: str, table: str, rows: list[dict[str, Any]], skip: set[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """(rows to insert, rows to update, rows kept as they are) by the merge rule."""
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:  # a row twice in one bundle: the rule picks one
        seen = latest.get(row["id"])
        if seen is None or _wins(table, row, seen, skip):
            latest[row["id"]] = row
    existing = _existing(conn, table, list(SPECS[table].columns), list(latest))
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for row_id, row in latest.items():
        old = existing.get(row_id)
        if old is None:
            inserts.append(row)
        elif old["unit_code"] != sender:
            raise _foreign_row(sender, table, old["unit_code"])
        elif _wins(table, row, old, skip):
            updates.append(row)
    return inserts, updates, len(latest) - len(inserts) - len(updates)


def _people_statuses(
    conn: Any,
    decided: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]],
    today: date,
) -> dict[str, str]:
    """Status (tình trạng) of every person written or whose episodes change, from the
    episodes stored plus those this bundle writes."""
    people_in, people_up = decided.get("person", ([], []))
    episodes_in, episodes_up = decided.get("episode", ([], []))
    incoming = {e["id"]: e for e in (*episodes_in, *episodes_up)}
    person_ids = {p["id"] for p in (*people_in, *people_up)}
    person_ids.update(e["person_id"] for e in incoming.values())
    episodes: dict[str, list[tuple[str, str, str | None, str | None]]] = {
        pid: [] for pid in person_ids
    }
    # A person this bundle inserts has no stored episodes (the foreign key forbids them).
    stored_ids = sorted(person_ids - {p["id"] for p in people_in})
    for start in range(0, len(stored_ids), _CHUNK):
        chunk = stored_ids[start : start + _CHUNK]
        sql = (
            "SELECT id, person_id, kind, start_date, actual_end, deleted_at FROM episode "
            f"WHERE person_id IN ({', '.join('?' * len(chunk))})"
        )
        for eid, pid, kind, start_date, end, deleted in conn.exec_driver_sql(sql, tuple(chunk)):
            if eid not in incoming:
                episodes[pid].append((kind, start_date, end, deleted))
    for e in incoming.values():
        episodes[e["person_id"]].append(
            (e["kind"], e["start_date"], e.get("actual_end"), e.get("deleted_at"))
        )
    return {
        pid: derive_status(
            [
                EpisodeSpan(
                    EpisodeType(kind),
                    date.fromisoformat(start_date),
                    date.fromisoformat(end) if end else None,
                )
                for kind, start_date, end, deleted in spans
                if deleted is None
            ],
            today,
        )
        for pid, spans in episodes.items()
    }


def _existing(conn: Any, table: str, names: list[str], ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        sql = f"SELECT {', '.join(names)} FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})"
        for row in conn.exec_driver_sql(sql, tuple(chunk)):
            values = dict(zip(names, row, strict=True))
            found[values["id"]] = values
    return found


def _write(
    conn: Any,
    table: str,
    spec: TableSpec,
    inserts: list[dict[str, Any]],
    updates: list[dict[str, Any]],
    skip: set[str],
    statuses: dict[str, str],
) -> None:
    """Write each decided row once; a person with its search text and derived status."""
    person = table == "person"
    extra = ["search_folded", "search_exact", "status"] if person else []
    if inserts:
        local = [c for c in spec.local_defaults if c not in extra]
        names = [*spec.columns, *extra, *local]
        pairs = [(c, spec.columns[c].default) for c in spec.columns]
        tail = tuple(spec.local_defaults[c] for c in local)
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        conn.exec_driver_sql(
            sql, [_values(pairs, r, statuses if person else None) + tail for r in inserts]
        )
    if updates:
        names = [c for c in spec.columns if c != "id" and c not in skip]
        pairs = [(c, spec.columns[c].default) for c in names]
        sets = ", ".join(f"{c} = ?" for c in [*names, *extra])
        sql = f"UPDATE {table} SET {sets} WHERE id = ?"
        conn.exec_driver_sql(
            sql,
            [(*_values(pairs, r, statuses if person else None), r["id"]) for r in updates],
        )


def _values(
    pairs: list[tuple[str, Any]], row: dict[str, Any], statuses: dict[str, str] | None
) -> tuple[Any, ...]:
    values = [row.get(c, default) for c, default in pairs]
    if statuses is not None:  # a person: search text and status are derived here
        values.extend(person_search_text(_person_view(row)))
        values.append(statuses[row["id"]])
    return tuple(values)


def _person_view(row: dict[str, Any]) -> SimpleNamespace:
    fields = ("full_name", "other_names", "id_number", "legacy_id_number", "address_text")
    return SimpleNamespace(**{f: row.get(f) or "" for f in fields})


def _check_references(conn: Any, sender: str, by_table: dict[str, list[dict[str, Any]]]) -> None:
    """A commune's rows may only point at rows of the same commune."""
    for table in by_table:
        for column in SPECS[table].columns.values():
            if column.references is None or column.references not in SPECS:
                continue
            sql = (
                f"SELECT r.unit_code FROM {table} t JOIN {column.references} r "
                f"ON t.{column.name} = r.id WHERE t.unit_code = ? AND r.unit_code != ? LIMIT 1"
            )
            other = conn.exec_driver_sql(sql, (sender, sender)).first()
            if other is not None:
                raise _foreign_row(sender, column.references, other[0])


def _refresh_hotspots(conn: Any, hotspot_ids: set[str]) -> None:
    for hotspot_id in sorted(hotspot_ids):
        found = conn.exec_driver_sql(
            "SELECT discovered_date FROM hotspot WHERE id = ?", (hotspot_id,)
        ).first()
        if found is None:
            continue
        events = [
            (date.fromisoformat(d), HotspotStatus(s))
            for d, s in conn.exec_driver_sql(
                "SELECT event_date, status FROM hotspot_event "
                "WHERE hotspot_id = ? AND deleted_at IS NULL",
                (hotspot_id,),
            )
        ]
        status, since = current_status(events, date.fromisoformat(found[0]))
        conn.exec_driver_sql(
            "UPDATE hotspot SET status = ?, status_date = ? WHERE id = ?",
            (status.value, since.isoformat() if since else None, hotspot_id),
        )
