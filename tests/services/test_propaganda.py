"""The propaganda register: form rules, villages reached, coverage, roles, the list."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from xasach.demo import generate_demo
from xasach.domain.errors import DomainError
from xasach.domain.roles import Actor, PermissionDenied, Role
from xasach.services.propaganda import (
    ActivityData,
    coverage,
    create_activity,
    delete_activity,
    update_activity,
)
from xasach.services.propaganda_queries import (
    ActivityQuery,
    ActivitySort,
    activity_years,
    count_activities,
    get_activity,
    list_activities,
)
from xasach.store.models import ActivityVillage, Village

TODAY = date(2026, 11, 23)
UNIT = "00070"


@pytest.fixture
def villages(db):
    with db.session() as s:
        rows = [
            Village(unit_code=UNIT, name="Thôn Đông Hưng", sort_order=1),
            Village(unit_code=UNIT, name="Tổ dân phố số 3", sort_order=2),
            Village(unit_code=UNIT, name="Bản Phiêng Luông", sort_order=3),
            Village(unit_code="00073", name="Thôn của xã khác", sort_order=1),
        ]
        s.add_all(rows)
    return [v.id for v in rows]


def data(village_ids, /, **changes):
    base = ActivityData(
        activity_date=date(2026, 3, 8),
        form="conference",
        topic="Tác hại của ma túy tổng hợp",
        village_ids=tuple(village_ids),
        organiser="Công an xã",
        partners="Đoàn Thanh niên",
        audience="youth",
        participants=120,
        materials=200,
        cost_vnd=1_500_000,
    )
    return replace(base, **changes)


def new_activity(db, village_ids, /, **changes):
    with db.session() as s:
        return create_activity(s, data(village_ids, **changes), today=TODAY).id


def cell(db, village_id, month, year=2026):
    with db.reader() as s:
        grid = coverage(s, year, today=TODAY)
    (row,) = [r for r in grid.rows if r.village_id == village_id]
    return row.count(month)


def test_an_activity_for_two_villages_counts_in_both_cells(db, villages):
    aid = new_activity(db, villages[:2])
    assert [cell(db, v, 3) for v in villages[:3]] == [1, 1, 0]
    with db.reader() as s:
        assert set(get_activity(s, aid).data.village_ids) == set(villages[:2])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"activity_date": None}, "activity_date"),
        ({"activity_date": date(2026, 11, 24)}, "activity_date"),
        ({"form": "karaoke"}, "form"),
        ({"topic": "  "}, "topic"),
        ({"audience": "aliens"}, "audience"),
        ({"participants": -1}, "participants"),
        ({"materials": -5}, "materials"),
        ({"cost_vnd": -1000}, "cost_vnd"),
        ({"village_ids": ()}, "village_ids"),
    ],
)
def test_the_form_rules_name_the_field_at_fault(db, villages, changes, field):
    with pytest.raises(DomainError) as err, db.session() as s:
        create_activity(s, data(villages[:1], **changes), today=TODAY)
    assert err.value.field == field


def test_a_village_of_another_commune_is_refused(db, villages):
    with pytest.raises(DomainError) as err, db.session() as s:
        create_activity(s, data([villages[0], villages[3]]), today=TODAY)
    assert err.value.field == "village_ids"
    with db.reader() as s:
        assert count_activities(s, ActivityQuery()) == 0


def test_changing_villages_tombstones_the_old_link_and_adds_a_new_row(db, villages):
    aid = new_activity(db, villages[:2])
    with db.session() as s:
        update_activity(s, aid, data(villages[1:3], topic="Phòng chống ma túy"), today=TODAY)
    assert [cell(db, v, 3) for v in villages[:3]] == [0, 1, 1]
    with db.reader() as s:
        links = s.scalars(select(ActivityVillage).where(ActivityVillage.activity_id == aid))
        state = sorted((link.village_id, link.deleted_at is None) for link in links)
    assert state == sorted([(villages[0], False), (villages[1], True), (villages[2], True)])


def test_deleting_removes_the_activity_from_coverage_and_list(db, villages):
    aid = new_activity(db, villages[:1])
    with db.session() as s:
        delete_activity(s, aid)
    assert cell(db, villages[0], 3) == 0
    with db.reader() as s:
        assert list_activities(s, ActivityQuery()) == []
        with pytest.raises(DomainError):
            get_activity(s, aid)


def test_coverage_counts_activities_per_village_month(db, villages):
    new_activity(db, villages[:1], activity_date=date(2026, 1, 5))
    new_activity(db, villages[:1], activity_date=date(2026, 1, 25))
    new_activity(db, villages[:1], activity_date=date(2025, 12, 31))
    assert cell(db, villages[0], 1) == 2
    assert cell(db, villages[0], 12, year=2025) == 1


def test_coverage_rows_follow_the_village_order_and_only_due_months_are_gaps(db, villages):
    for month in range(1, 12):
        new_activity(db, villages[:2], activity_date=date(2026, month, 1))
    with db.reader() as s:
        grid = coverage(s, 2026, today=TODAY)
    assert [r.village_name for r in grid.rows] == [
        "Thôn Đông Hưng",
        "Tổ dân phố số 3",
        "Bản Phiêng Luông",
    ]
    assert grid.due == 3 * 11  # December is after today
    assert {g.village_id for g in grid.gaps} == {villages[2]}
    assert grid.covered == 22


@pytest.fixture
def register(db, villages):
    specs = [
        (date(2026, 1, 10), "loudspeaker", "Phát thanh về cai nghiện tự nguyện", [0]),
        (date(2026, 3, 8), "conference", "Hội nghị tác hại ma túy đá", [0, 1]),
        (date(2026, 3, 20), "leaflet", "Phát tờ rơi tại chợ Đồng Xuân", [1]),
        (date(2025, 11, 2), "school", "Ngoại khóa tại trường THCS", [2]),
    ]
    for day, form, topic, vs in specs:
        new_activity(db, [villages[i] for i in vs], activity_date=day, form=form, topic=topic)


def topics(db, query, **page):
    with db.reader() as s:
        return [a.topic for a in list_activities(s, query, **page)]


def test_filters_by_month_village_form_and_words(db, villages, register):
    march = topics(db, ActivityQuery(year=2026, month=3))
    assert sorted(march) == ["Hội nghị tác hại ma túy đá", "Phát tờ rơi tại chợ Đồng Xuân"]
    assert len(topics(db, ActivityQuery(year=2026))) == 3
    assert sorted(topics(db, ActivityQuery(village_id=villages[0]))) == [
        "Hội nghị tác hại ma túy đá",
        "Phát thanh về cai nghiện tự nguyện",
    ]
    assert topics(db, ActivityQuery(form="school")) == ["Ngoại khóa tại trường THCS"]
    assert topics(db, ActivityQuery(text="dong xuan")) == ["Phát tờ rơi tại chợ Đồng Xuân"]


def test_december_is_a_month_like_the_others(db, villages):
    new_activity(db, villages[:1], activity_date=date(2025, 12, 31))
    assert len(topics(db, ActivityQuery(year=2025, month=12))) == 1


def test_sorted_and_paged_in_sql_with_village_names(db, villages, register):
    oldest_first = ActivityQuery(sort=ActivitySort.DATE, descending=False)
    assert topics(db, oldest_first, limit=2, offset=1) == [
        "Phát thanh về cai nghiện tự nguyện",
        "Hội nghị tác hại ma túy đá",
    ]
    with db.reader() as s:
        (line,) = list_activities(s, ActivityQuery(year=2026, month=3, form="conference"))
        assert line.villages == ("Thôn Đông Hưng", "Tổ dân phố số 3")
        assert activity_years(s, today=TODAY) == [2026, 2025]


def test_the_culture_officer_may_edit_propaganda(db, villages):
    db.actor = Actor("vanhoa", Role.CULTURE)
    aid = new_activity(db, villages[:1])
    with db.session() as s:
        update_activity(s, aid, data(villages[:2]), today=TODAY)
        delete_activity(s, aid)


def test_the_leader_may_neither_edit_nor_read_the_register(db, villages):
    aid = new_activity(db, villages[:1])
    db.actor = Actor("lanhdao", Role.LEADER)
    with pytest.raises(PermissionDenied), db.session() as s:
        create_activity(s, data(villages[:1]), today=TODAY)
    with pytest.raises(PermissionDenied), db.session() as s:
        delete_activity(s, aid)
    with pytest.raises(PermissionDenied), db.reader() as s:
        coverage(s, 2026, today=TODAY)


def test_the_social_officer_reads_but_may_not_edit(db, villages):
    aid = new_activity(db, villages[:1])
    db.actor = Actor("xahoi", Role.SOCIAL)
    with db.reader() as s:
        assert count_activities(s, ActivityQuery()) == 1
    with pytest.raises(PermissionDenied), db.session() as s:
        update_activity(s, aid, data(villages[:2]), today=TODAY)


def test_the_demo_years_coverage_has_its_deliberate_gaps(db):
    generate_demo(db, persons=10, hotspots=2, activities=120, seed=7, today=TODAY)
    with db.reader() as s:
        grid = coverage(s, TODAY.year, today=TODAY)
        links = s.scalars(select(ActivityVillage).where(ActivityVillage.deleted_at.is_(None)))
        in_year = [link for link in links if link.activity.activity_date.year == TODAY.year]
    assert grid.rows and grid.gaps
    assert 0 < grid.share < 1
    assert sum(grid.total(m) for m in range(1, 13)) == len(in_year)
