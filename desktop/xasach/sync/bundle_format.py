"""The bundle file (gói đồng bộ): sign, then encrypt (SECURITY.md, "Bundles").

Inner envelope, all lengths fixed by the signed header:

    MAGIC | u32 header length | header (canonical JSON) | payload | Ed25519 signature (64)

The payload is zlib-compressed JSON lines, one record per line. The signature covers the
header bytes, which hold the payload's SHA-256 and lengths. The whole envelope is encrypted
with age to the recipient's X25519 key. No archive format inside: nothing to unpack to a path.

`open_bundle` does the cheap checks, in order, before anyone touches the database: size cap →
decrypt whole → parse with capped lengths → header re-serialises byte-identically → fields
well-formed → payload hash and length. The signature is checked by the caller once it has
looked up the sender's enrolled key (`check_signature`); records are decompressed with a hard
cap and ratio limit (`records`).
"""

from __future__ import annotations

import hashlib
import json
import struct
import uuid
import zlib
from dataclasses import dataclass
from typing import Any

import pyrage
from pyrage import x25519

from xasach.i18n import _
from xasach.sync.errors import SyncFileError
from xasach.sync.keys import OwnKeys, canonical_json, verify_signature

MAGIC = b"XASACH-BUNDLE\n"
FORMAT_VERSION = 1
SIGNATURE_LENGTH = 64
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024
MAX_RAW_PAYLOAD_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed: JSON lines compress ~10×, a bomb ~1000×
MAX_RECORD_BYTES = 1024 * 1024
MAX_INT = 2**53  # header numbers (sequences, lengths, counts): stored as SQLite integers
_SIGN_CONTEXT = b"xasach bundle v1\x00"

#: Header fields and their JSON types: anything else (or missing) is refused.
HEADER_FIELDS: dict[str, type | tuple[type, ...]] = {
    "format": str,
    "version": int,
    "bundle_id": str,
    "sender_unit": str,
    "sender_key_id": str,
    "recipient_key_ids": list,
    "epoch": str,
    "first_seq": int,
    "last_seq": int,
    "prev_bundle_hash": str,
    "audit_head": dict,
    "counts": dict,
    "payload_sha256": str,
    "payload_length": int,
    "raw_length": int,
    "created_at": str,
}


def refused(reason: str) -> SyncFileError:
    return SyncFileError(reason)


def _damaged() -> SyncFileError:
    return refused(
        _(
            "The bundle is damaged or was changed after it was made (the check failed). Ask "
            "the commune to export it again; nothing was imported."
        )
    )


@dataclass(frozen=True)
class Bundle:
    """A decrypted, parsed bundle whose header and payload agree; signature not yet checked."""

    header: dict[str, Any]
    header_bytes: bytes
    payload: bytes
    signature: bytes

    @property
    def bundle_id(self) -> str:
        return str(self.header["bundle_id"])

    @property
    def bundle_hash(self) -> str:
        """What the next bundle names as its predecessor, and what a receipt acknowledges."""
        return hashlib.sha256(self.header_bytes).hexdigest()

    def check_signature(self, sign_public: bytes) -> None:
        if not verify_signature(sign_public, _SIGN_CONTEXT + self.header_bytes, self.signature):
            raise refused(
                _(
                    "The bundle's signature is not the key enrolled for unit {unit}: it was "
                    "signed by someone else, or changed. Nothing was imported."
                ).format(unit=self.header["sender_unit"])
            )

    def records(self) -> list[dict[str, Any]]:
        """The payload's records, decompressed with a hard cap and a ratio limit."""
        raw_length = int(self.header["raw_length"])
        cap = min(MAX_RAW_PAYLOAD_BYTES, max(len(self.payload), 1) * MAX_RATIO)
        if raw_length > cap:
            raise oversized()
        inflater = zlib.decompressobj()
        try:
            raw = inflater.decompress(self.payload, raw_length + 1)
        except zlib.error as exc:
            raise _damaged() from exc
        if (
            len(raw) != raw_length
            or not inflater.eof
            or inflater.unconsumed_tail
            or inflater.unused_data  # bytes after the end of the compressed stream
        ):
            raise _damaged()
        lines = [line for line in raw.split(b"\n") if line]
        if lines and max(map(len, lines)) > MAX_RECORD_BYTES:
            raise _damaged()
        try:
            # One parse of all lines as a JSON array (a loop of loads() is 3x slower); a line
            # holding two objects shows up as one record too many.
            records: list[dict[str, Any]] = json.loads(b"[" + b",".join(lines) + b"]")
        except (ValueError, RecursionError) as exc:
            raise _damaged() from exc
        if len(records) != len(lines):
            raise _damaged()
        counts: dict[str, int] = {}
        for record in records:
            if not isinstance(record, dict):
                raise _damaged()
            table = record.get("t")
            if not isinstance(table, str):
                raise _damaged()
            counts[table] = counts.get(table, 0) + 1
        if counts != self.header["counts"]:
            raise _damaged()  # the signed manifest disagrees with what the payload holds
        return records


