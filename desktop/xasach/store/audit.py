"""The audit trail (nhật ký): append-only, hash-chained, written in the same transaction as
what it records.

Each entry's hash is SHA-256 over the previous entry's hash and this entry's canonical content,
so an edited, inserted or removed entry breaks the chain at that point; `verify` names it.
Entries hold record ids and action names, never the sensitive content itself.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from xasach.store.models import AuditEntry, utcnow

GENESIS = "0" * 64
_HEAD_KEY = "audit_head"


def canonical(
    at: datetime, username: str, action: str, entity: str, entity_id: str, detail: str
) -> bytes:
    doc = {
        "at": at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "user": username,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "detail": detail,
    }
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(prev_hash: str, content: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + content).hexdigest()


def _head(session: Session) -> str:
    head = session.info.get(_HEAD_KEY)
    if head is None:
        with session.no_autoflush:
            head = session.scalar(
                select(AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1)
            )
        head = head or GENESIS
    return str(head)


def append(
    session: Session,
    username: str,
    action: str,
    entity: str = "",
    entity_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one entry to the session (flushed and committed with the rest of the work)."""
    at = utcnow()
    detail_text = json.dumps(detail, sort_keys=True, ensure_ascii=False) if detail else ""
    prev = _head(session)
    digest = entry_hash(prev, canonical(at, username, action, entity, entity_id, detail_text))
    entry = AuditEntry(
        at=at,
        username=username,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail_text,
        prev_hash=prev,
        entry_hash=digest,
    )
    session.add(entry)
    session.info[_HEAD_KEY] = digest
    return entry


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_head(session: Session) -> None:
    session.info.pop(_HEAD_KEY, None)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    first_broken: int | None = None
    reason: str = ""
    head: str = GENESIS


def verify(session: Session) -> Verdict:
    """Walk the chain in sequence order; report the first entry that does not fit."""
    prev = GENESIS
    count = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        count += 1
        if entry.prev_hash != prev:
            return Verdict(
                False, count, entry.seq, "previous-hash mismatch (entry missing or inserted)", prev
            )
        content = canonical(
            entry.at, entry.username, entry.action, entry.entity, entry.entity_id, entry.detail
        )
        if entry_hash(prev, content) != entry.entry_hash:
            return Verdict(
                False, count, entry.seq, "content does not match its hash (edited)", prev
            )
        prev = entry.entry_hash
    return Verdict(True, count, head=prev)
