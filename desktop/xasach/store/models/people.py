"""Người trong diện quản lý: a person's file, its episodes and drug tests."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xasach.store.models.base import Base, Synced
from xasach.store.models.reference import Village


class Person(Synced, Base):
    """Hồ sơ quản lý người sử dụng trái phép / người nghiện ma túy."""

    __tablename__ = "person"
    #: The People list pages through 200,000 files by (filter, folded name, id): these partial
    #: indexes make each page a range scan (services.people_list).
    __table_args__ = (
        Index(
            "ix_person_list_name", "search_folded", "id", sqlite_where=text("deleted_at IS NULL")
        ),
        Index(
            "ix_person_list_status",
            "status",
            "search_folded",
            "id",
            sqlite_where=text("deleted_at IS NULL"),
        ),
        Index(
            "ix_person_list_village",
            "village_id",
            "search_folded",
            "id",
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )
    __local_columns__: ClassVar[frozenset[str]] = frozenset(
        {"status", "search_folded", "search_exact"}
    )

    full_name: Mapped[str] = mapped_column(String(120))
    other_names: Mapped[str] = mapped_column(String(200), default="")  # tên gọi khác
    birth_date: Mapped[date | None] = mapped_column(default=None)
    birth_year: Mapped[int | None] = mapped_column(Integer, default=None)  # năm sinh (only)
    sex: Mapped[str | None] = mapped_column(String(1), default=None)  # M / F
    id_number: Mapped[str | None] = mapped_column(String(12), index=True, default=None)  # CCCD
    legacy_id_number: Mapped[str | None] = mapped_column(String(12), default=None)  # CMND cũ
    village_id: Mapped[str | None] = mapped_column(
        ForeignKey("village.id"), index=True, default=None
    )
    address_text: Mapped[str] = mapped_column(String(300), default="")  # nơi cư trú
    occupation: Mapped[str] = mapped_column(String(120), default="")  # nghề nghiệp
    family_situation: Mapped[str] = mapped_column(Text, default="")  # hoàn cảnh gia đình
    category: Mapped[str] = mapped_column(String(20), default="illegal_user")  # SDTP / nghiện
    drug_types: Mapped[str] = mapped_column(String(200), default="")  # loại ma túy sử dụng
    use_method: Mapped[str] = mapped_column(String(200), default="")  # hình thức sử dụng
    using_since_year: Mapped[int | None] = mapped_column(Integer, default=None)  # sử dụng từ năm
    criminal_record: Mapped[str] = mapped_column(Text, default="")  # tiền án
    administrative_record: Mapped[str] = mapped_column(Text, default="")  # tiền sự
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Derived from the episodes by the store (tình trạng hiện tại); a cache for list filters.
    status: Mapped[str] = mapped_column(String(40), index=True, default="none")
    #: Search text kept by the store: folded (for FTS5) and with accents (to rank exact matches).
    search_folded: Mapped[str] = mapped_column(Text, default="")
    search_exact: Mapped[str] = mapped_column(Text, default="")

    village: Mapped[Village | None] = relationship(lazy="joined")
    episodes: Mapped[list[Episode]] = relationship(
        back_populates="person", order_by="Episode.start_date"
    )
    drug_tests: Mapped[list[DrugTest]] = relationship(
        back_populates="person", order_by="DrugTest.test_date"
    )


class Episode(Synced, Base):
    """Giai đoạn: a dated management, rehab, therapy or follow-up episode of a person."""

    __tablename__ = "episode"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)  # domain.episodes.EpisodeType
    start_date: Mapped[date]
    planned_end: Mapped[date | None] = mapped_column(default=None, index=True)
    actual_end: Mapped[date | None] = mapped_column(default=None)
    duration_months: Mapped[int | None] = mapped_column(Integer, default=None)
    after_kind: Mapped[str | None] = mapped_column(String(40), default=None)  # for post-rehab
    decision_number: Mapped[str] = mapped_column(String(60), default="")  # số quyết định
    decision_date: Mapped[date | None] = mapped_column(default=None)
    decided_by: Mapped[str] = mapped_column(String(200), default="")  # cơ quan/người quyết định
    facility: Mapped[str] = mapped_column(String(200), default="")  # cơ sở cai nghiện / điều trị
    outcome: Mapped[str] = mapped_column(String(200), default="")  # kết quả
    notes: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship(back_populates="episodes")


class DrugTest(Synced, Base):
    """Xét nghiệm ma túy: a test and its result."""

    __tablename__ = "drug_test"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    test_date: Mapped[date]
    result: Mapped[str] = mapped_column(String(10))  # positive / negative / invalid
    substances: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship(back_populates="drug_tests")
