"""The upper level's hub (trung tâm tổng hợp cấp trên): which communes send data, and how much.

One line per commune known to this office — an enrolled key card of a commune, or rows of that
commune in the registers — with what sync says about it: is its key verified by phone, when
did its last bundle (gói đồng bộ) arrive, which change numbers are held and which are missing,
how many bundles wait in quarantine. Counts are one GROUP BY per register, never a query per
commune. The lists across communes are in `hub_lists`, the duplicate review in
`hub_duplicates`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import String, func, literal_column, select, union
from sqlalchemy.orm import Session

from xasach.domain.roles import Permission
from xasach.i18n import N_, _
from xasach.services.common import acting
from xasach.services.sync_holdings import APPLIED, QUARANTINED, held_ranges
from xasach.store.models import Activity, AdminUnit, BundleIn, Hotspot, Person, SyncPeer, Village

#: The mode of a commune's key card (SyncPeer.mode).
PEER_COMMUNE = "commune"

Ranges = tuple[tuple[int, int], ...]


class KeyState(StrEnum):
    """The commune's key card at this office (khóa của xã)."""

    NONE = "none"  # no card imported: its bundles are refused
    UNVERIFIED = "unverified"  # imported, fingerprint not checked by phone: bundles held
    VERIFIED = "verified"


KEY_LABELS = {
    KeyState.NONE: N_("No key card"),
    KeyState.UNVERIFIED: N_("Not verified"),
    KeyState.VERIFIED: N_("Verified"),
}


def key_label(state: KeyState) -> str:
    return _(KEY_LABELS[state])


@dataclass(frozen=True)
class CommuneChoice:
    """A commune (xã, phường, đặc khu) for the hub's filters."""

    code: str
    name: str


@dataclass(frozen=True)
class CommuneLine:
    """One commune of the overview. `held` and `missing` are the change numbers (số thứ tự
    thay đổi) of its latest numbering run (epoch): merged held ranges and the holes between."""

    code: str
    name: str
    key: KeyState
    last_received: datetime | None
    last_file: str
    epoch: str
    held: Ranges
    missing: Ranges
    quarantined: int
    people: int
    hotspots: int
    activities: int

    @property
    def key_label(self) -> str:
        return key_label(self.key)

    @property
    def sequence_text(self) -> str:
        return sequence_text(self.held, self.missing)


# --- sequence ranges ---------------------------------------------------------------------------


def gaps(held: Iterable[tuple[int, int]]) -> Ranges:
    """The change numbers missing below the highest one held: before the first range (a run
    starts at 1) and between merged ranges. `held` is sorted and merged (held_ranges)."""
    missing: list[tuple[int, int]] = []
    expected = 1
    for first, last in held:
        if first > expected:
            missing.append((expected, first - 1))
        expected = max(expected, last + 1)
    return tuple(missing)


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def sequence_text(held: Ranges, missing: Ranges) -> str:
    """ "holding 1–17; 18–20 missing" — what an officer reads to the commune on the phone."""
    if not held:
        return _("nothing held yet")
    text = _("holding {ranges}").format(ranges=", ".join(_span(a, b) for a, b in held))
    if missing:
        text += "; " + _("{ranges} missing").format(
            ranges=", ".join(_span(a, b) for a, b in missing)
        )
    return text


# --- which communes ----------------------------------------------------------------------------


def _known_codes(session: Session) -> list[str]:
    """Communes with an enrolled key card, a bundle, or rows in the registers (each a DISTINCT
    over the unit_code index)."""
    sources: list[Any] = [
        select(SyncPeer.unit_code).where(SyncPeer.mode == PEER_COMMUNE),
        select(BundleIn.sender_unit),
        *(select(model.unit_code).distinct() for model in (Person, Hotspot, Activity, Village)),
    ]
    return sorted(set(session.scalars(union(*sources))))


def _names(session: Session, codes: list[str]) -> dict[str, str]:
    names = {p.unit_code: p.unit_name for p in session.scalars(select(SyncPeer))}
    rows = session.execute(select(AdminUnit.code, AdminUnit.name).where(AdminUnit.code.in_(codes)))
    names.update(dict(rows.all()))
    return {code: names.get(code, code) for code in codes}


