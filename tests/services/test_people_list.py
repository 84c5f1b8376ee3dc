"""The people list in SQL: each filter, each sort, paging by offset and by key, counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from xasach.domain.roles import Actor, PermissionDenied, Role
from xasach.services import people_list
from xasach.services.episodes import close_episode
from xasach.services.people import add_episode, create_person, delete_person
from xasach.services.people_list import (
    UNDER_MANAGEMENT,
    PeopleFilter,
    PeopleSort,
    count_people,
    people_page,
    village_choices,
)
from xasach.store.models import Village

TODAY = date.today()  # the store derives a person's status with the real clock
UNIT = "00070"


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.fixture
def register(db):
    """Six files with known names, villages, statuses and deadlines; returns ids by name."""
    with db.session() as s:
        east = Village(unit_code=UNIT, name="Thôn Đông", sort_order=2)
        west = Village(unit_code=UNIT, name="Tổ dân phố số 3", sort_order=1)
        s.add_all([east, west])
        s.flush()

        def person(name, **fields):
            return create_person(s, full_name=name, today=TODAY, **fields)

        duc = person("Nguyễn Văn Đức", birth_year=1990, sex="M", village_id=east.id)
        dang = person("Đặng Thị Lan", birth_date=date(1985, 6, 1), sex="F", village_id=west.id)
        bui = person("Bùi Văn An", birth_year=1979, sex="M", village_id=east.id, id_number=None)
        hoa = person("Hoàng Văn Hòa", birth_year=2000, sex="M", id_number="001200123456")
        cuong = person("Trần Văn Cường", birth_year=1995, sex="M", village_id=west.id)
        gone = person("Lê Văn Đức", birth_year=1992, sex="M", village_id=west.id)
        # Management (1 year) ending in about 10 days; post-rehab (1 year) overdue; methadone
        # (open-ended); compulsory rehab ending in months; one closed management.
        add_episode(s, duc, "illegal_use_management", TODAY.replace(year=TODAY.year - 1)
                    + timedelta(days=10), today=TODAY)  # fmt: skip
        late = add_episode(s, dang, "post_rehab", TODAY.replace(year=TODAY.year - 1) - timedelta(5),
                           today=TODAY)  # fmt: skip
        add_episode(s, bui, "substitution_therapy", ago(100), today=TODAY)
        add_episode(s, cuong, "compulsory_rehab", ago(30), months=12, today=TODAY)
        ended = add_episode(s, hoa, "illegal_use_management", ago(400), today=TODAY)
        close_episode(s, ended.id, ago(35), "Hết thời hạn", today=TODAY)
        add_episode(s, gone, "illegal_use_management", ago(20), today=TODAY)
        s.flush()
        delete_person(s, gone.id)
        ids = {p.full_name: p.id for p in (duc, dang, bui, hoa, cuong, gone)}
        ids["late_episode"] = late.id
        ids["east"], ids["west"] = east.id, west.id
    return ids


EVERYONE = PeopleFilter()


def names(db, flt=EVERYONE, sort=PeopleSort.NAME, descending=False, **kw):
    with db.reader() as s:
        return [r.full_name for r in people_page(s, flt, sort, descending, **kw)]


def count(db, flt=EVERYONE):
    with db.reader() as s:
        return count_people(s, flt)


def test_the_list_is_in_accent_insensitive_name_order_without_deleted_files(db, register):
    assert names(db) == [
        "Bùi Văn An",
        "Đặng Thị Lan",
        "Hoàng Văn Hòa",
        "Nguyễn Văn Đức",
        "Trần Văn Cường",
    ]
    assert count(db) == 5


def test_rows_show_birth_sex_masked_id_village_status_and_next_deadline(db, register):
    with db.reader() as s:
        rows = {r.full_name: r for r in people_page(s, PeopleFilter())}
    dang, hoa, duc = rows["Đặng Thị Lan"], rows["Hoàng Văn Hòa"], rows["Nguyễn Văn Đức"]
    assert (dang.birth, dang.sex, dang.village) == ("01/06/1985", "F", "Tổ dân phố số 3")
    assert dang.status == "post_rehab" and dang.status_label
    assert dang.next_end is not None and dang.next_end < TODAY  # overdue
    assert hoa.id_masked == "••••••••3456" and "001200" not in hoa.id_masked
    assert (hoa.village, hoa.status, hoa.next_end) == ("", "none", None)
    assert duc.birth == "1990" and duc.next_end == TODAY + timedelta(days=10)


def test_text_search_is_accent_insensitive_and_counted(db, register):
    flt = PeopleFilter(text="duc")
    assert names(db, flt) == ["Nguyễn Văn Đức"]  # Lê Văn Đức was deleted
    assert count(db, flt) == 1
    assert names(db, PeopleFilter(text="Đặng lan")) == ["Đặng Thị Lan"]
    assert names(db, PeopleFilter(text="3456")) == []  # the ID is matched from its start
    assert names(db, PeopleFilter(text="0012001")) == ["Hoàng Văn Hòa"]


def test_a_common_word_gives_the_same_rows_either_way_it_is_searched(db, register, monkeypatch):
    flt = PeopleFilter(text="van", status=UNDER_MANAGEMENT)
    looked_up = names(db, flt), count(db, flt)
    monkeypatch.setattr(people_list, "WALK_ABOVE_MATCHES", 0)
    assert (names(db, flt), count(db, flt)) == looked_up
    assert looked_up[1] == 3


def test_status_filter_and_under_management(db, register):
    assert names(db, PeopleFilter(status="compulsory_rehab")) == ["Trần Văn Cường"]
    assert names(db, PeopleFilter(status="none")) == ["Hoàng Văn Hòa"]
    under = PeopleFilter(status=UNDER_MANAGEMENT)
    assert count(db, under) == 4 and "Hoàng Văn Hòa" not in names(db, under)


def test_village_filter(db, register):
    assert names(db, PeopleFilter(village_id=register["east"])) == ["Bùi Văn An", "Nguyễn Văn Đức"]


def test_episode_kind_filter_keeps_open_episodes_only(db, register):
    assert names(db, PeopleFilter(episode_kind="illegal_use_management")) == ["Nguyễn Văn Đức"]
    assert names(db, PeopleFilter(episode_kind="substitution_therapy")) == ["Bùi Văn An"]


def test_due_within_days_includes_overdue_deadlines(db, register):
    assert names(db, PeopleFilter(due_within_days=30), PeopleSort.NEXT_END) == [
        "Đặng Thị Lan",  # overdue first
        "Nguyễn Văn Đức",
    ]
    assert names(db, PeopleFilter(due_within_days=0)) == ["Đặng Thị Lan"]
    assert count(db, PeopleFilter(due_within_days=400)) == 3  # methadone has no planned end


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (PeopleSort.BIRTH, ["Bùi Văn An", "Đặng Thị Lan", "Nguyễn Văn Đức", "Trần Văn Cường",
                            "Hoàng Văn Hòa"]),
        (PeopleSort.VILLAGE, ["Đặng Thị Lan", "Trần Văn Cường", "Bùi Văn An", "Nguyễn Văn Đức",
                              "Hoàng Văn Hòa"]),
        (PeopleSort.STATUS, ["Trần Văn Cường", "Bùi Văn An", "Đặng Thị Lan", "Nguyễn Văn Đức",
                             "Hoàng Văn Hòa"]),
        (PeopleSort.NEXT_END, ["Đặng Thị Lan", "Nguyễn Văn Đức", "Trần Văn Cường", "Bùi Văn An",
                               "Hoàng Văn Hòa"]),
    ],
)  # fmt: skip
def test_each_sort_and_its_reverse(db, register, sort, expected):
    assert names(db, sort=sort) == expected
    assert names(db, sort=sort, descending=True) == expected[::-1]


@pytest.mark.parametrize("sort", list(PeopleSort))
@pytest.mark.parametrize("descending", [False, True])
def test_pages_by_offset_and_by_key_match_one_long_page(db, sort, descending):
    with db.session() as s:
        for i in range(23):  # namesakes: the id breaks ties, so no row repeats or goes missing
            create_person(s, full_name=f"Nguyễn Văn {'Đức' if i % 2 else 'Duc'}", birth_year=1980)
    with db.reader() as s:
        whole = [r.id for r in people_page(s, PeopleFilter(), sort, descending, limit=100)]
        by_offset = [
            r.id
            for start in range(0, 23, 5)
            for r in people_page(s, PeopleFilter(), sort, descending, offset=start, limit=5)
        ]
        by_key, after = [], None
        while True:
            page = people_page(s, PeopleFilter(), sort, descending, limit=5, after=after)
            if not page:
                break
            by_key += [r.id for r in page]
            after = page[-1].key
    assert len(whole) == 23 and len(set(whole)) == 23
    assert by_offset == whole and by_key == whole


def test_deleted_files_show_only_when_asked(db, register):
    flt = PeopleFilter(include_deleted=True)
    with db.reader() as s:
        rows = {r.full_name: r for r in people_page(s, flt)}
    assert rows["Lê Văn Đức"].deleted and not rows["Bùi Văn An"].deleted
    assert count(db, flt) == 6
    assert names(db, PeopleFilter(text="duc", include_deleted=True)) == [
        "Lê Văn Đức",
        "Nguyễn Văn Đức",
    ]


def test_village_choices_are_in_the_communes_order(db, register):
    with db.reader() as s:
        assert [v.name for v in village_choices(s)] == ["Tổ dân phố số 3", "Thôn Đông"]


def test_the_culture_officer_may_not_list_people(db, register):
    db.actor = Actor("vanhoa", Role.CULTURE)
    with db.reader() as s:
        for call in (
            lambda: count_people(s, PeopleFilter()),
            lambda: people_page(s, PeopleFilter()),
            lambda: village_choices(s),
        ):
            with pytest.raises(PermissionDenied):
                call()
