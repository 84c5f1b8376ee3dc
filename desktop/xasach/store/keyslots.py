"""Key slots (the LUKS idea, SECURITY.md): one random data key opens the database; each user
and the recovery code hold a slot that gives it back.

A slot has its own age X25519 key pair. The private key is sealed with ChaCha20-Poly1305 under
a key derived from the password (Argon2id), with the database id, slot id, kind, user and KDF
parameters as associated data — change any of them and the slot no longer opens. The data key
is age-encrypted to the slot's public key, so an administrator can re-wrap a *new* data key for
every remaining slot without knowing their passwords: removing a user re-keys the database.
The file sits beside the database (`<db>.keys`), is written atomically and goes into backups.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from xasach.store.atomic import write_atomic
from xasach.store.kdf import KdfParams, derive

FORMAT = 1
USER, RECOVERY = "user", "recovery"
RECOVERY_DIGITS = 30


class SlotError(Exception):
    """The slot file is missing, unreadable, or has no slot for that user."""


class WrongSecret(SlotError):  # noqa: N818 - reads as what happened
    """The password (or recovery code) does not open the slot."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def slot_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".keys")


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


def new_recovery_code() -> str:
    """30 random digits in 6 groups of 5, for the commune chief's safe."""
    digits = "".join(str(secrets.randbelow(10)) for _ in range(RECOVERY_DIGITS))
    return " ".join(digits[i : i + 5] for i in range(0, RECOVERY_DIGITS, 5))


def normalise_recovery_code(code: str) -> str:
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) != RECOVERY_DIGITS:
        raise WrongSecret("a recovery code has 30 digits")
    return digits


@dataclass
class Slot:
    id: str
    kind: str
    user: str | None
    kdf: KdfParams
    public_key: str
    sealed_private: bytes  # nonce (12) + ChaCha20-Poly1305 ciphertext of the age identity
    data_key: bytes  # age ciphertext of the data key, to public_key
    pending_data_key: bytes | None = None  # during a re-key: the new data key

    def associated_data(self, database_id: str) -> bytes:
        doc = {
            "database_id": database_id,
            "slot_id": self.id,
            "kind": self.kind,
            "user": self.user,
            "kdf": self.kdf.to_json(),
            "public_key": self.public_key,
        }
        return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()

    def to_json(self) -> dict[str, Any]:
        doc = {
            "id": self.id,
            "kind": self.kind,
            "user": self.user,
            "kdf": self.kdf.to_json(),
            "public_key": self.public_key,
            "sealed_private": _b64(self.sealed_private),
            "data_key": _b64(self.data_key),
        }
        if self.pending_data_key is not None:
            doc["pending_data_key"] = _b64(self.pending_data_key)
        return doc

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Slot:
        pending = doc.get("pending_data_key")
        return cls(
            id=str(doc["id"]),
            kind=str(doc["kind"]),
            user=doc.get("user"),
            kdf=KdfParams.from_json(doc["kdf"]),
            public_key=str(doc["public_key"]),
            sealed_private=_unb64(doc["sealed_private"]),
            data_key=_unb64(doc["data_key"]),
            pending_data_key=_unb64(pending) if pending else None,
        )


@dataclass
class SlotFile:
    database_id: str
    slots: list[Slot] = field(default_factory=list)

    # --- reading and writing -------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> SlotFile:
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
            if doc.get("format") != FORMAT:
                raise SlotError(f"unknown key-slot format {doc.get('format')!r}")
            return cls(str(doc["database_id"]), [Slot.from_json(s) for s in doc["slots"]])
        except FileNotFoundError as exc:
            raise SlotError(f"no key-slot file {path}") from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SlotError(f"unreadable key-slot file {path}: {exc}") from exc

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "database_id": self.database_id,
            "slots": [s.to_json() for s in self.slots],
        }
        return json.dumps(doc, indent=1, sort_keys=True).encode("utf-8")

    def save(self, path: Path) -> None:
        write_atomic(Path(path), self.to_bytes())

    # --- slots ---------------------------------------------------------------------------
    def find(self, *, user: str | None = None, kind: str = USER) -> Slot:
        for slot in self.slots:
            if slot.kind == kind and (kind == RECOVERY or slot.user == user):
                return slot
        raise SlotError(f"no {kind} slot for {user!r}")

    def users(self) -> list[str]:
        return [s.user for s in self.slots if s.kind == USER and s.user]

    def add(
        self, data_key: bytes, secret: str, kdf: KdfParams, *, user: str | None, kind: str = USER
    ) -> Slot:
        """Add (or replace) the slot of `user` (or the recovery slot) holding `data_key`."""
        self.slots = [
            s for s in self.slots if not (s.kind == kind and (kind == RECOVERY or s.user == user))
        ]
        identity = pyrage.x25519.Identity.generate()
        slot = Slot(
            id=str(uuid.uuid4()),
            kind=kind,
            user=user,
            kdf=kdf,
            public_key=str(identity.to_public()),
            sealed_private=b"",
            data_key=pyrage.encrypt(data_key, [identity.to_public()]),
        )
        nonce = os.urandom(12)
        kek = derive(_secret_bytes(secret, kind), kdf)
        sealed = ChaCha20Poly1305(kek).encrypt(
            nonce, str(identity).encode(), slot.associated_data(self.database_id)
        )
        slot.sealed_private = nonce + sealed
        self.slots.append(slot)
        return slot

    def remove_user(self, user: str) -> None:
        self.slots = [s for s in self.slots if not (s.kind == USER and s.user == user)]

    def open(
        self, secret: str, *, user: str | None, kind: str = USER
    ) -> tuple[bytes, bytes | None]:
        """(data key, pending data key or None). Raises WrongSecret when the secret is wrong."""
        slot = self.find(user=user, kind=kind)
        kek = derive(_secret_bytes(secret, kind), slot.kdf)
        try:
            private = ChaCha20Poly1305(kek).decrypt(
                slot.sealed_private[:12],
                slot.sealed_private[12:],
                slot.associated_data(self.database_id),
            )
        except InvalidTag as exc:
            raise WrongSecret("wrong password") from exc
        identity = pyrage.x25519.Identity.from_str(private.decode())
        pending = (
            pyrage.decrypt(slot.pending_data_key, [identity]) if slot.pending_data_key else None
        )
        return pyrage.decrypt(slot.data_key, [identity]), pending

    def stage_new_data_key(self, new_key: bytes) -> None:
        """Wrap `new_key` for every slot, beside the current key (first half of a re-key)."""
        for slot in self.slots:
            recipient = pyrage.x25519.Recipient.from_str(slot.public_key)
            slot.pending_data_key = pyrage.encrypt(new_key, [recipient])

    def commit_new_data_key(self) -> None:
        """The database now uses the pending key: make it the only one (second half)."""
        for slot in self.slots:
            if slot.pending_data_key is None:
                raise SlotError("re-key not staged")
            slot.data_key, slot.pending_data_key = slot.pending_data_key, None


def _secret_bytes(secret: str, kind: str) -> bytes:
    if kind == RECOVERY:
        return normalise_recovery_code(secret).encode()
    return secret.encode("utf-8")
