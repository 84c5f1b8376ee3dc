"""Propaganda activities (hoạt động tuyên truyền): record, correct, delete, and the coverage
of villages month by month.

No legal form exists (DOMAIN.md), so the fields are those officers use in practice. An activity
reaches one or more villages (thôn, tổ dân phố) — the unit of the seeds' target "at least once a
month in every village" — kept as ActivityVillage rows; changing the villages tombstones the
links that went and adds the new ones, so the upper level receives exactly what changed.
EDIT_PROPAGANDA to write, VIEW_PROPAGANDA to read; lists live in `propaganda_queries`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from xasach.domain.coverage import CoverageGrid, build_coverage
from xasach.domain.errors import DomainError
from xasach.domain.propaganda import ActivityForm, Audience
from xasach.domain.roles import Permission
from xasach.domain.text import nfc
from xasach.i18n import _
from xasach.services.common import acting, own_unit
from xasach.store.models import Activity, ActivityVillage, Village


@dataclass(frozen=True)
class ActivityData:
    """What the officer types on the activity form; `village_ids` in the order ticked."""

    activity_date: date | None
    form: str
    topic: str
    village_ids: tuple[str, ...]
    organiser: str = ""
    partners: str = ""
    audience: str = Audience.GENERAL.value
    participants: int = 0
    materials: int = 0
    cost_vnd: int = 0
    notes: str = ""


def _own_villages(session: Session, ids: tuple[str, ...], unit: str) -> tuple[str, ...]:
    unique = tuple(dict.fromkeys(i for i in ids if i))
    if not unique:
        raise DomainError(
            _("Tick at least one village or residential group the activity reached."),
            "village_ids",
        )
    found = set(
        session.scalars(
            select(Village.id).where(
                Village.id.in_(unique), Village.unit_code == unit, Village.deleted_at.is_(None)
            )
        )
    )
    if len(found) != len(unique):
        raise DomainError(
            _("A chosen village is not one of this commune's. Tick the villages again."),
            "village_ids",
        )
    return unique


def validate_activity(session: Session, data: ActivityData, unit: str, today: date) -> ActivityData:
    """The form's rules, field by field; returns the data cleaned (trimmed, NFC)."""
    if data.activity_date is None:
        raise DomainError(_("Type the date of the activity."), "activity_date")
    if data.activity_date > today:
        raise DomainError(_("The activity date cannot be in the future."), "activity_date")
    try:
        ActivityForm(data.form)
    except ValueError:
        raise DomainError(_("Choose the form of the activity."), "form") from None
    topic = nfc(data.topic.strip())
    if not topic:
        raise DomainError(_("Type the topic of the activity."), "topic")
    try:
        Audience(data.audience)
    except ValueError:
        raise DomainError(_("Choose the audience of the activity."), "audience") from None
    for field, value in (
        ("participants", data.participants),
        ("materials", data.materials),
        ("cost_vnd", data.cost_vnd),
    ):
        if value < 0:
            raise DomainError(_("This number cannot be negative."), field)
    villages = _own_villages(session, data.village_ids, unit)
    return replace(
        data,
        topic=topic,
        organiser=nfc(data.organiser.strip()),
        partners=nfc(data.partners.strip()),
        notes=nfc(data.notes.strip()),
        village_ids=villages,
    )


_COLUMNS = (
    "activity_date",
    "form",
    "topic",
    "organiser",
    "partners",
    "audience",
    "participants",
    "materials",
    "cost_vnd",
    "notes",
)


def live_activity(session: Session, activity_id: str) -> Activity:
    activity = session.get(Activity, activity_id)
    if (
        activity is None
        or activity.deleted_at is not None
        or activity.unit_code != own_unit(session)
    ):
        raise DomainError(_("This activity does not exist or was deleted."))
    return activity


def _live_links(session: Session, activity_id: str) -> list[ActivityVillage]:
    return list(
        session.scalars(
            select(ActivityVillage).where(
                ActivityVillage.activity_id == activity_id, ActivityVillage.deleted_at.is_(None)
            )
        )
    )


def create_activity(session: Session, data: ActivityData, *, today: date | None = None) -> Activity:
    acting(session, Permission.EDIT_PROPAGANDA)
    unit = own_unit(session)
    clean = validate_activity(session, data, unit, today or date.today())
    activity = Activity(unit_code=unit, **{c: getattr(clean, c) for c in _COLUMNS})
    session.add(activity)
    session.flush()
    session.add_all(
        ActivityVillage(unit_code=unit, activity_id=activity.id, village_id=vid)
        for vid in clean.village_ids
    )
    session.flush()
    return activity


def update_activity(
    session: Session, activity_id: str, data: ActivityData, *, today: date | None = None
) -> Activity:
    """Correct an activity; villages no longer ticked get tombstones, new ones new rows."""
    acting(session, Permission.EDIT_PROPAGANDA)
    activity = live_activity(session, activity_id)
    clean = validate_activity(session, data, activity.unit_code, today or date.today())
    for column in _COLUMNS:
        value = getattr(clean, column)
        if getattr(activity, column) != value:
            setattr(activity, column, value)
    links = _live_links(session, activity.id)
    kept = {link.village_id for link in links}
    for link in links:
        if link.village_id not in clean.village_ids:
            link.soft_delete()
    session.add_all(
        ActivityVillage(unit_code=activity.unit_code, activity_id=activity.id, village_id=vid)
        for vid in clean.village_ids
        if vid not in kept
    )
    session.flush()
    return activity


def delete_activity(session: Session, activity_id: str) -> None:
    """Soft delete (xóa) the activity and its village links together."""
    acting(session, Permission.EDIT_PROPAGANDA)
    activity = live_activity(session, activity_id)
    for link in _live_links(session, activity.id):
        link.soft_delete()
    activity.soft_delete()
    session.flush()


def coverage(session: Session, year: int, *, today: date | None = None) -> CoverageGrid:
    """Village × month counts of live activities in `year` (độ phủ tuyên truyền), counted in
    SQL, shaped and judged by `domain.coverage`."""
    acting(session, Permission.VIEW_PROPAGANDA)
    unit = own_unit(session)
    month = extract("month", Activity.activity_date)
    rows = session.execute(
        select(ActivityVillage.village_id, month, func.count(func.distinct(Activity.id)))
        .join(Activity, Activity.id == ActivityVillage.activity_id)
        .where(
            Activity.unit_code == unit,
            Activity.deleted_at.is_(None),
            ActivityVillage.deleted_at.is_(None),
            Activity.activity_date.between(date(year, 1, 1), date(year, 12, 31)),
        )
        .group_by(ActivityVillage.village_id, month)
    )
    counts = {(vid, int(m)): int(n) for vid, m, n in rows}
    villages = session.execute(
        select(Village.id, Village.name)
        .where(Village.unit_code == unit, Village.deleted_at.is_(None))
        .order_by(Village.sort_order, Village.name)
    )
    return build_coverage(year, [(v, n) for v, n in villages], counts, today or date.today())
