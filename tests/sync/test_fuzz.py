"""Fuzz: mutated, truncated, spliced and forged bundles are all refused, cleanly, and the
upper level's database does not change (SECURITY.md "Tests to keep").

Each example runs twice: through the checking layers with no database (`open_bundle`, the
enrolled-key lookup, signature, records, `validate`), which must raise SyncFileError and
nothing else, and through `import_bundle` against a real upper level, which must answer
"refused" (or "quarantined") with a one-line reason. The database is compared row by row
before and after each run.

`make test` runs a fixed, derandomised sample; `XASACH_FUZZ_EXAMPLES=5000` (the `soak`
target) runs thousands per strategy.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from xasach.services.sync_import import HELD, REFUSED, WOULD_APPLY, import_bundle
from xasach.services.sync_state import withheld_pairs
from xasach.store.database import Database
from xasach.store.sync_records import SPECS
from xasach.store.sync_validate import validate
from xasach.sync import bundle_format as bf
from xasach.sync.errors import SyncFileError
from xasach.sync.keys import OwnKeys, canonical_json

from .conftest import COMMUNE_B_CODE, COMMUNE_CODE, SyncTemplates, open_copy, snapshot
from .test_refusals import encrypt_to, envelope, signed_inner

EXAMPLES_ENV = "XASACH_FUZZ_EXAMPLES"
EXAMPLES = int(os.environ.get(EXAMPLES_ENV, "0")) or None


def fuzz_settings(default: int) -> Callable[[Any], Any]:
    """`default` examples, derandomised, unless XASACH_FUZZ_EXAMPLES asks for more (random)."""
    return settings(
        max_examples=EXAMPLES or default,
        derandomize=EXAMPLES is None,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@dataclass
class Env:
    upper: Database
    t: SyncTemplates
    a: bytes  # commune 00070's valid bundle
    b: bytes  # commune 00073's valid bundle
    inner_a: bytes
    bundle_a: bf.Bundle
    records_a: list[dict[str, Any]]
    stranger: OwnKeys  # enrolled nowhere
    enrolled: dict[str, tuple[str, bytes]]  # key id → (unit, signing key)
    seen: dict[str, int]


@pytest.fixture(scope="module")
def env(
    sync_templates: SyncTemplates,
    commune_bundle: bytes,
    commune_b_bundle: bytes,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Env]:
    t = sync_templates
    upper = open_copy(t.upper, tmp_path_factory.mktemp("fuzz-upper"))
    inner = pyrage.decrypt(commune_bundle, [t.upper_keys.identity])
    bundle = bf.parse_inner(inner)
    enrolled = {
        k.key_id: (unit, k.sign_public)
        for unit, k in ((COMMUNE_CODE, t.commune_keys), (COMMUNE_B_CODE, t.commune_b_keys))
    }
    yield Env(
        upper,
        t,
        commune_bundle,
        commune_b_bundle,
        inner,
        bundle,
        bundle.records(),
        OwnKeys.generate(),
        enrolled,
        {},
    )
    upper.close()


def layers(e: Env, data: bytes) -> None:
    """The receiver's checks without a database; returns only if every check passes."""
    bundle = bf.open_bundle(data, e.t.upper_keys)
    found = e.enrolled.get(bundle.header["sender_key_id"])
    if found is None:
        raise SyncFileError("not enrolled")
    unit, sign_public = found
    bundle.check_signature(sign_public)
    if bundle.header["sender_unit"] != unit:
        raise SyncFileError("claims another unit")
    if e.t.upper_keys.key_id not in bundle.header["recipient_key_ids"]:
        raise SyncFileError("not addressed here")
    validate(bundle.records(), unit, withheld_pairs())


def check_refused(e: Env, data: bytes, kind: str) -> None:
    with pytest.raises(SyncFileError):
        layers(e, data)
    outcome = import_bundle(e.upper, data, "fuzz.xsb")
    assert outcome.status in (REFUSED, HELD), (kind, outcome.status, outcome.message)
    assert outcome.merge is None
    assert outcome.message and "\n" not in outcome.message
    e.seen[kind] = e.seen.get(kind, 0) + 1


def same_content(e: Env, data: bytes) -> bool:
    """True if a mutated file still decrypts to the original envelope (not a real change)."""
    try:
        return pyrage.decrypt(data, [e.t.upper_keys.identity]) == e.inner_a
    except Exception:
        return False


