"""Upper level: import communes' bundles (nhận gói đồng bộ) — verify → validate → preview →
apply in one transaction → record → receipt (SECURITY.md "Bundles", receiver's order).

Every check that can refuse a bundle runs before the database is written; the merge and its
record are one transaction, so a refused or failed bundle leaves the database untouched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.services.common import acting
from xasach.services.sync_holdings import (
    APPLIED,
    QUARANTINED,
    history_rewritten,
    same_range_other_bundle,
    write_receipt,
)
from xasach.services.sync_prepare import Prepared, bundle_files, prepare, ready_to_import
from xasach.services.sync_state import withheld_pairs
from xasach.store import audit
from xasach.store.database import Database
from xasach.store.models import BundleIn, SyncPeer, utcnow
from xasach.store.sync_merge import MergeResult, merge
from xasach.sync.bundle_format import MAX_FILE_BYTES, Bundle, oversized
from xasach.sync.errors import SyncFileError
from xasach.sync.keys import OwnKeys

# Outcome statuses
DONE = "applied"
ALREADY = "already"
HELD = "quarantined"
REFUSED = "refused"
WOULD_APPLY = "would_apply"


@dataclass
class ImportOutcome:
    """What happened to one file; `ok` is False when it was not applied (refused or held)."""

    file: str
    status: str
    message: str
    unit: str = ""
    first_seq: int = 0
    last_seq: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    merge: MergeResult | None = None
    receipt: Path | None = None

    @property
    def ok(self) -> bool:
        return self.status in (DONE, ALREADY, WOULD_APPLY)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status,
            "message": self.message,
            "unit": self.unit,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "counts": self.counts,
            "inserted": self.merge.inserted if self.merge else {},
            "updated": self.merge.updated if self.merge else {},
            "kept": self.merge.kept if self.merge else {},
            "receipt": str(self.receipt) if self.receipt else None,
        }


class _DryRun(Exception):  # noqa: N818 - control flow: roll the preview back
    def __init__(self, result: MergeResult) -> None:
        self.result = result


def import_paths(
    db: Database, paths: list[Path], *, dry_run: bool = False, receipts: Path | None = None
) -> list[ImportOutcome]:
    """Import files in order. While one bundle commits (SQLite works without Python's lock
    then: page encryption, the search index, the disk flush), a worker thread reads, decrypts,
    parses and validates the next one — the checks that need no database."""
    files = bundle_files(paths)
    if not files:
        return []
    try:
        _username, keys = ready_to_import(db)
    except DomainError as exc:
        return [ImportOutcome(path.name, REFUSED, exc.message) for path in files]
    withheld = withheld_pairs()
    outcomes: list[ImportOutcome] = []
    with (
        db.bulk_writes(),
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-prepare") as pool,
    ):
        upcoming: Future[_Loaded] = pool.submit(_load, files[0], keys, withheld)
        for index in range(len(files)):
            loaded = upcoming.result()
            following = files[index + 1] if index + 1 < len(files) else None
            started: list[Future[_Loaded]] = []

            def start_next(
                following: Path | None = following, started: list[Future[_Loaded]] = started
            ) -> None:
                if following is not None and not started:
                    started.append(pool.submit(_load, following, keys, withheld))

            if isinstance(loaded, ImportOutcome):
                outcome = loaded
            else:
                data, prepared = loaded
                outcome = import_bundle(
                    db,
                    data,
                    files[index].name,
                    dry_run=dry_run,
                    receipts=receipts,
                    prepared=prepared,
                    before_commit=start_next,
                )
            outcomes.append(outcome)
            start_next()
            upcoming = started[0] if started else upcoming
    return outcomes


def import_file(
    db: Database, path: Path, *, dry_run: bool = False, receipts: Path | None = None
) -> ImportOutcome:
    data = _read(path)
    if isinstance(data, ImportOutcome):
        return data
    return import_bundle(db, data, path.name, dry_run=dry_run, receipts=receipts)


def _read(path: Path) -> bytes | ImportOutcome:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return ImportOutcome(path.name, REFUSED, oversized().message)
        return path.read_bytes()
    except OSError as exc:
        return ImportOutcome(
            path.name,
            REFUSED,
            _("Cannot read the file {path}: {error}").format(path=path, error=exc.strerror),
        )


_Loaded = tuple[bytes, Prepared] | ImportOutcome


def _load(path: Path, keys: OwnKeys, withheld: frozenset[tuple[str, str]]) -> _Loaded:
    data = _read(path)
    if isinstance(data, ImportOutcome):
        return data
    return data, prepare(data, keys, withheld)


def import_bundle(
    db: Database,
    data: bytes,
    file_name: str,
    *,
    dry_run: bool = False,
    receipts: Path | None = None,
    prepared: Prepared | None = None,
    before_commit: Callable[[], None] | None = None,
) -> ImportOutcome:
    """Check and apply one bundle; every refusal is an outcome with a one-line reason.
    `prepared` is the database-free part done already; `before_commit` runs just before the
    merge commits (import_paths starts the next file's preparation there)."""
    try:
        return _import(
            db,
            data,
            file_name,
            dry_run=dry_run,
            receipts=receipts,
            prepared=prepared,
            before_commit=before_commit,
        )
    except DomainError as exc:
        return ImportOutcome(file_name, REFUSED, exc.message)


def _import(
    db: Database,
    data: bytes,
    file_name: str,
    *,
    dry_run: bool,
    receipts: Path | None,
    prepared: Prepared | None,
    before_commit: Callable[[], None] | None,
) -> ImportOutcome:
    username, keys = ready_to_import(db)
    withheld = withheld_pairs()
    ready = prepared if prepared is not None else prepare(data, keys, withheld)
    if ready.open_error is not None:
        raise ready.open_error
    bundle = ready.bundle
    assert bundle is not None
    with db.reader() as s:
        header = bundle.header
        peer = s.get(SyncPeer, header["sender_key_id"])
        if peer is None:
            raise SyncFileError(
                _(
                    "The bundle comes from a key this office has not enrolled (unit {unit}). "
                    "Import that commune's key card first; nothing was imported."
                ).format(unit=header["sender_unit"])
            )
        bundle.check_signature(bytes.fromhex(peer.sign_public))
        if header["sender_unit"] != peer.unit_code:
            raise SyncFileError(
                _(
                    "The bundle says it is from unit {claimed} but is signed with the key of "
                    "unit {signer}. It was refused; nothing was imported."
                ).format(claimed=header["sender_unit"], signer=peer.unit_code)
            )
        if keys.key_id not in header["recipient_key_ids"]:
            raise SyncFileError(
                _(
                    "This bundle was addressed to another office's key. It was refused; "
                    "nothing was imported."
                )
            )
        if not peer.active:
            raise SyncFileError(
                _(
                    "The bundle is signed with an old key of unit {unit} that a newer key card "
                    "replaced. Ask the commune to export again; nothing was imported."
                ).format(unit=peer.unit_code)
            )
        base = ImportOutcome(
            file_name,
            DONE,
            "",
            peer.unit_code,
            header["first_seq"],
            header["last_seq"],
            dict(header["counts"]),
        )
        held = s.get(BundleIn, bundle.bundle_id)
        if held is not None and held.state == APPLIED:
            base.status = ALREADY
            base.message = _("Already imported on {date}; nothing changed.").format(
                date=_local(held.received_at)
            )
            return base
        if peer.verified_at is None:
            if not dry_run:
                _quarantine(
                    db,
                    bundle,
                    file_name,
                    data,
                    username,
                    _("the key of unit {unit} has not been verified by phone yet").format(
                        unit=peer.unit_code
                    ),
                )
            base.status = HELD
            base.message = _(
                "Held in quarantine: the key of unit {unit} has not been verified yet. Phone "
                "the commune, check the fingerprint, then press “Fingerprint checked”; the "
                "bundle is applied then."
            ).format(unit=peer.unit_code)
            return base
        clash = same_range_other_bundle(s, bundle)
        if clash is not None:
            if clash.payload_sha256 == header["payload_sha256"]:
                base.status = ALREADY
                base.message = _("The same changes were already imported; nothing changed.")
                return base
            if not dry_run:
                _quarantine(
                    db,
                    bundle,
                    file_name,
                    data,
                    username,
                    _("its sequence numbers were already used by another bundle"),
                )
            base.status = HELD
            base.message = _(
                "Held in quarantine: unit {unit} sent different changes under sequence numbers "
                "{first}–{last} that it already used (was a backup restored?). Ask the commune "
                "to export again."
            ).format(unit=peer.unit_code, first=header["first_seq"], last=header["last_seq"])
            return base
        if history_rewritten(s, bundle):
            if not dry_run:
                _quarantine(
                    db,
                    bundle,
                    file_name,
                    data,
                    username,
                    _("its audit trail is shorter than, or differs from, an earlier bundle's"),
                )
            base.status = HELD
            base.message = _(
                "Held in quarantine: the audit trail of unit {unit} is shorter than, or "
                "differs from, what an earlier bundle showed, so entries may have been removed "
                "or rewritten. Ask the commune to run “xasach audit verify” and phone them."
            ).format(unit=peer.unit_code)
            return base
    if ready.invalid is not None:
        raise ready.invalid
    checked = ready.checked
    assert checked is not None
    try:
        with db.session(audit_rows=False) as s:
            result = merge(s, peer.unit_code, checked, withheld, search_texts=ready.search_texts)
            if dry_run:
                raise _DryRun(result)
            _record(s, bundle, file_name, username, result)
            receipt = write_receipt(s, bundle, receipts) if receipts is not None else None
            if before_commit is not None:
                before_commit()
    except _DryRun as preview:
        base.status, base.merge = WOULD_APPLY, preview.result
        base.message = _summary(_("Would apply"), preview.result)
        return base
    except DomainError:
        raise
    except Exception as exc:  # a constraint the checks above did not foresee
        if "FOREIGN KEY" in str(exc):
            raise SyncFileError(
                _(
                    "The bundle refers to records this office has not received yet: an earlier "
                    "bundle of unit {unit} is missing. Import the earlier bundles first; "
                    "nothing was imported."
                ).format(unit=peer.unit_code)
            ) from exc
        raise
    base.merge, base.receipt = result, receipt
    base.message = _summary(_("Applied"), result)
    return base


def _summary(verb: str, result: MergeResult) -> str:
    return _("{verb}: {new} new, {changed} updated, {kept} unchanged.").format(
        verb=verb,
        new=sum(result.inserted.values()),
        changed=sum(result.updated.values()),
        kept=sum(result.kept.values()),
    )


def _local(when: datetime) -> str:
    return when.astimezone().strftime("%d/%m/%Y %H:%M")


def _row(bundle: Bundle, file_name: str, username: str, state: str) -> BundleIn:
    h = bundle.header
    return BundleIn(
        bundle_id=bundle.bundle_id,
        sender_unit=h["sender_unit"],
        sender_key_id=h["sender_key_id"],
        epoch=h["epoch"],
        first_seq=h["first_seq"],
        last_seq=h["last_seq"],
        bundle_hash=bundle.bundle_hash,
        prev_bundle_hash=h["prev_bundle_hash"],
        payload_sha256=h["payload_sha256"],
        audit_seq=h["audit_head"]["seq"],
        audit_hash=h["audit_head"]["hash"],
        counts=json.dumps(h["counts"], sort_keys=True),
        made_at=h["created_at"],
        received_at=utcnow(),
        received_by=username,
        state=state,
        reason="",
        file_name=file_name[:200],
        applied="{}",
        data=None,
    )


def _quarantine(
    db: Database, bundle: Bundle, file_name: str, data: bytes, username: str, reason: str
) -> None:
    with db.session(audit_rows=False) as s:
        row = s.get(BundleIn, bundle.bundle_id)
        if row is None:
            row = _row(bundle, file_name, username, QUARANTINED)
            s.add(row)
        row.reason, row.data = reason, data
        audit.append(s, username, "bundle_quarantine", "bundle", bundle.bundle_id)


def _record(
    session: Session, bundle: Bundle, file_name: str, username: str, result: MergeResult
) -> None:
    row = session.get(BundleIn, bundle.bundle_id)
    if row is None:
        row = _row(bundle, file_name, username, APPLIED)
        session.add(row)
    row.state, row.reason, row.data = APPLIED, "", None
    row.received_at, row.received_by = utcnow(), username
    row.applied = result.as_json()
    audit.append(
        session,
        username,
        "bundle_import",
        "bundle",
        bundle.bundle_id,
        {
            "unit": bundle.header["sender_unit"],
            "first": bundle.header["first_seq"],
            "last": bundle.header["last_seq"],
            "changed": result.changed,
        },
    )


def retry_quarantined(
    db: Database, unit: str, *, receipts: Path | None = None
) -> list[ImportOutcome]:
    """Apply the bundles of `unit` held in quarantine (after its key was verified)."""
    with db.reader() as s:
        acting(s, Permission.SYNC)
        held = [
            (b.file_name, b.data)
            for b in s.scalars(
                select(BundleIn)
                .where(BundleIn.sender_unit == unit, BundleIn.state == QUARANTINED)
                .order_by(BundleIn.first_seq, BundleIn.received_at)
            )
            if b.data
        ]
    return [import_bundle(db, data, name, receipts=receipts) for name, data in held]
