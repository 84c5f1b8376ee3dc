"""Due items, classification and targets computed from a commune's registers, and a changed
rule or target that changes the result with no code touched."""

from __future__ import annotations

from datetime import date

import pytest

from xasach.domain.classification import CLASS1, UNDETERMINED
from xasach.domain.deadlines import DueKind
from xasach.domain.episodes import EpisodeType as T
from xasach.domain.errors import DomainError
from xasach.domain.periods import Period
from xasach.services.classification import classify, set_period_figures
from xasach.services.due import due_summary, list_due
from xasach.services.people import add_episode, create_person
from xasach.services.people_list import PeopleFilter, count_people
from xasach.services.rule_updates import rule_set_info, update_rules
from xasach.services.targets import evaluate_targets, load_plan, save_plan
from xasach.store.models import Hotspot, HotspotEvent

from conftest import COMMUNE_CODE

TODAY = date(2026, 11, 23)
YEAR = Period.parse("2026")


def person(s, name, **kw):
    return create_person(s, full_name=name, birth_year=1990, today=TODAY, **kw)


@pytest.fixture
def registers(db):
    """Five people with files, two harbouring places, a notified addict, a move."""
    with db.session() as s:
        for i in range(5):
            p = person(s, f"Người {i}")
            add_episode(s, p, T.ILLEGAL_USE_MANAGEMENT, date(2025, 12, 1 + i), today=TODAY)
        addict = person(s, "Lê Văn Nghiện", category="addict")
        add_episode(
            s, addict, T.ADDICTION_ASSESSMENT, date(2026, 11, 10),
            actual_end=date(2026, 11, 20), outcome="Xác định là người nghiện", today=TODAY,
        )  # fmt: skip
        moved = person(s, "Trần Chuyển")
        add_episode(
            s, moved, T.ILLEGAL_USE_MANAGEMENT, date(2026, 6, 1),
            actual_end=date(2026, 11, 22), outcome="Chuyển đi nơi khác", today=TODAY,
        )  # fmt: skip
        for found in (date(2025, 3, 1), date(2026, 2, 1)):
            h = Hotspot(
                unit_code=COMMUNE_CODE, kind="use_harbouring", name="Nhà X", discovered_date=found
            )
            s.add(h)
            s.flush()
            s.add(
                HotspotEvent(
                    unit_code=COMMUNE_CODE, hotspot_id=h.id, event_date=found, status="active"
                )
            )
    return db


def test_due_lists_planned_ends_registration_and_move_notification(registers):
    with registers.reader() as s:
        items = list_due(s, within_days=30, today=TODAY)
        summary = due_summary(s, within_days=30, today=TODAY)
    by_kind = {i.kind: i for i in items}
    # Friday 20/11 + 5 working days, 24/11 (Ngày Văn hóa Việt Nam) a holiday since 2026.
    assert by_kind[DueKind.REGISTER_REHAB].due == date(2026, 11, 30)
    assert by_kind[DueKind.NOTIFY_RECEIVING].due == date(2026, 11, 23)
    ends = [i for i in items if i.kind == DueKind.ILLEGAL_USE_END]
    assert [i.person_name for i in ends] == [f"Người {n}" for n in range(5)]  # 1–5/12/2026
    assert summary is not None and summary.total == len(items)
    assert [i.due for i in items] == sorted(i.due for i in items)


def test_people_list_due_filter_includes_notification_deadlines(registers):
    with registers.reader() as s:
        n = count_people(s, PeopleFilter(due_within_days=30), today=TODAY)
        due = {i.person_id for i in list_due(s, within_days=30, today=TODAY)}
    assert n == len(due)


def test_classification_counts_people_and_places_and_lists_missing_figures(registers):
    with registers.reader() as s:
        c = classify(s, YEAR)
    values = {k.key: k.value for k in c.criteria}
    assert values["class1.hotspots_min"] == 2
    assert c.result == UNDETERMINED  # no population: the ratios cannot be computed
    assert c.missing


def test_entered_figures_complete_the_classification(registers):
    with registers.session() as s:
        set_period_figures(
            s, YEAR, population=1000, offenders_arrested=1, plants_destroyed=0,
            area_destroyed_m2=0.0, on_trafficking_route=False,
        )  # fmt: skip
    with registers.reader() as s:
        c = classify(s, YEAR)
    # 6 of 1,000 with files (0.6%), 2 places, 1 arrest (0.1%): three loại-I criteria.
    assert c.result == CLASS1 and c.missing == ()


def test_quarter_figures_add_up_to_the_year(registers):
    with registers.session() as s:
        for q in range(1, 5):
            set_period_figures(s, Period.parse(f"2026-Q{q}"), offenders_arrested=q)
        set_period_figures(s, Period.parse("2026-Q4"), population=2000)
    with registers.reader() as s:
        c = classify(s, YEAR)
    arrests = next(k for k in c.criteria if k.key == "class1.arrests_ratio")
    assert arrests.value == pytest.approx(10 / 2000 * 100)


def test_a_negative_figure_is_refused(db):
    with db.session() as s, pytest.raises(DomainError):
        set_period_figures(s, YEAR, population=-1)


def test_targets_use_the_plan_and_a_changed_target_changes_the_mark(registers):
    with registers.reader() as s:
        before = {r.key: r for r in evaluate_targets(s, YEAR, today=TODAY)}
    services = before["services_reach"]
    assert services.value == 0 and services.met is False  # nobody reached rehab yet
    assert before["no_new_hotspots"].value == 1 and before["no_new_hotspots"].met is False
    assert before["model_per_village"].met is None  # not entered
    with registers.session() as s:
        plan = load_plan(s).with_target("no_new_hotspots", 1)
        save_plan(s, plan)
    with registers.reader() as s:
        after = {r.key: r for r in evaluate_targets(s, YEAR, today=TODAY)}
    assert after["no_new_hotspots"].met is True


def test_only_the_upper_level_edits_the_rule_table(db):
    with db.session() as s, pytest.raises(DomainError, match="Chỉ cấp trên mới sửa bảng quy định"):
        update_rules(s, {}, version="2099.1")


def test_rule_set_info_names_the_shipped_set(db):
    with db.reader() as s:
        info = rule_set_info(s)
    assert info.version and info.received_from == ""
    assert any(r.key == "classification.class1.criteria_needed" for r in info.rules)
