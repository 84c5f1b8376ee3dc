"""The hub's registers across communes: people, hotspots and propaganda activities of every
commune received, with an optional commune filter and words to search.

The commune's own lists filter by the installation's unit; the upper level has no commune of
its own, so these lists filter by the commune chosen (or none). Filters, order and paging run
in SQL with LIMIT/OFFSET (DESIGN.md "Qt"); people's words go through the FTS5 index the store
keeps, the other registers' through `xasach_fold` (accent-insensitive, đ → d, both ways).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, String, func, select, text, tuple_
from sqlalchemy.orm import Session

from xasach.domain.episodes import status_label
from xasach.domain.hotspots import hotspot_kind_label, hotspot_status_label
from xasach.domain.personal_id import Sex, mask_id, sex_label
from xasach.domain.propaganda import activity_form_label
from xasach.domain.roles import Permission
from xasach.domain.text import tokens
from xasach.services.common import acting
from xasach.store.models import Activity, ActivityVillage, AdminUnit, Hotspot, Person, Village
from xasach.store.search import fts_query

PAGE_SIZE = 200

_MATCH_IDS = """SELECT m.person_id FROM person_search
    JOIN person_search_map m ON m.doc = person_search.rowid
    WHERE person_search MATCH :hub_match"""


@dataclass(frozen=True)
class HubQuery:
    """What the hub's lists narrow to: one commune (None: all) and words."""

    unit_code: str | None = None
    text: str = ""


@dataclass(frozen=True)
class HubPersonLine:
    """A person's file (hồ sơ) of some commune; the ID number masked as in every list."""

    id: str
    unit_code: str
    commune: str
    full_name: str
    birth: str
    sex_label: str
    id_masked: str
    village: str
    status: str
    status_label: str
    #: On a page's last line only: where the next page starts (hub_people's `after`).
    key: tuple[str, str] | None = None


@dataclass(frozen=True)
class HubHotspotLine:
    """A hotspot (tụ điểm) of some commune."""

    id: str
    unit_code: str
    commune: str
    name: str
    kind_label: str
    village: str
    address: str
    status: str
    status_label: str
    status_date: date | None
    discovered_date: date


@dataclass(frozen=True)
class HubActivityLine:
    """A propaganda activity (hoạt động tuyên truyền) of some commune."""

    id: str
    unit_code: str
    commune: str
    activity_date: date
    form_label: str
    topic: str
    organiser: str
    participants: int
    villages: tuple[str, ...]


def _commune_name() -> Any:
    return func.coalesce(AdminUnit.name, "")


def _in_commune(model: Any, query: HubQuery) -> list[Any]:
    found = [model.deleted_at.is_(None)]
    if query.unit_code:
        found.append(model.unit_code == query.unit_code)
    return found


def birth_text(birth_date: date | None, birth_year: int | None) -> str:
    if birth_date:
        return birth_date.strftime("%d/%m/%Y")
    return str(birth_year) if birth_year else ""


def shown_sex(sex: str | None) -> str:
    return sex_label(Sex(sex)) if sex in ("M", "F") else ""


# --- people ------------------------------------------------------------------------------------


def _people(query: HubQuery, columns: list[Any], *, joined: bool = True) -> Select[Any]:
    """`joined`: with the village and commune names (a count needs neither)."""
    stmt = select(*columns).select_from(Person)
    if joined:
        stmt = stmt.outerjoin(Village, Village.id == Person.village_id).outerjoin(
            AdminUnit, AdminUnit.code == Person.unit_code
        )
    stmt = stmt.where(*_in_commune(Person, query))
    match = fts_query(query.text)
    if match is not None:
        ids = text(_MATCH_IDS).bindparams(hub_match=match).columns(person_id=String)
        stmt = stmt.where(Person.id.in_(ids))
    return stmt


def hub_people(
    session: Session,
    query: HubQuery,
    *,
    limit: int = PAGE_SIZE,
    offset: int = 0,
    after: tuple[str, str] | None = None,
) -> list[HubPersonLine]:
    """Live files of every commune (or one), by accent-insensitive name. The next page of a
    long list starts right `after` the last line's `key` (keyset: page 1,000 costs what page
    1 costs); `offset` counts from there."""
    acting(session, Permission.VIEW_PEOPLE)
    columns = [
        Person.id,
        Person.unit_code,
        _commune_name(),
        Person.full_name,
        Person.birth_date,
        Person.birth_year,
        Person.sex,
        Person.id_number,
        func.coalesce(Village.name, ""),
        Person.status,
        Person.search_folded,
    ]
    stmt = _people(query, columns)
    if after is not None:
        stmt = stmt.where(tuple_(Person.search_folded, Person.id) > tuple_(*after))
    stmt = stmt.order_by(Person.search_folded, Person.id)
    rows = session.execute(stmt.limit(limit).offset(max(0, offset))).all()
    last = len(rows) - 1
    return [
        HubPersonLine(
            id=pid,
            unit_code=unit,
            commune=commune,
            full_name=name,
            birth=birth_text(born, year),
            sex_label=shown_sex(sex),
            id_masked=mask_id(id_number or ""),
            village=village,
            status=status,
            status_label=status_label(status),
            key=(folded, pid) if i == last else None,
        )
        for i, (pid, unit, commune, name, born, year, sex, id_number, village, status, folded) in (
            enumerate(rows)
        )
    ]


