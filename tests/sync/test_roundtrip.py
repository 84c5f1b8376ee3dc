"""What a bundle carries and how the upper level merges it: minimisation, the deterministic
merge rule, tombstones, derived caches, epochs, the chain of bundles and the audit head."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from xasach.services.auth import login, setup_secure
from xasach.services.backup import create_backup
from xasach.services.people import add_episode, create_person
from xasach.services.restore import restore_backup
from xasach.services.setup import MODE_UPPER
from xasach.services.sync_export import export_bundle
from xasach.services.sync_import import import_bundle, import_file
from xasach.services.sync_keys import ensure_own_keys, export_card, import_card
from xasach.services.sync_receipts import import_receipt
from xasach.store.keyslots import slot_path
from xasach.store.models import AuditEntry, Person
from xasach.sync.bundle_format import open_bundle

from conftest import ADMIN, PASSWORD


@pytest.fixture(scope="module")
def upper_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("upper") / "upper.db"
    setup_secure(path, mode=MODE_UPPER, unit_code="01", admin=ADMIN, password=PASSWORD)
    return path


def _copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    shutil.copyfile(slot_path(source), slot_path(target))
    return target


def _upper(upper_template, tmp_path, name="upper.db"):
    return login(_copy(upper_template, tmp_path / name), ADMIN, PASSWORD)


def _enrol(commune, upper, tmp_path):
    cards = tmp_path / "cards"
    cards.mkdir(exist_ok=True)
    import_card(commune, export_card(upper, cards), verified=True)
    import_card(upper, export_card(commune, cards), verified=True)


@pytest.fixture
def pair(db, upper_template, tmp_path):
    """The commune (tests' standard installation) and an upper level, keys exchanged."""
    upper = _upper(upper_template, tmp_path)
    _enrol(db, upper, tmp_path)
    yield db, upper
    upper.close()


def _person(db, name="Nguyễn Văn Đức", **fields):
    with db.session() as s:
        person = create_person(
            s,
            full_name=name,
            birth_date=date(1990, 5, 1),
            sex="M",
            family_situation="Sống với mẹ già, hoàn cảnh khó khăn",
            notes="Ghi chú riêng của công an xã",
            **fields,
        )
        return person.id


def _export(db, tmp_path, name="out"):
    result = export_bundle(db, tmp_path / name)
    assert result is not None
    return result


def _upper_person(upper, person_id):
    with upper.reader() as s:
        return s.get(Person, person_id)


def test_fields_that_stay_at_the_commune_never_travel(pair, tmp_path):
    commune, upper = pair
    person_id = _person(commune)
    result = _export(commune, tmp_path)
    with upper.reader() as s:
        bundle = open_bundle(result.path.read_bytes(), ensure_own_keys(s))
    (record,) = [r for r in bundle.records() if r["t"] == "person"]
    assert "family_situation" not in record["r"] and "notes" not in record["r"]
    assert record["r"]["full_name"] == "Nguyễn Văn Đức"
    assert b"hoan canh" not in bundle.payload and "Sống với mẹ" not in str(bundle.records())
    assert import_file(upper, result.path).status == "applied"
    merged = _upper_person(upper, person_id)
    assert merged.full_name == "Nguyễn Văn Đức" and merged.family_situation == ""
    assert merged.unit_code == "00070"


def test_derived_status_and_search_text_are_rebuilt_at_the_upper_level(pair, tmp_path):
    commune, upper = pair
    person_id = _person(commune)
    with commune.session() as s:
        add_episode(s, s.get(Person, person_id), "voluntary_rehab_community", date(2026, 10, 1))
    with commune.reader() as s:
        status = s.get(Person, person_id).status
    assert import_file(upper, _export(commune, tmp_path).path).status == "applied"
    merged = _upper_person(upper, person_id)
    assert merged.status == status != "none"
    assert "nguyen van duc" in merged.search_folded


def test_bundles_apply_in_any_order_to_the_same_result(pair, upper_template, tmp_path):
    commune, upper = pair
    person_id = _person(commune)
    first = _export(commune, tmp_path, "a")
    with commune.session() as s:
        s.get(Person, person_id).occupation = "Lái xe ôm"
    second = _export(commune, tmp_path, "b")  # no receipt yet: carries everything again
    assert second.first_seq == first.first_seq and second.last_seq > first.last_seq

    other = _upper(upper_template, tmp_path, "other.db")
    try:
        _enrol(commune, other, tmp_path)
        for target, order in ((upper, (first, second)), (other, (second, first))):
            for result in order:
                assert import_file(target, result.path).status == "applied"
        a, b = _upper_person(upper, person_id), _upper_person(other, person_id)
        assert a.occupation == b.occupation == "Lái xe ôm"
        assert (a.version, a.updated_at) == (b.version, b.updated_at)
        # The older bundle, applied last, kept the newer state.
        outcome = import_bundle(other, first.path.read_bytes(), "again")
        assert outcome.status == "already"
    finally:
        other.close()


def test_a_tombstone_travels(pair, tmp_path):
    commune, upper = pair
    person_id = _person(commune)
    import_file(upper, _export(commune, tmp_path, "a").path)
    with commune.session() as s:
        s.get(Person, person_id).soft_delete()
    outcome = import_file(upper, _export(commune, tmp_path, "b").path)
    assert outcome.status == "applied" and outcome.merge.updated["person"] == 1
    assert _upper_person(upper, person_id).deleted_at is not None


def test_bundles_chain_and_carry_the_audit_head(pair, tmp_path):
    commune, upper = pair
    _person(commune)
    first = _export(commune, tmp_path, "a")
    _person(commune, name="Trần Văn Nam")
    second = _export(commune, tmp_path, "b")
    with upper.reader() as s:
        keys = ensure_own_keys(s)
    one = open_bundle(first.path.read_bytes(), keys)
    two = open_bundle(second.path.read_bytes(), keys)
    assert one.header["prev_bundle_hash"] == ""
    assert two.header["prev_bundle_hash"] == one.bundle_hash
    with commune.reader() as s:
        last = s.query(AuditEntry).order_by(AuditEntry.seq.desc()).first()
    # The head is the newest entry before the export recorded itself.
    assert two.header["audit_head"]["seq"] == last.seq - 1


def test_the_receipt_moves_the_next_bundle_past_what_was_acknowledged(pair, tmp_path):
    commune, upper = pair
    _person(commune)
    first = _export(commune, tmp_path, "a")
    outcome = import_file(upper, first.path, receipts=tmp_path / "receipts")
    assert outcome.receipt is not None
    assert import_receipt(commune, outcome.receipt).acked_seq == first.last_seq
    assert export_bundle(commune, tmp_path / "b") is None  # nothing new
    # The same receipt again changes nothing.
    assert import_receipt(commune, outcome.receipt).changed is False
    _person(commune, name="Lê Văn Hòa", address_text="Tổ 3")
    second = _export(commune, tmp_path, "c")
    assert second.first_seq == first.last_seq + 1
    assert second.counts == {"person": 1}


def test_a_restored_commune_starts_a_new_epoch_that_the_upper_level_accepts(pair, tmp_path):
    commune, upper = pair
    _person(commune)
    backup = create_backup(commune)
    first = _export(commune, tmp_path, "a")
    outcome = import_file(upper, first.path, receipts=tmp_path / "r")
    import_receipt(commune, outcome.receipt)
    restored = restore_backup(commune, backup.path, PASSWORD).database
    try:
        _person(restored, name="Phạm Văn Long")
        again = _export(restored, tmp_path, "b")
        # Everything again from 1, in a new epoch: not mistaken for reused numbers.
        assert again.first_seq == 1
        result = import_file(upper, again.path, receipts=tmp_path / "r2")
        assert result.status == "applied", result.message
        # The old epoch's receipt is no longer used by the restored commune.
        assert import_receipt(restored, outcome.receipt).changed is False
    finally:
        restored.close()


def test_a_bundle_is_small_enough_for_an_e_mail(pair, tmp_path):
    commune, _upper = pair
    from xasach.demo.generator import generate_demo

    generate_demo(commune, persons=300, hotspots=20, activities=100, seed=4)
    result = _export(commune, tmp_path)
    assert result.size < 300 * 1024
    assert result.path.name == f"00070_{date.today():%Y%m%d}_1-{result.last_seq}.xsb"


def test_the_upper_level_does_not_log_merged_rows_as_its_own_changes(pair, tmp_path):
    """The change log is the outbox of rows this installation sends on; the upper level
    sends nothing on, so a merge must not double its own work by logging every row."""
    from sqlalchemy import func, select

    from xasach.store.models import ChangeLogEntry

    commune, upper = pair
    _person(commune)
    with commune.reader() as s:
        logged_at_commune = s.scalar(select(func.count()).select_from(ChangeLogEntry))
    assert logged_at_commune > 0
    assert import_file(upper, _export(commune, tmp_path).path).status == "applied"
    with upper.reader() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLogEntry)) == 0


