"""Users of this installation and the audit trail (nhật ký truy cập). Local: never synced."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xasach.store.models.base import Base, UtcDateTime


class AppUser(Base):
    """An officer who may log in (người dùng). The password is never stored: a successful
    unwrap of the user's key slot is the password check (SECURITY.md)."""

    __tablename__ = "app_user"

    username: Mapped[str] = mapped_column(String(40), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    title: Mapped[str] = mapped_column(String(120), default="")  # chức vụ
    role: Mapped[str] = mapped_column(String(20))  # domain.roles.Role
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuditEntry(Base):
    """One audit entry: who, when, what (record ids, never the sensitive content).

    Append-only (triggers refuse UPDATE and DELETE) and hash-chained: `entry_hash` is SHA-256
    over the previous entry's hash and this entry's canonical content."""

    __tablename__ = "audit_log"
    __table_args__ = {"sqlite_autoincrement": True}

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    username: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(30), index=True)
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(80), default="")
    detail: Mapped[str] = mapped_column(Text, default="")  # canonical JSON, no personal data
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
