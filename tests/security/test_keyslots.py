"""Key slots: wrong password, tampered parameters, recovery code, re-key after removal."""

import json
import os

import pytest

from xasach.store.kdf import KdfParams
from xasach.store.keyslots import (
    RECOVERY,
    SlotFile,
    WrongSecret,
    new_data_key,
    new_recovery_code,
)

FAST = KdfParams(1024, 1, 1, b"0123456789abcdef")


def make() -> tuple[SlotFile, bytes]:
    key = new_data_key()
    slots = SlotFile(database_id="db-1")
    slots.add(key, "mat khau dung", FAST, user="admin")
    return slots, key


def test_the_right_password_gives_back_the_data_key():
    slots, key = make()
    assert slots.open("mat khau dung", user="admin") == (key, None)


def test_a_wrong_password_is_refused():
    slots, _ = make()
    with pytest.raises(WrongSecret):
        slots.open("mat khau sai", user="admin")


def test_slots_survive_a_round_trip_through_the_file(tmp_path):
    slots, key = make()
    slots.save(tmp_path / "x.keys")
    assert SlotFile.load(tmp_path / "x.keys").open("mat khau dung", user="admin")[0] == key


@pytest.mark.parametrize("field", ["m", "t", "p", "salt"])
def test_lowering_the_kdf_parameters_in_the_file_breaks_the_slot(tmp_path, field):
    slots, _ = make()
    path = tmp_path / "x.keys"
    slots.save(path)
    doc = json.loads(path.read_text())
    kdf = doc["slots"][0]["kdf"]
    kdf[field] = "00" * 16 if field == "salt" else max(1, int(kdf[field]) * 2)
    path.write_text(json.dumps(doc))
    with pytest.raises(WrongSecret):
        SlotFile.load(path).open("mat khau dung", user="admin")


def test_a_slot_moved_to_another_database_does_not_open(tmp_path):
    slots, _ = make()
    other = SlotFile(database_id="db-2", slots=slots.slots)
    with pytest.raises(WrongSecret):
        other.open("mat khau dung", user="admin")


def test_recovery_code_is_30_digits_in_6_groups_and_opens_its_slot():
    code = new_recovery_code()
    groups = code.split(" ")
    assert len(groups) == 6 and all(len(g) == 5 and g.isdigit() for g in groups)
    slots, key = make()
    slots.add(key, code, FAST, user=None, kind=RECOVERY)
    assert slots.open(code.replace(" ", "-"), user=None, kind=RECOVERY)[0] == key
    with pytest.raises(WrongSecret):
        slots.open("1" * 30, user=None, kind=RECOVERY)


def test_rekey_rewraps_every_remaining_slot_without_their_passwords():
    slots, old = make()
    slots.add(old, "mat khau cua lan", FAST, user="lan")
    slots.remove_user("admin")
    new = os.urandom(32)
    slots.stage_new_data_key(new)
    assert slots.open("mat khau cua lan", user="lan") == (old, new)
    slots.commit_new_data_key()
    assert slots.open("mat khau cua lan", user="lan") == (new, None)
    assert slots.users() == ["lan"]


def test_the_slot_file_holds_no_key_in_the_clear(tmp_path):
    slots, key = make()
    slots.save(tmp_path / "x.keys")
    raw = (tmp_path / "x.keys").read_bytes()
    assert key.hex().encode() not in raw and key not in raw
