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
_ABSENT = object()


def _date_ok(value: str, seen: set[str]) -> bool:
    if _check_value(_DATE_SPEC, value, "") is not None:
        return False
    seen.add(value)
    return True


def _utc_ok(value: str, seen: set[str]) -> bool:
    if _check_value(_UTC_SPEC, value, "") is not None:
        return False
    seen.add(value)
    return True


def _condition(spec: ColumnSpec, table: str, constants: dict[str, Any]) -> str:
    """Python source of a quick yes/no for the common, valid value `v` (None handled by the
    caller); `_check_value` explains a no."""
    kind = spec.kind
    if kind == "text":
        test = f"type(v) is str and len(v) <= {spec.max_length} and (v.isascii() or _enc(v))"
        choices = CHOICES.get((table, spec.name))
        if choices is not None:
            constants[f"_C_{spec.name}"] = choices
            test += f" and v in _C_{spec.name}"
        return test
    if kind == "int":
        return f"type(v) is int and {-_MAX_INT} < v < {_MAX_INT}"
    if kind == "bool":
        return "type(v) is int and (v == 0 or v == 1)"
    if kind == "float":
        return "(type(v) is float or type(v) is int) and _finite(v)"
    if kind == "date":
        return "type(v) is str and (v in dates or _date_ok(v, dates))"
    return "type(v) is str and (v in times or _utc_ok(v, times))"


def _compile_check(table: str, columns: dict[str, ColumnSpec]) -> Callable[..., str | None]:
    """One generated function per table: a bundle of 200,000 people is a million values, and
    a call per value cost more than the checks themselves. It returns the first column that
    fails (absent where it may not be, or a bad value), or None."""
    constants: dict[str, Any] = {
        "_ABSENT": _ABSENT,
        "_enc": _encodable,
        "_finite": math.isfinite,
        "_date_ok": _date_ok,
        "_utc_ok": _utc_ok,
    }
    lines = ["def check(row, may_be_absent, dates, times):", "    get = row.get"]
    for name, spec in columns.items():
        condition = _condition(spec, table, constants)
        lines.append(f"    v = get({name!r}, _ABSENT)")
        lines.append("    if v is _ABSENT:")
        lines.append(f"        if {name!r} not in may_be_absent: return {name!r}")
        if spec.nullable:
            lines.append(f"    elif v is not None and not ({condition}): return {name!r}")
        else:
            lines.append(f"    elif not ({condition}): return {name!r}")
    lines.append("    return None")
    namespace = dict(constants)
    exec("\n".join(lines), namespace)  # our own specs, never the bundle's text
    check: Callable[..., str | None] = namespace["check"]
    return check


_DATE_SPEC = ColumnSpec("date", "date", 0, False, None, None)
_UTC_SPEC = ColumnSpec("utc", "utc", 0, False, None, None)


@dataclass(frozen=True)
class _TableCheck:
    columns: frozenset[str]
    specs: dict[str, ColumnSpec]
    check: Callable[..., str | None]


_CHECKS: dict[str, _TableCheck] = {
    name: _TableCheck(frozenset(spec.columns), spec.columns, _compile_check(name, spec.columns))
    for name, spec in SPECS.items()
}


def _may_be_absent(table: str, skip: dict[str, set[str]]) -> frozenset[str]:
    return frozenset(
        name
        for name, column in SPECS[table].columns.items()
        if (name in skip.get(table, ()) or column.default is not None)
        and name not in ("id", "unit_code", "version")
    )


def validate(
    records: list[dict[str, Any]], sender: str, withheld: Iterable[tuple[str, str]] = ()
) -> list[tuple[str, dict[str, Any]]]:
    """Every record checked strictly (known table, no extra or derived fields, types, lengths,
    closed lists, owner) or the whole bundle refused."""
    skip = withheld_by_table(withheld)
    absent = {table: _may_be_absent(table, skip) for table in SPECS}
    dates: set[str] = set()  # values already found valid: dates and times repeat a lot
    times: set[str] = set()
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
        failed = check.check(row, absent[table], dates, times)
        if failed is not None:
            if failed not in row:
                raise _bad_record(line, table, _("missing field {name}").format(name=failed))
            why = _check_value(check.specs[failed], row[failed], table) or _("not valid")
            raise _bad_record(line, table, _("{field}: {why}").format(field=failed, why=why))
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
