"""What the upper level holds from each commune (bundles applied or in quarantine, the
sequence ranges they cover) and the signed receipt that acknowledges it (biên nhận).

A receipt acknowledges the contiguous range held from 1, never just the last bundle's end, so a
commune re-sends whatever fell into a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.roles import Permission
from xasach.services.common import acting, own_unit
from xasach.services.sync_keys import ensure_own_keys
from xasach.store.atomic import write_atomic
from xasach.store.database import Database
from xasach.store.models import BundleIn, utcnow
from xasach.sync.bundle_format import Bundle
from xasach.sync.receipt_format import make_receipt

APPLIED, QUARANTINED = "applied", "quarantined"
RECEIPT_SUFFIX = ".xsr"


def held_ranges(session: Session, unit: str, epoch: str) -> list[tuple[int, int]]:
    """The sequence ranges held from `unit` in `epoch`, merged (1–17, 19–25 …)."""
    spans = sorted(
        (b.first_seq, b.last_seq)
        for b in session.scalars(
            select(BundleIn).where(
                BundleIn.sender_unit == unit, BundleIn.epoch == epoch, BundleIn.state == APPLIED
            )
        )
    )
    merged: list[tuple[int, int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def contiguous_end(ranges: list[tuple[int, int]]) -> int:
    """The highest sequence n such that 1..n are all held (0 if 1 is missing)."""
    return ranges[0][1] if ranges and ranges[0][0] == 1 else 0


def receipt_file_name(unit: str, when: datetime, acked: int) -> str:
    return f"{unit}_{when.astimezone():%Y%m%d}_bien-nhan_{acked}{RECEIPT_SUFFIX}"


def write_receipt(session: Session, bundle: Bundle, folder: Path) -> Path:
    """A signed receipt acknowledging everything held without a gap, written to `folder`."""
    session.flush()
    unit, epoch = bundle.header["sender_unit"], bundle.header["epoch"]
    acked = contiguous_end(held_ranges(session, unit, epoch))
    now = utcnow()
    data, _made = make_receipt(
        ensure_own_keys(session),
        bundle_id=bundle.bundle_id,
        bundle_hash=bundle.bundle_hash,
        commune_unit=unit,
        upper_unit=own_unit(session),
        epoch=epoch,
        acked_seq=acked,
        applied_at=now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / receipt_file_name(unit, now, acked)
    write_atomic(path, data)
    return path


@dataclass(frozen=True)
class HeldBundle:
    """A bundle waiting in quarantine, with why (for the Import page)."""

    file_name: str
    unit: str
    first_seq: int
    last_seq: int
    received_at: datetime
    reason: str


def held_bundles(db: Database) -> list[HeldBundle]:
    """Every bundle in quarantine, oldest first, whichever session received it."""
    with db.reader() as s:
        acting(s, Permission.SYNC)
        return [
            HeldBundle(b.file_name, b.sender_unit, b.first_seq, b.last_seq, b.received_at, b.reason)
            for b in s.scalars(
                select(BundleIn).where(BundleIn.state == QUARANTINED).order_by(BundleIn.received_at)
            )
        ]


def same_range_other_bundle(session: Session, bundle: Bundle) -> BundleIn | None:
    h = bundle.header
    return session.scalar(
        select(BundleIn).where(
            BundleIn.sender_unit == h["sender_unit"],
            BundleIn.epoch == h["epoch"],
            BundleIn.first_seq == h["first_seq"],
            BundleIn.last_seq == h["last_seq"],
            BundleIn.state == APPLIED,
            BundleIn.bundle_id != bundle.bundle_id,
        )
    )


def history_rewritten(session: Session, bundle: Bundle) -> bool:
    """The audit-chain head anchors the commune's history: within one epoch a bundle cut later
    (higher last sequence) never shows a shorter trail, nor another hash at the same length."""
    h = bundle.header
    head_seq, head_hash = h["audit_head"]["seq"], h["audit_head"]["hash"]
    earlier = session.scalars(
        select(BundleIn).where(
            BundleIn.sender_unit == h["sender_unit"],
            BundleIn.epoch == h["epoch"],
            BundleIn.state == APPLIED,
        )
    )
    for seen in earlier:
        if seen.audit_seq == head_seq and seen.audit_hash != head_hash:
            return True
        if seen.last_seq <= h["last_seq"] and seen.audit_seq > head_seq:
            return True
    return False