def commune_choices(
    session: Session, register: Permission = Permission.VIEW_REPORTS
) -> list[CommuneChoice]:
    """The communes known to this office, by code (codes follow the official order);
    `register` is the permission of the page asking."""
    acting(session, register)
    codes = _known_codes(session)
    names = _names(session, codes)
    return [CommuneChoice(code, names[code]) for code in codes]


# --- the overview ------------------------------------------------------------------------------


def _live_counts(session: Session, model: Any) -> dict[str, int]:
    """Live rows per commune: every row counted on the unit_code index alone, less the
    deleted ones found by a plain scan (`+unit_code` keeps the planner off that index: looking
    each row up through it costs ~1 s at 200,000 files under SQLCipher, the scan ~0.15 s)."""
    table = model.__table__.name
    unindexed = literal_column(f"+{table}.unit_code", String)
    every = session.execute(select(model.unit_code, func.count()).group_by(model.unit_code)).all()
    deleted = session.execute(
        select(unindexed, func.count()).where(model.deleted_at.is_not(None)).group_by(unindexed)
    ).all()
    gone = {str(code): int(n) for code, n in deleted}
    return {str(code): int(n) - gone.get(code, 0) for code, n in every}


def _key_states(session: Session) -> dict[str, KeyState]:
    states: dict[str, KeyState] = {}
    for peer in session.scalars(
        select(SyncPeer).where(SyncPeer.mode == PEER_COMMUNE, SyncPeer.active.is_(True))
    ):
        state = KeyState.VERIFIED if peer.verified_at is not None else KeyState.UNVERIFIED
        if states.get(peer.unit_code) != KeyState.VERIFIED:
            states[peer.unit_code] = state
    return states


@dataclass(frozen=True)
class _Received:
    epoch: str
    received_at: datetime
    file_name: str


def _latest_bundles(session: Session) -> dict[str, _Received]:
    """Each commune's most recently received bundle (applied or held); the columns only, not
    the files kept in quarantine."""
    latest: dict[str, _Received] = {}
    rows = session.execute(
        select(
            BundleIn.sender_unit, BundleIn.epoch, BundleIn.received_at, BundleIn.file_name
        ).order_by(BundleIn.received_at)
    )
    for unit, epoch, received_at, file_name in rows:
        latest[unit] = _Received(epoch, received_at, file_name)
    return latest


def _quarantined(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(BundleIn.sender_unit, func.count())
        .where(BundleIn.state == QUARANTINED)
        .group_by(BundleIn.sender_unit)
    )
    return dict(rows.all())


def _latest_applied_epoch(session: Session, unit: str) -> str:
    return (
        session.scalar(
            select(BundleIn.epoch)
            .where(BundleIn.sender_unit == unit, BundleIn.state == APPLIED)
            .order_by(BundleIn.received_at.desc())
            .limit(1)
        )
        or ""
    )


def communes_overview(session: Session) -> list[CommuneLine]:
    """Tình hình các xã: one line per commune known, by code.

    The latest epoch is that of the commune's most recently received bundle; when that one is
    held in quarantine under a new epoch, the last epoch anything was applied in is shown."""
    acting(session, Permission.VIEW_REPORTS)
    codes = _known_codes(session)
    names = _names(session, codes)
    keys = _key_states(session)
    latest = _latest_bundles(session)
    held_back = _quarantined(session)
    people, hotspots, activities = (
        _live_counts(session, model) for model in (Person, Hotspot, Activity)
    )
    lines: list[CommuneLine] = []
    for code in codes:
        bundle = latest.get(code)
        epoch = bundle.epoch if bundle else ""
        held = tuple(held_ranges(session, code, epoch)) if epoch else ()
        if bundle is not None and not held:
            epoch = _latest_applied_epoch(session, code)
            held = tuple(held_ranges(session, code, epoch)) if epoch else ()
        lines.append(
            CommuneLine(
                code=code,
                name=names[code],
                key=keys.get(code, KeyState.NONE),
                last_received=bundle.received_at if bundle else None,
                last_file=bundle.file_name if bundle else "",
                epoch=epoch,
                held=held,
                missing=gaps(held),
                quarantined=held_back.get(code, 0),
                people=people.get(code, 0),
                hotspots=hotspots.get(code, 0),
                activities=activities.get(code, 0),
            )
        )
    return lines
