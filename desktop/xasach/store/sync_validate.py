"""Strict validation of a bundle's records before anything is written (SECURITY.md, the
receiver's order): known tables and fields only, types, lengths, closed lists, real dates and
times, text SQLite can store, and the sender's own unit. One bad record refuses the bundle.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from xasach.domain.episodes import EpisodeType
from xasach.domain.hotspots import HotspotKind, HotspotStatus
from xasach.domain.personal_id import Sex
from xasach.domain.propaganda import ActivityForm, Audience
from xasach.i18n import _
from xasach.store.sync_records import (
    SPECS,
    ColumnSpec,
    withheld_by_table,
)
from xasach.sync.errors import SyncFileError

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\Z")

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
    skip = withheld_by_table(withheld)
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
