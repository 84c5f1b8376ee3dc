"""Importing an office's own list (Excel or CSV) into a register: people, hotspots or
propaganda activities.

Steps, each usable alone by the screen and the command line:
1. `open_source` reads the file and finds the table (header row, data rows);
2. `suggest_mapping` says which field each column fills — remembered for this file shape if
   an earlier import confirmed one, else guessed from the headers — and the officer corrects it;
3. `preview_import` checks every row without writing (invalid, duplicate, already there);
4. `run_import` checks again and writes the new rows in one transaction with one audit entry,
   and remembers the mapping; `write_rejected` saves the rows left out, each with its reason.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.domain.text import fold
from xasach.i18n import _
from xasach.services.common import acting, own_unit
from xasach.services.tabular_checks import Checked, RowStatus
from xasach.services.tabular_rows import checker, write_row
from xasach.store import audit
from xasach.store.atomic import write_atomic
from xasach.store.database import Database
from xasach.store.reference import get_setting, put_setting
from xasach.tabular.cells import Cell
from xasach.tabular.fields import (
    FIELDS,
    Register,
    guess_mapping,
    missing_required,
    recognise,
    shape_key,
)
from xasach.tabular.reading import read_grid
from xasach.tabular.table import Table, locate_table
from xasach.tabular.writing import rejected_sheet, xlsx_bytes

#: Who may import into each register: whoever may edit it.
EDIT_PERMISSION = {
    Register.PEOPLE: Permission.EDIT_PEOPLE,
    Register.HOTSPOTS: Permission.EDIT_HOTSPOTS,
    Register.ACTIVITIES: Permission.EDIT_PROPAGANDA,
}
#: The table a register's rows live in (for the change bus and the audit entry).
TABLES = {Register.PEOPLE: "person", Register.HOTSPOTS: "hotspot", Register.ACTIVITIES: "activity"}

ColumnMap = dict[int, str]
ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportSource:
    """A file read and its table found; `encoding` for CSV, `sheet` for workbooks."""

    path: Path
    register: Register
    table: Table
    encoding: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()

    @property
    def headers(self) -> list[str]:
        return self.table.headers


def open_source(
    path: Path | str,
    register: Register | str,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
) -> ImportSource:
    """Read the file and find its table (no database needed)."""
    register = Register(register)
    grid = read_grid(Path(path), encoding=encoding, sheet=sheet)
    table = locate_table(grid.rows, lambda text: recognise(register, text))
    return ImportSource(Path(path), register, table, grid.encoding, grid.sheet, grid.sheets)


def suggest_mapping(session: Session, source: ImportSource) -> tuple[ColumnMap, bool]:
    """(column → field, remembered?): the mapping confirmed for this file shape before, else
    the guess from the headers."""
    stored = get_setting(session, shape_key(source.register, source.headers))
    if stored:
        try:
            doc = json.loads(stored)
            keys = {f.key for f in FIELDS[source.register]}
            mapping = {int(c): k for c, k in doc["columns"].items() if k in keys}
            if all(0 <= c < len(source.headers) for c in mapping):
                return dict(sorted(mapping.items())), True
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
    return guess_mapping(source.register, source.headers), False


def mapping_from_file(path: Path, source: ImportSource) -> ColumnMap:
    """A mapping written by hand (JSON): {"header text or column letter": "field"}; a field of
    "" or null leaves the column out. Headers compare folded."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise DomainError(
            _("The mapping file {name} cannot be read as JSON: {reason}").format(
                name=Path(path).name, reason=exc
            )
        ) from exc
    if not isinstance(doc, dict):
        raise DomainError(_("The mapping file must hold one JSON object: header → field."))
    keys = {f.key for f in FIELDS[source.register]}
    folded = [fold(h) for h in source.headers]
    mapping: ColumnMap = {}
    for where, key in doc.items():
        column = _column_of(str(where), folded)
        if column is None:
            raise DomainError(
                _("The mapping names a column “{column}” the file does not have.").format(
                    column=where
                )
            )
        if key in (None, ""):
            continue
        if key not in keys:
            raise DomainError(
                _("“{field}” is not a field of this register. Known fields: {fields}.").format(
                    field=key, fields=", ".join(sorted(keys))
                )
            )
        mapping[column] = str(key)
    return dict(sorted(mapping.items()))


def _column_of(where: str, folded_headers: list[str]) -> int | None:
    key = fold(where)
    if key in folded_headers:
        return folded_headers.index(key)
    letters = where.strip().upper()
    if letters.isalpha() and len(letters) <= 2:
        index = 0
        for ch in letters:
            index = index * 26 + ord(ch) - ord("A") + 1
        return index - 1 if index - 1 < len(folded_headers) else None
    return None


def check_mapping(register: Register, mapping: ColumnMap) -> None:
    """Each field in one column at most, every required field present."""
    counts = Counter(mapping.values())
    twice = [k for k, n in counts.items() if n > 1]
    if twice:
        raise DomainError(
            _("Several columns are set to the same field ({fields}). Keep one.").format(
                fields=", ".join(_(f.label) for f in FIELDS[register] if f.key in twice)
            )
        )
    missing = missing_required(register, mapping)
    if missing:
        raise DomainError(
            _("No column is set to: {fields}. Choose the column of each.").format(
                fields=", ".join(missing)
            )
        )


