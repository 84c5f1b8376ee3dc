"""Every bad bundle or receipt is refused with a one-line reason and leaves the database as it
was (SECURITY.md "Bundles": receiver's checks, cheap ones first, all before any write).

Forged bundles are built from the commune's real first bundle: decrypted with the upper level's
key, changed in exactly one respect, signed where the test needs a valid signature, and
encrypted again to the upper level, so the one change is all that can be at fault.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pyrage
import pytest
from pyrage import x25519
from sqlalchemy import func, select, update

from xasach.services import sync_import, sync_keys
from xasach.services.sync_import import ALREADY, DONE, HELD, REFUSED, import_bundle
from xasach.services.sync_receipts import import_receipt
from xasach.store.database import Database
from xasach.store.models import BundleIn, ChangeLogEntry, Person, SyncPeer
from xasach.sync import bundle_format as bf
from xasach.sync import receipt_format as rf
from xasach.sync.errors import SyncFileError
from xasach.sync.keys import KeyCard, OwnKeys, canonical_json

from .conftest import COMMUNE_B_CODE, COMMUNE_CODE, UPPER_CODE, SyncTemplates, snapshot

# --- building bundles -----------------------------------------------------------------------


def encrypt_to(keys: OwnKeys, inner: bytes) -> bytes:
    return pyrage.encrypt(inner, [x25519.Recipient.from_str(keys.age_recipient)])


def envelope(header_bytes: bytes, payload: bytes, signature: bytes) -> bytes:
    return bf.MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + payload + signature


def signed_inner(own: OwnKeys, header: dict[str, Any], payload: bytes) -> bytes:
    """An envelope whose signature is valid for `own` whatever the header says."""
    header_bytes = canonical_json(header)
    return envelope(header_bytes, payload, own.sign(bf._SIGN_CONTEXT + header_bytes))


def opened(data: bytes, upper_keys: OwnKeys) -> bf.Bundle:
    return bf.parse_inner(pyrage.decrypt(data, [upper_keys.identity]))


def reseal(
    t: SyncTemplates,
    base: bf.Bundle,
    records: list[dict[str, Any]],
    *,
    own: OwnKeys | None = None,
    sender: str | None = None,
    recipients: list[OwnKeys] | None = None,
    **header: Any,
) -> bytes:
    """A correct bundle (counts, hashes, signature) holding `records`, encrypted to the upper
    level unless told otherwise; header fields default to those of `base`."""
    h = base.header
    to = recipients or [t.upper_keys]
    data, _bundle = bf.seal(
        own or t.commune_keys,
        sender_unit=sender or h["sender_unit"],
        recipients=[(k.key_id, k.age_recipient) for k in to],
        epoch=header.get("epoch", h["epoch"]),
        first_seq=header.get("first_seq", h["first_seq"]),
        last_seq=header.get("last_seq", h["last_seq"]),
        prev_bundle_hash=h["prev_bundle_hash"],
        audit_head=header.get("audit_head", h["audit_head"]),
        records=records,
        created_at=h["created_at"],
        bundle_id=header.get("bundle_id"),
    )
    return data


# --- checking outcomes ----------------------------------------------------------------------


def one_line(message: str) -> None:
    assert message.strip(), "empty reason"
    assert "\n" not in message, f"reason on more than one line: {message!r}"


def refused(db: Database, data: bytes, *, status: str = REFUSED) -> sync_import.ImportOutcome:
    """Import `data`, expect `status` with a one-line reason and an unchanged database."""
    before = snapshot(db)
    outcome = import_bundle(db, data, "test.xsb")
    assert outcome.status == status, outcome.message
    assert outcome.merge is None and outcome.receipt is None
    one_line(outcome.message)
    assert snapshot(db) == before
    return outcome


@pytest.fixture
def base(sync_templates: SyncTemplates, commune_bundle: bytes) -> bf.Bundle:
    return opened(commune_bundle, sync_templates.upper_keys)


@pytest.fixture
def records(base: bf.Bundle) -> list[dict[str, Any]]:
    return base.records()


def first(records: list[dict[str, Any]], table: str) -> dict[str, Any]:
    return next(r for r in records if r["t"] == table)


# --- controls: the fixtures and the forging helpers make bundles that are accepted ---------


def test_the_real_bundle_is_applied(upper, commune_bundle):
    outcome = import_bundle(upper, commune_bundle, "a.xsb")
    assert outcome.status == DONE, outcome.message
    assert outcome.merge is not None and outcome.merge.inserted["person"] > 0


def test_a_resealed_bundle_is_applied(upper, sync_templates, base, records):
    """The helpers add no fault of their own: what the tests below refuse is their one change."""
    assert import_bundle(upper, reseal(sync_templates, base, records), "a.xsb").status == DONE


def test_a_hand_built_envelope_is_applied(upper, sync_templates, base):
    inner = signed_inner(sync_templates.commune_keys, dict(base.header), base.payload)
    assert (
        import_bundle(upper, encrypt_to(sync_templates.upper_keys, inner), "a.xsb").status == DONE
    )


# --- damaged files --------------------------------------------------------------------------


@pytest.mark.parametrize("where", [0, 5, 25, 40, 80, 150, 400, -200, -17, -1])
def test_a_flipped_byte_of_the_file_is_refused(upper, commune_bundle, where):
    """Age header line, recipient stanza, header MAC, encrypted payload, final tag."""
    data = bytearray(commune_bundle)
    data[where] ^= 0x01
    refused(upper, bytes(data))


@pytest.mark.parametrize("part", ["magic", "length", "header", "payload", "signature"])
def test_a_flipped_byte_inside_the_envelope_is_refused(upper, sync_templates, base, part):
    """Re-encrypted correctly to the upper level: only the envelope's own checks can catch it."""
    inner = bytearray(envelope(base.header_bytes, base.payload, base.signature))
    start = {
        "magic": 3,
        "length": len(bf.MAGIC) + 3,
        "header": len(bf.MAGIC) + 4 + 30,
        "payload": len(bf.MAGIC) + 4 + len(base.header_bytes) + len(base.payload) // 2,
        "signature": len(inner) - 10,
    }[part]
    inner[start] ^= 0x04
    refused(upper, encrypt_to(sync_templates.upper_keys, bytes(inner)))


