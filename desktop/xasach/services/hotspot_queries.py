"""Reading the hotspot register (sổ theo dõi tụ điểm): the list, one hotspot, its history.

Lists filter, sort and page in SQL (DESIGN.md "Qt": a province holds tens of thousands of
rows), and return plain frozen lines so a table model never touches a live ORM session.
Text search is accent-insensitive through the store's `xasach_fold` SQL function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, String, func, select
from sqlalchemy.orm import Session

from xasach.domain.hotspots import hotspot_kind_label, hotspot_status_label
from xasach.domain.roles import Permission
from xasach.domain.text import tokens
from xasach.services.common import acting, own_unit
from xasach.services.hotspots import HotspotData, live_hotspot
from xasach.services.villages import VillageChoice, village_choices_for
from xasach.store.models import Hotspot, HotspotEvent, HotspotPerson, Person, Village


class HotspotSort(StrEnum):
    NAME = "name"
    KIND = "kind"
    VILLAGE = "village"
    STATUS = "status"
    STATUS_DATE = "status_date"
    DISCOVERED = "discovered"
    PEOPLE = "people"


@dataclass(frozen=True)
class HotspotQuery:
    """The list's filters; an empty `statuses` means every status."""

    text: str = ""
    statuses: frozenset[str] = frozenset()
    kind: str | None = None
    village_id: str | None = None
    sort: HotspotSort = HotspotSort.DISCOVERED
    descending: bool = True


@dataclass(frozen=True)
class HotspotLine:
    id: str
    name: str
    kind: str
    kind_label: str
    village: str
    address: str
    status: str
    status_label: str
    status_date: date | None
    discovered_date: date
    people: int


@dataclass(frozen=True)
class EventLine:
    id: str
    event_date: date
    status: str
    status_label: str
    note: str


@dataclass(frozen=True)
class LinkLine:
    """A linked person; `name` is empty for a role that may not see people's files."""

    id: str
    person_id: str
    name: str
    role: str


@dataclass(frozen=True)
class HotspotDetail:
    id: str
    data: HotspotData
    status: str
    status_date: date | None


def village_choices(session: Session) -> list[VillageChoice]:
    """The commune's live villages in their order (thứ tự thôn)."""
    return village_choices_for(session, Permission.VIEW_HOTSPOTS)


def _people_count() -> Any:
    return (
        select(func.count(HotspotPerson.id))
        .where(HotspotPerson.hotspot_id == Hotspot.id, HotspotPerson.deleted_at.is_(None))
        .correlate(Hotspot)
        .scalar_subquery()
    )


def _filtered(query: HotspotQuery, unit: str, columns: Any) -> Select[Any]:
    stmt = (
        select(*columns)
        .select_from(Hotspot)
        .outerjoin(Village, Village.id == Hotspot.village_id)
        .where(Hotspot.unit_code == unit, Hotspot.deleted_at.is_(None))
    )
    if query.statuses:
        stmt = stmt.where(Hotspot.status.in_(sorted(query.statuses)))
    if query.kind:
        stmt = stmt.where(Hotspot.kind == query.kind)
    if query.village_id:
        stmt = stmt.where(Hotspot.village_id == query.village_id)
    haystack = func.xasach_fold(
        Hotspot.name + " " + Hotspot.address_text + " " + func.coalesce(Village.name, ""),
        type_=String,
    )
    for word in tokens(query.text):
        stmt = stmt.where(haystack.contains(word, autoescape=True))
    return stmt


def _order(query: HotspotQuery, people: Any) -> list[Any]:
    key = {
        HotspotSort.NAME: func.xasach_fold(Hotspot.name),
        HotspotSort.KIND: Hotspot.kind,
        HotspotSort.VILLAGE: Village.sort_order,
        HotspotSort.STATUS: Hotspot.status,
        HotspotSort.STATUS_DATE: Hotspot.status_date,
        HotspotSort.DISCOVERED: Hotspot.discovered_date,
        HotspotSort.PEOPLE: people,
    }[query.sort]
    first = key.desc() if query.descending else key.asc()
    # Ties broken by name then id, so paging never repeats or skips a row.
    return [first, func.xasach_fold(Hotspot.name), Hotspot.id]


def list_hotspots(
    session: Session, query: HotspotQuery, *, limit: int = 200, offset: int = 0
) -> list[HotspotLine]:
    acting(session, Permission.VIEW_HOTSPOTS)
    people = _people_count()
    stmt = _filtered(query, own_unit(session), (Hotspot, Village.name, people.label("people")))
    rows = session.execute(stmt.order_by(*_order(query, people)).limit(limit).offset(offset))
    return [
        HotspotLine(
            id=h.id,
            name=h.name,
            kind=h.kind,
            kind_label=hotspot_kind_label(h.kind),
            village=village or "",
            address=h.address_text,
            status=h.status,
            status_label=hotspot_status_label(h.status),
            status_date=h.status_date,
            discovered_date=h.discovered_date,
            people=n,
        )
        for h, village, n in rows
    ]


def count_hotspots(session: Session, query: HotspotQuery) -> int:
    acting(session, Permission.VIEW_HOTSPOTS)
    stmt = _filtered(query, own_unit(session), (func.count(Hotspot.id),))
    return int(session.scalar(stmt) or 0)


def get_hotspot(session: Session, hotspot_id: str) -> HotspotDetail:
    acting(session, Permission.VIEW_HOTSPOTS)
    h = live_hotspot(session, hotspot_id)
    data = HotspotData(
        kind=h.kind,
        name=h.name,
        village_id=h.village_id,
        discovered_date=h.discovered_date,
        address_text=h.address_text,
        latitude=h.latitude,
        longitude=h.longitude,
        description=h.description,
    )
    return HotspotDetail(h.id, data, h.status, h.status_date)


def hotspot_history(session: Session, hotspot_id: str) -> list[EventLine]:
    """The dated status events, newest first (lịch sử trạng thái)."""
    acting(session, Permission.VIEW_HOTSPOTS)
    hotspot = live_hotspot(session, hotspot_id)
    events = session.scalars(
        select(HotspotEvent)
        .where(HotspotEvent.hotspot_id == hotspot.id, HotspotEvent.deleted_at.is_(None))
        .order_by(HotspotEvent.event_date.desc(), HotspotEvent.created_at.desc())
    )
    return [
        EventLine(e.id, e.event_date, e.status, hotspot_status_label(e.status), e.note)
        for e in events
    ]


def hotspot_people(session: Session, hotspot_id: str) -> list[LinkLine]:
    """People linked to the hotspot; names only for a role that may see people's files."""
    actor = acting(session, Permission.VIEW_HOTSPOTS)
    hotspot = live_hotspot(session, hotspot_id)
    rows = session.execute(
        select(HotspotPerson.id, HotspotPerson.person_id, Person.full_name, HotspotPerson.role)
        .join(Person, Person.id == HotspotPerson.person_id)
        .where(
            HotspotPerson.hotspot_id == hotspot.id,
            HotspotPerson.deleted_at.is_(None),
            Person.deleted_at.is_(None),
        )
        .order_by(HotspotPerson.created_at)
    )
    see_names = actor.can(Permission.VIEW_PEOPLE)
    return [LinkLine(lid, pid, name if see_names else "", role) for lid, pid, name, role in rows]
