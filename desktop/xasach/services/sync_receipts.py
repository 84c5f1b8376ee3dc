"""Commune: import the upper level's signed receipt (nhận biên nhận), so the next bundle starts
after the acknowledged sequence instead of sending everything again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update

from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.services.common import acting, own_unit
from xasach.services.stats import ACKED_SEQ_SETTING
from xasach.services.sync_state import acked_seq, current_epoch
from xasach.store import audit
from xasach.store.database import Database
from xasach.store.models import BundleOut, ChangeLogEntry, SyncPeer, utcnow
from xasach.store.reference import put_setting
from xasach.sync.errors import SyncFileError
from xasach.sync.receipt_format import parse_receipt


@dataclass(frozen=True)
class ReceiptOutcome:
    acked_seq: int
    changed: bool  # False: it acknowledged nothing new (already imported, or older)
    message: str


def import_receipt(db: Database, path: Path) -> ReceiptOutcome:
    """Check the receipt (signed by the enrolled, verified upper level, for this commune and
    this epoch) and move the acknowledged sequence forward. Refusals raise SyncFileError."""
    try:
        data = path.read_bytes()[: 64 * 1024 + 1]
    except OSError as exc:
        raise SyncFileError(
            _("Cannot read the file {path}: {error}").format(path=path, error=exc.strerror)
        ) from exc
    receipt = parse_receipt(data)
    with db.session() as s:
        actor = acting(s, Permission.SYNC)
        peer = s.get(SyncPeer, receipt.header["signer_key_id"])
        if peer is None or peer.mode != "upper" or not peer.active or peer.verified_at is None:
            raise SyncFileError(
                _(
                    "This receipt is not signed by the enrolled and verified upper level. It "
                    "was not used; nothing was changed."
                )
            )
        receipt.check_signature(bytes.fromhex(peer.sign_public))
        unit = own_unit(s)
        if receipt.commune_unit != unit:
            raise SyncFileError(
                _(
                    "This receipt is for unit {other}, not for this commune ({own}). Nothing "
                    "was changed."
                ).format(other=receipt.commune_unit, own=unit)
            )
        if receipt.epoch != current_epoch(s):
            return ReceiptOutcome(
                acked_seq(s),
                False,
                _(
                    "This receipt is for bundles sent before the data was restored from a "
                    "backup; it is no longer needed. Nothing was changed."
                ),
            )
        last = s.scalar(
            select(func.max(ChangeLogEntry.seq)).where(ChangeLogEntry.unit_code == unit)
        )
        if receipt.acked_seq > int(last or 0):
            raise SyncFileError(
                _(
                    "This receipt acknowledges changes this commune never made (up to "
                    "{seq}). It was not used; nothing was changed."
                ).format(seq=receipt.acked_seq)
            )
        current = acked_seq(s)
        if receipt.acked_seq <= current:
            return ReceiptOutcome(
                current,
                False,
                _("Already acknowledged up to change {seq}; nothing changed.").format(seq=current),
            )
        put_setting(s, ACKED_SEQ_SETTING, str(receipt.acked_seq))
        s.execute(
            update(BundleOut)
            .where(
                BundleOut.epoch == receipt.epoch,
                BundleOut.last_seq <= receipt.acked_seq,
                BundleOut.acked_at.is_(None),
            )
            .values(acked_at=utcnow(), acked_seq=receipt.acked_seq)
        )
        audit.append(
            s,
            actor.username,
            "receipt_import",
            "bundle",
            receipt.header["bundle_id"],
            {"acked_seq": receipt.acked_seq},
        )
    return ReceiptOutcome(
        receipt.acked_seq,
        True,
        _("The upper level acknowledged every change up to {seq}.").format(seq=receipt.acked_seq),
    )