@pytest.mark.parametrize("keep", [0, 10, 22, 60, 200, 0.5, -64, -17, -1])
def test_a_truncated_file_is_refused(upper, commune_bundle, keep):
    cut = int(len(commune_bundle) * keep) if isinstance(keep, float) else keep
    refused(upper, commune_bundle[:cut])


def test_a_file_with_bytes_appended_is_refused(upper, commune_bundle):
    refused(upper, commune_bundle + b"\x00")


def test_a_file_that_is_not_a_bundle_is_refused(upper, sync_templates):
    refused(upper, b"PK\x03\x04 a zip file")
    refused(upper, encrypt_to(sync_templates.upper_keys, b"hello"))


# --- wrong sender, wrong recipient ----------------------------------------------------------


def test_a_bundle_for_another_upper_level_is_refused(upper, sync_templates, base, records):
    other = OwnKeys.generate()
    refused(upper, reseal(sync_templates, base, records, recipients=[other]))


def test_a_bundle_addressed_to_another_key_but_readable_is_refused(upper, sync_templates, base):
    """Encrypted to this office, but the signed header names another office's key: a
    recipient re-encrypting a bundle signed for someone else."""
    header = dict(base.header) | {"recipient_key_ids": [OwnKeys.generate().key_id]}
    inner = signed_inner(sync_templates.commune_keys, header, base.payload)
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


def test_an_unknown_sender_is_refused(upper, sync_templates, base, records):
    stranger = OwnKeys.generate()
    refused(upper, reseal(sync_templates, base, records, own=stranger))


