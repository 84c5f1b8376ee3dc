"""What sync remembers locally (never synced itself): enrolled keys, bundles in and out.

- `SyncPeer` (đơn vị đã trao đổi khóa): a key card imported from the other side, with who
  verified its fingerprint over the phone and when.
- `BundleIn` (gói đã nhận): at the upper level, every bundle applied or held in quarantine.
- `BundleOut` (gói đã gửi): at the commune, every bundle exported and whether a receipt came.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xasach.store.models.base import Base, UtcDateTime


class SyncPeer(Base):
    __tablename__ = "sync_peer"

    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(5), index=True)
    unit_name: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(10))  # the peer's mode: commune | upper
    age_recipient: Mapped[str] = mapped_column(String(100))
    sign_public: Mapped[str] = mapped_column(String(64))  # hex
    card_created: Mapped[str] = mapped_column(String(10))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())
    imported_by: Mapped[str] = mapped_column(String(40))
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    verified_by: Mapped[str] = mapped_column(String(40), default="")
    #: A newer card of the same unit retires the old key (kept to explain old bundles).
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class BundleIn(Base):
    __tablename__ = "bundle_in"

    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sender_unit: Mapped[str] = mapped_column(String(5), index=True)
    sender_key_id: Mapped[str] = mapped_column(String(32))
    epoch: Mapped[str] = mapped_column(String(40))
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    bundle_hash: Mapped[str] = mapped_column(String(64))
    prev_bundle_hash: Mapped[str] = mapped_column(String(64), default="")
    payload_sha256: Mapped[str] = mapped_column(String(64))
    audit_seq: Mapped[int] = mapped_column(Integer, default=0)
    audit_hash: Mapped[str] = mapped_column(String(64), default="")
    counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON, per table
    made_at: Mapped[str] = mapped_column(String(27))  # the commune's clock, as sent
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    received_by: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(12), index=True)  # applied | quarantined
    reason: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(String(200), default="")
    applied: Mapped[str] = mapped_column(Text, default="{}")  # JSON: inserted/updated/kept
    #: A quarantined bundle keeps its (still encrypted) file, to be applied once resolved.
    data: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class BundleOut(Base):
    __tablename__ = "bundle_out"

    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    epoch: Mapped[str] = mapped_column(String(40))
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    bundle_hash: Mapped[str] = mapped_column(String(64))
    counts: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer, default=0)
    acked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    acked_seq: Mapped[int | None] = mapped_column(Integer, default=None)
