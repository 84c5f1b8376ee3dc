"""The receipt (biên nhận) the upper level signs for each bundle it applied.

    MAGIC | u32 header length | header (canonical JSON) | Ed25519 signature (64)

Not encrypted: it holds unit codes, sequence numbers and hashes, no personal data. The commune
imports it and from then on cuts bundles after the acknowledged sequence.
"""

from __future__ import annotations

import json
import struct
import uuid
from dataclasses import dataclass
from typing import Any

from xasach.i18n import _
from xasach.sync.errors import SyncFileError
from xasach.sync.keys import OwnKeys, canonical_json, verify_signature

MAGIC = b"XASACH-RECEIPT\n"
FORMAT_VERSION = 1
MAX_BYTES = 16 * 1024
_SIGN_CONTEXT = b"xasach receipt v1\x00"

FIELDS: dict[str, type] = {
    "format": str,
    "version": int,
    "receipt_id": str,
    "bundle_id": str,
    "bundle_hash": str,
    "commune_unit": str,
    "upper_unit": str,
    "signer_key_id": str,
    "epoch": str,
    "acked_seq": int,
    "applied_at": str,
}


def _not_a_receipt() -> SyncFileError:
    return SyncFileError(
        _(
            "This file is not a receipt from the upper level, or it was damaged. Ask the upper "
            "level to send the receipt again; nothing was changed."
        )
    )


@dataclass(frozen=True)
class Receipt:
    header: dict[str, Any]
    header_bytes: bytes
    signature: bytes

    @property
    def commune_unit(self) -> str:
        return str(self.header["commune_unit"])

    @property
    def acked_seq(self) -> int:
        return int(self.header["acked_seq"])

    @property
    def epoch(self) -> str:
        return str(self.header["epoch"])

    def check_signature(self, sign_public: bytes) -> None:
        if not verify_signature(sign_public, _SIGN_CONTEXT + self.header_bytes, self.signature):
            raise SyncFileError(
                _(
                    "This receipt is not signed by the enrolled upper level's key. It was not "
                    "used; nothing was changed."
                )
            )


def make_receipt(
    own: OwnKeys,
    *,
    bundle_id: str,
    bundle_hash: str,
    commune_unit: str,
    upper_unit: str,
    epoch: str,
    acked_seq: int,
    applied_at: str,
) -> tuple[bytes, Receipt]:
    header = {
        "format": "xasach-receipt",
        "version": FORMAT_VERSION,
        "receipt_id": str(uuid.uuid4()),
        "bundle_id": bundle_id,
        "bundle_hash": bundle_hash,
        "commune_unit": commune_unit,
        "upper_unit": upper_unit,
        "signer_key_id": own.key_id,
        "epoch": epoch,
        "acked_seq": acked_seq,
        "applied_at": applied_at,
    }
    header_bytes = canonical_json(header)
    signature = own.sign(_SIGN_CONTEXT + header_bytes)
    data = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + signature
    return data, Receipt(header, header_bytes, signature)


def parse_receipt(data: bytes) -> Receipt:
    """A receipt with a well-formed header; the signature is checked by the caller."""
    fixed = len(MAGIC) + 4
    if len(data) > MAX_BYTES or len(data) < fixed + 64 or not data.startswith(MAGIC):
        raise _not_a_receipt()
    (length,) = struct.unpack(">I", data[len(MAGIC) : fixed])
    if fixed + length + 64 != len(data):
        raise _not_a_receipt()
    header_bytes = data[fixed : fixed + length]
    try:  # unsigned yet: deep nesting and lone surrogates must refuse, not raise
        header = json.loads(header_bytes.decode("utf-8"))
        if not isinstance(header, dict) or canonical_json(header) != header_bytes:
            raise _not_a_receipt()
    except (ValueError, RecursionError) as exc:  # UnicodeError is a ValueError
        raise _not_a_receipt() from exc
    if set(header) != set(FIELDS) or header.get("format") != "xasach-receipt":
        raise _not_a_receipt()
    for name, kind in FIELDS.items():
        if not isinstance(header[name], kind) or isinstance(header[name], bool):
            raise _not_a_receipt()
        if isinstance(header[name], str) and len(header[name]) > 100:
            raise _not_a_receipt()
    if header["version"] != FORMAT_VERSION:
        raise SyncFileError(
            _("This receipt was made by a newer XaSach. Install the newer version first.")
        )
    if header["acked_seq"] < 0:
        raise _not_a_receipt()
    return Receipt(header, header_bytes, data[fixed + length :])
