"""Coverage of villages by propaganda, month by month (seed 004: at least once a month)."""

from datetime import date

import pytest

from xasach.domain.coverage import build_coverage, due_months

VILLAGES = [("a", "Thôn Đông"), ("b", "Tổ dân phố số 3")]


@pytest.mark.parametrize(
    ("year", "today", "due"),
    [
        (2025, date(2026, 5, 10), 12),  # a past year: every month due
        (2026, date(2026, 5, 10), 5),  # this year: up to and including this month
        (2026, date(2026, 1, 1), 1),
        (2027, date(2026, 5, 10), 0),  # a future year: nothing due
    ],
)
def test_months_due_stop_at_today(year, today, due):
    assert due_months(year, today) == due


def test_missing_cells_count_zero_and_rows_keep_the_village_order():
    grid = build_coverage(2025, VILLAGES, {("b", 3): 2}, date(2026, 1, 5))
    assert [r.village_name for r in grid.rows] == ["Thôn Đông", "Tổ dân phố số 3"]
    assert grid.rows[1].count(3) == 2
    assert grid.rows[0].count(3) == 0


@pytest.mark.parametrize(
    ("counts", "today", "gaps", "covered", "due"),
    [
        # Everything covered in a past year.
        ({(v, m): 1 for v in "ab" for m in range(1, 13)}, date(2026, 2, 1), [], 24, 24),
        # Nothing at all in a past year: every village-month is a gap.
        ({}, date(2026, 2, 1), [(v, m) for v in "ab" for m in range(1, 13)], 0, 24),
        # This year, March: April onwards is not due and is no gap.
        (
            {("a", 1): 1, ("a", 2): 3, ("b", 1): 1, ("b", 3): 1},
            date(2025, 3, 15),
            [("a", 3), ("b", 2)],
            4,
            6,
        ),
    ],
)
def test_gaps_are_due_village_months_without_activity(counts, today, gaps, covered, due):
    grid = build_coverage(2025, VILLAGES, counts, today)
    assert [(g.village_id, g.month) for g in grid.gaps] == gaps
    assert (grid.covered, grid.due) == (covered, due)


def test_share_is_covered_over_due():
    counts = {("a", 1): 1, ("b", 1): 1, ("a", 2): 2}
    grid = build_coverage(2025, VILLAGES, counts, date(2025, 2, 20))
    assert grid.share == pytest.approx(3 / 4)


def test_share_is_none_when_nothing_is_due():
    assert build_coverage(2030, VILLAGES, {}, date(2026, 6, 1)).share is None
    assert build_coverage(2025, [], {}, date(2026, 6, 1)).share is None


def test_future_months_are_marked_and_the_current_month_is_open():
    grid = build_coverage(2026, VILLAGES, {}, date(2026, 4, 2))
    assert [m for m in range(1, 13) if grid.is_future(m)] == list(range(5, 13))
    assert grid.is_open(4) and not grid.is_open(3)
    assert [g.open for g in grid.gaps if g.village_id == "a"] == [False, False, False, True]


def test_no_month_is_open_in_a_past_year():
    grid = build_coverage(2025, VILLAGES, {}, date(2026, 4, 2))
    assert not any(g.open for g in grid.gaps)


def test_counts_of_unlisted_villages_are_ignored():
    grid = build_coverage(2025, VILLAGES, {("deleted", 1): 5}, date(2026, 1, 1))
    assert grid.total(1) == 0


def test_row_gaps_and_month_totals():
    counts = {("a", 1): 2, ("b", 1): 1, ("a", 2): 1}
    grid = build_coverage(2025, VILLAGES, counts, date(2025, 3, 1))
    assert [grid.row_gaps(r) for r in grid.rows] == [1, 2]
    assert [grid.total(m) for m in (1, 2, 3)] == [3, 1, 0]