@dataclass(frozen=True)
class RowCheck:
    """One data row: where it is in the file, the verdict, and the cells as read."""

    row_number: int
    status: RowStatus
    reason: str
    values: tuple[Cell, ...]
    payload: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ImportPreview:
    source: ImportSource
    mapping: ColumnMap
    rows: tuple[RowCheck, ...]

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def new(self) -> int:
        return self.count(RowStatus.NEW)

    @property
    def already(self) -> int:
        return self.count(RowStatus.ALREADY)

    @property
    def rejected(self) -> list[RowCheck]:
        return [r for r in self.rows if r.status in (RowStatus.INVALID, RowStatus.DUPLICATE)]


def preview_import(
    session: Session,
    source: ImportSource,
    mapping: ColumnMap,
    *,
    today: date | None = None,
    progress: ProgressFn | None = None,
) -> ImportPreview:
    """Check every row against the rules and the register; nothing is written."""
    acting(session, EDIT_PERMISSION[source.register])
    check_mapping(source.register, mapping)
    today = today or date.today()
    rows_checker = checker(session, source.register, own_unit(session))
    checks: list[RowCheck] = []
    total = len(source.table.rows)
    for i, (cells, number) in enumerate(
        zip(source.table.rows, source.table.row_numbers, strict=True)
    ):
        values = {key: cells[c] if c < len(cells) else None for c, key in mapping.items()}
        verdict: Checked = rows_checker.check(values, number, today)
        checks.append(
            RowCheck(number, verdict.status, verdict.reason, tuple(cells), verdict.payload)
        )
        if progress is not None and i % 50 == 0:
            progress(i, total)
    return ImportPreview(source, dict(mapping), tuple(checks))


@dataclass(frozen=True)
class ImportResult:
    """What an import did. `imported` 0 with `refused` set: strict mode found bad rows."""

    preview: ImportPreview
    imported: int
    dry_run: bool = False
    refused: bool = False


class _DryRun(Exception):  # noqa: N818 - control flow: roll the transaction back
    def __init__(self, preview: ImportPreview) -> None:
        super().__init__("dry run")
        self.preview = preview


def run_import(
    db: Database,
    source: ImportSource,
    mapping: ColumnMap,
    *,
    strict: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Check the rows again and write the new ones in one transaction (all or nothing), with
    one audit entry for the whole import; the mapping is remembered for this file shape."""
    today = today or date.today()
    try:
        with db.session(audit_rows=False) as session:
            actor = acting(session, EDIT_PERMISSION[source.register])
            preview = preview_import(session, source, mapping, today=today)
            if dry_run or (strict and preview.rejected):
                raise _DryRun(preview)
            new_rows = [r for r in preview.rows if r.status == RowStatus.NEW]
            for i, row in enumerate(new_rows):
                write_row(session, source.register, row.payload, today)
                if progress is not None and i % 20 == 0:
                    progress(i, len(new_rows))
            put_setting(
                session,
                shape_key(source.register, source.headers),
                json.dumps({"columns": {str(c): k for c, k in mapping.items()}}),
            )
            audit.append(
                session,
                actor.username,
                "import",
                TABLES[source.register],
                "",
                {
                    "file": source.path.name,
                    "rows": len(preview.rows),
                    "imported": len(new_rows),
                    "already": preview.already,
                    "rejected": len(preview.rejected),
                },
            )
    except _DryRun as stopped:
        return ImportResult(stopped.preview, 0, dry_run=dry_run, refused=not dry_run)
    return ImportResult(preview, len(new_rows))


def write_rejected(preview: ImportPreview, path: Path | str) -> int:
    """The rows not imported, as an `.xlsx` the officer can fix and import again: the row
    number in the file and the reason first, then the row as read. Returns how many."""
    rejected = preview.rejected
    sheet = rejected_sheet(
        _("Rows not imported from {name}").format(name=preview.source.path.name),
        _("Fix these rows, delete the first two columns if you like, and import again."),
        preview.source.headers,
        [(r.row_number, r.reason, r.values) for r in rejected],
    )
    write_atomic(Path(path), xlsx_bytes(sheet))
    return len(rejected)


def status_label(status: RowStatus) -> str:
    return {
        RowStatus.NEW: _("To import"),
        RowStatus.ALREADY: _("Already there"),
        RowStatus.INVALID: _("Error"),
        RowStatus.DUPLICATE: _("Probable duplicate"),
    }[status]


def summary(result: ImportResult | ImportPreview) -> str:
    """One paragraph: how many rows, imported (or to import), already there, left out."""
    preview = result.preview if isinstance(result, ImportResult) else result
    rejected = len(preview.rejected)
    if isinstance(result, ImportResult) and not result.dry_run and not result.refused:
        first = _("{n} new rows imported.").format(n=result.imported)
    else:
        first = _("{n} new rows to import.").format(n=preview.new)
    parts = [
        _("{total} rows read.").format(total=len(preview.rows)),
        first,
        _("{n} already in the register (not imported again).").format(n=preview.already),
        _("{n} not imported: errors {invalid}, probable duplicates {dup}.").format(
            n=rejected,
            invalid=preview.count(RowStatus.INVALID),
            dup=preview.count(RowStatus.DUPLICATE),
        ),
    ]
    if isinstance(result, ImportResult) and result.refused:
        parts.append(_("Strict mode: nothing was imported because some rows are not valid."))
    return " ".join(parts)
