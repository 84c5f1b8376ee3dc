"""Hotspots (tụ điểm phức tạp về ma túy) and propaganda activities (hoạt động tuyên truyền)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xasach.store.models.base import Base, Synced
from xasach.store.models.reference import Village


class Hotspot(Synced, Base):
    """A place where drugs are used, sold or harboured; its status is a dated history."""

    __tablename__ = "hotspot"
    __local_columns__: ClassVar[frozenset[str]] = frozenset({"status", "status_date"})

    kind: Mapped[str] = mapped_column(String(30))  # domain.hotspots.HotspotKind
    name: Mapped[str] = mapped_column(String(200), default="")
    village_id: Mapped[str | None] = mapped_column(ForeignKey("village.id"), index=True)
    address_text: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None] = mapped_column(Float, default=None)
    longitude: Mapped[float | None] = mapped_column(Float, default=None)
    discovered_date: Mapped[date]
    description: Mapped[str] = mapped_column(Text, default="")
    #: Derived from the events by the store: the latest event's status and date.
    status: Mapped[str] = mapped_column(String(20), index=True, default="active")
    status_date: Mapped[date | None] = mapped_column(default=None)

    village: Mapped[Village | None] = relationship(lazy="joined")
    events: Mapped[list[HotspotEvent]] = relationship(
        back_populates="hotspot", order_by="HotspotEvent.event_date"
    )


class HotspotEvent(Synced, Base):
    """A dated status change of a hotspot: active (phát hiện), eliminated (triệt xóa),
    re-emerged (tái hoạt động)."""

    __tablename__ = "hotspot_event"

    hotspot_id: Mapped[str] = mapped_column(ForeignKey("hotspot.id"), index=True)
    event_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    hotspot: Mapped[Hotspot] = relationship(back_populates="events")


class HotspotPerson(Synced, Base):
    """A person linked to a hotspot (owner, user, seller …)."""

    __tablename__ = "hotspot_person"

    hotspot_id: Mapped[str] = mapped_column(ForeignKey("hotspot.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(String(60), default="")


class Activity(Synced, Base):
    """Hoạt động tuyên truyền: one propaganda activity, possibly covering several villages."""

    __tablename__ = "activity"

    activity_date: Mapped[date] = mapped_column(index=True)
    form: Mapped[str] = mapped_column(String(30))  # domain.propaganda.ActivityForm
    topic: Mapped[str] = mapped_column(String(300))
    organiser: Mapped[str] = mapped_column(String(200), default="")
    partners: Mapped[str] = mapped_column(String(300), default="")
    audience: Mapped[str] = mapped_column(String(60), default="general")
    participants: Mapped[int] = mapped_column(Integer, default=0)
    materials: Mapped[int] = mapped_column(Integer, default=0)  # tài liệu, tờ rơi phát ra
    cost_vnd: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")

    villages: Mapped[list[ActivityVillage]] = relationship(back_populates="activity")


class ActivityVillage(Synced, Base):
    """Which villages an activity reached (for the village × month coverage grid)."""

    __tablename__ = "activity_village"

    activity_id: Mapped[str] = mapped_column(ForeignKey("activity.id"), index=True)
    village_id: Mapped[str] = mapped_column(ForeignKey("village.id"), index=True)

    activity: Mapped[Activity] = relationship(back_populates="villages")
