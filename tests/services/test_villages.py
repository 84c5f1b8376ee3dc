"""Villages and residential groups: the commune's own list, kept in order, names unique the way
an officer reads them, and never deleted while something still points at them."""

from __future__ import annotations

from datetime import date

import pytest

from xasach.domain.errors import DomainError
from xasach.domain.roles import Actor, PermissionDenied, Role
from xasach.services.villages import (
    add_village,
    add_villages,
    check_names,
    delete_village,
    guess_kind,
    list_villages,
    move_village,
    references,
    rename_village,
    reorder_villages,
    set_user_title,
)
from xasach.store.models import Activity, ActivityVillage, AppUser, Hotspot, Person, Village

from conftest import ADMIN, COMMUNE_CODE


def names(db) -> list[str]:
    with db.reader() as s:
        return [v.name for v in list_villages(s)]


def test_villages_are_listed_in_the_order_they_were_added(db):
    with db.session() as s:
        add_villages(s, ["Tổ dân phố 1", "Thôn Đông", "Bản Co Mạ"])
    assert names(db) == ["Tổ dân phố 1", "Thôn Đông", "Bản Co Mạ"]


def test_the_kind_follows_the_first_words_of_the_name():
    assert guess_kind("Tổ dân phố 1") == "to_dan_pho"
    assert guess_kind("Thôn Đông") == "thon"
    assert guess_kind("XÓM 3") == "xom"
    assert guess_kind("Ấp Tân Hòa") == "ap"
    assert guess_kind("Khóm 2") == "khom"
    assert guess_kind("Bản Co Mạ") == "ban"
    assert guess_kind("Làng Vân") == "thon"


def test_names_are_unique_without_regard_to_accents_case_or_spaces(db):
    with db.session() as s:
        add_village(s, "Thôn Đông")
    with pytest.raises(DomainError, match="Thôn Đông"), db.session() as s:
        add_village(s, "  thon   DONG ")
    assert names(db) == ["Thôn Đông"]


def test_a_list_with_the_same_village_twice_is_refused_whole(db):
    with pytest.raises(DomainError, match="hai lần"):
        check_names(["Tổ dân phố 1", "to dan pho 1"])
    with pytest.raises(DomainError), db.session() as s:
        add_villages(s, ["Thôn A", "Thôn B", "thôn a"])
    assert names(db) == []


def test_an_empty_name_is_refused(db):
    with pytest.raises(DomainError) as info, db.session() as s:
        add_village(s, "   ")
    assert info.value.field == "name"


def test_rename_keeps_the_id_and_refuses_a_name_taken_by_another(db):
    with db.session() as s:
        first = add_village(s, "Thôn Đông")
        add_village(s, "Thôn Đoài")
    with db.session() as s:
        renamed = rename_village(s, first.id, "Tổ dân phố Đông")
    assert (renamed.id, renamed.kind) == (first.id, "to_dan_pho")
    with pytest.raises(DomainError), db.session() as s:
        rename_village(s, first.id, "thon doai")
    with db.session() as s:  # its own name with other accents is allowed
        rename_village(s, first.id, "Tổ Dân Phố Đông")
    assert names(db) == ["Tổ Dân Phố Đông", "Thôn Đoài"]


def test_reorder_and_move(db):
    with db.session() as s:
        a, b, c = add_villages(s, ["A", "B", "C"])
    with db.session() as s:
        reorder_villages(s, [c.id, a.id, b.id])
    assert names(db) == ["C", "A", "B"]
    with db.session() as s:
        move_village(s, b.id, -1)
        move_village(s, c.id, -1)  # already first: stays
    assert names(db) == ["C", "B", "A"]
    with pytest.raises(DomainError), db.session() as s:
        reorder_villages(s, [a.id, b.id])


def test_an_unused_village_is_deleted_as_a_tombstone(db):
    with db.session() as s:
        v = add_village(s, "Thôn Đông")
    with db.session() as s:
        delete_village(s, v.id)
    assert names(db) == []
    with db.reader() as s:
        assert s.get(Village, v.id).deleted_at is not None
    with db.session() as s:  # the name is free again
        add_village(s, "Thôn Đông")


def test_a_village_in_use_is_not_deleted_and_the_refusal_says_by_what(db):
    with db.session() as s:
        v = add_village(s, "Thôn Đông")
        s.add_all(
            Person(unit_code=COMMUNE_CODE, full_name=f"Người {i}", village_id=v.id)
            for i in range(2)
        )
        s.add(
            Hotspot(
                unit_code=COMMUNE_CODE,
                kind="point",
                village_id=v.id,
                discovered_date=date(2026, 1, 5),
            )
        )
        act = Activity(
            unit_code=COMMUNE_CODE, activity_date=date(2026, 3, 1), form="banner", topic="t"
        )
        s.add(act)
        s.flush()
        s.add(ActivityVillage(unit_code=COMMUNE_CODE, activity_id=act.id, village_id=v.id))
    with db.reader() as s:
        assert references(s, v.id).total == 4
    with pytest.raises(DomainError) as info, db.session() as s:
        delete_village(s, v.id)
    assert "2" in info.value.message and "Thôn Đông" in info.value.message
    assert names(db) == ["Thôn Đông"]


def test_deleted_rows_do_not_hold_a_village(db):
    with db.session() as s:
        v = add_village(s, "Thôn Đông")
        p = Person(unit_code=COMMUNE_CODE, full_name="Người cũ", village_id=v.id)
        s.add(p)
    with db.session() as s:
        s.get(Person, p.id).soft_delete()
    with db.session() as s:
        delete_village(s, v.id)
    assert names(db) == []


@pytest.mark.parametrize("role", [Role.POLICE, Role.SOCIAL, Role.CULTURE, Role.LEADER])
def test_only_a_role_that_changes_settings_edits_villages(db, role):
    with db.session() as s:
        v = add_village(s, "Thôn Đông")
    db.actor = Actor("someone", role)
    with db.reader() as s:  # everyone may read the list
        assert [x.name for x in list_villages(s)] == ["Thôn Đông"]
    for change in (
        lambda s: add_village(s, "Thôn Đoài"),
        lambda s: rename_village(s, v.id, "Thôn Tây"),
        lambda s: delete_village(s, v.id),
        lambda s: reorder_villages(s, [v.id]),
    ):
        with pytest.raises(PermissionDenied), db.session() as s:
            change(s)


def test_changes_are_in_the_audit_trail_and_change_log(db):
    from sqlalchemy import select

    from xasach.store.models import AuditEntry, ChangeLogEntry

    with db.session() as s:
        v = add_village(s, "Thôn Đông")
    with db.reader() as s:
        assert s.scalars(select(ChangeLogEntry.op).where(ChangeLogEntry.row_id == v.id)).all()
        assert s.scalars(select(AuditEntry).where(AuditEntry.entity_id == v.id)).all()


def test_the_administrators_title_is_recorded(db):
    with db.session() as s:
        set_user_title(s, ADMIN, "  Trưởng  Công an xã ")
    with db.reader() as s:
        assert s.get(AppUser, ADMIN).title == "Trưởng Công an xã"
