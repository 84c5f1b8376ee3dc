"""The Overview (tổng quan): the figures a commune desk opens on, each one a way into a register.

Who sees which figure: every role reads reports, but a figure follows the register it counts —
the culture officer, who never sees people's files, does not get their counts either. The
leader's role *is* reading reports, so the leader sees every count (but no register behind it).

Hotspots over time are rebuilt from their dated events (the status in force at each month's
end, by the same rule the store uses for the current status). Propaganda coverage is the share
of villages reached at least once in each month of the year — the seeds' target is every
village, every month (DOMAIN.md).
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from xasach.domain.episodes import STATUS_NONE, status_label
from xasach.domain.hotspots import HotspotStatus, current_status, is_active
from xasach.domain.roles import Actor, Permission, Role
from xasach.domain.rules import add_months
from xasach.services.common import acting
from xasach.store.models import Activity, ActivityVillage, Hotspot, HotspotEvent, Person, Village

HISTORY_MONTHS = 24


@dataclass(frozen=True)
class StatusCount:
    """People with one status (tình trạng), with the label to show."""

    status: str
    label: str
    count: int


@dataclass(frozen=True)
class HotspotMonth:
    """Hotspots active and eliminated as of the end of `month` (or today, this month)."""

    month: date  # first day of the month
    active: int
    eliminated: int


@dataclass(frozen=True)
class CoverageMonth:
    """Villages reached by propaganda in one month of the year; `due` is False for months
    still to come (neither covered nor missed)."""

    month: int
    covered: int
    villages: int
    activities: int
    due: bool

    @property
    def share(self) -> float | None:
        """Covered ÷ villages, 0…1; None when not due or there is no village."""
        return self.covered / self.villages if self.due and self.villages else None


@dataclass(frozen=True)
class Overview:
    """Every figure the logged-in role may see; a section it may not see is None."""

    today: date
    villages: int
    people: tuple[StatusCount, ...] | None
    hotspots_active: int | None
    hotspots_eliminated: int | None
    hotspot_history: tuple[HotspotMonth, ...] | None
    activities_this_year: int | None
    coverage: tuple[CoverageMonth, ...] | None

    @property
    def year(self) -> int:
        return self.today.year

    @property
    def people_total(self) -> int | None:
        return None if self.people is None else sum(s.count for s in self.people)

    @property
    def under_management(self) -> int | None:
        """People with an open episode (đang trong diện quản lý)."""
        if self.people is None:
            return None
        return sum(s.count for s in self.people if s.status != STATUS_NONE)


def may_see(actor: Actor | None, register: Permission) -> bool:
    """Whether `actor` may see the figures of the register that `register` guards."""
    if actor is None or not actor.can(Permission.VIEW_REPORTS):
        return False
    return actor.role is Role.LEADER or actor.can(register)


def _require(session: Session, register: Permission) -> None:
    actor = acting(session, Permission.VIEW_REPORTS)
    if actor.role is not Role.LEADER:
        actor.require(register)  # the usual refusal, naming what the role may not see


def _live(model: Any) -> Any:
    return model.deleted_at.is_(None)


def village_count(session: Session) -> int:
    acting(session, Permission.VIEW_REPORTS)
    return session.scalar(select(func.count()).select_from(Village).where(_live(Village))) or 0


def people_by_status(session: Session) -> list[StatusCount]:
    """Live people's files per current status, largest first."""
    _require(session, Permission.VIEW_PEOPLE)
    rows = session.execute(
        select(Person.status, func.count()).where(_live(Person)).group_by(Person.status)
    ).all()
    counts = [StatusCount(status, status_label(status), n) for status, n in rows]
    return sorted(counts, key=lambda s: (s.status == STATUS_NONE, -s.count, s.status))


def hotspot_counts(session: Session) -> tuple[int, int]:
    """(active or re-emerged, eliminated) live hotspots now."""
    _require(session, Permission.VIEW_HOTSPOTS)
    rows = session.execute(
        select(Hotspot.status, func.count()).where(_live(Hotspot)).group_by(Hotspot.status)
    ).all()
    active = sum(n for status, n in rows if is_active(status))
    return active, sum(n for status, n in rows if status == HotspotStatus.ELIMINATED)


