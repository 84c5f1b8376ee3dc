"""An installation's sync keys and the public key card (thẻ khóa công khai) it hands out.

Two key pairs per installation (DESIGN.md "Sync bundles"): age X25519 through pyrage to
encrypt bundles to it, Ed25519 through `cryptography` to sign what it sends. The private
halves are only ever stored inside the encrypted data file.

The **fingerprint** people compare over the phone is 30 digits in 6 groups of 5, computed from
both public keys: digits are easier to read aloud and compare than hex.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from pyrage import x25519

from xasach.i18n import _
from xasach.sync.errors import SyncFileError

CARD_FORMAT = "xasach-key-card"
CARD_VERSION = 1
CARD_MAX_BYTES = 16 * 1024
_KEY_ID_CONTEXT = b"xasach key id v1\x00"
_CARD_SIGN_CONTEXT = b"xasach key card v1\x00"


def canonical_json(doc: dict[str, Any]) -> bytes:
    """The one byte form of a JSON document that is signed and compared."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def key_hash(age_recipient: str, sign_public: bytes) -> bytes:
    return hashlib.sha256(
        _KEY_ID_CONTEXT + age_recipient.encode("ascii") + b"\x00" + sign_public
    ).digest()


def key_id(age_recipient: str, sign_public: bytes) -> str:
    """Short hex id of a pair of public keys (in headers and tables, not for people)."""
    return key_hash(age_recipient, sign_public)[:16].hex()


def fingerprint(age_recipient: str, sign_public: bytes) -> str:
    """30 digits in 6 groups of 5 ("01234 56789 …"): each group is 5 bytes of the key hash
    reduced modulo 100 000, like Signal's safety numbers."""
    digest = key_hash(age_recipient, sign_public)
    groups = [int.from_bytes(digest[5 * i : 5 * i + 5], "big") % 100_000 for i in range(6)]
    return " ".join(f"{g:05d}" for g in groups)


def verify_signature(sign_public: bytes, data: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class OwnKeys:
    """This installation's private keys (held only inside the encrypted store)."""

    age_identity: str  # AGE-SECRET-KEY-1…
    sign_private: bytes  # Ed25519 seed, 32 bytes

    @classmethod
    def generate(cls) -> OwnKeys:
        signer = Ed25519PrivateKey.generate()
        seed = signer.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return cls(str(x25519.Identity.generate()), seed)

    @property
    def identity(self) -> x25519.Identity:
        return x25519.Identity.from_str(self.age_identity)

    @property
    def age_recipient(self) -> str:
        return str(self.identity.to_public())

    @property
    def sign_public(self) -> bytes:
        signer = Ed25519PrivateKey.from_private_bytes(self.sign_private)
        return signer.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        return key_id(self.age_recipient, self.sign_public)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.age_recipient, self.sign_public)

    def sign(self, data: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.sign_private).sign(data)

    def card(self, unit_code: str, unit_name: str, mode: str, created: str) -> KeyCard:
        body = KeyCard(unit_code, unit_name, mode, self.age_recipient, self.sign_public, created)
        return body.signed_with(self)


@dataclass(frozen=True)
class KeyCard:
    """The public key card exchanged once on a USB stick. Not secret; trusted only after the
    fingerprint was read aloud over the phone (SECURITY.md, "Enrolment")."""

    unit_code: str
    unit_name: str
    mode: str  # "commune" | "upper"
    age_recipient: str
    sign_public: bytes
    created: str  # YYYY-MM-DD
    self_signature: bytes = b""

    @property
    def key_id(self) -> str:
        return key_id(self.age_recipient, self.sign_public)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.age_recipient, self.sign_public)

    def _body(self) -> dict[str, Any]:
        return {
            "format": CARD_FORMAT,
            "version": CARD_VERSION,
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "mode": self.mode,
            "age_recipient": self.age_recipient,
            "sign_public": base64.b64encode(self.sign_public).decode(),
            "created": self.created,
        }

    def signed_with(self, own: OwnKeys) -> KeyCard:
        signature = own.sign(_CARD_SIGN_CONTEXT + canonical_json(self._body()))
        return KeyCard(
            self.unit_code,
            self.unit_name,
            self.mode,
            self.age_recipient,
            self.sign_public,
            self.created,
            signature,
        )

    def to_bytes(self) -> bytes:
        doc = self._body() | {"self_signature": base64.b64encode(self.self_signature).decode()}
        return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode() + b"\n"

    @classmethod
    def parse(cls, data: bytes) -> KeyCard:
        """A card from a file, checked (format, fields, keys, self-signature) or refused."""
        bad = SyncFileError(
            _(
                "This file is not an XaSach key card, or it was damaged. Ask the other office "
                "to export its key card again."
            )
        )
        if len(data) > CARD_MAX_BYTES:
            raise bad
        try:
            doc = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError) as exc:  # deep nesting must refuse, not raise
            raise bad from exc
        if not isinstance(doc, dict) or doc.get("format") != CARD_FORMAT:
            raise bad
        if doc.get("version") != CARD_VERSION:
            raise SyncFileError(
                _("This key card was made by a newer XaSach. Install the newer version first.")
            )
        text_fields = ("unit_code", "unit_name", "mode", "age_recipient", "created")
        if set(doc) != {*text_fields, "format", "version", "sign_public", "self_signature"}:
            raise bad
        if not all(isinstance(doc[f], str) and len(doc[f]) <= 200 for f in text_fields):
            raise bad
        if doc["mode"] not in ("commune", "upper"):
            raise bad
        try:
            sign_public = base64.b64decode(doc["sign_public"], validate=True)
            signature = base64.b64decode(doc["self_signature"], validate=True)
            x25519.Recipient.from_str(doc["age_recipient"])
            Ed25519PublicKey.from_public_bytes(sign_public)
        except (binascii.Error, ValueError, TypeError) as exc:
            raise bad from exc
        except Exception as exc:  # pyrage raises its own error types for a bad recipient
            raise bad from exc
        card = cls(
            doc["unit_code"],
            doc["unit_name"],
            doc["mode"],
            doc["age_recipient"],
            sign_public,
            doc["created"],
            signature,
        )
        try:
            body = canonical_json(card._body())
        except ValueError as exc:  # a lone surrogate in a text field cannot be encoded
            raise bad from exc
        if not verify_signature(sign_public, _CARD_SIGN_CONTEXT + body, signature):
            raise bad
        return card
