"""Working days (ngày làm việc): Monday to Friday, except Vietnamese public holidays.

The holidays come from the maintained `holidays` package (Tết by the lunar calendar, days
moved or made up by government decision, holidays falling on a weekend observed on the next
working day) — never a hand-typed list that goes stale each year.

Counting follows Bộ luật Dân sự 2015, art. 147: the day of the event is not counted; a period
of N working days ends at the end of the N-th working day after it.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def holiday_name(day: date) -> str | None:
    """The public holiday on `day` (its name in the package's language), or None."""
    found = holidays.country_holidays("VN", years=day.year).get(day)
    return str(found) if found else None


def is_holiday(day: date) -> bool:
    return day in _holidays_of(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (start itself not counted); 0 gives `start`
    moved forward to a working day when it falls on a weekend or holiday."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    if days == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end ≤ start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