def month_ends(today: date, months: int) -> list[tuple[date, date]]:
    """(first day, day counted) of the last `months` months up to today's month; the day
    counted is the month's last day, or today for the current month."""
    first = today.replace(day=1)
    out = []
    for k in range(months - 1, -1, -1):
        start = add_months(first, -k)
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        out.append((start, min(end, today)))
    return out


def hotspot_history(
    session: Session, *, today: date | None = None, months: int = HISTORY_MONTHS
) -> list[HotspotMonth]:
    """Active vs eliminated hotspots at the end of each of the last `months` months."""
    _require(session, Permission.VIEW_HOTSPOTS)
    today = today or date.today()
    discovered = dict(
        session.execute(select(Hotspot.id, Hotspot.discovered_date).where(_live(Hotspot))).all()
    )
    events: dict[str, list[tuple[date, HotspotStatus]]] = defaultdict(list)
    rows = session.execute(
        select(HotspotEvent.hotspot_id, HotspotEvent.event_date, HotspotEvent.status)
        .where(_live(HotspotEvent))
        .order_by(HotspotEvent.event_date)
    )
    for hotspot_id, when, status in rows:
        if hotspot_id in discovered:
            events[hotspot_id].append((when, HotspotStatus(status)))
    dates = {h: [d for d, _s in dated] for h, dated in events.items()}
    history = []
    for start, day in month_ends(today, months):
        active = eliminated = 0
        for hotspot_id, found in discovered.items():
            if found > day:
                continue
            dated = events.get(hotspot_id, [])
            known = dated[: bisect_right(dates.get(hotspot_id, []), day)]
            status, _since = current_status(known, found)
            if is_active(status):
                active += 1
            else:
                eliminated += 1
        history.append(HotspotMonth(start, active, eliminated))
    return history


def activities_in_year(session: Session, year: int) -> int:
    _require(session, Permission.VIEW_PROPAGANDA)
    stmt = select(func.count()).where(
        _live(Activity), extract("year", Activity.activity_date) == year
    )
    return session.scalar(stmt) or 0


def coverage_by_month(
    session: Session, year: int, *, today: date | None = None
) -> list[CoverageMonth]:
    """Per month of `year`: live villages reached by at least one live activity."""
    _require(session, Permission.VIEW_PROPAGANDA)
    today = today or date.today()
    villages = village_count(session)
    month = extract("month", Activity.activity_date)
    rows = session.execute(
        select(
            month,
            func.count(func.distinct(ActivityVillage.village_id)),
            func.count(func.distinct(Activity.id)),
        )
        .join(Activity, Activity.id == ActivityVillage.activity_id)
        .join(Village, Village.id == ActivityVillage.village_id)
        .where(
            _live(ActivityVillage),
            _live(Activity),
            _live(Village),
            extract("year", Activity.activity_date) == year,
        )
        .group_by(month)
    ).all()
    per_month = {int(m): (covered, n) for m, covered, n in rows}
    due = 12 if year < today.year else (today.month if year == today.year else 0)
    out = []
    for m in range(1, 13):
        covered, activities = per_month.get(m, (0, 0))
        out.append(CoverageMonth(m, covered, villages, activities, due=m <= due))
    return out


def overview(session: Session, *, today: date | None = None) -> Overview:
    """Everything the Overview shows, leaving out what the logged-in role may not see."""
    actor = acting(session, Permission.VIEW_REPORTS)
    today = today or date.today()
    people = hotspots = history = activities = coverage = None
    if may_see(actor, Permission.VIEW_PEOPLE):
        people = tuple(people_by_status(session))
    if may_see(actor, Permission.VIEW_HOTSPOTS):
        hotspots = hotspot_counts(session)
        history = tuple(hotspot_history(session, today=today))
    if may_see(actor, Permission.VIEW_PROPAGANDA):
        activities = activities_in_year(session, today.year)
        coverage = tuple(coverage_by_month(session, today.year, today=today))
    return Overview(
        today=today,
        villages=village_count(session),
        people=people,
        hotspots_active=hotspots[0] if hotspots else None,
        hotspots_eliminated=hotspots[1] if hotspots else None,
        hotspot_history=history,
        activities_this_year=activities,
        coverage=coverage,
    )
