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
from xasach.services.setup import MODE_UPPER
from xasach.services.sync_holdings import APPLIED, QUARANTINED, write_receipt
from xasach.services.sync_keys import ensure_own_keys, own_mode, stored_own_keys
from xasach.services.sync_state import withheld_pairs
from xasach.store import audit
from xasach.store.database import Database
from xasach.store.models import BundleIn, SyncPeer, utcnow
from xasach.store.sync_merge import MergeResult, merge, person_row_search_text
from xasach.store.sync_validate import validate
from xasach.sync.bundle_format import MAX_FILE_BYTES, Bundle, open_bundle, oversized
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


def bundle_files(paths: list[Path]) -> list[Path]:
    """Files as given, and the .xsb files of folders, oldest name first (names sort by date)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".xsb"))
        else:
            found.append(path)
    return found


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
        _username, keys = _ready(db)
    except DomainError as exc:
        return [ImportOutcome(path.name, REFUSED, exc.message) for path in files]
    withheld = withheld_pairs()
    outcomes: list[ImportOutcome] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-prepare") as pool:
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


@dataclass(frozen=True)
class _Prepared:
    """What a bundle's bytes say without the database: opened (decrypted, header checked)
    and its records validated — or the refusal, kept to be raised at the same point of the
    receiver's order as without preparation."""

    bundle: Bundle | None = None
    open_error: DomainError | None = None
    checked: list[tuple[str, dict[str, Any]]] | None = None
    invalid: DomainError | None = None
    search_texts: dict[str, tuple[str, str]] = field(default_factory=dict)


_Loaded = tuple[bytes, _Prepared] | ImportOutcome


def _prepare(data: bytes, keys: OwnKeys, withheld: frozenset[tuple[str, str]]) -> _Prepared:
    try:
        bundle = open_bundle(data, keys)
    except DomainError as exc:
        return _Prepared(open_error=exc)
    try:
        # Validated as the unit the header names; `_import` refuses a bundle whose signer is
        # another unit before these records are used.
        checked = validate(bundle.records(), bundle.header["sender_unit"], withheld)
    except DomainError as exc:
        return _Prepared(bundle, invalid=exc)
    texts = {row["id"]: person_row_search_text(row) for table, row in checked if table == "person"}
    return _Prepared(bundle, checked=checked, search_texts=texts)


def _load(path: Path, keys: OwnKeys, withheld: frozenset[tuple[str, str]]) -> _Loaded:
    data = _read(path)
    if isinstance(data, ImportOutcome):
        return data
    return data, _prepare(data, keys, withheld)


def _ready(db: Database) -> tuple[str, OwnKeys]:
    """(who imports, this office's keys) — the keys are read, or made once for an older file."""
    with db.reader() as s:
        actor = acting(s, Permission.SYNC)
        if own_mode(s) != MODE_UPPER:
            raise DomainError(
                _("Only an upper-level installation imports bundles (this one is a commune's).")
            )
        keys = stored_own_keys(s)
    if keys is None:
        with db.session() as s:
            keys = ensure_own_keys(s)  # made by init; an older data file gets them now
    return actor.username, keys


def import_bundle(
    db: Database,
    data: bytes,
    file_name: str,
    *,
    dry_run: bool = False,
    receipts: Path | None = None,
    prepared: _Prepared | None = None,
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
    prepared: _Prepared | None,
    before_commit: Callable[[], None] | None,
) -> ImportOutcome:
    username, keys = _ready(db)
    withheld = withheld_pairs()
    ready = prepared if prepared is not None else _prepare(data, keys, withheld)
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
        clash = _same_range_other_bundle(s, bundle)
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
        if _history_rewritten(s, bundle):
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


def _same_range_other_bundle(session: Session, bundle: Bundle) -> BundleIn | None:
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


def _history_rewritten(session: Session, bundle: Bundle) -> bool:
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