def test_an_unverified_sender_is_held_then_applied_after_verification(
    upper, sync_templates, commune_bundle, sync_dir
):
    with upper.session() as s:
        s.execute(
            update(SyncPeer).where(SyncPeer.unit_code == COMMUNE_CODE).values(verified_at=None)
        )
    kept = ("bundle_in", "audit_log", "sqlite_sequence")
    before = snapshot(upper, skip=kept)
    outcome = import_bundle(upper, commune_bundle, "a.xsb")
    assert outcome.status == HELD and not outcome.ok
    one_line(outcome.message)
    assert snapshot(upper, skip=kept) == before  # nothing applied
    with upper.reader() as s:
        held = s.scalars(select(BundleIn)).all()
        assert [(b.sender_unit, b.state) for b in held] == [(COMMUNE_CODE, "quarantined")]
        assert held[0].data == commune_bundle

    # A second copy while still unverified stays held, once.
    assert import_bundle(upper, commune_bundle, "a.xsb").status == HELD
    with upper.reader() as s:
        assert s.scalar(select(func.count()).select_from(BundleIn)) == 1

    sync_keys.verify_peer(upper, COMMUNE_CODE)
    [retried] = sync_import.retry_quarantined(upper, COMMUNE_CODE, receipts=sync_dir)
    assert retried.status == DONE, retried.message
    with upper.reader() as s:
        assert s.scalar(select(func.count()).select_from(Person)) > 0
        assert s.scalars(select(BundleIn.state)).all() == ["applied"]
    assert retried.receipt is not None and retried.receipt.exists()


def test_a_bundle_signed_by_another_commune_claiming_to_be_this_one_is_refused(
    upper, sync_templates, base, records
):
    """Commune B signs a header that says "from 00070" (B's key id in it, as `seal` does)."""
    refused(upper, reseal(sync_templates, base, records, own=sync_templates.commune_b_keys))


def test_a_bundle_naming_this_communes_key_but_signed_by_another_is_refused(
    upper, sync_templates, base
):
    """The header names 00070's key id, the signature is commune B's."""
    inner = signed_inner(sync_templates.commune_b_keys, dict(base.header), base.payload)
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


def test_a_retired_key_is_refused(upper, sync_templates, commune_bundle):
    with upper.session() as s:
        s.execute(update(SyncPeer).where(SyncPeer.unit_code == COMMUNE_CODE).values(active=False))
    refused(upper, commune_bundle)


# --- replays and reused sequence numbers ----------------------------------------------------


def test_a_replayed_bundle_changes_nothing(upper, commune_bundle):
    assert import_bundle(upper, commune_bundle, "a.xsb").status == DONE
    refused(upper, commune_bundle, status=ALREADY)


def test_the_same_changes_under_another_bundle_id_change_nothing(
    upper, sync_templates, base, records, commune_bundle
):
    assert import_bundle(upper, commune_bundle, "a.xsb").status == DONE
    again = reseal(sync_templates, base, records, bundle_id="another-id-same-content")
    refused(upper, again, status=ALREADY)


def test_other_changes_under_used_sequence_numbers_are_held(
    upper, sync_templates, base, records, commune_bundle
):
    assert import_bundle(upper, commune_bundle, "a.xsb").status == DONE
    changed = [r for r in records if r["t"] != "activity"]
    kept = ("bundle_in", "audit_log", "sqlite_sequence")
    before = snapshot(upper, skip=kept)
    outcome = import_bundle(upper, reseal(sync_templates, base, changed), "b.xsb")
    assert outcome.status == HELD
    one_line(outcome.message)
    assert snapshot(upper, skip=kept) == before


# --- the signed manifest disagrees with the payload -----------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"counts": "one more person"},
        {"counts": "one table fewer"},
        {"payload_sha256": "0" * 64},
        {"payload_length": "+1"},
        {"raw_length": "+1"},
        {"raw_length": "-1"},
    ],
    ids=lambda c: "-".join(f"{k}:{v}" for k, v in c.items()),
)
def test_a_manifest_that_disagrees_with_the_payload_is_refused(upper, sync_templates, base, change):
    header = dict(base.header)
    for name, how in change.items():
        if how == "one more person":
            header["counts"] = dict(header["counts"]) | {"person": header["counts"]["person"] + 1}
        elif how == "one table fewer":
            header["counts"] = {k: v for k, v in header["counts"].items() if k != "village"}
        elif how in ("+1", "-1"):
            header[name] += int(how)
        else:
            header[name] = how
    inner = signed_inner(sync_templates.commune_keys, header, base.payload)
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


def test_a_payload_that_is_not_json_lines_is_refused(upper, sync_templates, base):
    for raw in (b"not json\n", b"[1, 2]\n", b'{"r": {}}\n', b"\xff\xfe\n"):
        payload = zlib.compress(raw)
        header = dict(base.header) | {
            "counts": {},
            "payload_sha256": hashlib.sha256(payload).hexdigest(),
            "payload_length": len(payload),
            "raw_length": len(raw),
        }
        inner = signed_inner(sync_templates.commune_keys, header, payload)
        refused(upper, encrypt_to(sync_templates.upper_keys, inner))


