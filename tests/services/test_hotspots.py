"""The hotspot register: form rules, dated status history, linked people, roles, the list."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from xasach.domain.errors import DomainError
from xasach.domain.roles import Actor, PermissionDenied, Role
from xasach.services.hotspot_queries import (
    HotspotQuery,
    HotspotSort,
    count_hotspots,
    get_hotspot,
    hotspot_history,
    hotspot_people,
    list_hotspots,
    village_choices,
)
from xasach.services.hotspots import (
    HotspotData,
    change_status,
    create_hotspot,
    delete_hotspot,
    link_person,
    unlink_person,
    update_hotspot,
)
from xasach.services.people import create_person
from xasach.store.models import HotspotEvent, HotspotPerson, Village

TODAY = date(2026, 11, 23)
UNIT = "00070"


@pytest.fixture
def villages(db):
    with db.session() as s:
        rows = [
            Village(unit_code=UNIT, name="Thôn Đông Hưng", sort_order=2),
            Village(unit_code=UNIT, name="Tổ dân phố số 3", sort_order=1),
            Village(unit_code="00073", name="Thôn của xã khác", sort_order=1),
        ]
        s.add_all(rows)
    return [v.id for v in rows]


def data(village_id, /, **changes):
    base = HotspotData(
        kind="gathering",
        name="Nhà hoang ven đê",
        village_id=village_id,
        discovered_date=date(2026, 3, 1),
        address_text="Ngõ 5, đường Đê La Thành",
        latitude=21.0285,
        longitude=105.8542,
    )
    return replace(base, **changes)


def new_hotspot(db, village_id, /, **changes):
    with db.session() as s:
        return create_hotspot(s, data(village_id, **changes), today=TODAY).id


def history(db, hotspot_id):
    with db.reader() as s:
        return [(e.status, e.event_date) for e in hotspot_history(s, hotspot_id)]


def test_a_new_hotspot_is_active_since_discovery(db, villages):
    hid = new_hotspot(db, villages[0])
    with db.reader() as s:
        detail = get_hotspot(s, hid)
    assert detail.data.name == "Nhà hoang ven đê"
    assert (detail.status, detail.status_date) == ("active", date(2026, 3, 1))
    assert history(db, hid) == [("active", date(2026, 3, 1))]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "   "}, "name"),
        ({"kind": "casino"}, "kind"),
        ({"village_id": None}, "village_id"),
        ({"discovered_date": None}, "discovered_date"),
        ({"discovered_date": date(2026, 11, 24)}, "discovered_date"),
        ({"latitude": 48.85, "longitude": 2.35}, "latitude"),
        ({"latitude": 21.0, "longitude": 2.35}, "longitude"),
        ({"latitude": None}, "latitude"),
        ({"longitude": None}, "longitude"),
    ],
)
def test_the_form_rules_name_the_field_at_fault(db, villages, changes, field):
    with pytest.raises(DomainError) as err, db.session() as s:
        create_hotspot(s, data(villages[0], **changes), today=TODAY)
    assert err.value.field == field


def test_a_village_of_another_commune_is_refused(db, villages):
    with pytest.raises(DomainError) as err, db.session() as s:
        create_hotspot(s, data(villages[2]), today=TODAY)
    assert err.value.field == "village_id"


def test_gps_in_the_truong_sa_islands_is_accepted(db, villages):
    hid = new_hotspot(db, villages[0], latitude=8.64, longitude=111.92)
    with db.reader() as s:
        assert get_hotspot(s, hid).data.longitude == 111.92


def test_eliminated_then_re_emerged_keeps_both_events(db, villages):
    hid = new_hotspot(db, villages[0])
    with db.session() as s:
        change_status(s, hid, "eliminated", date(2026, 5, 2), "Triệt xóa", today=TODAY)
    with db.session() as s:
        change_status(s, hid, "re_emerged", date(2026, 9, 9), today=TODAY)
    assert history(db, hid) == [
        ("re_emerged", date(2026, 9, 9)),
        ("eliminated", date(2026, 5, 2)),
        ("active", date(2026, 3, 1)),
    ]
    with db.reader() as s:
        detail = get_hotspot(s, hid)
    assert (detail.status, detail.status_date) == ("re_emerged", date(2026, 9, 9))


def test_eliminated_on_the_day_of_discovery(db, villages):
    hid = new_hotspot(db, villages[0])
    with db.session() as s:
        change_status(s, hid, "eliminated", date(2026, 3, 1), today=TODAY)
    with db.reader() as s:
        assert get_hotspot(s, hid).status == "eliminated"


@pytest.mark.parametrize(
    ("steps", "status", "when", "field"),
    [
        ([], "re_emerged", date(2026, 6, 1), "status"),  # only an eliminated one re-emerges
        ([("eliminated", date(2026, 5, 1))], "eliminated", date(2026, 6, 1), "status"),
        ([], "active", date(2026, 6, 1), "status"),  # active is the discovery alone
        ([], "sold", date(2026, 6, 1), "status"),
        ([], "eliminated", date(2026, 2, 28), "event_date"),  # before discovery
        ([("eliminated", date(2026, 5, 1))], "re_emerged", date(2026, 4, 30), "event_date"),
        ([], "eliminated", date(2026, 11, 24), "event_date"),  # in the future
        ([], "eliminated", None, "event_date"),
    ],
)
def test_status_changes_follow_the_history(db, villages, steps, status, when, field):
    hid = new_hotspot(db, villages[0])
    for step, day in steps:
        with db.session() as s:
            change_status(s, hid, step, day, today=TODAY)
    with pytest.raises(DomainError) as err, db.session() as s:
        change_status(s, hid, status, when, today=TODAY)
    assert err.value.field == field
    assert len(history(db, hid)) == 1 + len(steps)


def test_correcting_the_discovery_date_moves_the_first_event(db, villages):
    hid = new_hotspot(db, villages[0])
    with db.session() as s:
        update_hotspot(s, hid, data(villages[1], discovered_date=date(2026, 2, 14)), today=TODAY)
    assert history(db, hid) == [("active", date(2026, 2, 14))]
    with db.reader() as s:
        assert get_hotspot(s, hid).data.village_id == villages[1]


def test_the_discovery_date_cannot_pass_the_next_event(db, villages):
    hid = new_hotspot(db, villages[0])
    with db.session() as s:
        change_status(s, hid, "eliminated", date(2026, 4, 1), today=TODAY)
    with pytest.raises(DomainError) as err, db.session() as s:
        update_hotspot(s, hid, data(villages[0], discovered_date=date(2026, 4, 2)), today=TODAY)
    assert err.value.field == "discovered_date"


@pytest.fixture
def person_id(db, villages):
    with db.session() as s:
        return create_person(
            s, today=TODAY, full_name="Trần Thị Bích", birth_year=1988, village_id=villages[0]
        ).id


def test_link_and_unlink_a_person(db, villages, person_id):
    hid = new_hotspot(db, villages[0])
    with db.session() as s:
        link_person(s, hid, person_id, "chủ điểm")
    with db.reader() as s:
        (line,) = hotspot_people(s, hid)
    assert (line.name, line.role) == ("Trần Thị Bích", "chủ điểm")
    with db.session() as s:
        unlink_person(s, line.id)
    with db.reader() as s:
        assert hotspot_people(s, hid) == []


def test_a_person_is_linked_once(db, villages, person_id):
    hid = new_hotspot(db, villages[0])
    with db.session() as s:
        link_person(s, hid, person_id)
    with pytest.raises(DomainError) as err, db.session() as s:
        link_person(s, hid, person_id, "người sử dụng")
    assert err.value.field == "person_id"


def test_delete_leaves_tombstones_and_hides_the_hotspot(db, villages, person_id):
    hid = new_hotspot(db, villages[0])
    with db.session() as s:
        link_person(s, hid, person_id)
    with db.session() as s:
        delete_hotspot(s, hid)
    with db.reader() as s:
        assert count_hotspots(s, HotspotQuery()) == 0
        for model in (HotspotEvent, HotspotPerson):
            rows = s.scalars(select(model).where(model.hotspot_id == hid)).all()
            assert rows and all(r.deleted_at is not None for r in rows)
        with pytest.raises(DomainError):
            get_hotspot(s, hid)


@pytest.mark.parametrize("role", [Role.CULTURE, Role.LEADER])
def test_roles_without_hotspot_rights_are_refused(db, villages, role):
    hid = new_hotspot(db, villages[0])
    db.actor = Actor("khac", role)
    with pytest.raises(PermissionDenied), db.session() as s:
        create_hotspot(s, data(villages[0]), today=TODAY)
    with pytest.raises(PermissionDenied), db.session() as s:
        change_status(s, hid, "eliminated", date(2026, 5, 1), today=TODAY)
    with pytest.raises(PermissionDenied), db.reader() as s:
        list_hotspots(s, HotspotQuery())


def test_the_social_officer_sees_but_may_not_edit(db, villages):
    hid = new_hotspot(db, villages[0])
    db.actor = Actor("xahoi", Role.SOCIAL)
    with db.reader() as s:
        assert [h.id for h in list_hotspots(s, HotspotQuery())] == [hid]
    with pytest.raises(PermissionDenied), db.session() as s:
        delete_hotspot(s, hid)


@pytest.fixture
def register(db, villages):
    """Five hotspots: three in Đông Hưng, one eliminated, one growing site."""
    ids = {}
    for i, (name, kind, village) in enumerate(
        [
            ("Quán nước đầu cầu", "point", 0),
            ("Bãi sông Hồng", "gathering", 0),
            ("Nương ngô trên đồi", "growing", 1),
            ("Nhà trọ Đức Thành", "use_harbouring", 0),
            ("Gầm cầu Long Biên", "gathering", 1),
        ]
    ):
        ids[name] = new_hotspot(
            db, villages[village], name=name, kind=kind, discovered_date=date(2026, 1, 1 + i)
        )
    with db.session() as s:
        change_status(s, ids["Bãi sông Hồng"], "eliminated", date(2026, 6, 1), today=TODAY)
    return ids


def names(db, query, **page):
    with db.reader() as s:
        return [h.name for h in list_hotspots(s, query, **page)]


def test_filters_by_status_kind_and_village(db, villages, register):
    assert names(db, HotspotQuery(statuses=frozenset({"eliminated"}))) == ["Bãi sông Hồng"]
    assert names(db, HotspotQuery(kind="growing")) == ["Nương ngô trên đồi"]
    assert sorted(names(db, HotspotQuery(village_id=villages[1]))) == [
        "Gầm cầu Long Biên",
        "Nương ngô trên đồi",
    ]


def test_text_search_ignores_accents_and_matches_the_village(db, villages, register):
    assert names(db, HotspotQuery(text="duc thanh")) == ["Nhà trọ Đức Thành"]
    assert len(names(db, HotspotQuery(text="dong hung"))) == 3


def test_sort_and_paging_in_sql(db, villages, register):
    query = HotspotQuery(sort=HotspotSort.NAME, descending=False)
    everything = names(db, query)
    assert everything == [
        "Bãi sông Hồng",
        "Gầm cầu Long Biên",
        "Nhà trọ Đức Thành",
        "Nương ngô trên đồi",
        "Quán nước đầu cầu",
    ]
    assert names(db, query, limit=2, offset=2) == everything[2:4]
    newest = names(db, HotspotQuery(sort=HotspotSort.DISCOVERED, descending=True))
    assert newest[0] == "Gầm cầu Long Biên"
    with db.reader() as s:
        assert count_hotspots(s, HotspotQuery(text="cau")) == 2


def test_village_choices_are_the_communes_in_order(db, villages):
    with db.reader() as s:
        assert [v.name for v in village_choices(s)] == ["Tổ dân phố số 3", "Thôn Đông Hưng"]


def test_deleting_a_persons_file_unlinks_it_from_its_hotspots(db, villages, person_id):
    """The hotspot list's people count and the hotspot's page agree: a deleted file's links
    get tombstones (synced up like any change) instead of being counted forever."""
    from xasach.services.people import delete_person

    hid = new_hotspot(db, villages[0])
    with db.session() as s:
        link_person(s, hid, person_id, "người sử dụng")
    with db.reader() as s:
        (line,) = list_hotspots(s, HotspotQuery())
        assert line.people == 1
    with db.session() as s:
        delete_person(s, person_id)
    with db.reader() as s:
        (line,) = list_hotspots(s, HotspotQuery())
        assert line.people == 0
        assert hotspot_people(s, hid) == []
        (link,) = s.scalars(select(HotspotPerson).where(HotspotPerson.hotspot_id == hid)).all()
        assert link.deleted_at is not None


def test_the_last_status_change_can_be_taken_back_and_a_tombstone_stays(db, villages):
    from xasach.services.hotspots import undo_last_status_change

    hid = new_hotspot(db, villages[0])
    with db.session() as s:
        change_status(s, hid, "eliminated", date(2026, 5, 2), today=TODAY)
    with db.session() as s:
        change_status(s, hid, "re_emerged", date(2026, 9, 9), today=TODAY)
    with db.session() as s:
        undone = undo_last_status_change(s, hid)
        assert (undone.status, undone.event_date) == ("re_emerged", date(2026, 9, 9))
    assert history(db, hid) == [("eliminated", date(2026, 5, 2)), ("active", date(2026, 3, 1))]
    with db.reader() as s:
        detail = get_hotspot(s, hid)
        assert (detail.status, detail.status_date) == ("eliminated", date(2026, 5, 2))
        gone = s.get(HotspotEvent, undone.id)
        assert gone is not None and gone.deleted_at is not None  # synced as a tombstone
    with db.session() as s:  # and the right change can be entered again
        change_status(s, hid, "re_emerged", date(2026, 10, 1), today=TODAY)
    with db.reader() as s:
        assert get_hotspot(s, hid).status == "re_emerged"


def test_the_discovery_cannot_be_taken_back(db, villages):
    from xasach.services.hotspots import undo_last_status_change

    hid = new_hotspot(db, villages[0])
    with pytest.raises(DomainError) as err, db.session() as s:
        undo_last_status_change(s, hid)
    assert "discovery" in err.value.message or "phát hiện" in err.value.message
    assert history(db, hid) == [("active", date(2026, 3, 1))]


def test_taking_back_a_change_needs_the_right_to_edit_hotspots(db, villages):
    from xasach.services.hotspots import undo_last_status_change

    hid = new_hotspot(db, villages[0])
    with db.session() as s:
        change_status(s, hid, "eliminated", date(2026, 5, 2), today=TODAY)
    db.actor = Actor("vanhoa", Role.CULTURE)
    with pytest.raises(PermissionDenied), db.session() as s:
        undo_last_status_change(s, hid)
