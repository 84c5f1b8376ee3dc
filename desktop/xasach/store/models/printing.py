"""What printing remembers locally (never synced): the register of document numbers and the
free-text sections of periodic reports.

- `DocumentNumber` (sổ đăng ký văn bản): NĐ 30/2020 numbers documents from 01 each year, per
  issuing body (`series`); a reprint of the same decision or report (`ref_key`: the episode or
  the period) keeps its number.
- `ReportNote` (nội dung báo cáo): what the officer writes into a periodic report before
  printing it, per period and section.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xasach.store.models.base import Base, UtcDateTime


class DocumentNumber(Base):
    __tablename__ = "document_register"
    __table_args__ = (
        UniqueConstraint("year", "series", "number", name="uq_document_register_number"),
        Index("ix_document_register_ref", "form", "ref_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer)
    series: Mapped[str] = mapped_column(String(20))  # issuing body: UBND, CAX …
    number: Mapped[int] = mapped_column(Integer)
    form: Mapped[str] = mapped_column(String(40))
    symbol: Mapped[str] = mapped_column(String(30))  # QĐ-UBND, BC-UBND …
    subject: Mapped[str] = mapped_column(String(300), default="")
    ref_key: Mapped[str] = mapped_column(String(80), default="")  # episode id, period code
    person_id: Mapped[str | None] = mapped_column(String(36), default=None)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    issued_by: Mapped[str] = mapped_column(String(40))


class ReportNote(Base):
    __tablename__ = "report_note"

    period: Mapped[str] = mapped_column(String(10), primary_key=True)  # 2026, 2026-Q3 …
    section: Mapped[str] = mapped_column(String(40), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_by: Mapped[str] = mapped_column(String(40), default="")
