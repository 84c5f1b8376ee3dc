from datetime import date

import pytest

from xasach.domain.errors import DomainError
from xasach.services.people import add_episode, create_person, search_people
from xasach.store.models import Village

TODAY = date(2026, 11, 23)


@pytest.fixture
def village_id(db):
    with db.session() as s:
        v = Village(unit_code="00070", name="Tổ dân phố số 3", kind="to_dan_pho")
        s.add(v)
    return v.id


def test_create_person_with_episode_derives_status_and_planned_end(db, village_id):
    with db.session() as s:
        person = create_person(
            s,
            today=TODAY,
            full_name="Nguyễn Văn Đức",
            birth_date=date(1990, 4, 2),
            sex="M",
            id_number="001090123456",
            village_id=village_id,
        )
        episode = add_episode(s, person, "illegal_use_management", date(2026, 3, 1), today=TODAY)
        assert episode.planned_end == date(2027, 3, 1)
    with db.reader() as s:
        (line,) = search_people(s, "duc")
    assert (line.full_name, line.birth, line.village, line.status) == (
        "Nguyễn Văn Đức",
        "02/04/1990",
        "Tổ dân phố số 3",
        "illegal_use_management",
    )


def test_invalid_id_number_writes_nothing(db):
    with pytest.raises(DomainError) as err, db.session() as s:
        create_person(s, today=TODAY, full_name="A", birth_year=1991, id_number="001090123456")
    assert err.value.field == "id_number"
    with db.reader() as s:
        assert search_people(s, "a") == []


def test_unknown_village_is_refused(db):
    with pytest.raises(DomainError) as err, db.session() as s:
        create_person(s, today=TODAY, full_name="A", village_id="no-such-village")
    assert err.value.field == "village_id"


def test_episode_end_before_start_is_refused(db):
    with pytest.raises(DomainError) as err, db.session() as s:
        person = create_person(s, today=TODAY, full_name="Lê Văn Nam", birth_year=1980)
        add_episode(
            s, person, "post_rehab", date(2026, 5, 1), actual_end=date(2026, 4, 1), today=TODAY
        )
    assert err.value.field == "actual_end"


def test_post_rehab_after_compulsory_rehab_runs_two_years(db):
    with db.session() as s:
        person = create_person(s, today=TODAY, full_name="Lê Văn Nam", birth_year=1980)
        ep = add_episode(
            s, person, "post_rehab", date(2026, 2, 1), after="compulsory_rehab", today=TODAY
        )
        assert ep.planned_end == date(2028, 2, 1)


def test_minor_gets_the_minor_compulsory_range(db):
    with db.session() as s:
        person = create_person(s, today=TODAY, full_name="Trần Văn Bé", birth_year=2010)
        with pytest.raises(DomainError):
            add_episode(s, person, "compulsory_rehab", date(2026, 2, 1), months=24, today=TODAY)
        ep = add_episode(s, person, "compulsory_rehab", date(2026, 2, 1), months=12, today=TODAY)
        assert ep.planned_end == date(2027, 2, 1)


def test_unsent_changes_count_the_change_log_after_the_acknowledged_sequence(db):
    from xasach.services.stats import ACKED_SEQ_SETTING, unsent_changes
    from xasach.store.reference import put_setting

    with db.reader() as s:
        before = unsent_changes(s)
    with db.session() as s:
        create_person(s, today=TODAY, full_name="Hà Văn Mạnh")
    with db.reader() as s:
        assert unsent_changes(s) == before + 1
    with db.session() as s:
        put_setting(s, ACKED_SEQ_SETTING, "1000000")
    with db.reader() as s:
        assert unsent_changes(s) == 0
