"""Working days: weekends and Vietnamese public holidays (Tết by the lunar calendar) skipped,
the day of the event not counted (Bộ luật Dân sự 2015, art. 147)."""

from datetime import date

import pytest

from xasach.domain.workdays import (
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before Tết 2026
        (date(2026, 2, 16), False),  # 29 Tết (Monday)
        (date(2026, 2, 17), False),  # Mùng 1 Tết Bính Ngọ
        (date(2026, 2, 20), False),  # Mùng 4
        (date(2026, 2, 23), True),
        (date(2027, 2, 4), False),  # Tết 2027 falls on other solar dates: lunar calendar
        (date(2027, 2, 10), False),
        (date(2027, 2, 11), True),
        (date(2026, 4, 27), False),  # Giỗ Tổ on a Sunday, observed on Monday
        (date(2026, 9, 2), False),
        (date(2026, 5, 2), False),  # Saturday
        (date(2026, 5, 4), True),
    ],
)
def test_working_days_skip_weekends_and_holidays(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (date(2026, 3, 2), 5, date(2026, 3, 9)),  # Monday → next Monday
        (date(2026, 3, 6), 5, date(2026, 3, 13)),  # notified on a Friday
        (date(2026, 3, 7), 5, date(2026, 3, 13)),  # notified on a Saturday
        (date(2026, 2, 12), 5, date(2026, 2, 26)),  # across Tết 2026 (16–20/02)
        (date(2026, 2, 17), 5, date(2026, 2, 27)),  # notified on Tết itself
        (date(2027, 2, 3), 5, date(2027, 2, 17)),  # across Tết 2027 (04–10/02)
        (date(2026, 4, 29), 5, date(2026, 5, 8)),  # 30/4 and 1/5
        (date(2024, 2, 28), 5, date(2024, 3, 6)),  # leap year: 29/02/2024 is a Thursday
        (date(2026, 12, 30), 5, date(2027, 1, 7)),  # across New Year
        (date(2026, 2, 17), 0, date(2026, 2, 23)),  # 0 days: moved to the next working day
    ],
)
def test_add_working_days(start, days, end):
    assert add_working_days(start, days) == end


def test_working_days_between_counts_after_the_start():
    assert working_days_between(date(2026, 2, 12), date(2026, 2, 26)) == 5
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0


def test_holidays_have_names_from_the_library():
    assert holiday_name(date(2026, 2, 17)) is not None
    assert holiday_name(date(2026, 3, 10)) is None


def test_negative_days_are_a_programming_error():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 2), -1)
