"""Backups: one encrypted file that restores exactly, and every bad file refused untouched."""

import hashlib
import json
import os
import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from xasach.domain.roles import PermissionDenied
from xasach.services.auth import add_user, change_password, login, setup_secure
from xasach.services.backup import (
    auto_backup,
    backup_due,
    create_backup,
    default_folder,
    list_backups,
    rotate,
    select_kept,
)
from xasach.services.people import create_person
from xasach.services.restore import restore_backup
from xasach.services.setup import MODE_COMMUNE
from xasach.store import audit
from xasach.store import backup as fmt
from xasach.store.keyslots import slot_path
from xasach.store.models import AuditEntry, DrugTest, Person

from conftest import ADMIN, PASSWORD

NAME = "Nguyễn Văn Đức"
T0 = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # a Sunday, noon UTC: same date in any zone ±11 h


def snapshot(db):
    """Every row of every table, as sorted tuples (order of storage does not matter)."""
    with db.engine.connect() as conn:
        tables = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).scalars()
        return {
            t: sorted(map(tuple, conn.exec_driver_sql(f'SELECT * FROM "{t}"')), key=repr)
            for t in list(tables)
        }


def files_of(folder):
    return sorted(p.name for p in folder.iterdir())


def fill(db):
    from xasach.demo.generator import generate_demo

    generate_demo(db, persons=12, hotspots=3, activities=4, seed=3)
    with db.session() as s:
        create_person(s, full_name=NAME, birth_year=1990, address_text="Thôn Đông Phú")


def change_everything(db):
    with db.session() as s:
        s.scalars(select(Person).where(Person.full_name != NAME).limit(1)).one().notes = "sửa"
        create_person(s, full_name="Trần Thị Mới", birth_year=1995)
        s.delete(s.scalars(select(DrugTest).limit(1)).one())


# --- making a backup ---------------------------------------------------------------------


def test_backup_is_one_file_named_without_personal_data(db):
    fill(db)
    info = create_backup(db, now=T0)
    assert info.path == default_folder(db.path) / "xasach-00070-20261122-120000.xsbak"
    assert info.path.exists() and files_of(info.path.parent) == [info.path.name]
    raw = info.path.read_bytes()
    assert raw.startswith(fmt.MAGIC)
    for needle in (NAME, "Nguy", "Đông Phú"):
        assert needle.encode("utf-8") not in raw
        assert needle.encode("utf-16-le") not in raw


def test_backup_to_another_folder_and_its_header(db, tmp_path):
    stick = tmp_path / "stick"
    info = create_backup(db, stick, now=T0)
    header = fmt.read_header(info.path)
    assert info.path.parent == stick
    assert (header.unit_code, header.kind, header.format) == ("00070", fmt.MANUAL, 1)
    assert header.database_id == db.setting("database.id") == header.keys["database_id"]
    assert header.created_at == T0
    assert json.loads(slot_path(db.path).read_text()) == header.keys


def test_two_backups_in_one_second_do_not_overwrite_each_other(db):
    first, second = create_backup(db, now=T0), create_backup(db, now=T0)
    assert first.path != second.path and first.path.exists() and second.path.exists()


def test_backup_is_audited(db):
    info = create_backup(db)
    with db.reader() as s:
        entries = [e for e in s.scalars(select(AuditEntry)) if e.action == "backup"]
    assert [e.entity_id for e in entries] == [info.path.name]


def test_the_copy_is_encrypted_under_the_same_key(db):
    info = create_backup(db)
    _, data = fmt.read_backup(info.path)
    assert not data.startswith(b"SQLite format 3")
    copy = info.path.with_name("copy.db")
    copy.write_bytes(data)
    assert fmt.inspect_copy(copy, db.key).problems == []
    assert fmt.inspect_copy(copy, bytes(32)).problems != []


# --- restoring ---------------------------------------------------------------------------


