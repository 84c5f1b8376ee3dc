"""Finding the table inside a sheet: the header row among the first rows (under title rows,
merged or not), a second header row under it ("Năm sinh" over "Nam | Nữ"), the row of column
numbers some forms print under the header ("(1) (2) (3)"), and the data rows after them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.tabular.cells import Cell, cell_text

#: The header is looked for among this many first rows.
SCAN_ROWS = 20
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")


@dataclass(frozen=True)
class Table:
    """`headers` one per column; `rows` the data rows with `row_numbers` (1-based, as Excel
    shows them); `header_row` 1-based; `skipped` rows left out (blank, or one text merged
    across the row: a section heading)."""

    headers: list[str]
    rows: list[list[Cell]]
    row_numbers: list[int]
    header_row: int
    skipped: int = 0


def _texts(row: list[Cell]) -> list[str]:
    return [cell_text(c) for c in row]


def _score(row: list[Cell], recognise: Callable[[str], str | None]) -> int:
    found = {recognise(t) for t in _texts(row) if t}
    found.discard(None)
    return len(found)


def _is_sub_header(row: list[Cell], recognise: Callable[[str], str | None]) -> bool:
    texts = [t for t in _texts(row) if t]
    return bool(texts) and all(recognise(t) is not None for t in texts)


def _is_column_numbers(row: list[Cell]) -> bool:
    numbers = []
    for text in _texts(row):
        if not text:
            continue
        match = _COLUMN_NUMBER.match(text)
        if not match:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 3 and numbers == sorted(set(numbers))


def is_banner(row: list[Cell]) -> bool:
    """One text merged across the row (a title or a section heading such as "I. THÔN ĐÔNG")."""
    texts = [t for t in _texts(row) if t]
    return len(texts) >= 3 and len(set(texts)) == 1


def _is_footer(rest: list[list[Cell]], width: int) -> bool:
    """After a blank row, only sparse rows (place and date, "Người lập biểu", signatures):
    the end of the table, not data."""
    if width < 4:
        return False
    return all(sum(1 for t in _texts(row) if t) <= 2 for row in rest)


def locate_table(rows: list[list[Cell]], recognise: Callable[[str], str | None]) -> Table:
    """The header row is the one naming the most known fields among the first rows."""
    best, best_score = -1, 0
    for i, row in enumerate(rows[:SCAN_ROWS]):
        if is_banner(row):
            continue
        score = _score(row, recognise)
        if score > best_score:
            best, best_score = i, score
    if best < 0:
        raise DomainError(
            _(
                "No header row was found in the first {n} rows: none names a known column "
                "(e.g. “Họ và tên”, “Ngày sinh”, “Số CCCD”). Check that this is the right "
                "file and sheet."
            ).format(n=SCAN_ROWS)
        )
    headers = _texts(rows[best])
    start = best + 1
    if start < len(rows) and _is_sub_header(rows[start], recognise):
        sub = _texts(rows[start])
        width = max(len(headers), len(sub))
        headers += [""] * (width - len(headers))
        for c, text in enumerate(sub):
            if text and text != headers[c]:
                headers[c] = f"{headers[c]} {text}".strip()
        start += 1
    if start < len(rows) and _is_column_numbers(rows[start]):
        start += 1
    data: list[list[Cell]] = []
    numbers: list[int] = []
    skipped = 0
    for i in range(start, len(rows)):
        row = rows[i]
        if not any(_texts(row)) and data and _is_footer(rows[i + 1 :], len(headers)):
            skipped += len(rows) - i
            break
        if not any(_texts(row)) or is_banner(row):
            skipped += 1
            continue
        data.append(row + [None] * (len(headers) - len(row)))
        numbers.append(i + 1)
    return Table(headers, data, numbers, best + 1, skipped)
