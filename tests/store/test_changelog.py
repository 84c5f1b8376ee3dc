"""Every insert, update and delete of a synced row is logged in the same transaction."""

from datetime import date

import pytest
from sqlalchemy import select, text

from xasach.store.models import ChangeLogEntry, Episode, Person, Village

UNIT = "00070"


def log(db):
    with db.reader() as s:
        return [
            (e.table_name, e.row_id, e.op, e.row_version)
            for e in s.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.seq))
        ]


def add_person(db, name="Trần Văn Hùng"):
    with db.session() as s:
        person = Person(unit_code=UNIT, full_name=name)
        s.add(person)
    return person.id


def test_insert_is_logged_with_version_1(db):
    pid = add_person(db)
    assert log(db) == [("person", pid, "I", 1)]


def test_update_bumps_version_and_is_logged(db):
    pid = add_person(db)
    with db.session() as s:
        s.get(Person, pid).occupation = "thợ hồ"
    with db.reader() as s:
        person = s.get(Person, pid)
        assert person.version == 2 and person.updated_at >= person.created_at
    assert log(db)[-1] == ("person", pid, "U", 2)


def test_soft_delete_is_logged_as_delete(db):
    pid = add_person(db)
    with db.session() as s:
        s.get(Person, pid).soft_delete()
    assert log(db)[-1] == ("person", pid, "D", 2)


def test_purge_is_logged(db):
    pid = add_person(db)
    with db.session() as s:
        s.delete(s.get(Person, pid))
    assert log(db)[-1][2] == "X"


def test_unchanged_save_and_derived_caches_are_not_logged(db):
    pid = add_person(db)
    with db.session() as s:
        person = s.get(Person, pid)
        person.occupation = person.occupation  # no real change
        s.add(
            Episode(unit_code=UNIT, person=person, kind="post_rehab", start_date=date(2026, 1, 1))
        )
    entries = log(db)
    assert [e[0] for e in entries] == ["person", "episode"]  # status cache changed silently
    with db.reader() as s:
        person = s.get(Person, pid)
        assert person.status == "post_rehab" and person.version == 1


def test_sequence_only_grows(db):
    add_person(db, "A")
    with db.session() as s:
        s.execute(text("DELETE FROM change_log"))
    add_person(db, "B")
    with db.reader() as s:
        assert s.scalar(select(ChangeLogEntry.seq)) == 2  # AUTOINCREMENT never reuses 1


def test_rolled_back_write_leaves_no_log(db):
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(Village(unit_code=UNIT, name="Thôn Đông"))
        s.flush()
        raise RuntimeError("abort")
    assert log(db) == []


def test_every_synced_table_is_logged(db):
    from xasach.store.models import synced_tables

    with db.engine.connect() as conn:
        triggers = {
            r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
        }
    for table in synced_tables():
        for op in ("insert", "update", "delete"):
            assert f"trg_{table}_log_{op}" in triggers


def test_rows_without_owner_are_refused(db):
    with pytest.raises(ValueError), db.session() as s:
        s.add(Person(unit_code="", full_name="X"))