def test_a_header_that_is_not_canonical_is_refused(upper, sync_templates, base):
    header_bytes = json.dumps(base.header, sort_keys=True).encode()  # spaces after separators
    own = sync_templates.commune_keys
    inner = envelope(header_bytes, base.payload, own.sign(bf._SIGN_CONTEXT + header_bytes))
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


@pytest.mark.parametrize(
    "change",
    [
        {"extra": "field"},
        {"first_seq": 0},
        {"last_seq": 0},
        {"first_seq": "1"},
        {"version": True},
        {"audit_head": {"seq": 1}},
        {"recipient_key_ids": ["x"] * 9},
        {"epoch": "e" * 101},
        {"format": "xasach-receipt"},
    ],
    ids=repr,
)
def test_a_malformed_signed_header_is_refused(upper, sync_templates, base, change):
    header = dict(base.header) | change
    inner = signed_inner(sync_templates.commune_keys, header, base.payload)
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


@pytest.mark.parametrize(
    "change",
    [
        {"first_seq": 2**70, "last_seq": 2**70},
        {"audit_head": {"seq": 2**70, "hash": ""}},
        {"audit_head": {"seq": -1, "hash": ""}},
    ],
    ids=repr,
)
def test_numbers_too_large_to_store_are_refused(upper, sync_templates, base, change):
    """Refused as damaged, not a crash when the bundle is recorded (SQLite holds 64 bits)."""
    header = dict(base.header) | change
    inner = signed_inner(sync_templates.commune_keys, header, base.payload)
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


def test_a_deeply_nested_header_is_refused(upper, sync_templates):
    """Anyone holding the upper level's public card can encrypt this: no signature needed
    to reach the header parser, so it must refuse, not crash."""
    header_bytes = b"[" * 30_000 + b"]" * 30_000
    inner = envelope(header_bytes, b"", b"\x00" * bf.SIGNATURE_LENGTH)
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


def test_a_newer_format_version_is_refused(upper, sync_templates, base):
    header = dict(base.header) | {"version": bf.FORMAT_VERSION + 1, "new_field": 1}
    inner = signed_inner(sync_templates.commune_keys, header, base.payload)
    outcome = refused(upper, encrypt_to(sync_templates.upper_keys, inner))
    assert str(bf.FORMAT_VERSION + 1) in outcome.message


# --- size limits ----------------------------------------------------------------------------


def test_an_oversized_file_is_refused_before_decryption(upper, commune_bundle, sync_dir):
    big = commune_bundle + b"\x00" * (bf.MAX_FILE_BYTES + 1 - len(commune_bundle))
    refused(upper, big)
    path = sync_dir / "big.xsb"
    with path.open("wb") as fh:  # sparse: the size alone must refuse it
        fh.truncate(bf.MAX_FILE_BYTES + 1)
    before = snapshot(upper)
    outcome = sync_import.import_file(upper, path)
    assert outcome.status == REFUSED
    one_line(outcome.message)
    assert snapshot(upper) == before


def _bomb_header(base: bf.Bundle, payload: bytes, raw_length: int) -> dict[str, Any]:
    return dict(base.header) | {
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_length": len(payload),
        "raw_length": raw_length,
    }


def test_a_decompression_bomb_is_refused(upper, sync_templates, base):
    """An honest header: 8 MB of newlines in ~8 KB, far beyond the ratio limit."""
    raw = b"\n" * (8 << 20)
    payload = zlib.compress(raw, 9)
    assert len(raw) > len(payload) * bf.MAX_RATIO
    header = _bomb_header(base, payload, len(raw)) | {"counts": {}}
    inner = signed_inner(sync_templates.commune_keys, header, payload)
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


def test_a_bomb_whose_header_lies_about_its_size_is_refused(upper, sync_templates, base):
    """The header claims 1,000 bytes; inflating stops one byte past the claim."""
    payload = zlib.compress(b"\n" * (64 << 20), 9)
    header = _bomb_header(base, payload, 1000) | {"counts": {}}
    inner = signed_inner(sync_templates.commune_keys, header, payload)
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


