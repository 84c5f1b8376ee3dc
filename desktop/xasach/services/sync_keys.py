"""Sync keys and enrolment (trao đổi khóa): this installation's key pairs, its public key card,
and the other side's cards with the fingerprint check read over the phone.

A commune enrols its upper level's card; an upper level enrols each commune's card. A card is
*unverified* until an officer confirms the 30-digit fingerprint by phone; bundles from an
unverified key wait in quarantine and no bundle is encrypted to an unverified key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.services.common import acting, own_unit
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.store import audit
from xasach.store.atomic import write_atomic
from xasach.store.database import Database
from xasach.store.models import SyncPeer, utcnow
from xasach.store.reference import find_unit, get_setting, put_setting
from xasach.sync.errors import SyncFileError
from xasach.sync.keys import KeyCard, OwnKeys

AGE_IDENTITY_SETTING = "sync.age_identity"
SIGN_PRIVATE_SETTING = "sync.sign_private"
KEYS_CREATED_SETTING = "sync.keys_created"
CARD_SUFFIX = ".xskey"


@dataclass(frozen=True)
class PeerInfo:
    """An enrolled key as the screens and the CLI show it."""

    key_id: str
    unit_code: str
    unit_name: str
    mode: str
    fingerprint: str
    imported_at: datetime
    verified_at: datetime | None
    verified_by: str
    active: bool

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


def stored_own_keys(session: Session) -> OwnKeys | None:
    """This installation's keys if it has them (a read: no write session needed)."""
    identity = get_setting(session, AGE_IDENTITY_SETTING)
    private = get_setting(session, SIGN_PRIVATE_SETTING)
    if identity and private:
        return OwnKeys(identity, bytes.fromhex(private))
    return None


def ensure_own_keys(session: Session) -> OwnKeys:
    """This installation's keys, created on first use (`init` creates them at once)."""
    stored = stored_own_keys(session)
    if stored is not None:
        return stored
    keys = OwnKeys.generate()
    put_setting(session, AGE_IDENTITY_SETTING, keys.age_identity)
    put_setting(session, SIGN_PRIVATE_SETTING, keys.sign_private.hex())
    put_setting(session, KEYS_CREATED_SETTING, date.today().isoformat())
    return keys


def own_mode(session: Session) -> str:
    return get_setting(session, "mode") or MODE_COMMUNE


def own_card(session: Session) -> KeyCard:
    keys = ensure_own_keys(session)
    created = get_setting(session, KEYS_CREATED_SETTING) or date.today().isoformat()
    name = get_setting(session, "unit.name") or ""
    return keys.card(own_unit(session), name, own_mode(session), created)


def own_fingerprint(db: Database) -> str:
    with db.session() as s:
        acting(s, Permission.SYNC)
        return ensure_own_keys(s).fingerprint


def card_file_name(unit_code: str) -> str:
    """No personal data in file names: the unit code says whose card it is."""
    return f"{unit_code}_khoa-cong-khai{CARD_SUFFIX}"


def export_card(db: Database, target: Path) -> Path:
    """Write this installation's public key card to `target` (a file, or a folder)."""
    with db.session() as s:
        actor = acting(s, Permission.SYNC)
        card = own_card(s)
        path = target / card_file_name(card.unit_code) if target.is_dir() else target
        audit.append(s, actor.username, "key_export", "unit", card.unit_code)
    write_atomic(path, card.to_bytes())
    return path


def read_card(session: Session, path: Path) -> KeyCard:
    """A card from a file, refused unless it is the other side's kind of installation."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SyncFileError(
            _("Cannot read the file {path}: {error}").format(path=path, error=exc.strerror)
        ) from exc
    card = KeyCard.parse(data)
    mine = own_mode(session)
    if card.unit_code == own_unit(session):
        raise SyncFileError(
            _(
                "This is this office's own key card. Import the card of the other office "
                "(the upper level's card at a commune, a commune's card at the upper level)."
            )
        )
    if mine == MODE_COMMUNE and card.mode != MODE_UPPER:
        raise SyncFileError(
            _(
                "This key card is a commune's ({unit}). A commune imports only the card of its "
                "upper level."
            ).format(unit=card.unit_code)
        )
    if mine == MODE_UPPER and card.mode != MODE_COMMUNE:
        raise SyncFileError(
            _(
                "This key card is an upper level's ({unit}). The upper level imports the cards "
                "of its communes."
            ).format(unit=card.unit_code)
        )
    if find_unit(session, card.unit_code) is None:
        raise SyncFileError(
            _("The key card names unit {unit}, which is not in the official list.").format(
                unit=card.unit_code
            )
        )
    return card


def preview_card(db: Database, path: Path) -> KeyCard:
    with db.reader() as s:
        acting(s, Permission.SETTINGS)
        return read_card(s, path)


def import_card(db: Database, path: Path, *, verified: bool) -> PeerInfo:
    """Enrol the card at `path`; `verified` records that the fingerprint was read over the
    phone by the acting officer. A newer card of the same unit retires the older key."""
    with db.session() as s:
        actor = acting(s, Permission.SETTINGS)
        card = read_card(s, path)
        now = utcnow()
        peer = s.get(SyncPeer, card.key_id)
        if peer is None:
            for older in s.scalars(select(SyncPeer).where(SyncPeer.unit_code == card.unit_code)):
                older.active = False
            peer = SyncPeer(
                key_id=card.key_id,
                unit_code=card.unit_code,
                unit_name=card.unit_name,
                mode=card.mode,
                age_recipient=card.age_recipient,
                sign_public=card.sign_public.hex(),
                card_created=card.created,
                imported_at=now,
                imported_by=actor.username,
                verified_by="",
                active=True,
            )
            s.add(peer)
        if verified and peer.verified_at is None:
            peer.verified_at, peer.verified_by = now, actor.username
        audit.append(
            s,
            actor.username,
            "key_import",
            "sync_peer",
            card.key_id,
            {"unit": card.unit_code, "verified": peer.verified_at is not None},
        )
        s.flush()
        return _info(peer)


def verify_peer(db: Database, unit_code: str) -> PeerInfo:
    """Record that the active key of `unit_code` was verified over the phone by this user."""
    with db.session() as s:
        actor = acting(s, Permission.SETTINGS)
        peer = active_peer(s, unit_code)
        if peer is None:
            raise DomainError(
                _("No key card of unit {unit} has been imported yet.").format(unit=unit_code)
            )
        if peer.verified_at is None:
            peer.verified_at, peer.verified_by = utcnow(), actor.username
            audit.append(s, actor.username, "key_verify", "sync_peer", peer.key_id)
        return _info(peer)


def active_peer(session: Session, unit_code: str) -> SyncPeer | None:
    return session.scalar(
        select(SyncPeer).where(SyncPeer.unit_code == unit_code, SyncPeer.active.is_(True))
    )


def list_peers(db: Database) -> list[PeerInfo]:
    with db.reader() as s:
        acting(s, Permission.SYNC)
        peers = s.scalars(select(SyncPeer).order_by(SyncPeer.unit_code, SyncPeer.imported_at))
        return [_info(p) for p in peers]


def _info(peer: SyncPeer) -> PeerInfo:
    card = KeyCard(
        peer.unit_code,
        peer.unit_name,
        peer.mode,
        peer.age_recipient,
        bytes.fromhex(peer.sign_public),
        peer.card_created,
    )
    return PeerInfo(
        peer.key_id,
        peer.unit_code,
        peer.unit_name,
        peer.mode,
        card.fingerprint,
        peer.imported_at,
        peer.verified_at,
        peer.verified_by,
        peer.active,
    )
