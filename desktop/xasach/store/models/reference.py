"""Reference data: administrative units, villages, the rule table, settings and the change log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xasach.store.models.base import Base, Synced, UtcDateTime


class AdminUnit(Base):
    """Đơn vị hành chính: a province (tỉnh/thành phố, 2-digit code) or a commune (xã, phường,
    đặc khu; 5-digit code) per QĐ 19/2025/QĐ-TTg. Codes are never reused."""

    __tablename__ = "admin_unit"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))  # "province" | "commune"
    name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120), index=True)
    parent_code: Mapped[str | None] = mapped_column(
        ForeignKey("admin_unit.code"), index=True, default=None
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Village(Synced, Base):
    """Thôn, xóm, bản, ấp or tổ dân phố: below the official list, entered by each commune."""

    __tablename__ = "village"

    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="thon")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class RuleRow(Base):
    """One row of the rule table (bảng quy định), loaded from `resources/rules/`."""

    __tablename__ = "rule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(120), index=True)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(30), default="")
    source: Mapped[str] = mapped_column(Text)
    effective_from: Mapped[date]
    verified: Mapped[str] = mapped_column(String(2), default="NV")
    description: Mapped[str] = mapped_column(Text, default="")
    rule_set_version: Mapped[str] = mapped_column(String(40))


class Setting(Base):
    """Installation settings as key/value text (mode, own unit, installation id …)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ChangeLogEntry(Base):
    """Outbox: one row per new version of a synced row, written by triggers in the same
    transaction. `seq` only grows (AUTOINCREMENT never reuses a number)."""

    __tablename__ = "change_log"
    __table_args__ = {"sqlite_autoincrement": True}

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(1))  # I insert, U update, D soft delete, X purge
    row_version: Mapped[int] = mapped_column(Integer)
    unit_code: Mapped[str] = mapped_column(String(5))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PeriodFigures(Synced, Base):
    """Số liệu kỳ: figures of a commune for a period that the data cannot derive, used by the
    classification of QĐ 28/2025 (population, arrests, plants destroyed, trafficking route)."""

    __tablename__ = "period_figures"

    period: Mapped[str] = mapped_column(String(10), index=True)  # 2026, 2026-H1, 2026-Q3, 2026-10
    population: Mapped[int | None] = mapped_column(Integer, default=None)
    offenders_arrested: Mapped[int | None] = mapped_column(Integer, default=None)
    plants_destroyed: Mapped[int | None] = mapped_column(Integer, default=None)
    area_destroyed_m2: Mapped[float | None] = mapped_column(Float, default=None)
    on_trafficking_route: Mapped[bool | None] = mapped_column(Boolean, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
