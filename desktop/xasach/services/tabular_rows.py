"""One row of an imported list → a checked record of its register, or the reason it is not.

Each register's checker reads the mapped cells, validates through the same rules as the forms
(domain identity rules, `validate_hotspot`, `validate_activity`) and compares the record with
what the register holds and with the rows above it in the file:

- *already there* — the same record (same identity) is in the register: a re-import adds
  nothing, and this is not an error;
- *probable duplicate* — a person with the same ID number, or the same name and year of birth
  (and village, when both know it), a hotspot of the same name in the same village … : reported
  for the officer to check, never imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.hotspots import HotspotStatus
from xasach.domain.text import fold
from xasach.i18n import _
from xasach.services.hotspots import HotspotData, change_status, create_hotspot, validate_hotspot
from xasach.services.people import create_person
from xasach.services.propaganda import ActivityData, create_activity, validate_activity
from xasach.services.tabular_checks import Checked, RowStatus, in_field
from xasach.services.tabular_people import PeopleRows
from xasach.services.tabular_villages import VillageIndex
from xasach.store.models import Activity, ActivityVillage, Hotspot
from xasach.tabular.cells import (
    Cell,
    cell_text,
    parse_date_cell,
    parse_float_cell,
    parse_int_cell,
)
from xasach.tabular.fields import Register
from xasach.tabular.values import (
    parse_audience,
    parse_form,
    parse_hotspot_kind,
    parse_hotspot_status,
)

# --- hotspots --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HotspotDraft:
    data: HotspotData
    status: str
    status_date: date | None


class HotspotRows:
    register = Register.HOTSPOTS

    def __init__(self, session: Session, unit: str, villages: VillageIndex) -> None:
        self.session, self.unit, self.villages = session, unit, villages
        self.known: dict[tuple[str, str | None], tuple[date, int | None]] = {}
        rows = session.execute(
            select(Hotspot.name, Hotspot.village_id, Hotspot.discovered_date).where(
                Hotspot.unit_code == unit, Hotspot.deleted_at.is_(None)
            )
        )
        for name, village_id, discovered in rows:
            self.known.setdefault((fold(name), village_id), (discovered, None))

    def _draft(self, v: dict[str, Cell], today: date) -> HotspotDraft:
        village = cell_text(v.get("village"))
        if not village:
            raise DomainError(_("The village of the hotspot is empty."), "village")
        try:
            discovered = parse_date_cell(v.get("discovered_date"))
        except DomainError as exc:
            raise in_field(_("Date discovered"), exc) from None
        data = HotspotData(
            kind=parse_hotspot_kind(cell_text(v.get("kind"))),
            name=cell_text(v.get("name")),
            village_id=self.villages.find(village),
            discovered_date=discovered,
            address_text=cell_text(v.get("address_text")),
            latitude=parse_float_cell(v.get("latitude")),
            longitude=parse_float_cell(v.get("longitude")),
            description=cell_text(v.get("description")),
        )
        data = validate_hotspot(self.session, data, self.unit, today)
        status = parse_hotspot_status(cell_text(v.get("status")))
        when = None
        if status == HotspotStatus.RE_EMERGED:
            raise DomainError(
                _(
                    "A re-emerged hotspot needs its history: import it as active (đang hoạt "
                    "động), then mark it eliminated and re-emerged with their dates."
                ),
                "status",
            )
        if status == HotspotStatus.ELIMINATED:
            try:
                when = parse_date_cell(v.get("status_date"))
            except DomainError as exc:
                raise in_field(_("Date of the status"), exc) from None
            if when is None:
                raise DomainError(
                    _("Type the date the hotspot was eliminated (column “Ngày của tình trạng”)."),
                    "status_date",
                )
            assert data.discovered_date is not None
            if not data.discovered_date <= when <= today:
                raise DomainError(
                    _(
                        "The date it was eliminated ({when}) must be between the discovery "
                        "date and today."
                    ).format(when=when.strftime("%d/%m/%Y")),
                    "status_date",
                )
        return HotspotDraft(data, status, when)

    def check(self, v: dict[str, Cell], row: int, today: date) -> Checked:
        if not cell_text(v.get("name")):
            return Checked(RowStatus.INVALID, _("The name of the hotspot is empty."))
        try:
            draft = self._draft(v, today)
        except DomainError as exc:
            return Checked(RowStatus.INVALID, exc.message)
        key = (fold(draft.data.name), draft.data.village_id)
        found = self.known.get(key)
        if found is not None:
            discovered, earlier_row = found
            if earlier_row is not None:
                return Checked(
                    RowStatus.DUPLICATE,
                    _("The same hotspot as row {row} of this file (same name and village).").format(
                        row=earlier_row
                    ),
                )
            if discovered == draft.data.discovered_date:
                return Checked(RowStatus.ALREADY, _("Already in the register."))
            return Checked(
                RowStatus.DUPLICATE,
                _(
                    "A hotspot with this name in this village is already in the register "
                    "(discovered {when}). Check the two."
                ).format(when=discovered.strftime("%d/%m/%Y")),
            )
        assert draft.data.discovered_date is not None
        self.known[key] = (draft.data.discovered_date, row)
        return Checked(RowStatus.NEW, "", draft)


# --- propaganda activities -------------------------------------------------------------------


class ActivityRows:
    register = Register.ACTIVITIES

    def __init__(self, session: Session, unit: str, villages: VillageIndex) -> None:
        self.session, self.unit, self.villages = session, unit, villages
        links: dict[str, set[str]] = {}
        for activity_id, village_id in session.execute(
            select(ActivityVillage.activity_id, ActivityVillage.village_id)
            .join(Activity, Activity.id == ActivityVillage.activity_id)
            .where(
                Activity.unit_code == unit,
                Activity.deleted_at.is_(None),
                ActivityVillage.deleted_at.is_(None),
            )
        ):
            links.setdefault(activity_id, set()).add(village_id)
        self.known: dict[tuple[date, str, str, frozenset[str]], int | None] = {}
        for aid, day, form, topic in session.execute(
            select(Activity.id, Activity.activity_date, Activity.form, Activity.topic).where(
                Activity.unit_code == unit, Activity.deleted_at.is_(None)
            )
        ):
            self.known[(day, form, fold(topic), frozenset(links.get(aid, ())))] = None

    def _draft(self, v: dict[str, Cell], today: date) -> ActivityData:
        try:
            day = parse_date_cell(v.get("activity_date"))
        except DomainError as exc:
            raise in_field(_("Date"), exc) from None
        villages = cell_text(v.get("villages"))
        if not villages:
            raise DomainError(_("The village of the activity is empty."), "village_ids")
        numbers: dict[str, int] = {}
        for key, label in (
            ("participants", _("Participants")),
            ("materials", _("Materials handed out")),
            ("cost_vnd", _("Cost (VND)")),
        ):
            try:
                numbers[key] = parse_int_cell(v.get(key))
            except DomainError as exc:
                raise in_field(label, exc) from None
        data = ActivityData(
            activity_date=day,
            form=parse_form(cell_text(v.get("form"))),
            topic=cell_text(v.get("topic")),
            village_ids=self.villages.find_many(villages),
            organiser=cell_text(v.get("organiser")),
            partners=cell_text(v.get("partners")),
            audience=parse_audience(cell_text(v.get("audience"))),
            notes=cell_text(v.get("notes")),
            **numbers,
        )
        return validate_activity(self.session, data, self.unit, today)

    def check(self, v: dict[str, Cell], row: int, today: date) -> Checked:
        if not cell_text(v.get("topic")):
            return Checked(RowStatus.INVALID, _("The topic of the activity is empty."))
        try:
            data = self._draft(v, today)
        except DomainError as exc:
            return Checked(RowStatus.INVALID, exc.message)
        assert data.activity_date is not None
        key = (data.activity_date, data.form, fold(data.topic), frozenset(data.village_ids))
        if key in self.known:
            earlier = self.known[key]
            if earlier is None:
                return Checked(RowStatus.ALREADY, _("Already in the register."))
            return Checked(
                RowStatus.DUPLICATE,
                _("The same activity as row {row} of this file.").format(row=earlier),
            )
        self.known[key] = row
        return Checked(RowStatus.NEW, "", data)


RowChecker = PeopleRows | HotspotRows | ActivityRows


def checker(session: Session, register: Register, unit: str) -> RowChecker:
    villages = VillageIndex(session, unit)
    kinds: dict[Register, type[RowChecker]] = {
        Register.PEOPLE: PeopleRows,
        Register.HOTSPOTS: HotspotRows,
        Register.ACTIVITIES: ActivityRows,
    }
    return kinds[register](session, unit, villages)


def write_row(session: Session, register: Register, payload: Any, today: date) -> None:
    """Write one checked row through the register's own service (its checks run again)."""
    if register == Register.PEOPLE:
        create_person(session, today=today, **payload)
    elif register == Register.HOTSPOTS:
        hotspot = create_hotspot(session, payload.data, today=today)
        if payload.status == HotspotStatus.ELIMINATED:
            change_status(session, hotspot.id, payload.status, payload.status_date, today=today)
    else:
        create_activity(session, payload, today=today)