def count_hub_people(session: Session, query: HubQuery) -> int:
    acting(session, Permission.VIEW_PEOPLE)
    stmt = _people(query, [func.count(Person.id)], joined=False)
    return int(session.scalar(stmt) or 0)


# --- hotspots ----------------------------------------------------------------------------------


def _hotspots(query: HubQuery, columns: list[Any]) -> Select[Any]:
    stmt = (
        select(*columns)
        .select_from(Hotspot)
        .outerjoin(Village, Village.id == Hotspot.village_id)
        .outerjoin(AdminUnit, AdminUnit.code == Hotspot.unit_code)
        .where(*_in_commune(Hotspot, query))
    )
    haystack = func.xasach_fold(
        Hotspot.name + " " + Hotspot.address_text + " " + func.coalesce(Village.name, ""),
        type_=String,
    )
    for word in tokens(query.text):
        stmt = stmt.where(haystack.contains(word, autoescape=True))
    return stmt


def hub_hotspots(
    session: Session, query: HubQuery, *, limit: int = PAGE_SIZE, offset: int = 0
) -> list[HubHotspotLine]:
    """Live hotspots of every commune (or one), the latest discovered first."""
    acting(session, Permission.VIEW_HOTSPOTS)
    stmt = _hotspots(query, [Hotspot, _commune_name(), func.coalesce(Village.name, "")])
    stmt = stmt.order_by(Hotspot.discovered_date.desc(), Hotspot.id)
    rows = session.execute(stmt.limit(limit).offset(max(0, offset)))
    return [
        HubHotspotLine(
            id=h.id,
            unit_code=h.unit_code,
            commune=commune,
            name=h.name,
            kind_label=hotspot_kind_label(h.kind),
            village=village,
            address=h.address_text,
            status=h.status,
            status_label=hotspot_status_label(h.status),
            status_date=h.status_date,
            discovered_date=h.discovered_date,
        )
        for h, commune, village in rows
    ]


def count_hub_hotspots(session: Session, query: HubQuery) -> int:
    acting(session, Permission.VIEW_HOTSPOTS)
    return int(session.scalar(_hotspots(query, [func.count(Hotspot.id)])) or 0)


# --- propaganda activities ---------------------------------------------------------------------


def _activities(query: HubQuery, columns: list[Any]) -> Select[Any]:
    stmt = (
        select(*columns)
        .select_from(Activity)
        .outerjoin(AdminUnit, AdminUnit.code == Activity.unit_code)
        .where(*_in_commune(Activity, query))
    )
    haystack = func.xasach_fold(
        Activity.topic + " " + Activity.organiser + " " + Activity.partners, type_=String
    )
    for word in tokens(query.text):
        stmt = stmt.where(haystack.contains(word, autoescape=True))
    return stmt


def _villages_of(session: Session, ids: list[str]) -> dict[str, list[str]]:
    names: dict[str, list[str]] = defaultdict(list)
    if not ids:
        return names
    rows = session.execute(
        select(ActivityVillage.activity_id, Village.name)
        .join(Village, Village.id == ActivityVillage.village_id)
        .where(ActivityVillage.activity_id.in_(ids), ActivityVillage.deleted_at.is_(None))
        .order_by(Village.sort_order, Village.name)
    )
    for activity_id, name in rows:
        names[activity_id].append(name)
    return names


def hub_activities(
    session: Session, query: HubQuery, *, limit: int = PAGE_SIZE, offset: int = 0
) -> list[HubActivityLine]:
    """Live activities of every commune (or one), the newest first."""
    acting(session, Permission.VIEW_PROPAGANDA)
    stmt = _activities(query, [Activity, _commune_name()])
    stmt = stmt.order_by(Activity.activity_date.desc(), Activity.id)
    found = session.execute(stmt.limit(limit).offset(max(0, offset))).all()
    villages = _villages_of(session, [a.id for a, _commune in found])
    return [
        HubActivityLine(
            id=a.id,
            unit_code=a.unit_code,
            commune=commune,
            activity_date=a.activity_date,
            form_label=activity_form_label(a.form),
            topic=a.topic,
            organiser=a.organiser,
            participants=a.participants,
            villages=tuple(villages.get(a.id, ())),
        )
        for a, commune in found
    ]


def count_hub_activities(session: Session, query: HubQuery) -> int:
    acting(session, Permission.VIEW_PROPAGANDA)
    return int(session.scalar(_activities(query, [func.count(Activity.id)])) or 0)