def test_a_bundle_whose_audit_trail_got_shorter_is_held(pair, tmp_path):
    """The audit-chain head in each bundle anchors the commune's history at the upper level:
    a later bundle showing a shorter trail means entries were cut off, so it is held."""
    from xasach.sync.bundle_format import seal

    commune, upper = pair
    _person(commune)
    first = _export(commune, tmp_path)
    assert import_file(upper, first.path).status == "applied"
    with upper.reader() as s:
        upper_keys = ensure_own_keys(s)
        opened = open_bundle(first.path.read_bytes(), upper_keys)
    with commune.reader() as s:
        commune_keys = ensure_own_keys(s)
    head = opened.header["audit_head"]
    data, _bundle = seal(
        commune_keys,
        sender_unit="00070",
        recipients=[(upper_keys.key_id, upper_keys.age_recipient)],
        epoch=opened.header["epoch"],
        first_seq=opened.header["first_seq"],
        last_seq=opened.header["last_seq"] + 3,
        prev_bundle_hash=opened.bundle_hash,
        audit_head={"seq": head["seq"] - 1, "hash": head["hash"]},
        records=opened.records(),
        created_at=opened.header["created_at"],
    )
    outcome = import_bundle(upper, data, "later.xsb")
    assert outcome.status == "quarantined" and "\n" not in outcome.message


