"""Propaganda coverage (độ phủ tuyên truyền): villages × months of one year.

The seeds' target (plan 302/KH-UBND, seed 004) is propaganda "at least once a month in every
village/residential group" (ít nhất 1 lần/tháng tại mỗi thôn, tổ dân phố). This module turns the
per-cell activity counts the store computed into a grid, lists the gaps (village-months with no
activity) and the share of village-months covered. Months after today are not due yet, so they
are neither gaps nor counted; the current month is due but still open, so its gaps are marked
as such (the officer can still act this month).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

MONTHS = tuple(range(1, 13))


@dataclass(frozen=True)
class CoverageRow:
    """One village (thôn, tổ dân phố): activities per month, January first."""

    village_id: str
    village_name: str
    counts: tuple[int, ...]

    def count(self, month: int) -> int:
        return self.counts[month - 1]


@dataclass(frozen=True)
class Gap:
    """A village-month without propaganda (tháng chưa tuyên truyền); `open` for this month."""

    village_id: str
    village_name: str
    month: int
    open: bool


@dataclass(frozen=True)
class CoverageGrid:
    """The grid of one year as of `today`; `due_months` = months 1…due_months are counted."""

    year: int
    rows: tuple[CoverageRow, ...]
    due_months: int
    current_month: int | None

    def is_future(self, month: int) -> bool:
        return month > self.due_months

    def is_open(self, month: int) -> bool:
        """The current month: due, but the officer still has time to cover it."""
        return month == self.current_month

    @property
    def gaps(self) -> tuple[Gap, ...]:
        """Gaps village by village (in the villages' order), month by month."""
        return tuple(
            Gap(row.village_id, row.village_name, month, self.is_open(month))
            for row in self.rows
            for month in MONTHS[: self.due_months]
            if row.count(month) == 0
        )

    @property
    def due(self) -> int:
        """Village-months that should have had an activity by today."""
        return len(self.rows) * self.due_months

    @property
    def covered(self) -> int:
        return self.due - len(self.gaps)

    @property
    def share(self) -> float | None:
        """Covered ÷ due, 0…1; None when nothing is due (a future year, or no village)."""
        return self.covered / self.due if self.due else None

    def row_gaps(self, row: CoverageRow) -> int:
        """Due months of one village without an activity."""
        return sum(1 for month in MONTHS[: self.due_months] if row.count(month) == 0)

    def total(self, month: int) -> int:
        """Activity-village visits in a month, all villages together."""
        return sum(row.count(month) for row in self.rows)


def due_months(year: int, today: date) -> int:
    """How many months of `year` are due as of `today`: 12 for a past year, 0 for a future one."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month


def build_coverage(
    year: int,
    villages: Sequence[tuple[str, str]],
    counts: Mapping[tuple[str, int], int],
    today: date,
) -> CoverageGrid:
    """Shape per-cell counts into a grid.

    `villages` are (id, name) in their display order (thứ tự thôn); `counts` maps
    (village id, month 1–12) to the number of activities; missing cells are 0, and counts for
    villages not listed (deleted ones) are ignored.
    """
    rows = tuple(
        CoverageRow(vid, name, tuple(max(0, counts.get((vid, m), 0)) for m in MONTHS))
        for vid, name in villages
    )
    return CoverageGrid(
        year=year,
        rows=rows,
        due_months=due_months(year, today),
        current_month=today.month if year == today.year else None,
    )