@pytest.fixture
def unchanged(env: Env) -> Iterator[None]:
    before = snapshot(env.upper)
    yield
    assert snapshot(env.upper) == before


# --- byte-level mutations of the file and of the envelope -----------------------------------


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> tuple[str, bytes]:
    data = bytearray(original)
    kind = draw(st.sampled_from(["flip", "flips", "insert", "delete", "truncate", "zero"]))
    n = len(data)
    # Bias towards the ends, where the headers and tags are.
    pos = draw(
        st.one_of(
            st.integers(0, min(n - 1, 300)),
            st.integers(0, n - 1),
            st.integers(max(0, n - 100), n - 1),
        )
    )
    if kind == "flip":
        data[pos] ^= draw(st.integers(1, 255))
    elif kind == "flips":
        for p in draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=8)):
            data[p] ^= draw(st.integers(1, 255))
    elif kind == "insert":
        data[pos:pos] = draw(st.binary(min_size=1, max_size=32))
    elif kind == "delete":
        del data[pos : pos + draw(st.integers(1, 64))]
    elif kind == "truncate":
        del data[pos:]
    else:
        data[pos : pos + draw(st.integers(1, 64))] = b"\x00" * len(data[pos : pos + 64])
    return kind, bytes(data)


def test_mutated_files_are_refused(env: Env, unchanged: None) -> None:
    @fuzz_settings(150)
    @given(mutated(env.a))
    def run(case: tuple[str, bytes]) -> None:
        kind, data = case
        assume(data != env.a and not same_content(env, data))
        check_refused(env, data, f"file-{kind}")

    run()


def test_mutated_envelopes_reencrypted_are_refused(env: Env, unchanged: None) -> None:
    """The envelope changed after signing, then encrypted correctly to the upper level."""

    @fuzz_settings(150)
    @given(mutated(env.inner_a))
    def run(case: tuple[str, bytes]) -> None:
        kind, inner = case
        assume(inner != env.inner_a)
        check_refused(env, encrypt_to(env.t.upper_keys, inner), f"envelope-{kind}")

    run()


def test_spliced_bundles_are_refused(env: Env, unchanged: None) -> None:
    @fuzz_settings(60)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        first, second = data.draw(st.sampled_from([(env.a, env.b), (env.b, env.a), (env.a, env.a)]))
        i = data.draw(st.integers(0, len(first)))
        j = data.draw(st.integers(0, len(second)))
        spliced = first[:i] + second[j:]
        assume(spliced not in (env.a, env.b) and not same_content(env, spliced))
        check_refused(env, spliced, "splice")

    run()


def test_spliced_envelopes_are_refused(env: Env, unchanged: None) -> None:
    """Header of one bundle, payload or signature of another, all re-encrypted to the upper."""
    inner_b = pyrage.decrypt(env.b, [env.t.upper_keys.identity])
    bundle_b = bf.parse_inner(inner_b)
    a = env.bundle_a
    parts = [
        (a.header_bytes, bundle_b.payload, a.signature),
        (a.header_bytes, a.payload, bundle_b.signature),
        (bundle_b.header_bytes, a.payload, bundle_b.signature),
        (bundle_b.header_bytes, bundle_b.payload, a.signature),
    ]
    for n, (header, payload, signature) in enumerate(parts):
        check_refused(
            env, encrypt_to(env.t.upper_keys, envelope(header, payload, signature)), f"mix-{n}"
        )


# --- forgeries with valid signatures by a key nobody enrolled -------------------------------

json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def forged(draw: st.DrawFn, e: Env) -> tuple[str, bytes]:
    """Altered records or header, correctly sealed and signed by `e.stranger`."""
    records = [dict(r, r=dict(r["r"])) for r in e.records_a]
    header = dict(e.bundle_a.header)
    how = draw(st.sampled_from(["records", "header", "claim-key", "as-is"]))
    if how == "records":
        for _ in range(draw(st.integers(1, 4))):
            record = records[draw(st.integers(0, len(records) - 1))]
            columns = [*SPECS[record["t"]].columns, "extra"]
            record["r"][draw(st.sampled_from(columns))] = draw(json_value)
        if draw(st.booleans()):
            del records[draw(st.integers(0, len(records) - 1))]
    if how == "header":
        name = draw(st.sampled_from(sorted(header)))
        header[name] = draw(json_value)
    unit = draw(st.sampled_from([COMMUNE_CODE, COMMUNE_B_CODE, header["sender_unit"]]))
    data, bundle = bf.seal(
        e.stranger,
        sender_unit=unit if isinstance(unit, str) else COMMUNE_CODE,
        recipients=[(e.t.upper_keys.key_id, e.t.upper_keys.age_recipient)],
        epoch=str(header["epoch"])[:100],
        first_seq=1,
        last_seq=5,
        prev_bundle_hash="",
        audit_head={"seq": 0, "hash": ""},
        records=records,
        created_at=str(header["created_at"])[:100],
    )
    if how in ("header", "claim-key"):
        # Re-sign a changed header; "claim-key" names 00070's enrolled key instead of ours.
        h = dict(bundle.header)
        if how == "header":
            h[name] = header[name]
        else:
            h["sender_key_id"] = e.t.commune_keys.key_id
        data = encrypt_to(e.t.upper_keys, signed_inner(e.stranger, h, bundle.payload))
    return how, data


