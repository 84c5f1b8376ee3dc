"""The Overview's figures: the same counts as `xasach stats`, hotspots rebuilt month by month
from their events, propaganda coverage per month, and each role sees only its figures."""

from __future__ import annotations

from datetime import date

import pytest

from xasach.demo import generate_demo
from xasach.domain.roles import Actor, PermissionDenied, Role
from xasach.services.overview import (
    activities_in_year,
    coverage_by_month,
    hotspot_history,
    month_ends,
    overview,
    people_by_status,
)
from xasach.services.stats import register_stats
from xasach.services.villages import add_villages
from xasach.store.models import Activity, ActivityVillage, Hotspot, HotspotEvent

from conftest import COMMUNE_CODE

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(db):
    generate_demo(db, persons=120, hotspots=12, activities=80, seed=7, today=TODAY)
    return db


def test_overview_figures_match_the_register_stats(demo):
    with demo.reader() as s:
        stats = register_stats(s, today=TODAY)
        view = overview(s, today=TODAY)
    assert view.people_total == stats["persons"]["total"]
    assert {p.status: p.count for p in view.people} == {
        k: v["count"] for k, v in stats["persons"]["by_status"].items()
    }
    hotspots = {k: v["count"] for k, v in stats["hotspots"]["by_status"].items()}
    assert view.hotspots_active == hotspots.get("active", 0) + hotspots.get("re_emerged", 0)
    assert view.hotspots_eliminated == hotspots.get("eliminated", 0)
    assert view.activities_this_year == stats["activities"]["this_year"]
    assert view.villages == stats["villages"]


def test_the_last_month_of_the_hotspot_history_is_today(demo):
    with demo.reader() as s:
        view = overview(s, today=TODAY)
    assert len(view.hotspot_history) == 24
    last = view.hotspot_history[-1]
    assert last.month == date(2026, 11, 1)
    assert (last.active, last.eliminated) == (view.hotspots_active, view.hotspots_eliminated)


def test_coverage_counts_every_due_month_and_none_to_come(demo):
    with demo.reader() as s:
        view = overview(s, today=TODAY)
    assert [c.month for c in view.coverage] == list(range(1, 13))
    assert [c.due for c in view.coverage] == [True] * 11 + [False]
    assert all(0 <= c.share <= 1 for c in view.coverage if c.due)
    assert view.coverage[11].share is None
    assert sum(c.activities for c in view.coverage) == view.activities_this_year


def test_month_ends_end_today_and_at_month_ends():
    ends = month_ends(date(2026, 3, 10), 3)
    assert ends == [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 10)),
    ]


def test_hotspot_history_follows_the_events(db):
    with db.session() as s:
        h = Hotspot(unit_code=COMMUNE_CODE, kind="point", discovered_date=date(2026, 1, 10))
        later = Hotspot(unit_code=COMMUNE_CODE, kind="point", discovered_date=date(2026, 4, 2))
        s.add_all([h, later])
        s.flush()
        for when, status in [
            (date(2026, 1, 10), "active"),
            (date(2026, 2, 15), "eliminated"),
            (date(2026, 4, 20), "re_emerged"),
        ]:
            s.add(
                HotspotEvent(
                    unit_code=COMMUNE_CODE, hotspot_id=h.id, event_date=when, status=status
                )
            )
    with db.reader() as s:
        months = hotspot_history(s, today=date(2026, 5, 3), months=6)
    assert [(m.month.month, m.active, m.eliminated) for m in months] == [
        (12, 0, 0),
        (1, 1, 0),
        (2, 0, 1),
        (3, 0, 1),
        (4, 2, 0),
        (5, 2, 0),
    ]


def test_coverage_is_the_share_of_villages_reached_each_month(db):
    with db.session() as s:
        a, b, c, _d = add_villages(s, ["Thôn A", "Thôn B", "Thôn C", "Thôn D"])
        plan = [(date(2026, 1, 5), [a, b]), (date(2026, 1, 20), [a]), (date(2026, 2, 3), [c])]
        for when, reached in plan:
            act = Activity(unit_code=COMMUNE_CODE, activity_date=when, form="banner", topic="t")
            s.add(act)
            s.flush()
            for v in reached:
                s.add(ActivityVillage(unit_code=COMMUNE_CODE, activity_id=act.id, village_id=v.id))
        old = Activity(
            unit_code=COMMUNE_CODE, activity_date=date(2025, 1, 5), form="banner", topic="t"
        )
        s.add(old)
    with db.reader() as s:
        months = coverage_by_month(s, 2026, today=date(2026, 3, 15))
        assert activities_in_year(s, 2026) == 3
    assert [(m.covered, m.activities, m.share) for m in months[:4]] == [
        (2, 2, 0.5),
        (1, 1, 0.25),
        (0, 0, 0.0),
        (0, 0, None),
    ]


def test_the_culture_officer_gets_no_people_or_hotspot_figures(demo):
    demo.actor = Actor("vanhoa", Role.CULTURE)
    with demo.reader() as s:
        view = overview(s, today=TODAY)
        with pytest.raises(PermissionDenied):
            people_by_status(s)
    assert view.people is None and view.people_total is None
    assert view.hotspots_active is None and view.hotspot_history is None
    assert view.activities_this_year is not None and view.coverage is not None


def test_the_leader_sees_every_count(demo):
    demo.actor = Actor("lanhdao", Role.LEADER)
    with demo.reader() as s:
        view = overview(s, today=TODAY)
    assert view.people_total and view.hotspots_active is not None
    assert view.activities_this_year and view.villages


def test_nobody_logged_in_sees_nothing(demo):
    demo.actor = None
    with pytest.raises(PermissionDenied), demo.reader() as s:
        overview(s, today=TODAY)
