"""Reading a spreadsheet file into a grid of cells: `.xlsx` (merged cells filled with their
value, formulas as last computed) or `.csv` (encoding and delimiter guessed).

A merged cell's value is copied into every cell it covers: a village written once beside the
five people of that village belongs to each of them, and a header merged over two columns
names both.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.tabular.cells import Cell, cell_text
from xasach.tabular.encoding import decode

#: Bigger files are not an office list: refuse rather than freeze.
MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Grid:
    """Every row of one sheet, as cell values. `encoding` for CSV, `sheet` for workbooks."""

    rows: list[list[Cell]]
    encoding: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = field(default_factory=tuple)


def read_grid(path: Path, *, encoding: str | None = None, sheet: str | None = None) -> Grid:
    """The cells of a `.xlsx` or `.csv` file; a clear refusal for anything else."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DomainError(
            _("Cannot open {name}: {reason}.").format(name=path.name, reason=exc.strerror)
        ) from exc
    if size > MAX_BYTES:
        raise DomainError(
            _("{name} is too big for a list ({mb} MB). Split it into smaller files.").format(
                name=path.name, mb=size // (1024 * 1024)
            )
        )
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if suffix in (".csv", ".txt"):
        return _read_csv(path.read_bytes(), encoding)
    if suffix == ".xls":
        raise DomainError(
            _(
                "{name} is an old Excel 97–2003 file. Open it in Excel and save it as “Excel "
                "Workbook (.xlsx)”, then import that file."
            ).format(name=path.name)
        )
    raise DomainError(
        _("{name} is neither an Excel (.xlsx) nor a CSV file.").format(name=path.name)
    )


def _read_xlsx(path: Path, sheet: str | None) -> Grid:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        book = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DomainError(
            _(
                "{name} cannot be read as an Excel workbook (it may be damaged or protected "
                "by a password). Open it in Excel, save a copy and import the copy."
            ).format(name=path.name)
        ) from exc
    try:
        names = tuple(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise DomainError(
                _("The workbook has no sheet “{sheet}”.").format(sheet=sheet), "sheet"
            )
        ws = book[sheet] if sheet else _first_with_data(book)
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        for merged in ws.merged_cells.ranges:
            top = merged.min_row - 1
            left = merged.min_col - 1
            if top >= len(rows) or left >= len(rows[top]):
                continue
            value = rows[top][left]
            for r in range(top, min(merged.max_row, len(rows))):
                for c in range(left, min(merged.max_col, len(rows[r]))):
                    rows[r][c] = value
        return Grid(_trim(rows), None, ws.title, names)
    finally:
        book.close()


def _first_with_data(book: Any) -> Any:
    """The active sheet if it holds anything, else the first one that does."""
    active = book.active
    if active is not None and active.max_row > 1:
        return active
    for ws in book.worksheets:
        if ws.max_row > 1 or ws.cell(1, 1).value is not None:
            return ws
    return book.worksheets[0]


def _read_csv(data: bytes, encoding: str | None) -> Grid:
    text, used = decode(data, encoding)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    rows: list[list[Cell]] = [list(r) for r in reader]
    return Grid(_trim(rows), used)


def _delimiter(text: str) -> str:
    """The separator most lines share the same count of (",", ";" from a Vietnamese Excel,
    tab, "|"); title lines above the table have none and do not count."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_lines = ",", 0
    for candidate in (",", ";", "\t", "|"):
        counts = Counter(line.count(candidate) for line in lines)
        counts.pop(0, None)
        agreeing = max(counts.values(), default=0)
        if agreeing > best_lines:
            best, best_lines = candidate, agreeing
    return best


def _trim(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Drop trailing empty cells and rows (Excel keeps formatted empty ones)."""
    if len(rows) > MAX_ROWS:
        raise DomainError(
            _("The sheet has more than {n} rows. Split it into smaller files.").format(n=MAX_ROWS)
        )
    trimmed: list[list[Cell]] = []
    for row in rows:
        end = len(row)
        while end and cell_text(row[end - 1]) == "":
            end -= 1
        trimmed.append(list(row[:end]))
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed
