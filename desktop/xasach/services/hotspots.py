"""Hotspots (tụ điểm phức tạp về ma túy): record, correct, change status, link people, delete.

A status is never overwritten: each change is a dated event (phát hiện → triệt xóa → tái hoạt
động) and the store derives `Hotspot.status` from the events, so the history the upper level
audits is the one the officer entered. Every function checks the logged-in role first
(EDIT_HOTSPOTS to write, VIEW_HOTSPOTS to read); reading lists lives in `hotspot_queries`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.hotspots import HotspotKind, HotspotStatus, current_status
from xasach.domain.roles import Permission
from xasach.domain.text import nfc
from xasach.i18n import _
from xasach.services.common import acting, own_unit
from xasach.store.models import Hotspot, HotspotEvent, HotspotPerson, Person, Village, new_id

#: Vietnam's extent, islands included (Lũng Cú 23.39 N … Trường Sa ~6.5 N; A Pa Chải 102.14 E
#: … Trường Sa ~117.8 E), rounded outwards: a point outside is a typing mistake.
LATITUDE_RANGE = (6.0, 23.5)
LONGITUDE_RANGE = (102.0, 118.0)


@dataclass(frozen=True)
class HotspotData:
    """What the officer types on the hotspot form (thông tin tụ điểm)."""

    kind: str
    name: str
    village_id: str | None
    discovered_date: date | None
    address_text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    description: str = ""


def _own_village(session: Session, village_id: str | None, unit: str) -> Village:
    village = session.get(Village, village_id) if village_id else None
    if village is None or village.deleted_at is not None or village.unit_code != unit:
        raise DomainError(
            _("Choose the village or residential group of the hotspot."), "village_id"
        )
    return village


def validate_hotspot(session: Session, data: HotspotData, unit: str, today: date) -> HotspotData:
    """The form's rules, field by field; returns the data cleaned (trimmed, NFC)."""
    try:
        HotspotKind(data.kind)
    except ValueError:
        raise DomainError(_("Choose the kind of hotspot."), "kind") from None
    name = nfc(data.name.strip())
    if not name:
        raise DomainError(_("Type a name for the hotspot."), "name")
    _own_village(session, data.village_id, unit)
    if data.discovered_date is None:
        raise DomainError(_("Type the date the hotspot was discovered."), "discovered_date")
    if data.discovered_date > today:
        raise DomainError(_("The discovery date cannot be in the future."), "discovered_date")
    _check_gps(data.latitude, data.longitude)
    return replace(
        data,
        name=name,
        address_text=nfc(data.address_text.strip()),
        description=nfc(data.description.strip()),
    )