def test_a_status_changed_only_by_a_new_episode_is_rebuilt(pair, tmp_path):
    """The second bundle carries the episode alone (the person was acknowledged before)."""
    commune, upper = pair
    person_id = _person(commune)
    first = import_file(upper, _export(commune, tmp_path, "a").path, receipts=tmp_path / "r")
    import_receipt(commune, first.receipt)
    assert _upper_person(upper, person_id).status == "none"
    with commune.session() as s:
        add_episode(s, s.get(Person, person_id), "substitution_therapy", date(2026, 9, 1))
    second = _export(commune, tmp_path, "b")
    assert "person" not in second.counts and second.counts["episode"] == 1
    assert import_file(upper, second.path).status == "applied"
    with commune.reader() as s:
        expected = s.get(Person, person_id).status
    assert _upper_person(upper, person_id).status == expected != "none"


def test_a_folder_imports_in_order_while_the_next_file_is_prepared(pair, tmp_path, monkeypatch):
    """import_paths prepares file n+1 in a worker while file n commits: the outcomes are those
    of one-by-one imports — in order, a bad file refused alone, a repeat recognised — and a
    later bundle that needs the earlier one's rows finds them."""
    from xasach.services import sync_import
    from xasach.services.sync_import import ALREADY, DONE, REFUSED, import_paths
    from xasach.store.engine import BULK_TUNING
    from xasach.store.models import Episode

    commune, upper = pair
    person_id = _person(commune)
    folder = tmp_path / "stick"
    folder.mkdir()
    first = _export(commune, tmp_path, "a")
    with commune.session() as s:  # the episode's person travels in the first bundle only
        add_episode(s, s.get(Person, person_id), "voluntary_rehab_community", date(2026, 10, 1))
    second = _export(commune, tmp_path, "b")
    shutil.copyfile(first.path, folder / "1_first.xsb")
    (folder / "2_broken.xsb").write_bytes(b"not a bundle at all")
    shutil.copyfile(second.path, folder / "3_second.xsb")
    shutil.copyfile(first.path, folder / "4_first_again.xsb")

    seen_cache: list[int] = []
    real_import_bundle = sync_import.import_bundle

    def spying_import_bundle(db, *args, **kwargs):
        with db.reader() as s:
            seen_cache.append(s.connection().exec_driver_sql("PRAGMA cache_size").scalar())
        return real_import_bundle(db, *args, **kwargs)

    monkeypatch.setattr(sync_import, "import_bundle", spying_import_bundle)
    outcomes = import_paths(upper, [folder])

    # every bundle that reaches the database (held ones are retried too) had the bulk cache
    assert len(seen_cache) >= 3 and set(seen_cache) == {BULK_TUNING[0][1]}
    with upper.reader() as s:  # and the everyday cache is back afterwards
        assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == -16384
    assert [o.file for o in outcomes] == [
        "1_first.xsb",
        "2_broken.xsb",
        "3_second.xsb",
        "4_first_again.xsb",
    ]
    assert [o.status for o in outcomes] == [DONE, REFUSED, DONE, ALREADY]
    assert "không phải gói đồng bộ của XaSach" in outcomes[1].message, outcomes[1].message
    with upper.reader() as s:
        assert s.query(Episode).filter_by(person_id=person_id).count() == 1
        assert s.get(Person, person_id).status != "none"


def test_a_commune_installation_refuses_a_folder_with_one_reason_per_file(pair, tmp_path):
    from xasach.services.sync_import import REFUSED, import_paths

    commune, _upper_db = pair
    _person(commune)
    result = _export(commune, tmp_path)
    outcomes = import_paths(commune, [result.path, result.path])
    assert [o.status for o in outcomes] == [REFUSED, REFUSED]
    assert all("Chỉ bản cài đặt của cấp trên" in o.message for o in outcomes)
