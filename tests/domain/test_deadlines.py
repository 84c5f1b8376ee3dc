"""Deadlines from episodes and the rule table: ends of management and rehab, the 5-working-day
registration, the 24-hour notification on a move, overdue episodes — dates around the edges."""

import json
from datetime import date

import pytest

from xasach.domain.deadlines import (
    DueKind,
    EpisodeFacts,
    PersonFacts,
    due_items,
    episode_end,
    is_minor_on,
    person_due_items,
    presumed_birth,
)
from xasach.domain.episodes import EpisodeType as T
from xasach.domain.rules import Rule, RuleSet, rules_from_rows
from xasach.paths import resources_dir


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    doc = json.loads((resources_dir() / "rules" / "rules.json").read_text(encoding="utf-8"))
    return RuleSet(rules_from_rows(doc["rules"]), doc["name"], doc["version"])


def person(*episodes: EpisodeFacts, category="illegal_user", born=None, year=None) -> PersonFacts:
    return PersonFacts("p1", "Nguyễn Văn A", tuple(episodes), born, year, category)


def ep(kind, start, **kw) -> EpisodeFacts:
    return EpisodeFacts(id=kw.pop("id", "e1"), kind=kind, start=start, **kw)


def kinds(items):
    return [(i.kind, i.due) for i in items]


@pytest.mark.parametrize(
    ("kind", "start", "after", "months", "end"),
    [
        (T.ILLEGAL_USE_MANAGEMENT, date(2026, 3, 1), None, None, date(2027, 3, 1)),
        (T.ILLEGAL_USE_MANAGEMENT, date(2024, 2, 29), None, None, date(2025, 2, 28)),  # leap
        (T.POST_REHAB, date(2026, 1, 10), T.VOLUNTARY_REHAB_COMMUNITY, None, date(2027, 1, 10)),
        (T.POST_REHAB, date(2026, 1, 10), T.COMPULSORY_REHAB, None, date(2028, 1, 10)),
        (T.POST_REHAB, date(2026, 2, 28), T.COMPULSORY_REHAB, None, date(2028, 2, 28)),
        (T.VOLUNTARY_REHAB_COMMUNITY, date(2026, 8, 31), None, None, date(2027, 2, 28)),
        (T.VOLUNTARY_REHAB_FACILITY, date(2027, 8, 31), None, 6, date(2028, 2, 29)),  # leap
        (T.VOLUNTARY_REHAB_FACILITY, date(2026, 5, 1), None, 12, date(2027, 5, 1)),
    ],
)
def test_planned_end_when_the_episode_has_none_stored(rules, kind, start, after, months, end):
    e = ep(kind, start, after_kind=after, duration_months=months)
    assert episode_end(rules, person(e), e) == end


def test_stored_planned_end_wins(rules):
    e = ep(T.ILLEGAL_USE_MANAGEMENT, date(2026, 3, 1), planned_end=date(2026, 12, 1))
    assert episode_end(rules, person(e), e) == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("born", "year", "on", "minor"),
    [
        (date(2008, 6, 1), None, date(2026, 5, 31), True),
        (date(2008, 6, 1), None, date(2026, 6, 1), False),  # 18 on the birthday
        (None, 2008, date(2026, 12, 30), True),  # year only: born 31/12 (art. 417 BLTTHS)
        (None, 2008, date(2026, 12, 31), False),
        (None, None, date(2026, 1, 1), False),
        (date(2008, 2, 29), None, date(2026, 2, 28), True),  # leap-day birth
        (date(2008, 2, 29), None, date(2026, 3, 1), False),
    ],
)
def test_minor_with_a_birth_year_without_a_date(born, year, on, minor):
    assert is_minor_on(born, year, on) is minor


def test_presumed_birth_is_the_last_day_of_the_year():
    assert presumed_birth(None, 1990) == date(1990, 12, 31)


def test_post_rehab_after_compulsory_rehab_of_a_minor_known_by_year_lasts_one_year(rules):
    # Born "2009": taken as 31/12/2009, so a minor on 01/06/2027 — 1 year, not 2.
    e = ep(T.POST_REHAB, date(2027, 6, 1), after_kind=T.COMPULSORY_REHAB)
    assert episode_end(rules, person(e, year=2009), e) == date(2028, 6, 1)
    assert episode_end(rules, person(e, year=2008), e) == date(2029, 6, 1)


@pytest.mark.parametrize(
    ("kind", "due_kind"),
    [
        (T.ILLEGAL_USE_MANAGEMENT, DueKind.ILLEGAL_USE_END),
        (T.POST_REHAB, DueKind.POST_REHAB_END),
        (T.VOLUNTARY_REHAB_COMMUNITY, DueKind.VOLUNTARY_REHAB_END),
        (T.VOLUNTARY_REHAB_FACILITY, DueKind.VOLUNTARY_REHAB_END),
        (T.COMPULSORY_REHAB, DueKind.EPISODE_END),
        (T.EDUCATION_AT_COMMUNE, DueKind.EPISODE_END),
    ],
)
def test_open_episode_ending_soon_is_due(rules, kind, due_kind):
    end = date(2026, 12, 10)
    e = ep(kind, date(2026, 6, 10), planned_end=end)
    items = due_items(rules, [person(e)], date(2026, 12, 1), within_days=30)
    assert kinds(items) == [(due_kind, end)]
    assert items[0].days_left == 9 and not items[0].overdue