def test_restore_gives_back_exactly_the_data_at_backup_time(db):
    fill(db)
    before = snapshot(db)
    info = create_backup(db)
    change_everything(db)
    changed = snapshot(db)
    assert changed["person"] != before["person"] and changed["drug_test"] != before["drug_test"]

    result = restore_backup(db, info.path, PASSWORD)
    try:
        after = snapshot(result.database)
        # The restored trail goes on from the backup's last entry with one "restore" entry.
        trail_before, trail_after = before.pop("audit_log"), after.pop("audit_log")
        (new,) = set(trail_after) - set(trail_before)
        assert set(trail_before) <= set(trail_after) and "restore" in new
        seq_before, seq_after = (
            dict(before.pop("sqlite_sequence")),
            dict(after.pop("sqlite_sequence")),
        )
        assert seq_after == {**seq_before, "audit_log": seq_before["audit_log"] + 1}
        # ... and a new sync epoch: the rewound change log must not reuse sent numbers.
        settings_before, settings_after = dict(before.pop("setting")), dict(after.pop("setting"))
        assert settings_after.pop("sync.epoch") != settings_before.pop("sync.epoch")
        assert settings_after["sync.acked_seq"] == "0"
        settings_before["sync.acked_seq"] = settings_after["sync.acked_seq"]
        settings_before["sync.last_bundle_hash"] = settings_after["sync.last_bundle_hash"]
        assert settings_after == settings_before
        assert after == before
        with result.database.reader() as s:
            assert audit.verify(s).ok
        assert result.database.actor.username == ADMIN
    finally:
        result.database.close()


def test_restore_keeps_the_replaced_data_aside_and_openable(db):
    info = create_backup(db)
    with db.session() as s:
        create_person(s, full_name="Lê Văn Sau", birth_year=1980)
    result = restore_backup(db, info.path, PASSWORD)
    result.database.close()
    assert result.previous.name.startswith("commune.db.before-restore-")
    assert slot_path(result.previous).exists()
    old = login(result.previous, ADMIN, PASSWORD)
    try:
        with old.reader() as s:
            assert s.scalars(select(Person.full_name)).all() == ["Lê Văn Sau"]
    finally:
        old.close()


@pytest.fixture
def backup(db):
    fill(db)
    return create_backup(db).path


def assert_untouched(db, before, folder_before):
    assert snapshot(db) == before  # the old handle still works: nothing was closed for good
    assert files_of(db.path.parent) == folder_before


def refused(db, path, password=PASSWORD, error=fmt.BackupError):
    before, folder = snapshot(db), files_of(db.path.parent)
    with pytest.raises(error) as exc:
        restore_backup(db, path, password)
    assert_untouched(db, before, folder)
    return exc.value.message


def database_start(raw):
    return len(fmt.MAGIC) + 4 + struct.unpack(">I", raw[len(fmt.MAGIC) : len(fmt.MAGIC) + 4])[0]