def test_forgeries_signed_by_an_unenrolled_key_are_refused(env: Env, unchanged: None) -> None:
    @fuzz_settings(100)
    @given(forged(env))
    def run(case: tuple[str, bytes]) -> None:
        how, data = case
        check_refused(env, data, f"forged-{how}")

    run()


# --- signed by the enrolled commune: strict validation, never a crash -----------------------


@st.composite
def signed_garbage(draw: st.DrawFn, e: Env) -> bytes:
    """Records changed at random, sealed by the real, enrolled and verified commune key."""
    records = [dict(r, r=dict(r["r"])) for r in e.records_a]
    for _ in range(draw(st.integers(1, 3))):
        record = records[draw(st.integers(0, len(records) - 1))]
        columns = [*SPECS[record["t"]].columns, "extra"]
        record["r"][draw(st.sampled_from(columns))] = draw(json_value)
    data, _bundle = bf.seal(
        e.t.commune_keys,
        sender_unit=COMMUNE_CODE,
        recipients=[(e.t.upper_keys.key_id, e.t.upper_keys.age_recipient)],
        epoch=e.bundle_a.header["epoch"],
        first_seq=1,
        last_seq=e.bundle_a.header["last_seq"],
        prev_bundle_hash="",
        audit_head=e.bundle_a.header["audit_head"],
        records=records,
        created_at=e.bundle_a.header["created_at"],
    )
    return data


def test_signed_records_with_random_values_never_crash(env: Env, unchanged: None) -> None:
    """A verified commune's bundle with random values: refused with a reason or previewed
    (dry run, rolled back), never an exception."""

    @fuzz_settings(60)
    @given(signed_garbage(env))
    def run(data: bytes) -> None:
        outcome = import_bundle(env.upper, data, "fuzz.xsb", dry_run=True)
        assert outcome.status in (REFUSED, WOULD_APPLY), outcome.message
        assert outcome.message and "\n" not in outcome.message

    run()


def test_raw_payloads_never_crash(env: Env, unchanged: None) -> None:
    """Any payload bytes under a correctly signed header: refused or previewed, no crash."""
    lines = st.one_of(
        json_value.map(lambda v: canonical_json({"v": v})[5:-1]),
        st.binary(max_size=40),
        st.just(b'{"t":"person","r":{}}'),
    )

    @fuzz_settings(60)
    @given(st.lists(lines, max_size=5), st.booleans())
    def run(chunks: list[bytes], honest: bool) -> None:
        raw = b"\n".join(chunks) + b"\n"
        payload = zlib.compress(raw)
        header = dict(env.bundle_a.header) | {
            "payload_sha256": hashlib.sha256(payload).hexdigest(),
            "payload_length": len(payload),
            "raw_length": len(raw) if honest else len(raw) + 1,
            "counts": {"person": len(chunks)},
        }
        data = encrypt_to(env.t.upper_keys, signed_inner(env.t.commune_keys, header, payload))
        outcome = import_bundle(env.upper, data, "fuzz.xsb", dry_run=True)
        assert outcome.status in (REFUSED, WOULD_APPLY), outcome.message
        assert "\n" not in outcome.message

    run()


def test_the_fuzzed_database_still_takes_the_real_bundle(env: Env, tmp_path: Path) -> None:
    """Last: after all that, the genuine bundle is still applied (nothing was half-recorded)."""
    outcome = import_bundle(env.upper, env.a, "a.xsb")
    assert outcome.status == "applied", outcome.message
    print(f"\nfuzz cases by kind: {dict(sorted(env.seen.items()))}")
