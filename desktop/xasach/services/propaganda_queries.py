"""Reading the propaganda register (sổ theo dõi hoạt động tuyên truyền): list and one activity.

Filters (year, month, village, form, words), sort and paging run in SQL; lines are plain
frozen values for the table model. The villages of a page of activities are read in one query
for that page only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, String, exists, extract, func, select
from sqlalchemy.orm import Session

from xasach.domain.propaganda import AUDIENCE_LABELS, Audience, activity_form_label
from xasach.domain.roles import Permission
from xasach.domain.text import tokens
from xasach.i18n import _
from xasach.services.common import acting, own_unit
from xasach.services.propaganda import ActivityData, live_activity
from xasach.services.villages import VillageChoice, village_choices_for
from xasach.store.models import Activity, ActivityVillage, Village


def audience_label(audience: str) -> str:
    try:
        return _(AUDIENCE_LABELS[Audience(audience)])
    except ValueError:
        return audience


class ActivitySort(StrEnum):
    DATE = "date"
    FORM = "form"
    TOPIC = "topic"
    ORGANISER = "organiser"
    PARTICIPANTS = "participants"
    COST = "cost"


@dataclass(frozen=True)
class ActivityQuery:
    """The list's filters; `month` counts only with a `year`."""

    year: int | None = None
    month: int | None = None
    village_id: str | None = None
    form: str | None = None
    text: str = ""
    sort: ActivitySort = ActivitySort.DATE
    descending: bool = True


@dataclass(frozen=True)
class ActivityLine:
    id: str
    activity_date: date
    form: str
    form_label: str
    topic: str
    organiser: str
    audience_label: str
    participants: int
    cost_vnd: int
    villages: tuple[str, ...]


@dataclass(frozen=True)
class ActivityDetail:
    id: str
    data: ActivityData


def village_choices(session: Session) -> list[VillageChoice]:
    """The commune's live villages in their order, for the activity form and filters."""
    return village_choices_for(session, Permission.VIEW_PROPAGANDA)


def activity_years(session: Session, *, today: date | None = None) -> list[int]:
    """Years that have activities, and the current year, newest first."""
    acting(session, Permission.VIEW_PROPAGANDA)
    year = extract("year", Activity.activity_date)
    found = session.scalars(
        select(year)
        .where(Activity.unit_code == own_unit(session), Activity.deleted_at.is_(None))
        .group_by(year)
    )
    return sorted({int(y) for y in found} | {(today or date.today()).year}, reverse=True)


def _filtered(query: ActivityQuery, unit: str, columns: Any) -> Select[Any]:
    stmt = select(*columns).where(Activity.unit_code == unit, Activity.deleted_at.is_(None))
    if query.year:
        first, last = date(query.year, 1, 1), date(query.year, 12, 31)
        if query.month:
            first = date(query.year, query.month, 1)
            nxt = date(query.year + query.month // 12, query.month % 12 + 1, 1)
            last = date.fromordinal(nxt.toordinal() - 1)
        stmt = stmt.where(Activity.activity_date.between(first, last))
    if query.village_id:
        stmt = stmt.where(
            exists().where(
                ActivityVillage.activity_id == Activity.id,
                ActivityVillage.village_id == query.village_id,
                ActivityVillage.deleted_at.is_(None),
            )
        )
    if query.form:
        stmt = stmt.where(Activity.form == query.form)
    haystack = func.xasach_fold(
        Activity.topic + " " + Activity.organiser + " " + Activity.partners + " " + Activity.notes,
        type_=String,
    )
    for word in tokens(query.text):
        stmt = stmt.where(haystack.contains(word, autoescape=True))
    return stmt


def _order(query: ActivityQuery) -> list[Any]:
    key = {
        ActivitySort.DATE: Activity.activity_date,
        ActivitySort.FORM: Activity.form,
        ActivitySort.TOPIC: func.xasach_fold(Activity.topic),
        ActivitySort.ORGANISER: func.xasach_fold(Activity.organiser),
        ActivitySort.PARTICIPANTS: Activity.participants,
        ActivitySort.COST: Activity.cost_vnd,
    }[query.sort]
    # Ties by date (newest first) then id, so paging never repeats or skips a row.
    return [
        key.desc() if query.descending else key.asc(),
        Activity.activity_date.desc(),
        Activity.id,
    ]


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


def list_activities(
    session: Session, query: ActivityQuery, *, limit: int = 200, offset: int = 0
) -> list[ActivityLine]:
    acting(session, Permission.VIEW_PROPAGANDA)
    stmt = _filtered(query, own_unit(session), (Activity,))
    found = list(session.scalars(stmt.order_by(*_order(query)).limit(limit).offset(offset)))
    villages = _villages_of(session, [a.id for a in found])
    return [
        ActivityLine(
            id=a.id,
            activity_date=a.activity_date,
            form=a.form,
            form_label=activity_form_label(a.form),
            topic=a.topic,
            organiser=a.organiser,
            audience_label=audience_label(a.audience),
            participants=a.participants,
            cost_vnd=a.cost_vnd,
            villages=tuple(villages.get(a.id, ())),
        )
        for a in found
    ]


def count_activities(session: Session, query: ActivityQuery) -> int:
    acting(session, Permission.VIEW_PROPAGANDA)
    stmt = _filtered(query, own_unit(session), (func.count(Activity.id),))
    return int(session.scalar(stmt) or 0)


def get_activity(session: Session, activity_id: str) -> ActivityDetail:
    acting(session, Permission.VIEW_PROPAGANDA)
    a = live_activity(session, activity_id)
    village_ids = session.scalars(
        select(ActivityVillage.village_id)
        .join(Village, Village.id == ActivityVillage.village_id)
        .where(ActivityVillage.activity_id == a.id, ActivityVillage.deleted_at.is_(None))
        .order_by(Village.sort_order, Village.name)
    )
    data = ActivityData(
        activity_date=a.activity_date,
        form=a.form,
        topic=a.topic,
        village_ids=tuple(village_ids),
        organiser=a.organiser,
        partners=a.partners,
        audience=a.audience,
        participants=a.participants,
        materials=a.materials,
        cost_vnd=a.cost_vnd,
        notes=a.notes,
    )
    return ActivityDetail(a.id, data)