def _check_gps(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        field = "longitude" if longitude is None else "latitude"
        raise DomainError(_("Type both the latitude and the longitude, or neither."), field)
    if latitude is not None and not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        raise DomainError(
            _("The latitude must be between {low} and {high} (inside Vietnam).").format(
                low=LATITUDE_RANGE[0], high=LATITUDE_RANGE[1]
            ),
            "latitude",
        )
    if longitude is not None and not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        raise DomainError(
            _("The longitude must be between {low} and {high} (inside Vietnam).").format(
                low=LONGITUDE_RANGE[0], high=LONGITUDE_RANGE[1]
            ),
            "longitude",
        )


def live_hotspot(session: Session, hotspot_id: str) -> Hotspot:
    """The hotspot of this commune, or a message that it is gone."""
    hotspot = session.get(Hotspot, hotspot_id)
    if hotspot is None or hotspot.deleted_at is not None or hotspot.unit_code != own_unit(session):
        raise DomainError(_("This hotspot does not exist or was deleted."))
    return hotspot


def _live_events(session: Session, hotspot_id: str) -> list[HotspotEvent]:
    """Events oldest first; same-day events in the order they were entered."""
    return list(
        session.scalars(
            select(HotspotEvent)
            .where(HotspotEvent.hotspot_id == hotspot_id, HotspotEvent.deleted_at.is_(None))
            .order_by(HotspotEvent.event_date, HotspotEvent.created_at)
        )
    )


def create_hotspot(session: Session, data: HotspotData, *, today: date | None = None) -> Hotspot:
    """Record a hotspot and its first event: active (phát hiện) on the discovery date."""
    acting(session, Permission.EDIT_HOTSPOTS)
    unit = own_unit(session)
    clean = validate_hotspot(session, data, unit, today or date.today())
    assert clean.discovered_date is not None
    hotspot = Hotspot(
        id=new_id(),
        unit_code=unit,
        kind=clean.kind,
        name=clean.name,
        village_id=clean.village_id,
        address_text=clean.address_text,
        latitude=clean.latitude,
        longitude=clean.longitude,
        discovered_date=clean.discovered_date,
        description=clean.description,
    )
    session.add(hotspot)
    session.flush()  # the store derives the status from events of a hotspot it can find
    session.add(
        HotspotEvent(
            unit_code=unit,
            hotspot_id=hotspot.id,
            event_date=clean.discovered_date,
            status=HotspotStatus.ACTIVE.value,
        )
    )
    session.flush()
    return hotspot


def update_hotspot(
    session: Session, hotspot_id: str, data: HotspotData, *, today: date | None = None
) -> Hotspot:
    """Correct the form; a corrected discovery date moves the first event with it, never past
    the next one."""
    acting(session, Permission.EDIT_HOTSPOTS)
    hotspot = live_hotspot(session, hotspot_id)
    clean = validate_hotspot(session, data, hotspot.unit_code, today or date.today())
    assert clean.discovered_date is not None
    if clean.discovered_date != hotspot.discovered_date:
        events = _live_events(session, hotspot.id)
        if len(events) > 1 and clean.discovered_date > events[1].event_date:
            raise DomainError(
                _("The discovery date cannot be after the next status change ({when}).").format(
                    when=events[1].event_date.strftime("%d/%m/%Y")
                ),
                "discovered_date",
            )
        if events and events[0].status == HotspotStatus.ACTIVE:
            events[0].event_date = clean.discovered_date
    for field in (
        "kind",
        "name",
        "village_id",
        "address_text",
        "latitude",
        "longitude",
        "discovered_date",
        "description",
    ):
        value = getattr(clean, field)
        if getattr(hotspot, field) != value:
            setattr(hotspot, field, value)
    session.flush()
    return hotspot


#: Which status may follow which: triệt xóa only what is operating, tái hoạt động only what
#: was eliminated. "Active" is only ever the first event (discovery).
ALLOWED_AFTER = {
    HotspotStatus.ELIMINATED: (HotspotStatus.ACTIVE, HotspotStatus.RE_EMERGED),
    HotspotStatus.RE_EMERGED: (HotspotStatus.ELIMINATED,),
}


def change_status(
    session: Session,
    hotspot_id: str,
    status: HotspotStatus | str,
    event_date: date | None,
    note: str = "",
    *,
    today: date | None = None,
) -> HotspotEvent:
    """Add a dated status event (triệt xóa / tái hoạt động); the history is never rewritten."""
    acting(session, Permission.EDIT_HOTSPOTS)
    hotspot = live_hotspot(session, hotspot_id)
    try:
        new = HotspotStatus(status)
    except ValueError:
        raise DomainError(_("Unknown hotspot status."), "status") from None
    events = _live_events(session, hotspot.id)
    now, since = current_status(
        [(e.event_date, HotspotStatus(e.status)) for e in events], hotspot.discovered_date
    )
    if now not in ALLOWED_AFTER.get(new, ()):
        if new == HotspotStatus.RE_EMERGED:
            message = _("Only an eliminated hotspot can be marked as re-emerged.")
        elif new == HotspotStatus.ELIMINATED:
            message = _("This hotspot is already eliminated.")
        else:
            message = _("A hotspot becomes active only when it is discovered.")
        raise DomainError(message, "status")
    if event_date is None:
        raise DomainError(_("Type the date of the status change."), "event_date")
    if event_date > (today or date.today()):
        raise DomainError(_("The date cannot be in the future."), "event_date")
    if event_date < since:
        raise DomainError(
            _("The date cannot be before the previous status change ({when}).").format(
                when=since.strftime("%d/%m/%Y")
            ),
            "event_date",
        )
    event = HotspotEvent(
        unit_code=hotspot.unit_code,
        hotspot_id=hotspot.id,
        event_date=event_date,
        status=new.value,
        note=nfc(note.strip()),
    )
    session.add(event)
    session.flush()
    return event


def undo_last_status_change(session: Session, hotspot_id: str) -> HotspotEvent:
    """Take back the newest status change, entered by mistake (wrong hotspot, wrong date): it
    gets a tombstone — the change log, the audit trail and the upper level keep the record —
    and the status is derived again from the events left. The discovery itself cannot be
    taken back: correct the discovery date, or delete the hotspot."""
    acting(session, Permission.EDIT_HOTSPOTS)
    hotspot = live_hotspot(session, hotspot_id)
    events = _live_events(session, hotspot.id)
    if len(events) < 2:
        raise DomainError(
            _(
                "There is no status change to take back: only the discovery is recorded. "
                "Correct the discovery date in the form, or delete the hotspot."
            )
        )
    last = events[-1]
    last.soft_delete()
    session.flush()
    return last


def link_person(session: Session, hotspot_id: str, person_id: str, role: str = "") -> HotspotPerson:
    """Link a person's file to the hotspot (chủ điểm, người sử dụng, người bán lẻ …)."""
    acting(session, Permission.EDIT_HOTSPOTS)
    hotspot = live_hotspot(session, hotspot_id)
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None or person.unit_code != hotspot.unit_code:
        raise DomainError(_("This person's file does not exist or was deleted."), "person_id")
    already = session.scalar(
        select(HotspotPerson.id).where(
            HotspotPerson.hotspot_id == hotspot.id,
            HotspotPerson.person_id == person.id,
            HotspotPerson.deleted_at.is_(None),
        )
    )
    if already:
        raise DomainError(
            _("{name} is already linked to this hotspot.").format(name=person.full_name),
            "person_id",
        )
    link = HotspotPerson(
        unit_code=hotspot.unit_code,
        hotspot_id=hotspot.id,
        person_id=person.id,
        role=nfc(role.strip())[:60],
    )
    session.add(link)
    session.flush()
    return link


def unlink_person(session: Session, link_id: str) -> None:
    """Remove a person from the hotspot (a tombstone, so the upper level learns of it)."""
    acting(session, Permission.EDIT_HOTSPOTS)
    link = session.get(HotspotPerson, link_id)
    if link is None or link.deleted_at is not None:
        raise DomainError(_("This person is no longer linked to the hotspot."))
    live_hotspot(session, link.hotspot_id)
    link.soft_delete()
    session.flush()


def delete_hotspot(session: Session, hotspot_id: str) -> None:
    """Soft delete (xóa): the hotspot, its events and its links get tombstones together, so no
    report or person's page counts a link to a hotspot nobody can open."""
    acting(session, Permission.EDIT_HOTSPOTS)
    hotspot = live_hotspot(session, hotspot_id)
    children: list[HotspotEvent | HotspotPerson] = [
        *session.scalars(
            select(HotspotEvent).where(
                HotspotEvent.hotspot_id == hotspot.id, HotspotEvent.deleted_at.is_(None)
            )
        ),
        *session.scalars(
            select(HotspotPerson).where(
                HotspotPerson.hotspot_id == hotspot.id, HotspotPerson.deleted_at.is_(None)
            )
        ),
    ]
    for row in children:
        row.soft_delete()
    hotspot.soft_delete()
    session.flush()
