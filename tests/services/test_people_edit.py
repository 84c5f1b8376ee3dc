"""Correcting a file: identity rules on update, soft delete, closing and correcting episodes,
drug tests, the dialog's read model (audited view, masked ID, linked hotspots), roles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from xasach.domain.errors import DomainError
from xasach.domain.roles import Actor, PermissionDenied, Role
from xasach.services.episodes import add_drug_test, close_episode, correct_episode
from xasach.services.hotspots import HotspotData, create_hotspot, link_person
from xasach.services.people import (
    add_episode,
    create_person,
    delete_person,
    identity_problems,
    open_person,
    search_people,
    update_person,
)
from xasach.services.people_list import PeopleFilter, count_people
from xasach.services.person_file import (
    open_person_file,
    person_drug_tests,
    person_episodes,
    person_hotspots,
    plan_episode,
)
from xasach.store.models import AuditEntry, Person, Village

TODAY = date.today()
UNIT = "00070"


@pytest.fixture
def duc(db):
    """Nguyễn Văn Đức, born 02/04/1990, with a valid personal ID number."""
    with db.session() as s:
        person = create_person(
            s,
            full_name="Nguyễn Văn Đức",
            birth_date=date(1990, 4, 2),
            sex="M",
            id_number="001090123456",
            today=TODAY,
        )
    return person.id


def stored(db, person_id):
    with db.reader() as s:
        return s.get(Person, person_id)


# --- identity ---------------------------------------------------------------------------------


def test_update_writes_only_changed_fields(db, duc):
    version = stored(db, duc).version
    with db.session() as s:
        update_person(s, duc, full_name="Nguyễn Văn Đức", occupation="", today=TODAY)
    assert stored(db, duc).version == version  # nothing changed: no new version to sync
    with db.session() as s:
        update_person(s, duc, full_name="  Nguyễn   Văn Đức ", occupation="Lái xe", today=TODAY)
    person = stored(db, duc)
    assert (person.full_name, person.occupation, person.version) == (
        "Nguyễn Văn Đức",
        "Lái xe",
        version + 1,
    )


def test_an_invalid_id_number_is_refused_on_its_field_and_nothing_is_written(db, duc):
    with pytest.raises(DomainError) as err, db.session() as s:
        update_person(s, duc, id_number="00109012345X", occupation="Thợ hồ", today=TODAY)
    assert err.value.field == "id_number"
    assert stored(db, duc).occupation == ""


def test_a_new_birth_year_is_checked_against_the_stored_id_number(db, duc):
    with pytest.raises(DomainError) as err, db.session() as s:
        update_person(s, duc, birth_date=None, birth_year=1991, today=TODAY)
    assert err.value.field == "id_number"
    with pytest.raises(DomainError) as err, db.session() as s:
        update_person(s, duc, sex="F", today=TODAY)
    assert err.value.field == "id_number"


def test_birth_given_as_a_year_replaces_the_date(db, duc):
    with db.session() as s:
        update_person(s, duc, birth_year=1990, today=TODAY)
    person = stored(db, duc)
    assert (person.birth_date, person.birth_year) == (None, 1990)


def test_a_village_of_another_commune_is_refused(db, duc):
    with db.session() as s:
        other = Village(unit_code="00073", name="Thôn khác")
        s.add(other)
    with pytest.raises(DomainError) as err, db.session() as s:
        update_person(s, duc, village_id=other.id, today=TODAY)
    assert err.value.field == "village_id"


def test_the_year_drug_use_began_and_the_category_are_checked(db, duc):
    with pytest.raises(DomainError) as err, db.session() as s:
        update_person(s, duc, using_since_year=TODAY.year + 1, today=TODAY)
    assert err.value.field == "using_since_year"
    with pytest.raises(DomainError) as err, db.session() as s:
        create_person(s, full_name="Lê Văn Nam", category="dealer")
    assert err.value.field == "category"


def test_identity_problems_name_each_field_while_typing(db, duc):
    with db.reader() as s:
        assert identity_problems(s, None, full_name="Lê Văn Nam", birth_year=1980) == {}
        problems = identity_problems(
            s, None, full_name=" ", birth_year=1980, sex="M", id_number="0010801234", today=TODAY
        )
        assert set(problems) == {"full_name", "id_number"}
        # The stored (masked) number is checked against a changed birth year.
        problems = identity_problems(s, duc, full_name="Nguyễn Văn Đức", birth_year=1991, sex="M")
        assert set(problems) == {"id_number"}
        assert "1991" in problems["id_number"]


def test_soft_delete_hides_the_file_from_list_search_and_opening(db, duc):
    with db.session() as s:
        delete_person(s, duc)
    with db.reader() as s:
        assert count_people(s, PeopleFilter()) == 0
        assert count_people(s, PeopleFilter(text="duc")) == 0
        assert search_people(s, "duc") == []
        assert count_people(s, PeopleFilter(include_deleted=True)) == 1
    assert stored(db, duc).deleted_at is not None  # a tombstone, not a physical delete
    with pytest.raises(DomainError), db.session() as s:
        open_person(s, duc)


# --- episodes ---------------------------------------------------------------------------------


@pytest.fixture
def management(db, duc):
    with db.session() as s:
        person = s.get(Person, duc)
        episode = add_episode(s, person, "illegal_use_management", TODAY - timedelta(60))
    return episode.id


def test_closing_an_episode_ends_the_management(db, duc, management):
    assert stored(db, duc).status == "illegal_use_management"
    with db.session() as s:
        close_episode(s, management, TODAY - timedelta(1), "Chấp hành tốt", today=TODAY)
    assert stored(db, duc).status == "none"
    with db.reader() as s:
        (line,) = person_episodes(s, duc)
    assert (line.actual_end, line.outcome) == (TODAY - timedelta(1), "Chấp hành tốt")
    assert not line.is_open(TODAY)


def test_an_end_before_the_start_is_refused(db, management):
    with pytest.raises(DomainError) as err, db.session() as s:
        close_episode(s, management, TODAY - timedelta(61), today=TODAY)
    assert err.value.field == "actual_end"
    with pytest.raises(DomainError) as err, db.session() as s:
        close_episode(s, management, TODAY + timedelta(1), today=TODAY)
    assert err.value.field == "actual_end"


def test_an_episode_is_closed_once(db, management):
    with db.session() as s:
        close_episode(s, management, TODAY, today=TODAY)
    with pytest.raises(DomainError) as err, db.session() as s:
        close_episode(s, management, TODAY, today=TODAY)
    assert err.value.field == "actual_end"


def test_correcting_the_start_recomputes_the_planned_end(db, duc, management):
    start = date(2026, 1, 31) if date(2026, 2, 1) <= TODAY else TODAY - timedelta(30)
    with db.session() as s:
        episode = correct_episode(s, management, start_date=start, decision_number="12/QĐ")
        assert episode.planned_end == start.replace(year=start.year + 1)
        assert episode.decision_number == "12/QĐ"


def test_correcting_the_kind_uses_that_kinds_legal_range(db, duc, management):
    with db.session() as s:
        episode = correct_episode(s, management, kind="voluntary_rehab_community", today=TODAY)
        start = episode.start_date
        assert episode.duration_months is None  # the default of the new kind
        with pytest.raises(DomainError) as err:
            correct_episode(s, management, duration_months=13, today=TODAY)
        assert err.value.field == "duration_months"
        episode = correct_episode(s, management, duration_months=9, today=TODAY)
        assert (episode.planned_end.year * 12 + episode.planned_end.month) - (
            start.year * 12 + start.month
        ) == 9


def test_a_correction_with_an_end_before_the_start_is_refused(db, management):
    with pytest.raises(DomainError) as err, db.session() as s:
        correct_episode(s, management, actual_end=TODAY - timedelta(90), today=TODAY)
    assert err.value.field == "actual_end"


def test_the_planned_end_is_shown_before_saving(db):
    start = date(2026, 2, 1)
    with db.reader() as s:
        plan = plan_episode(s, "compulsory_rehab", start, months=18, birth_year=1990)
        assert (plan.bounds, plan.planned_end) == ((12, 24, 24), date(2027, 8, 1))
        minor = plan_episode(s, "compulsory_rehab", start, birth_year=2012)
        assert minor.bounds is not None and minor.bounds[2] < 24
        after = plan_episode(s, "post_rehab", start, after="compulsory_rehab", birth_year=1990)
        assert (after.bounds, after.planned_end) == ((24, 24, 24), date(2028, 2, 1))
        assert plan_episode(s, "substitution_therapy", start) == type(plan)(None, None)
        with pytest.raises(DomainError) as err:
            plan_episode(s, "compulsory_rehab", start, months=30, birth_year=1990)
        assert err.value.field == "duration_months"


# --- drug tests, hotspots, the dialog's read model --------------------------------------------


def test_drug_tests_are_checked_and_listed(db, duc):
    with pytest.raises(DomainError) as err, db.session() as s:
        add_drug_test(s, duc, TODAY + timedelta(1), "positive", today=TODAY)
    assert err.value.field == "test_date"
    with pytest.raises(DomainError) as err, db.session() as s:
        add_drug_test(s, duc, TODAY, "maybe", today=TODAY)
    assert err.value.field == "result"
    with db.session() as s:
        add_drug_test(s, duc, TODAY, "positive", "Methamphetamine (MET)", today=TODAY)
    with db.reader() as s:
        (line,) = person_drug_tests(s, duc)
    assert (line.result, line.substances) == ("positive", "Methamphetamine (MET)")
    assert line.result_label


def test_linked_hotspots_are_listed_read_only(db, duc):
    with db.session() as s:
        village = Village(unit_code=UNIT, name="Thôn Đông")
        s.add(village)
        s.flush()
        data = HotspotData("gathering", "Nhà hoang ven đê", village.id, date(2026, 3, 1))
        hotspot = create_hotspot(s, data, today=TODAY)
        link_person(s, hotspot.id, duc, "chủ điểm")
    with db.reader() as s:
        (link,) = person_hotspots(s, duc)
    assert (link.name, link.village, link.role) == ("Nhà hoang ven đê", "Thôn Đông", "chủ điểm")


def test_opening_the_file_is_audited_and_shows_the_id_masked(db, duc, management):
    with db.session() as s:
        file = open_person_file(s, duc)
    assert file.id_masked == "••••••••3456"
    assert "001090123456" not in repr(file)
    assert [e.kind for e in file.episodes] == ["illegal_use_management"]
    with db.reader() as s:
        views = s.scalars(select(AuditEntry).where(AuditEntry.action == "view")).all()
    assert [v.entity_id for v in views] == [duc]


@pytest.mark.parametrize("role", [Role.CULTURE, Role.LEADER])
def test_roles_without_edit_rights_are_refused(db, duc, management, role):
    db.actor = Actor("vanhoa", role)
    calls = [
        lambda s: update_person(s, duc, occupation="x"),
        lambda s: delete_person(s, duc),
        lambda s: close_episode(s, management, TODAY),
        lambda s: correct_episode(s, management, notes="x"),
        lambda s: add_drug_test(s, duc, TODAY, "negative"),
        lambda s: person_hotspots(s, duc),
        lambda s: open_person_file(s, duc),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied), db.session() as s:
            call(s)


def test_the_social_officer_may_edit(db, duc):
    db.actor = Actor("xahoi", Role.SOCIAL)
    with db.session() as s:
        update_person(s, duc, occupation="Thợ hồ")
    assert stored(db, duc).occupation == "Thợ hồ"
