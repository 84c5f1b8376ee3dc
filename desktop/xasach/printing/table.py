"""A ruled table for long lists (bảng danh sách) that breaks across pages with its header
repeated, in linear time.

reportlab's own Table re-measures the whole remainder at every page break, which is quadratic
for a province's list of tens of thousands of rows. Here each row is wrapped once; heights go
into a running sum shared by every part, so finding a page break is a binary search and drawing
a page touches only its own rows. Cells wrap on word boundaries (long Vietnamese names go to a
second line, never past the rule). Row kinds: data, a group heading spanning the table (a
village, a commune), and totals in bold.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from xasach.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from xasach.printing.layout import wrap_text

DATA, GROUP, TOTAL = "data", "group", "total"
INDENT = 10.0  # points per indent level
LEFT, CENTRE, RIGHT = "left", "centre", "right"


@dataclass(frozen=True)
class Column:
    """A column: its heading, its share of the width, and how its cells align."""

    title: str
    weight: float
    align: str = LEFT


@dataclass(frozen=True, slots=True)
class Row:
    """A row's texts (one per column; a group heading uses only the first). `indent` levels
    shift the second column's text right (the "of which" lines under a figure)."""

    cells: tuple[str, ...]
    kind: str = DATA
    indent: int = 0


class _Layout:
    """Measured once for a width and shared by every part of a split table."""

    def __init__(self, table: GridTable, width: float) -> None:
        register_fonts()
        self.width = width
        total = sum(c.weight for c in table.columns) or 1.0
        self.widths = [width * c.weight / total for c in table.columns]
        self.xs = list(accumulate([0.0, *self.widths]))
        self.size, self.pad = table.size, table.pad
        self.leading = table.size * 1.18
        inner = [w - 2 * self.pad for w in self.widths]
        self.header = [
            wrap_text(c.title, SERIF_BOLD, table.header_size, w)
            for c, w in zip(table.columns, inner, strict=True)
        ]
        header_lines = max((len(lines) for lines in self.header), default=1)
        self.header_leading = table.header_size * 1.18
        self.header_height = header_lines * self.header_leading + 2 * self.pad
        self.numbers_height = (table.size * 1.1 + 2 * self.pad) if table.numbered else 0.0
        self.cells: list[list[list[str]]] = []
        heights: list[float] = []
        for row in table.rows:
            if row.kind == GROUP:
                wrapped = [wrap_text(row.cells[0], SERIF_BOLD, self.size, width - 2 * self.pad)]
            else:
                font = SERIF_BOLD if row.kind == TOTAL else SERIF
                widths = self._spans(row, inner)
                if row.indent and len(widths) > 1:
                    widths = [widths[0], widths[1] - row.indent * INDENT, *widths[2:]]
                wrapped = [
                    wrap_text(text, font, self.size, w)
                    for text, w in zip(row.cells, widths, strict=False)
                ]
            self.cells.append(wrapped)
            heights.append(max(len(lines) for lines in wrapped) * self.leading + 2 * self.pad)
        self.tops = [0.0, *accumulate(heights)]

    def _spans(self, row: Row, inner: list[float]) -> list[float]:
        """Inner widths of a row's cells; a total's label runs over the empty cells after it."""
        if row.kind != TOTAL:
            return inner
        out = list(inner)
        span = _label_span(row)
        out[0] = sum(self.widths[:span]) - 2 * self.pad
        return out

    @property
    def head(self) -> float:
        return self.header_height + self.numbers_height


def _label_span(row: Row) -> int:
    """How many columns a total row's first cell covers (itself and the empty ones after it)."""
    span = 1
    while span < len(row.cells) and not row.cells[span]:
        span += 1
    return span