def test_a_huge_raw_length_with_a_tiny_payload_is_refused(upper, sync_templates, base):
    payload = zlib.compress(b"")
    header = _bomb_header(base, payload, bf.MAX_RAW_PAYLOAD_BYTES) | {"counts": {}}
    inner = signed_inner(sync_templates.commune_keys, header, payload)
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


def test_trailing_bytes_after_the_compressed_stream_are_refused(upper, sync_templates, base):
    payload = base.payload + b"extra"
    header = _bomb_header(base, payload, base.header["raw_length"])
    inner = signed_inner(sync_templates.commune_keys, header, payload)
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


# --- records --------------------------------------------------------------------------------


def test_records_of_another_commune_are_refused(upper, sync_templates, base, records):
    person = first(records, "person")
    person["r"]["unit_code"] = COMMUNE_B_CODE
    refused(upper, reseal(sync_templates, base, records))


def test_a_record_overwriting_another_communes_row_is_refused(
    upper, sync_templates, base, records, commune_b_bundle
):
    assert import_bundle(upper, commune_b_bundle, "b.xsb").status == DONE
    theirs = first(opened(commune_b_bundle, sync_templates.upper_keys).records(), "person")
    mine = first(records, "person")
    mine["r"]["id"] = theirs["r"]["id"]  # same row id, claimed by 00070, newer version
    mine["r"]["version"] = theirs["r"]["version"] + 5
    refused(upper, reseal(sync_templates, base, records))


def test_a_record_pointing_at_another_communes_row_is_refused(
    upper, sync_templates, base, records, commune_b_bundle
):
    assert import_bundle(upper, commune_b_bundle, "b.xsb").status == DONE
    theirs = first(opened(commune_b_bundle, sync_templates.upper_keys).records(), "person")
    first(records, "episode")["r"]["person_id"] = theirs["r"]["id"]
    refused(upper, reseal(sync_templates, base, records))


def test_a_record_pointing_at_a_missing_row_is_refused(upper, sync_templates, base, records):
    first(records, "episode")["r"]["person_id"] = "00000000-0000-0000-0000-000000000000"
    refused(upper, reseal(sync_templates, base, records))


def _set(record: dict[str, Any], name: str, value: Any) -> None:
    record["r"][name] = value


BAD_RECORDS = {
    "unknown field": lambda r: _set(first(r, "person"), "password", "x"),
    "derived cache sent": lambda r: _set(first(r, "person"), "status", "managed"),
    "search text sent": lambda r: _set(first(r, "person"), "search_folded", "x"),
    "missing field": lambda r: first(r, "person")["r"].pop("full_name"),
    "missing id": lambda r: first(r, "episode")["r"].pop("id"),
    "missing version": lambda r: first(r, "episode")["r"].pop("version"),
    "text as number": lambda r: _set(first(r, "person"), "full_name", 12),
    "number as text": lambda r: _set(first(r, "person"), "birth_year", "1980"),
    "bool as int": lambda r: _set(first(r, "person"), "birth_year", True),
    "float as int": lambda r: _set(first(r, "person"), "birth_year", 1980.0),
    "huge int": lambda r: _set(first(r, "person"), "birth_year", 2**64),
    "too long": lambda r: _set(first(r, "person"), "full_name", "A" * 121),
    "bad enum sex": lambda r: _set(first(r, "person"), "sex", "X"),
    "bad enum kind": lambda r: _set(first(r, "episode"), "kind", "prison"),
    "bad enum form": lambda r: _set(first(r, "activity"), "form", "tiktok"),
    "bad date": lambda r: _set(first(r, "episode"), "start_date", "2024-02-30"),
    "date format": lambda r: _set(first(r, "episode"), "start_date", "05/04/2023"),
    "bad utc": lambda r: _set(first(r, "person"), "updated_at", "2024-01-01 10:00:00"),
    "utc out of range": lambda r: _set(
        first(r, "person"), "updated_at", "2024-13-45T99:99:99.000000Z"
    ),
    "null not nullable": lambda r: _set(first(r, "person"), "full_name", None),
    "version zero": lambda r: _set(first(r, "person"), "version", 0),
    "id too long": lambda r: _set(first(r, "person"), "id", "x" * 37),
    "nested value": lambda r: _set(first(r, "person"), "full_name", ["A"]),
    "nan": lambda r: _set(first(r, "hotspot"), "latitude", float("nan")),
    "unknown table": lambda r: r.append({"t": "user_account", "r": {"id": "x"}}),
    "extra key": lambda r: first(r, "person").update(x=1),
    "row not an object": lambda r: first(r, "person").update(r=[1]),
}