def oversized() -> SyncFileError:
    return refused(
        _(
            "The bundle is larger than XaSach accepts (over {limit} MB, or it expands far "
            "beyond its size). It was refused; nothing was imported."
        ).format(limit=MAX_FILE_BYTES // (1024 * 1024))
    )


def seal(
    own: OwnKeys,
    *,
    sender_unit: str,
    recipients: list[tuple[str, str]],
    epoch: str,
    first_seq: int,
    last_seq: int,
    prev_bundle_hash: str,
    audit_head: dict[str, Any],
    records: list[dict[str, Any]],
    created_at: str,
    bundle_id: str | None = None,
) -> tuple[bytes, Bundle]:
    """The encrypted file and the bundle it holds. `recipients` are (key id, age recipient)."""
    lines = [canonical_json(r) for r in records]
    counts: dict[str, int] = {}
    for r in records:
        counts[r["t"]] = counts.get(r["t"], 0) + 1
    raw = b"".join(line + b"\n" for line in lines)
    payload = zlib.compress(raw, 6)
    header = {
        "format": "xasach-bundle",
        "version": FORMAT_VERSION,
        "bundle_id": bundle_id or str(uuid.uuid4()),
        "sender_unit": sender_unit,
        "sender_key_id": own.key_id,
        "recipient_key_ids": sorted(kid for kid, _r in recipients),
        "epoch": epoch,
        "first_seq": first_seq,
        "last_seq": last_seq,
        "prev_bundle_hash": prev_bundle_hash,
        "audit_head": audit_head,
        "counts": counts,
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_length": len(payload),
        "raw_length": len(raw),
        "created_at": created_at,
    }
    header_bytes = canonical_json(header)
    signature = own.sign(_SIGN_CONTEXT + header_bytes)
    inner = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + payload + signature
    ages = [x25519.Recipient.from_str(r) for _kid, r in recipients]
    return pyrage.encrypt(inner, ages), Bundle(header, header_bytes, payload, signature)


def open_bundle(data: bytes, own: OwnKeys) -> Bundle:
    """Decrypt and parse a bundle file, or refuse it with a one-line reason."""
    if len(data) > MAX_FILE_BYTES:
        raise oversized()
    if not data.startswith(b"age-encryption.org/v1\n"):
        raise refused(
            _(
                "This file is not an XaSach bundle (bundles end in .xsb and are made with "
                "“Send to the upper level”). Nothing was imported."
            )
        )
    try:
        # Whole-buffer decryption: the streaming API hands out plaintext before it has seen
        # that the file was truncated.
        inner = pyrage.decrypt(data, [own.identity])
    except pyrage.DecryptError as exc:
        if "No matching keys" in str(exc) or "no identity matched" in str(exc).lower():
            raise refused(
                _(
                    "This bundle was made for another recipient, not for this office's key. "
                    "Check that the commune imported this office's key card; nothing was "
                    "imported."
                )
            ) from exc
        raise _damaged() from exc
    except Exception as exc:  # any other pyrage failure is a damaged file
        raise _damaged() from exc
    return parse_inner(inner)


def parse_inner(inner: bytes) -> Bundle:
    """Parse the decrypted envelope; lengths, header form and payload hash are checked."""
    fixed = len(MAGIC) + 4
    if len(inner) < fixed + SIGNATURE_LENGTH or not inner.startswith(MAGIC):
        raise _damaged()
    (header_length,) = struct.unpack(">I", inner[len(MAGIC) : fixed])
    if header_length > MAX_HEADER_BYTES or fixed + header_length > len(inner):
        raise _damaged()
    header_bytes = inner[fixed : fixed + header_length]
    try:  # unsigned yet: deep nesting and lone surrogates must refuse, not raise
        header = json.loads(header_bytes.decode("utf-8"))
        if not isinstance(header, dict) or canonical_json(header) != header_bytes:
            raise _damaged()
    except (ValueError, RecursionError) as exc:  # UnicodeError is a ValueError
        raise _damaged() from exc
    if header.get("format") != "xasach-bundle":
        raise _damaged()
    version = header.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise refused(
            _(
                "This bundle was made by a newer version of XaSach (format {version}). Install "
                "the newer version, then import it again; nothing was imported."
            ).format(version=version)
        )
    _check_header(header)
    payload_length = header["payload_length"]
    if fixed + header_length + payload_length + SIGNATURE_LENGTH != len(inner):
        raise _damaged()
    payload = inner[fixed + header_length : fixed + header_length + payload_length]
    signature = inner[fixed + header_length + payload_length :]
    if hashlib.sha256(payload).hexdigest() != header["payload_sha256"]:
        raise _damaged()
    return Bundle(header, header_bytes, payload, signature)


def _check_header(header: dict[str, Any]) -> None:
    if set(header) != set(HEADER_FIELDS):
        raise _damaged()
    for name, kind in HEADER_FIELDS.items():
        value = header[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _damaged()
        if isinstance(value, str) and len(value) > 100:
            raise _damaged()
    if header["version"] != FORMAT_VERSION:
        raise _damaged()
    numbers = (header["first_seq"], header["last_seq"], header["payload_length"])
    if not 0 < header["first_seq"] <= header["last_seq"] or min(numbers) < 0:
        raise _damaged()
    if header["raw_length"] < 0 or len(header["recipient_key_ids"]) > 8:
        raise _damaged()
    if max(*numbers, header["raw_length"]) > MAX_INT:  # must fit the database's integers
        raise _damaged()
    if not all(isinstance(k, str) and len(k) <= 64 for k in header["recipient_key_ids"]):
        raise _damaged()
    counts = header["counts"]
    if len(counts) > 32 or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_INT
        for k, v in counts.items()
    ):
        raise _damaged()
    head = header["audit_head"]
    if set(head) != {"seq", "hash"} or not isinstance(head["seq"], int):
        raise _damaged()
    if isinstance(head["seq"], bool) or not 0 <= head["seq"] <= MAX_INT:
        raise _damaged()
    if not isinstance(head["hash"], str) or len(head["hash"]) > 64:
        raise _damaged()