@pytest.mark.parametrize(
    ("today", "within", "listed"),
    [
        (date(2026, 11, 9), 30, False),  # 31 days ahead
        (date(2026, 11, 10), 30, True),  # exactly 30
        (date(2026, 12, 10), 0, True),  # due today
        (date(2027, 3, 1), 0, True),  # overdue: always listed
    ],
)
def test_window_edges(rules, today, within, listed):
    e = ep(T.ILLEGAL_USE_MANAGEMENT, date(2025, 12, 10), planned_end=date(2026, 12, 10))
    assert bool(due_items(rules, [person(e)], today, within_days=within)) is listed


def test_open_episode_past_its_planned_end_is_overdue(rules):
    e = ep(T.VOLUNTARY_REHAB_COMMUNITY, date(2026, 1, 5), planned_end=date(2026, 7, 5))
    (item,) = due_items(rules, [person(e)], date(2026, 8, 1), within_days=0)
    assert item.overdue and item.days_left == -27


def test_closed_or_open_ended_episodes_are_not_due(rules):
    closed = ep(T.ILLEGAL_USE_MANAGEMENT, date(2026, 1, 5), actual_end=date(2026, 6, 1))
    methadone = ep(T.SUBSTITUTION_THERAPY, date(2026, 1, 5), id="e2")
    assert due_items(rules, [person(closed, methadone)], date(2026, 12, 1)) == []


def assessment(end, outcome="Xác định là người nghiện ma túy"):
    return ep(T.ADDICTION_ASSESSMENT, end.replace(day=1), actual_end=end, outcome=outcome)


@pytest.mark.parametrize(
    ("notified", "deadline"),
    [
        (date(2026, 3, 2), date(2026, 3, 9)),
        (date(2026, 2, 12), date(2026, 2, 26)),  # Tết 2026 skipped
        (date(2026, 2, 17), date(2026, 2, 27)),  # notified on a holiday
        (date(2027, 2, 3), date(2027, 2, 17)),  # Tết 2027, other solar dates
        (date(2024, 2, 27), date(2024, 3, 5)),  # leap year
    ],
)
def test_register_voluntary_rehab_within_five_working_days(rules, notified, deadline):
    p = person(assessment(notified), category="addict")
    items = person_due_items(rules, p, notified)
    assert kinds(items) == [(DueKind.REGISTER_REHAB, deadline)]


def test_registration_is_no_longer_due_once_rehab_starts(rules):
    p = person(
        assessment(date(2026, 3, 2)),
        ep(T.VOLUNTARY_REHAB_COMMUNITY, date(2026, 3, 5), id="e2", planned_end=date(2026, 9, 5)),
        category="addict",
    )
    assert [i.kind for i in person_due_items(rules, p, date(2026, 3, 6))] == [
        DueKind.VOLUNTARY_REHAB_END
    ]


def test_registration_is_not_due_for_an_illegal_user_or_a_negative_finding(rules):
    assert person_due_items(rules, person(assessment(date(2026, 3, 2))), date(2026, 3, 3)) == []
    negative = person(assessment(date(2026, 3, 2), "Không nghiện"), category="addict")
    assert person_due_items(rules, negative, date(2026, 3, 3)) == []


def test_a_passed_registration_deadline_is_listed_for_the_look_back_window(rules):
    p = person(assessment(date(2026, 3, 2)), category="addict")  # due 09/03
    assert person_due_items(rules, p, date(2026, 4, 8), lookback_days=30)[0].days_left == -30
    assert person_due_items(rules, p, date(2026, 4, 9), lookback_days=30) == []


@pytest.mark.parametrize(
    ("outcome", "due"),
    [
        ("Chuyển đi nơi khác cư trú", True),
        ("Chuyển nơi cư trú đến xã Y", True),
        ("CHUYEN DI", True),
        ("Chuyển đi, đã thông báo Công an xã Y", False),
        ("Hoàn thành", False),
    ],
)
def test_notify_the_receiving_commune_within_24_hours(rules, outcome, due):
    moved = ep(
        T.ILLEGAL_USE_MANAGEMENT, date(2026, 7, 1), actual_end=date(2026, 8, 14), outcome=outcome
    )
    items = person_due_items(rules, person(moved), date(2026, 8, 14))
    assert kinds(items) == ([(DueKind.NOTIFY_RECEIVING, date(2026, 8, 15))] if due else [])


def test_a_changed_rule_changes_the_deadline_without_code(rules):
    longer = RuleSet(
        [
            *rules.all(),
            Rule(
                "deadline.register_voluntary_rehab.working_days",
                10,
                "working_days",
                "test",
                date(2026, 1, 1),
            ),
        ]
    )
    p = person(assessment(date(2026, 3, 2)), category="addict")
    assert person_due_items(longer, p, date(2026, 3, 2))[0].due == date(2026, 3, 16)


def test_items_are_sorted_by_date_then_name(rules):
    a = PersonFacts(
        "a", "Trần B", (ep(T.POST_REHAB, date(2026, 1, 1), planned_end=date(2026, 12, 5)),)
    )
    b = PersonFacts(
        "b", "Lê C", (ep(T.POST_REHAB, date(2026, 1, 1), planned_end=date(2026, 12, 3)),)
    )
    c = PersonFacts(
        "c", "Đỗ D", (ep(T.POST_REHAB, date(2026, 1, 1), planned_end=date(2026, 12, 5)),)
    )
    items = due_items(rules, [a, b, c], date(2026, 12, 1))
    assert [i.person_id for i in items] == ["b", "c", "a"]
