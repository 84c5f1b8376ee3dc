"""Reporting periods (kỳ báo cáo): a month, a quarter, a half-year or a year.

One spelling everywhere — the store (`period_figures.period`), the CLI (`--period`) and the
reports: ``2026`` (năm), ``2026-H1`` (6 tháng), ``2026-Q3`` (quý), ``2026-10`` (tháng).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from xasach.domain.errors import DomainError
from xasach.i18n import _

MONTH, QUARTER, HALF, YEAR = "month", "quarter", "half", "year"
_MONTHS_IN = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}
_PATTERN = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12])))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: `kind` and its 1-based `index` within `year` (month 1–12,
    quarter 1–4, half 1–2; always 1 for a year)."""

    year: int
    kind: str
    index: int = 1

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PATTERN.match(text.strip().upper())
        if not match:
            raise DomainError(
                _(
                    "“{text}” is not a period. Write 2026 (year), 2026-H1 (half-year), "
                    "2026-Q3 (quarter) or 2026-10 (month)."
                ).format(text=text)
            )
        year, month, quarter, half = match.groups()
        if month:
            return cls(int(year), MONTH, int(month))
        if quarter:
            return cls(int(year), QUARTER, int(quarter))
        if half:
            return cls(int(year), HALF, int(half))
        return cls(int(year), YEAR, 1)

    @classmethod
    def month_of(cls, day: date) -> Period:
        return cls(day.year, MONTH, day.month)

    @property
    def code(self) -> str:
        """The stored spelling (``2026-Q3``)."""
        if self.kind == MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.kind == HALF:
            return f"{self.year}-H{self.index}"
        return str(self.year)

    @property
    def months(self) -> int:
        return _MONTHS_IN[self.kind]

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        last_month = self.index * self.months
        if last_month == 12:
            return date(self.year, 12, 31)
        return date(self.year, last_month + 1, 1) - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before (Q1 2026 → Q4 2025)."""
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, 12 // self.months)

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.kind, self.index)

    def label(self) -> str:
        """In words, as on a report: “tháng 10 năm 2026”, “quý III năm 2026”."""
        roman = ("I", "II", "III", "IV")
        if self.kind == MONTH:
            return _("month {month:02d}/{year}").format(month=self.index, year=self.year)
        if self.kind == QUARTER:
            return _("quarter {roman} of {year}").format(
                roman=roman[self.index - 1], year=self.year
            )
        if self.kind == HALF:
            if self.index == 1:
                return _("first half of {year}").format(year=self.year)
            return _("second half of {year}").format(year=self.year)
        return _("year {year}").format(year=self.year)

    def __str__(self) -> str:
        return self.code
