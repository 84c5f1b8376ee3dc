"""Writing a list as `.xlsx` or `.csv` bytes (the services write them atomically).

The workbook is what an office would make by hand: a bold title row merged over the table, a
line saying where and when, bold wrapped headers, dates as real date cells (dd/mm/yyyy), ID
numbers as text (leading zeros kept), columns as wide as their content, the header frozen and
filterable. CSV is UTF-8 with a BOM, which Excel needs to show Vietnamese right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from xasach.i18n import _
from xasach.tabular.cells import Cell, cell_text

#: Width limits of a column, in characters.
MIN_WIDTH, MAX_WIDTH = 6, 60
DATE_FORMAT = "DD/MM/YYYY"


class ColumnType(StrEnum):
    TEXT = "text"  # written as text, even digits (ID numbers keep their zeros)
    DATE = "date"  # a date cell; a year alone as a number
    NUMBER = "number"  # a whole number


@dataclass(frozen=True)
class Column:
    header: str
    type: ColumnType = ColumnType.TEXT


@dataclass(frozen=True)
class Sheet:
    """A list to write: `title` (upper case in the file), `subtitle` (unit, date, filter)."""

    title: str
    subtitle: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    sheet_name: str = "Danh sách"


def _width(values: Sequence[str]) -> int:
    longest = max((max((len(x) for x in v.split("\n")), default=0) for v in values), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def xlsx_bytes(sheet: Sheet) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import (  # type: ignore[import-untyped]
        Alignment,
        Border,
        Font,
        PatternFill,
        Side,
    )
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet.sheet_name[:31]
    width = max(1, len(sheet.columns))
    last = get_column_letter(width)
    ws.append([sheet.title.upper()])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 24
    ws.append([sheet.subtitle])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].font = Font(italic=True)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.append([])
    header_row = 4
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append([c.header for c in sheet.columns])
    for i in range(1, width + 1):
        cell = ws.cell(header_row, i)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = border
    texts: list[list[str]] = [[c.header] for c in sheet.columns]
    for r, row in enumerate(sheet.rows, start=header_row + 1):
        for i, (column, value) in enumerate(zip(sheet.columns, row, strict=False), start=1):
            cell = ws.cell(r, i)
            if column.type == ColumnType.DATE and isinstance(value, date | datetime):
                cell.value = value.date() if isinstance(value, datetime) else value
                cell.number_format = DATE_FORMAT
                texts[i - 1].append("00/00/0000")
            elif column.type in (ColumnType.NUMBER, ColumnType.DATE) and isinstance(value, int):
                cell.value = value
                texts[i - 1].append(str(value))
            else:
                cell.value = cell_text(value) or None
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text typed with "=" stays text, never a formula
                if column.type == ColumnType.TEXT:
                    cell.number_format = "@"
                texts[i - 1].append(cell_text(value))
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for i, values in enumerate(texts, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _width(values)
    ws.freeze_panes = f"A{header_row + 1}"
    if sheet.rows:
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + len(sheet.rows)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with BOM, comma-separated, dates dd/mm/yyyy, CRLF line ends (as Excel writes)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([_csv_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


#: A text starting with one of these would run as a formula when Excel opens a CSV.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value: Cell) -> str:
    """The cell's text; text that Excel would take for a formula gets a leading apostrophe
    (which our import removes again)."""
    text = cell_text(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def rejected_sheet(
    title: str,
    subtitle: str,
    headers: Sequence[str],
    rows: Sequence[tuple[int, str, Sequence[Cell]]],
) -> Sheet:
    """The report of rows not imported: row number in the file, reason, then the row as read."""
    columns = [
        Column(_("Row in the file"), ColumnType.NUMBER),
        Column(_("Why it was not imported")),
        *(Column(h or f"({i + 1})") for i, h in enumerate(headers)),
    ]
    body = [[number, reason, *values] for number, reason, values in rows]
    return Sheet(title, subtitle, columns, body, sheet_name="Không nhập được")
