"""Reading and checking the audit trail (administrators only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from xasach.domain.roles import Permission, require
from xasach.store import audit
from xasach.store.database import Database
from xasach.store.models import AuditEntry


def verify_trail(db: Database) -> audit.Verdict:
    require(db.actor, Permission.VIEW_AUDIT)
    with db.reader() as s:
        return audit.verify(s)


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    entity_id: str | None = None


def audit_entries(
    db: Database, flt: AuditFilter, *, limit: int = 500, offset: int = 0
) -> list[AuditEntry]:
    require(db.actor, Permission.VIEW_AUDIT)
    query = select(AuditEntry).order_by(AuditEntry.seq.desc())
    if flt.username:
        query = query.where(AuditEntry.username == flt.username)
    if flt.action:
        query = query.where(AuditEntry.action == flt.action)
    if flt.since:
        query = query.where(AuditEntry.at >= flt.since)
    if flt.until:
        query = query.where(AuditEntry.at < flt.until)
    if flt.entity_id:
        query = query.where(AuditEntry.entity_id == flt.entity_id)
    with db.reader() as s:
        return list(s.scalars(query.limit(limit).offset(offset)))
