"""The reference-data bundle (gói dữ liệu tham chiếu): the rule table and plan targets the
upper level sends down to its communes — signed, then encrypted, like a sync bundle.

    MAGIC | u32 header length | header (canonical JSON) | payload (canonical JSON) | signature

The signature (Ed25519, the upper level's sync key) covers a context string and the header,
which holds the payload's SHA-256 and length; the whole is age-encrypted to the communes'
keys. The payload is small (a few hundred rule rows), so it is neither compressed nor
streamed; its shape is checked by the importer (domain.rules, domain.targets).
"""

from __future__ import annotations

import hashlib
import json
import struct
import uuid
from dataclasses import dataclass
from typing import Any

import pyrage
from pyrage import x25519

from xasach.i18n import _
from xasach.sync.errors import SyncFileError
from xasach.sync.keys import OwnKeys, canonical_json, verify_signature

MAGIC = b"XASACH-REFERENCE\n"
FORMAT = "xasach-reference"
FORMAT_VERSION = 1
SIGNATURE_LENGTH = 64
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024
MAX_RECIPIENTS = 4000  # a province's communes, with room for retired keys
SUFFIX = ".xsq"  # quy định; receipts are .xsr
_SIGN_CONTEXT = b"xasach reference v1\x00"

HEADER_FIELDS: dict[str, type] = {
    "format": str,
    "version": int,
    "bundle_id": str,
    "sender_unit": str,
    "sender_key_id": str,
    "rule_set_name": str,
    "rule_set_version": str,
    "payload_sha256": str,
    "payload_length": int,
    "created_at": str,
}


def _damaged() -> SyncFileError:
    return SyncFileError(
        _(
            "The rule update is damaged or was changed after it was made. Ask the upper level "
            "to send it again; nothing was changed."
        )
    )


@dataclass(frozen=True)
class ReferenceBundle:
    """A decrypted reference bundle whose header and payload agree; signature not yet checked."""

    header: dict[str, Any]
    header_bytes: bytes
    payload: bytes
    signature: bytes

    @property
    def sender_key_id(self) -> str:
        return str(self.header["sender_key_id"])

    @property
    def version(self) -> str:
        return str(self.header["rule_set_version"])

    def check_signature(self, sign_public: bytes) -> None:
        if not verify_signature(sign_public, _SIGN_CONTEXT + self.header_bytes, self.signature):
            raise SyncFileError(
                _(
                    "The rule update is not signed by the enrolled upper level's key. It was "
                    "not used; nothing was changed."
                )
            )

    def document(self) -> dict[str, Any]:
        """The payload: {"name", "version", "rules": [...], "targets": {...}}."""
        try:
            doc = json.loads(self.payload.decode("utf-8"))
        except (ValueError, RecursionError) as exc:
            raise _damaged() from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
            raise _damaged()
        if doc.get("version") != self.version or doc.get("name") != self.header["rule_set_name"]:
            raise _damaged()
        return doc


def seal_reference(
    own: OwnKeys,
    *,
    sender_unit: str,
    recipients: list[str],
    document: dict[str, Any],
    created_at: str,
) -> bytes:
    """The encrypted file; `recipients` are the communes' age recipients."""
    if not recipients:
        raise SyncFileError(_("No commune's verified key is enrolled: nobody could read it."))
    if len(recipients) > MAX_RECIPIENTS:
        raise SyncFileError(_("Too many recipients for one rule update."))
    payload = canonical_json(document)
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "bundle_id": str(uuid.uuid4()),
        "sender_unit": sender_unit,
        "sender_key_id": own.key_id,
        "rule_set_name": str(document["name"]),
        "rule_set_version": str(document["version"]),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_length": len(payload),
        "created_at": created_at,
    }
    header_bytes = canonical_json(header)
    signature = own.sign(_SIGN_CONTEXT + header_bytes)
    inner = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + payload + signature
    sealed: bytes = pyrage.encrypt(inner, [x25519.Recipient.from_str(r) for r in recipients])
    return sealed


def open_reference(data: bytes, own: OwnKeys) -> ReferenceBundle:
    """Decrypt and parse, or refuse with a one-line reason."""
    if len(data) > MAX_FILE_BYTES or not data.startswith(b"age-encryption.org/v1\n"):
        raise SyncFileError(
            _(
                "This file is not a rule update from the upper level (those end in {suffix}). "
                "Nothing was changed."
            ).format(suffix=SUFFIX)
        )
    try:
        inner = pyrage.decrypt(data, [own.identity])
    except Exception as exc:  # no matching key, or a damaged file
        raise SyncFileError(
            _(
                "This rule update was not made for this commune's key (or it is damaged). Ask "
                "the upper level to send it again; nothing was changed."
            )
        ) from exc
    return parse_reference(inner)


def parse_reference(inner: bytes) -> ReferenceBundle:
    fixed = len(MAGIC) + 4
    if len(inner) < fixed + SIGNATURE_LENGTH or not inner.startswith(MAGIC):
        raise _damaged()
    (length,) = struct.unpack(">I", inner[len(MAGIC) : fixed])
    if length > MAX_HEADER_BYTES or fixed + length > len(inner):
        raise _damaged()
    header_bytes = inner[fixed : fixed + length]
    try:
        header = json.loads(header_bytes.decode("utf-8"))
        if not isinstance(header, dict) or canonical_json(header) != header_bytes:
            raise _damaged()
    except (ValueError, RecursionError) as exc:
        raise _damaged() from exc
    if set(header) != set(HEADER_FIELDS) or header.get("format") != FORMAT:
        raise _damaged()
    for name, kind in HEADER_FIELDS.items():
        value = header[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _damaged()
        if isinstance(value, str) and len(value) > 200:
            raise _damaged()
    if header["version"] != FORMAT_VERSION:
        raise SyncFileError(
            _("This rule update was made by a newer XaSach. Install the newer version first.")
        )
    payload_length = header["payload_length"]
    if payload_length < 0 or fixed + length + payload_length + SIGNATURE_LENGTH != len(inner):
        raise _damaged()
    payload = inner[fixed + length : fixed + length + payload_length]
    if hashlib.sha256(payload).hexdigest() != header["payload_sha256"]:
        raise _damaged()
    return ReferenceBundle(header, header_bytes, payload, inner[fixed + length + payload_length :])