@pytest.mark.parametrize("fault", list(BAD_RECORDS))
def test_an_invalid_record_is_refused(upper, sync_templates, base, records, fault):
    BAD_RECORDS[fault](records)
    refused(upper, reseal(sync_templates, base, records))


def _raw_payload_bundle(t: SyncTemplates, base: bf.Bundle, raw: bytes, counts: dict) -> bytes:
    payload = zlib.compress(raw)
    header = _bomb_header(base, payload, len(raw)) | {"counts": counts}
    return encrypt_to(t.upper_keys, signed_inner(t.commune_keys, header, payload))


def test_a_deeply_nested_record_is_refused(upper, sync_templates, base):
    raw = b'{"t": "person", "r": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    refused(upper, _raw_payload_bundle(sync_templates, base, raw, {"person": 1}))


def test_a_record_line_over_the_cap_is_refused(upper, sync_templates, base):
    raw = b'{"t":"person","r":{"full_name":"' + b"A" * bf.MAX_RECORD_BYTES + b'"}}\n'
    refused(upper, _raw_payload_bundle(sync_templates, base, raw, {"person": 1}))


# --- receipts (commune side) ----------------------------------------------------------------


def _last_seq(db: Database) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.max(ChangeLogEntry.seq))) or 0)


def _epoch(db: Database) -> str:
    from xasach.services.sync_state import current_epoch

    with db.session() as s:
        return current_epoch(s)


def _receipt(
    folder: Path, own: OwnKeys, *, commune: str = COMMUNE_CODE, acked: int, epoch: str
) -> Path:
    data, _made = rf.make_receipt(
        own,
        bundle_id="b",
        bundle_hash="h",
        commune_unit=commune,
        upper_unit=UPPER_CODE,
        epoch=epoch,
        acked_seq=acked,
        applied_at="2026-01-01T00:00:00.000000Z",
    )
    path = folder / f"r{len(list(folder.iterdir()))}.xsr"
    path.write_bytes(data)
    return path


def receipt_refused(db: Database, path: Path) -> None:
    before = snapshot(db)
    with pytest.raises(SyncFileError) as caught:
        import_receipt(db, path)
    one_line(caught.value.message)
    assert snapshot(db) == before


def test_a_receipt_from_the_upper_level_is_accepted(commune, sync_templates, sync_dir):
    """Control: the receipt helper makes receipts the commune accepts."""
    path = _receipt(sync_dir, sync_templates.upper_keys, acked=2, epoch=_epoch(commune))
    outcome = import_receipt(commune, path)
    assert outcome.changed and outcome.acked_seq == 2


def test_a_receipt_not_signed_by_the_enrolled_upper_level_is_refused(
    commune, sync_templates, sync_dir
):
    epoch = _epoch(commune)
    # Signed by a key nobody enrolled.
    receipt_refused(commune, _receipt(sync_dir, OwnKeys.generate(), acked=2, epoch=epoch))
    # Signed by a commune's key (enrolled nowhere here, and not an upper level).
    receipt_refused(
        commune, _receipt(sync_dir, sync_templates.commune_b_keys, acked=2, epoch=epoch)
    )
    # Naming the upper level's key id, signed by another key.
    _data, made = rf.make_receipt(
        OwnKeys.generate(),
        bundle_id="b",
        bundle_hash="h",
        commune_unit=COMMUNE_CODE,
        upper_unit=UPPER_CODE,
        epoch=epoch,
        acked_seq=2,
        applied_at="2026-01-01T00:00:00.000000Z",
    )
    header = dict(made.header) | {"signer_key_id": sync_templates.upper_keys.key_id}
    header_bytes = canonical_json(header)
    forged = (
        rf.MAGIC
        + struct.pack(">I", len(header_bytes))
        + header_bytes
        + OwnKeys.generate().sign(rf._SIGN_CONTEXT + header_bytes)
    )
    path = sync_dir / "forged.xsr"
    path.write_bytes(forged)
    receipt_refused(commune, path)


def test_a_receipt_from_an_unverified_upper_level_is_refused(commune, sync_templates, sync_dir):
    with commune.session() as s:
        s.execute(update(SyncPeer).values(verified_at=None))
    path = _receipt(sync_dir, sync_templates.upper_keys, acked=2, epoch=_epoch(commune))
    receipt_refused(commune, path)


