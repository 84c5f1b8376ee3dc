"""Commune → upper level: cut a bundle of every change not yet acknowledged (gửi dữ liệu lên
cấp trên), and what the Sync screen shows about what was sent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.services.common import acting, own_unit
from xasach.services.setup import MODE_COMMUNE
from xasach.services.sync_keys import ensure_own_keys, own_mode
from xasach.services.sync_state import (
    LAST_BUNDLE_HASH_SETTING,
    acked_seq,
    current_epoch,
    withheld_pairs,
)
from xasach.store import audit
from xasach.store.atomic import write_atomic
from xasach.store.database import Database
from xasach.store.models import AuditEntry, BundleOut, ChangeLogEntry, SyncPeer, utcnow
from xasach.store.reference import get_setting, put_setting
from xasach.store.sync_records import outgoing
from xasach.sync.bundle_format import seal

BUNDLE_SUFFIX = ".xsb"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    first_seq: int
    last_seq: int
    counts: dict[str, int]
    size: int
    subject: str  # a ready e-mail subject line


@dataclass(frozen=True)
class SentBundle:
    file_name: str
    created_at: datetime
    first_seq: int
    last_seq: int
    records: int
    acked_at: datetime | None


@dataclass(frozen=True)
class SyncStatus:
    unit_code: str
    unit_name: str
    upper: str  # the verified upper level's name, "" if none
    upper_verified: bool
    acked_seq: int
    last_seq: int
    unacknowledged: int  # changes not yet acknowledged by a receipt
    sent: list[SentBundle]


def bundle_file_name(unit: str, when: datetime, first: int, last: int) -> str:
    """`<unit code>_<yyyymmdd>_<first seq>-<last seq>.xsb`: a person can tell what it is."""
    return f"{unit}_{when.astimezone():%Y%m%d}_{first}-{last}{BUNDLE_SUFFIX}"


def email_subject(unit: str, unit_name: str, result_first: int, result_last: int) -> str:
    return _("[XaSach] Data of {name} ({unit}), changes {first}–{last}").format(
        name=unit_name, unit=unit, first=result_first, last=result_last
    )


def _recipients(session: Session) -> list[SyncPeer]:
    peers = list(
        session.scalars(select(SyncPeer).where(SyncPeer.mode == "upper", SyncPeer.active.is_(True)))
    )
    if not peers:
        raise DomainError(
            _(
                "The upper level's key card has not been imported yet. In Sync, choose “Import "
                "the upper level's key card…”, then read the fingerprint over the phone."
            )
        )
    verified = [p for p in peers if p.verified_at is not None]
    if not verified:
        raise DomainError(
            _(
                "The upper level's key has not been verified yet. Phone the upper level, read "
                "the fingerprint together, then press “Fingerprint checked”."
            )
        )
    return verified


def _audit_head(session: Session) -> dict[str, object]:
    last = session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    return {"seq": last.seq, "hash": last.entry_hash} if last else {"seq": 0, "hash": ""}


def export_bundle(
    db: Database, out_dir: Path, *, now: datetime | None = None
) -> ExportResult | None:
    """Write one bundle with every unacknowledged change into `out_dir`; None if there is
    nothing new. Nothing is recorded unless the file was written and read back."""
    when = now or utcnow()
    with db.session() as s:
        actor = acting(s, Permission.SYNC)
        if own_mode(s) != MODE_COMMUNE:
            raise DomainError(_("Only a commune sends bundles to the upper level."))
        recipients = _recipients(s)
        keys = ensure_own_keys(s)
        unit = own_unit(s)
        after = acked_seq(s)
        cut = outgoing(s, unit, after, withheld_pairs())
        if cut is None:
            return None
        first = after + 1  # the bundle covers everything after the acknowledged sequence
        data, bundle = seal(
            keys,
            sender_unit=unit,
            recipients=[(p.key_id, p.age_recipient) for p in recipients],
            epoch=current_epoch(s),
            first_seq=first,
            last_seq=cut.last_seq,
            prev_bundle_hash=get_setting(s, LAST_BUNDLE_HASH_SETTING) or "",
            audit_head=_audit_head(s),
            records=cut.records,
            created_at=when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        )
        out_dir.mkdir(parents=True, exist_ok=True)
        path = _free_name(out_dir / bundle_file_name(unit, when, first, cut.last_seq))
        write_atomic(path, data)  # read back and compared; raises before anything is recorded
        counts = dict(bundle.header["counts"])
        s.add(
            BundleOut(
                bundle_id=bundle.bundle_id,
                epoch=bundle.header["epoch"],
                first_seq=first,
                last_seq=cut.last_seq,
                bundle_hash=bundle.bundle_hash,
                counts=json.dumps(counts, sort_keys=True),
                created_at=when,
                created_by=actor.username,
                file_name=path.name,
                size=len(data),
            )
        )
        put_setting(s, LAST_BUNDLE_HASH_SETTING, bundle.bundle_hash)
        audit.append(
            s,
            actor.username,
            "bundle_export",
            "bundle",
            bundle.bundle_id,
            {"first": first, "last": cut.last_seq, "records": len(cut.records)},
        )
        name = get_setting(s, "unit.name") or unit
    return ExportResult(
        path,
        bundle.bundle_id,
        first,
        cut.last_seq,
        counts,
        len(data),
        email_subject(unit, name, first, cut.last_seq),
    )


def _free_name(path: Path) -> Path:
    """A second export of the same range on the same day gets `_2`, `_3` … (never overwrite)."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}_{n}{path.suffix}")
    return candidate


def sync_status(db: Database, *, limit: int = 50) -> SyncStatus:
    with db.reader() as s:
        acting(s, Permission.SYNC)
        unit = own_unit(s)
        acked = acked_seq(s)
        last = s.scalar(
            select(func.max(ChangeLogEntry.seq)).where(ChangeLogEntry.unit_code == unit)
        )
        pending = s.scalar(
            select(
                func.count(func.distinct(ChangeLogEntry.table_name + ChangeLogEntry.row_id))
            ).where(ChangeLogEntry.seq > acked, ChangeLogEntry.unit_code == unit)
        )
        upper = s.scalars(
            select(SyncPeer).where(SyncPeer.mode == "upper", SyncPeer.active.is_(True))
        ).first()
        sent = [
            SentBundle(
                b.file_name,
                b.created_at,
                b.first_seq,
                b.last_seq,
                sum(json.loads(b.counts).values()),
                b.acked_at,
            )
            for b in s.scalars(select(BundleOut).order_by(BundleOut.created_at.desc()).limit(limit))
        ]
        return SyncStatus(
            unit,
            get_setting(s, "unit.name") or unit,
            upper.unit_name if upper else "",
            bool(upper and upper.verified_at),
            acked,
            int(last or 0),
            int(pending or 0),
            sent,
        )