class GridTable(Flowable):  # type: ignore[misc]
    """The table, or the part of it from row `start` to `end` (a page's worth after a split)."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Row],
        *,
        size: float = 11,
        header_size: float | None = None,
        numbered: bool = True,
        pad: float = 2.5,
        _layout: _Layout | None = None,
        _start: int = 0,
        _end: int | None = None,
    ) -> None:
        super().__init__()
        self.columns, self.rows = tuple(columns), rows
        self.size, self.header_size = size, header_size or size
        self.numbered, self.pad = numbered, pad
        self._laid = _layout
        self.start = _start
        self.end = len(rows) if _end is None else _end

    def _layout(self, width: float) -> _Layout:
        if self._laid is None or abs(self._laid.width - width) > 0.01:
            self._laid = _Layout(self, width)
        return self._laid

    def _part(self, start: int, end: int) -> GridTable:
        return GridTable(
            self.columns,
            self.rows,
            size=self.size,
            header_size=self.header_size,
            numbered=self.numbered,
            pad=self.pad,
            _layout=self._laid,
            _start=start,
            _end=end,
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        laid = self._layout(avail_width)
        self.width = avail_width
        self.height = laid.head + laid.tops[self.end] - laid.tops[self.start]
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        laid = self._layout(avail_width)
        room = avail_height - laid.head
        if room <= 0:
            return []
        # The last row whose bottom is within the room left on this page.
        last = bisect_right(laid.tops, laid.tops[self.start] + room, self.start, self.end + 1) - 1
        cut = last
        while cut - 1 > self.start and self.rows[cut - 1].kind == GROUP:
            cut -= 1  # a group heading goes with its first row, never alone at a page's foot
        if cut <= self.start:
            return []
        if cut >= self.end:
            return [self]
        return [self._part(self.start, cut), self._part(cut, self.end)]

    def draw(self) -> None:
        laid = self._laid
        assert laid is not None
        canvas: Any = self.canv
        canvas.setLineWidth(0.5)
        y = self.height
        y = self._draw_header(canvas, laid, y)
        for index in range(self.start, self.end):
            row, height = self.rows[index], laid.tops[index + 1] - laid.tops[index]
            self._draw_row(canvas, laid, row, laid.cells[index], y, height)
            y -= height
        canvas.rect(0, 0, laid.width, self.height)

    def _draw_header(self, canvas: Any, laid: _Layout, top: float) -> float:
        height = laid.header_height
        canvas.setFont(SERIF_BOLD, self.header_size)
        for col, lines in enumerate(laid.header):
            # Headings are centred in their cell, both ways.
            block = len(lines) * laid.header_leading
            y = top - (height - block) / 2 - self.header_size * 0.9
            centre = laid.xs[col] + laid.widths[col] / 2
            for line in lines:
                canvas.drawCentredString(centre, y, line)
                y -= laid.header_leading
        self._rules(canvas, laid, top, height, range(1, len(self.columns)))
        top -= height
        if laid.numbers_height:
            canvas.setFont(SERIF_ITALIC, self.size - 1)
            for col in range(len(self.columns)):
                centre = laid.xs[col] + laid.widths[col] / 2
                canvas.drawCentredString(centre, top - laid.pad - self.size * 0.85, f"({col + 1})")
            self._rules(canvas, laid, top, laid.numbers_height, range(1, len(self.columns)))
            top -= laid.numbers_height
        return top

    def _rules(self, canvas: Any, laid: _Layout, top: float, height: float, cols: Any) -> None:
        canvas.line(0, top - height, laid.width, top - height)
        for col in cols:
            canvas.line(laid.xs[col], top, laid.xs[col], top - height)

    def _draw_row(
        self,
        canvas: Any,
        laid: _Layout,
        row: Row,
        cells: list[list[str]],
        top: float,
        height: float,
    ) -> None:
        baseline = top - laid.pad - self.size * 0.85
        if row.kind == GROUP:
            canvas.setFont(SERIF_BOLD, self.size)
            y = baseline
            for line in cells[0]:
                canvas.drawString(laid.pad, y, line)
                y -= laid.leading
            canvas.line(0, top - height, laid.width, top - height)
            return
        canvas.setFont(SERIF_BOLD if row.kind == TOTAL else SERIF, self.size)
        span = _label_span(row) if row.kind == TOTAL else 1
        for col, lines in enumerate(cells):
            if 0 < col < span:
                continue
            right = laid.xs[col + span if col == 0 else col + 1]
            align = self.columns[col].align
            y = baseline
            for line in lines:
                if align == RIGHT:
                    canvas.drawRightString(right - laid.pad, y, line)
                elif align == CENTRE:
                    canvas.drawCentredString((laid.xs[col] + right) / 2, y, line)
                else:
                    shift = row.indent * INDENT if col == 1 else 0.0
                    canvas.drawString(laid.xs[col] + laid.pad + shift, y, line)
                y -= laid.leading
        self._rules(canvas, laid, top, height, range(span, len(self.columns)))