def test_a_receipt_for_another_commune_is_refused(commune, sync_templates, sync_dir):
    path = _receipt(
        sync_dir, sync_templates.upper_keys, commune=COMMUNE_B_CODE, acked=2, epoch=_epoch(commune)
    )
    receipt_refused(commune, path)


def test_a_receipt_acknowledging_more_than_the_commune_made_is_refused(
    commune, sync_templates, sync_dir
):
    acked = _last_seq(commune) + 1
    path = _receipt(sync_dir, sync_templates.upper_keys, acked=acked, epoch=_epoch(commune))
    receipt_refused(commune, path)


@pytest.mark.parametrize("where", [0, 16, 30, -70, -1])
def test_a_damaged_receipt_is_refused(commune, sync_templates, sync_dir, where):
    path = _receipt(sync_dir, sync_templates.upper_keys, acked=2, epoch=_epoch(commune))
    data = bytearray(path.read_bytes())
    data[where] ^= 0x01
    path.write_bytes(bytes(data))
    receipt_refused(commune, path)


def test_a_truncated_or_nested_receipt_is_refused(commune, sync_templates, sync_dir):
    path = _receipt(sync_dir, sync_templates.upper_keys, acked=2, epoch=_epoch(commune))
    path.write_bytes(path.read_bytes()[:-1])
    receipt_refused(commune, path)
    header_bytes = b"[" * 8000 + b"]" * 8000
    path.write_bytes(rf.MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + b"\0" * 64)
    receipt_refused(commune, path)


def test_a_nested_key_card_is_refused(upper, sync_dir):
    """A key card is read before anything is trusted: deep nesting must refuse, not crash."""
    path = sync_dir / "x.xskey"
    path.write_bytes(b"[" * 8000 + b"]" * 8000)
    before = snapshot(upper)
    with pytest.raises(SyncFileError) as caught:
        KeyCard.parse(path.read_bytes())
    one_line(caught.value.message)
    with pytest.raises(SyncFileError):
        sync_keys.import_card(upper, path, verified=False)
    assert snapshot(upper) == before


def test_a_header_with_a_lone_surrogate_is_refused(upper, sync_templates, base):
    """JSON may escape a lone surrogate; re-serialising it must refuse, not raise."""
    header_bytes = canonical_json(dict(base.header)).replace(
        b'"format":"xasach-bundle"', b'"format":"xasach-bundle\\ud800"'
    )
    inner = envelope(header_bytes, base.payload, base.signature)
    refused(upper, encrypt_to(sync_templates.upper_keys, inner))


def test_a_receipt_with_a_lone_surrogate_is_refused(commune, sync_templates, sync_dir):
    path = _receipt(sync_dir, sync_templates.upper_keys, acked=2, epoch=_epoch(commune))
    data = path.read_bytes().replace(b'"bundle_id":"b"', b'"bundle_id":"\\ud800"')
    path.write_bytes(
        data[: len(rf.MAGIC)]
        + struct.pack(">I", len(data) - len(rf.MAGIC) - 68)
        + data[len(rf.MAGIC) + 4 :]
    )
    receipt_refused(commune, path)


def test_a_key_card_with_a_lone_surrogate_is_refused(sync_templates):
    card = sync_templates.upper_keys.card(UPPER_CODE, "Hà Nội", "upper", "2026-01-01")
    data = card.to_bytes().replace("Hà Nội".encode(), b"\\ud800")
    with pytest.raises(SyncFileError) as caught:
        KeyCard.parse(data)
    one_line(caught.value.message)


def test_a_record_with_a_lone_surrogate_is_refused(upper, sync_templates, base, records):
    """Valid JSON ("\\ud800"), but no UTF-8 text: refused, not a crash in SQLite."""
    person = first(records, "person")
    person["r"]["full_name"] = "SURROGATE"
    raw = b"".join(canonical_json(r) + b"\n" for r in records).replace(b"SURROGATE", b"\\ud800")
    counts: dict[str, int] = {}
    for r in records:
        counts[r["t"]] = counts.get(r["t"], 0) + 1
    refused(upper, _raw_payload_bundle(sync_templates, base, raw, counts))