@pytest.mark.parametrize("where", ["first", "second", "middle", "last"])
def test_a_changed_byte_in_the_database_is_refused(db, backup, where):
    raw = bytearray(backup.read_bytes())
    start = database_start(raw)
    offset = {"first": start, "second": start + 1, "middle": len(raw) // 2, "last": len(raw) - 1}
    raw[offset[where]] ^= 0x01
    backup.write_bytes(bytes(raw))
    refused(db, backup, error=fmt.DamagedBackupError)


def test_a_changed_byte_in_the_header_is_refused(db, backup):
    raw = backup.read_bytes()
    start = raw.index(b'"db_sha256":"') + len(b'"db_sha256":"')
    tampered = raw[:start] + (b"0" if raw[start : start + 1] != b"0" else b"1") + raw[start + 1 :]
    backup.write_bytes(tampered)
    refused(db, backup, error=fmt.DamagedBackupError)


def test_a_forged_database_with_a_recomputed_hash_is_refused(db, backup):
    header, data = fmt.read_backup(backup)
    forged = bytearray(data)
    forged[len(forged) // 2] ^= 0xFF
    sha = hashlib.sha256(forged).hexdigest()
    fields = {**header.__dict__, "db_sha256": sha}
    backup.write_bytes(fmt.pack(fmt.BackupHeader(**fields), bytes(forged)))
    refused(db, backup, error=fmt.DamagedBackupError)


@pytest.mark.parametrize("keep", [1, 20, "header", "half", "all-but-one"])
def test_a_truncated_backup_is_refused(db, backup, keep):
    raw = backup.read_bytes()
    cut = {
        "header": database_start(raw),
        "half": len(raw) // 2,
        "all-but-one": len(raw) - 1,
    }.get(keep, keep)
    backup.write_bytes(raw[:cut])
    error = fmt.NotABackupError if cut < len(fmt.MAGIC) else fmt.DamagedBackupError
    refused(db, backup, error=error)


def rewrite_header(path, change):
    raw = path.read_bytes()
    start = database_start(raw)
    doc = json.loads(raw[len(fmt.MAGIC) + 4 : start])
    head = change(doc)
    path.write_bytes(fmt.MAGIC + struct.pack(">I", len(head)) + head + raw[start:])


@pytest.mark.parametrize(
    "change",
    [
        lambda doc: fmt.canonical({**doc, "extra": 1}),
        lambda doc: fmt.canonical({**doc, "db_length": str(doc["db_length"])}),
        lambda doc: fmt.canonical({k: v for k, v in doc.items() if k != "kind"}),
        lambda doc: json.dumps(doc, sort_keys=True).encode(),  # not canonical
        lambda doc: b"{" + fmt.canonical(doc),
    ],
    ids=["extra field", "wrong type", "missing field", "not canonical", "not JSON"],
)
def test_a_malformed_header_is_refused(db, backup, change):
    rewrite_header(backup, change)
    refused(db, backup, error=fmt.DamagedBackupError)


def test_a_header_length_beyond_the_cap_is_refused(db, backup):
    raw = backup.read_bytes()
    backup.write_bytes(fmt.MAGIC + struct.pack(">I", 0xFFFFFFFF) + raw[len(fmt.MAGIC) + 4 :])
    refused(db, backup, error=fmt.DamagedBackupError)


def test_a_slot_asking_argon2_for_gigabytes_is_refused_before_deriving(db, backup):
    def greedy(doc):
        for slot in doc["keys"]["slots"]:
            slot["kdf"]["m"] = 64 * 1024 * 1024  # 64 GiB
        return fmt.canonical(doc)

    rewrite_header(backup, greedy)
    refused(db, backup, error=fmt.DamagedBackupError)


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    other = tmp_path / "notes.xsbak"
    other.write_text("không phải bản sao lưu")
    refused(db, other, error=fmt.NotABackupError)
    refused(db, db.path, error=fmt.NotABackupError)


def test_a_backup_from_a_newer_format_is_refused(db, backup):
    raw = backup.read_bytes()
    head = fmt.canonical({"format": 2, "what": "the future"})
    backup.write_bytes(fmt.MAGIC + struct.pack(">I", len(head)) + head + raw[-100:])
    message = refused(db, backup, error=fmt.NewerBackupFormatError)
    assert "XaSach" in message


def test_a_backup_of_another_commune_is_refused(db, tmp_path):
    other_path = tmp_path / "other" / "commune.db"
    setup_secure(other_path, mode=MODE_COMMUNE, unit_code="00073", admin=ADMIN, password=PASSWORD)
    other = login(other_path, ADMIN, PASSWORD)
    try:
        foreign = create_backup(other).path
    finally:
        other.close()
    assert "00073" in refused(db, foreign)


def test_a_backup_of_another_installation_of_the_same_commune_is_refused(db, tmp_path):
    other_path = tmp_path / "other" / "commune.db"
    setup_secure(other_path, mode=MODE_COMMUNE, unit_code="00070", admin=ADMIN, password=PASSWORD)
    other = login(other_path, ADMIN, PASSWORD)
    try:
        foreign = create_backup(other).path
    finally:
        other.close()
    refused(db, foreign)


def test_a_password_that_does_not_open_the_backup_is_refused(db, backup):
    change_password(db, ADMIN, "mat-khau-moi-2026")
    refused(db, backup, password="mat-khau-moi-2026", error=fmt.WrongBackupPasswordError)


def test_a_user_added_after_the_backup_cannot_restore_it(db, backup):
    add_user(db, "quantri2", PASSWORD, "admin")
    second = login(db.path, "quantri2", PASSWORD)
    try:
        assert "quantri2" in refused(second, backup)
    finally:
        second.close()


def test_only_the_administrator_may_restore(db, backup):
    add_user(db, "congan", PASSWORD, "police")
    police = login(db.path, "congan", PASSWORD)
    try:
        create_backup(police)  # police may make backups …
        refused(police, backup, error=PermissionDenied)  # … but not restore them
    finally:
        police.close()


def test_a_culture_officer_may_not_make_or_list_backups(db):
    add_user(db, "vanhoa", PASSWORD, "culture")
    culture = login(db.path, "vanhoa", PASSWORD)
    try:
        with pytest.raises(PermissionDenied):
            create_backup(culture)
        with pytest.raises(PermissionDenied):
            list_backups(culture)
    finally:
        culture.close()


def test_a_failure_after_the_swap_puts_everything_back(db, backup, monkeypatch):
    import xasach.services.restore as service

    def broken(*args, **kwargs):
        raise OSError("disk pulled")

    monkeypatch.setattr(service, "_open_restored", broken)
    before, folder = snapshot(db), files_of(db.path.parent)
    with pytest.raises(OSError):
        restore_backup(db, backup, PASSWORD)
    assert_untouched(db, before, folder)


# --- listing, rotation, schedule ---------------------------------------------------------


def test_list_shows_backups_newest_first_and_says_which_are_damaged(db):
    old = create_backup(db, now=T0 - timedelta(days=1))
    new = create_backup(db, now=T0)
    broken = default_folder(db.path) / "xasach-00070-20200101-000000.xsbak"
    broken.write_bytes(b"rubbish")
    listed = list_backups(db)
    assert [b.path for b in listed] == [new.path, old.path, broken]
    assert listed[0].unit_code == "00070" and listed[0].size == new.path.stat().st_size
    assert listed[-1].problem and listed[0].problem is None


def noon(day):
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def test_rotation_keeps_seven_daily_and_four_weekly():
    days = [noon("2026-09-01") + timedelta(days=i) for i in range(83)]  # to Sun 22/11
    times = {t: t for t in days} | {t - timedelta(hours=3): t - timedelta(hours=3) for t in days}
    kept = select_kept(times)
    assert sorted(t.date().isoformat() for t in kept) == [
        "2026-10-25",  # Sundays: the newest of each of 4 ISO weeks before the daily ones
        "2026-11-01",
        "2026-11-08",
        "2026-11-15",
        *(f"2026-11-{d}" for d in range(16, 23)),  # Mon 16/11 – Sun 22/11
    ]
    assert all(t.hour == 12 for t in kept)  # the newest of each day


def test_rotation_counts_days_that_have_backups_not_calendar_days():
    days = ["2026-11-02", "2026-11-04", "2026-11-09", "2026-11-10", "2026-11-13"]
    days += ["2026-11-18", "2026-11-20", "2026-11-21", "2026-10-28", "2026-10-01", "2026-09-01"]
    times = {noon(d): noon(d) for d in days}
    kept = {t.date().isoformat() for t in select_kept(times)}
    daily = {"2026-11-04", "2026-11-09", "2026-11-10", "2026-11-13", "2026-11-18"}
    daily |= {"2026-11-20", "2026-11-21"}
    # 02/11 shares its ISO week with 04/11, already kept: weekly ones are weeks *beyond*.
    assert kept == daily | {"2026-10-28", "2026-10-01", "2026-09-01"}


def fake_backup(folder, *, when, kind=fmt.AUTO, unit="00070", database_id):
    folder.mkdir(exist_ok=True)
    data = b"not really a database"
    header = fmt.BackupHeader(
        kind=kind,
        unit_code=unit,
        database_id=database_id,
        created_at=when,
        app_version="0",
        schema_revision="0002",
        db_sha256=hashlib.sha256(data).hexdigest(),
        db_length=len(data),
        keys={"database_id": database_id},
    )
    path = folder / fmt.file_name(unit, when)
    path.write_bytes(fmt.pack(header, data))
    return path


def test_rotate_deletes_only_this_databases_automatic_backups(db):
    folder, own = default_folder(db.path), db.setting("database.id")
    autos = [fake_backup(folder, when=T0 - timedelta(days=i), database_id=own) for i in range(60)]
    old = T0 - timedelta(days=59, hours=1)
    keep = [
        fake_backup(folder, when=old, kind=fmt.MANUAL, database_id=own),
        fake_backup(folder, when=old - timedelta(hours=1), unit="00073", database_id=own),
        fake_backup(folder, when=old - timedelta(hours=2), database_id="another-installation"),
    ]
    (folder / "ghi-chu.txt").write_text("x")
    removed = rotate(db)
    assert len(removed) == 60 - 11
    expected = {p.name for p in autos[:7] + autos[7:35:7][:4]} | {p.name for p in keep}
    assert set(files_of(folder)) == expected | {"ghi-chu.txt"}


def test_auto_backup_creates_then_rotates(db):
    folder, own = default_folder(db.path), db.setting("database.id")
    for i in range(1, 30):
        fake_backup(folder, when=T0 - timedelta(days=i), database_id=own)
    result = auto_backup(db, now=T0)
    assert fmt.read_header(result.created.path).kind == fmt.AUTO
    assert len([b for b in list_backups(db)]) == 11 and len(result.removed) == 19


def test_a_backup_is_due_after_24_hours_without_an_automatic_one(db):
    assert backup_due(db, T0)
    create_backup(db, now=T0)  # a manual backup does not reset the schedule
    assert backup_due(db, T0)
    auto_backup(db, now=T0)
    assert not backup_due(db, T0 + timedelta(hours=23))
    assert backup_due(db, T0 + timedelta(hours=24))
    assert backup_due(db, T0 - timedelta(days=3))  # the clock was far ahead at that backup


@pytest.mark.parametrize("failing", ["moving the keys aside", "putting the keys in place"])
def test_a_failed_rename_during_the_swap_puts_everything_back(db, backup, monkeypatch, failing):
    real_replace, failed = os.replace, []

    def fails(source, target):
        if failing == "moving the keys aside":
            return source == slot_path(db.path)
        return target == slot_path(db.path) and source.name.startswith(".")  # the temp copy

    def replace(source, target):
        if not failed and fails(Path(source), Path(target)):
            failed.append(target)
            raise OSError("the stick was pulled")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    before, folder = snapshot(db), files_of(db.path.parent)
    with pytest.raises(OSError):
        restore_backup(db, backup, PASSWORD)
    assert failed
    assert_untouched(db, before, folder)


def test_automatic_backups_are_copied_to_the_extra_folder_and_rotated_there(db, tmp_path):
    from xasach.services.backup import set_extra_folder

    stick = tmp_path / "usb"
    stick.mkdir()
    set_extra_folder(db, stick)
    for day in range(10):
        result = auto_backup(db, now=T0 + timedelta(days=day))
        assert result.copied_to == stick / result.created.path.name
        assert result.copied_to.read_bytes() == result.created.path.read_bytes()
    on_stick = sorted(p.name for p in stick.glob("*.xsbak"))
    assert on_stick == sorted(p.name for p in default_folder(db.path).glob("*.xsbak"))
    assert len(on_stick) == 8  # 7 daily + the Sunday of the week before (22/11)


def test_a_missing_stick_does_not_fail_the_backup(db, tmp_path):
    from xasach.services.backup import set_extra_folder

    set_extra_folder(db, tmp_path / "not-plugged-in")
    result = auto_backup(db, now=T0)
    assert result.created.path.exists() and result.copied_to is None
    assert "not-plugged-in" in result.extra_problem


def test_only_settings_holders_choose_the_extra_folder(db, tmp_path):
    from xasach.domain.roles import Actor, PermissionDenied, Role
    from xasach.services.backup import set_extra_folder

    db.actor = Actor("congan", Role.POLICE)
    with pytest.raises(PermissionDenied):
        set_extra_folder(db, tmp_path)
