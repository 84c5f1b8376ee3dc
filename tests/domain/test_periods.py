from datetime import date

import pytest

from xasach.domain.errors import DomainError
from xasach.domain.periods import HALF, MONTH, QUARTER, YEAR, Period


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026", YEAR, date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-H1", HALF, date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-h2", HALF, date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Q1", QUARTER, date(2026, 1, 1), date(2026, 3, 31)),
        ("2024-Q1", QUARTER, date(2024, 1, 1), date(2024, 3, 31)),
        ("2026-Q4", QUARTER, date(2026, 10, 1), date(2026, 12, 31)),
        ("2024-02", MONTH, date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-02", MONTH, date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-12", MONTH, date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_parse_bounds_and_code(text: str, kind: str, start: date, end: date) -> None:
    period = Period.parse(text)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert Period.parse(period.code) == period
    assert period.contains(start) and period.contains(end)


@pytest.mark.parametrize(
    "text", ["", "26", "2026-13", "2026-00", "2026-Q5", "2026-H3", "2026-1", "x"]
)
def test_bad_periods_are_refused_with_a_hint(text: str) -> None:
    with pytest.raises(DomainError, match="2026-Q3"):
        Period.parse(text)


def test_previous_and_last_year() -> None:
    assert Period.parse("2026-Q1").previous() == Period.parse("2025-Q4")
    assert Period.parse("2026-01").previous() == Period.parse("2025-12")
    assert Period.parse("2026-H2").previous() == Period.parse("2026-H1")
    assert Period.parse("2026").previous() == Period.parse("2025")
    assert Period.parse("2026-07").same_period_last_year() == Period.parse("2025-07")


def test_contains_excludes_neighbours() -> None:
    q = Period.parse("2026-Q3")
    assert not q.contains(date(2026, 6, 30))
    assert not q.contains(date(2026, 10, 1))
    assert Period.month_of(date(2026, 11, 24)).code == "2026-11"
