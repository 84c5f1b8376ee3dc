"""Login, back-off, users and roles — checked in the services, not by hiding buttons."""

import shutil

import pytest
from sqlalchemy import select

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission, PermissionDenied, Role
from xasach.services import auth
from xasach.services.backoff import Backoff
from xasach.services.people import create_person, open_person, reveal_id_number, search_people
from xasach.services.stats import register_stats
from xasach.store.keyslots import slot_path
from xasach.store.models import AuditEntry

from conftest import ADMIN, PASSWORD


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


def actions(db):
    with db.reader() as s:
        return [
            (e.username, e.action) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))
        ]


def test_login_sets_the_actor_and_is_audited(db):
    assert db.actor.username == ADMIN and db.actor.role == Role.ADMIN
    assert actions(db)[-1] == (ADMIN, "login")


def test_wrong_password_is_refused_without_saying_which_part(db_path):
    with pytest.raises(DomainError) as err:
        auth.login(db_path, ADMIN, "wrong password")
    with pytest.raises(DomainError) as err2:
        auth.login(db_path, "nobody", PASSWORD)
    assert err.value.message == err2.value.message


def test_repeated_wrong_passwords_slow_down_but_never_lock_forever(db_path):
    clock = Clock()
    backoff = Backoff(db_path, clock)
    for _ in range(3):
        with pytest.raises(DomainError):
            auth.login(db_path, ADMIN, "sai", backoff=backoff)
    assert backoff.wait_seconds(ADMIN) == 1
    with pytest.raises(DomainError) as err:  # even the right password must wait
        auth.login(db_path, ADMIN, PASSWORD, backoff=backoff)
    assert "1" in err.value.message
    clock.now += 1
    for _ in range(10):
        with pytest.raises(DomainError):
            auth.login(db_path, ADMIN, "sai", backoff=backoff)
        clock.now += backoff.wait_seconds(ADMIN)
    assert backoff.wait_seconds(ADMIN) <= 300
    clock.now += 300
    db = auth.login(db_path, ADMIN, PASSWORD, backoff=backoff)
    db.close()
    assert backoff.wait_seconds(ADMIN) == 0


def add(db, name, role, password="mat-khau-" + "x" * 4):
    auth.add_user(db, name, password, role, full_name=name.title())
    return password


def test_added_user_logs_in_with_their_role(db):
    pw = add(db, "congan.a", Role.POLICE)
    other = auth.login(db.path, "congan.a", pw)
    assert other.actor.role == Role.POLICE
    other.close()


def test_culture_officer_edits_propaganda_but_never_sees_people(db):
    pw = add(db, "vanhoa", Role.CULTURE)
    with db.session() as s:
        create_person(s, full_name="Nguyễn Văn Đức")
    culture = auth.login(db.path, "vanhoa", pw)
    assert culture.actor.can(Permission.EDIT_PROPAGANDA)
    with pytest.raises(PermissionDenied), culture.reader() as s:
        search_people(s, "duc")
    with pytest.raises(PermissionDenied), culture.session() as s:
        create_person(s, full_name="Lê Văn Tám")
    culture.close()


def test_leader_sees_reports_only(db):
    pw = add(db, "chutich", Role.LEADER)
    leader = auth.login(db.path, "chutich", pw)
    with leader.reader() as s:
        assert register_stats(s)["persons"]["total"] == 0
        with pytest.raises(PermissionDenied):
            search_people(s, "a")
    with pytest.raises(PermissionDenied):
        auth.add_user(leader, "x1", "12345678", Role.ADMIN)
    leader.close()


def test_service_without_a_logged_in_user_is_refused(db):
    db.actor = None
    with pytest.raises(PermissionDenied), db.session() as s:
        create_person(s, full_name="A")


def test_viewing_a_file_and_revealing_the_id_are_audited(db):
    with db.session() as s:
        pid = create_person(
            s, full_name="Lê Văn Nam", birth_year=1990, sex="M", id_number="001090123456"
        ).id
    with db.session() as s:
        open_person(s, pid)
        assert reveal_id_number(s, pid) == "001090123456"
    assert actions(db)[-2:] == [(ADMIN, "view"), (ADMIN, "reveal_id")]


def test_masked_id_shows_the_last_four_digits():
    from xasach.domain.personal_id import mask_id

    assert mask_id("001090123456") == "••••••••3456"
    assert mask_id("") == ""


def test_changing_a_password(db):
    pw = add(db, "xahoi", Role.SOCIAL)
    auth.change_password(db, "xahoi", "mat-khau-moi-123")
    with pytest.raises(DomainError):
        auth.login(db.path, "xahoi", pw)
    auth.login(db.path, "xahoi", "mat-khau-moi-123").close()


def test_removed_user_cannot_open_even_with_an_old_slot_file(db, tmp_path):
    pw = add(db, "roi.di", Role.POLICE)
    old_slots = tmp_path / "old.keys"
    shutil.copyfile(slot_path(db.path), old_slots)
    auth.remove_user(db, "roi.di")
    with pytest.raises(DomainError):
        auth.login(db.path, "roi.di", pw)
    # put the old slot file back: the database has a new key, so it no longer opens
    db.close()
    current = tmp_path / "current.keys"
    shutil.copyfile(slot_path(db.path), current)
    shutil.copyfile(old_slots, slot_path(db.path))
    from xasach.store.errors import StoreError

    with pytest.raises(StoreError):
        auth.login(db.path, "roi.di", pw)
    shutil.copyfile(current, slot_path(db.path))
    again = auth.login(db.path, ADMIN, PASSWORD)  # the others still open it
    assert (ADMIN, "user_remove") in actions(again)
    again.close()


def test_the_last_administrator_cannot_be_removed_nor_oneself(db):
    with pytest.raises(DomainError):
        auth.remove_user(db, ADMIN)


def test_recovery_code_sets_a_new_password(db_path, recovery_code):
    auth.reset_password_with_recovery(db_path, recovery_code, ADMIN, "mat-khau-moi-456")
    auth.login(db_path, ADMIN, "mat-khau-moi-456").close()
    with pytest.raises(DomainError):
        auth.reset_password_with_recovery(db_path, "1" * 30, ADMIN, "mat-khau-moi-789")


def test_interrupted_rekey_is_finished_on_next_login(db):
    """A crash after PRAGMA rekey but before the slot file was finalised loses nothing."""
    import os

    from xasach.store.keyslots import SlotFile

    slots = SlotFile.load(slot_path(db.path))
    new_key = os.urandom(32)
    slots.stage_new_data_key(new_key)
    slots.save(slot_path(db.path))
    auth.rekey(db, new_key)  # ... and the process dies here
    db.close()
    again = auth.login(db.path, ADMIN, PASSWORD)
    assert again.key == new_key
    again.close()
    assert SlotFile.load(slot_path(db.path)).slots[0].pending_data_key is None


def test_weak_inputs_are_refused(db):
    with pytest.raises(DomainError):
        auth.add_user(db, "Ng Van A", "12345678", Role.POLICE)
    with pytest.raises(DomainError):
        auth.add_user(db, "nguyenvana", "short", Role.POLICE)
