"""Figures of one commune and period that classification and targets both read: people with
files, hotspots active during the period, and the entered period figures (số liệu kỳ).

A period's *flows* (arrests, plants destroyed) come from its own row, or — when only smaller
periods were entered — from the sum of a complete set of them (four quarters make a year).
*Stocks* (population, trafficking route) fall back to the year's row or the latest row inside
the year. Nothing is guessed: a figure without a row is None.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from xasach.domain.episodes import EpisodeType
from xasach.domain.errors import DomainError
from xasach.domain.hotspots import HotspotKind, HotspotStatus, current_status, is_active
from xasach.domain.periods import HALF, MONTH, QUARTER, YEAR, Period
from xasach.store.models import Episode, Hotspot, HotspotEvent, PeriodFigures, Person

#: Episode kinds that do not make a person a drug user "with a file" on their own.
NOT_A_USER_FILE = frozenset({EpisodeType.RELEASED_PRISONER_FOLLOWUP.value})


def overlaps(start: date, end: date) -> Any:
    """An episode running at some time in [start, end]."""
    return and_(
        Episode.deleted_at.is_(None),
        Episode.start_date <= end,
        or_(Episode.actual_end.is_(None), Episode.actual_end >= start),
    )


def people_with_files(session: Session, unit_code: str, start: date, end: date) -> set[str]:
    """Live people of the commune with a management episode at some time in the period
    (người có hồ sơ quản lý)."""
    rows = session.scalars(
        select(Episode.person_id)
        .join(Person, Person.id == Episode.person_id)
        .where(
            Person.deleted_at.is_(None),
            Person.unit_code == unit_code,
            overlaps(start, end),
            Episode.kind.not_in(NOT_A_USER_FILE),
        )
        .distinct()
    )
    return set(rows)


@dataclass(frozen=True)
class HotspotLife:
    """A live hotspot's kind, discovery and dated events (for status on any day)."""

    id: str
    kind: str
    discovered: date
    events: tuple[tuple[date, HotspotStatus], ...]

    def status_on(self, day: date) -> HotspotStatus | None:
        """Status in force on `day`, None before discovery."""
        if day < self.discovered:
            return None
        known = [e for e in self.events if e[0] <= day]
        return current_status(known, self.discovered)[0]

    def active_during(self, start: date, end: date) -> bool:
        if self.discovered > end:
            return False
        if start <= self.discovered:
            return True
        at_start = self.status_on(start)
        if at_start is not None and is_active(at_start):
            return True
        return any(start < d <= end and is_active(s) for d, s in self.events)


def hotspot_lives(session: Session, unit_code: str) -> list[HotspotLife]:
    found = session.execute(
        select(Hotspot.id, Hotspot.kind, Hotspot.discovered_date).where(
            Hotspot.deleted_at.is_(None), Hotspot.unit_code == unit_code
        )
    ).all()
    events: dict[str, list[tuple[date, HotspotStatus]]] = defaultdict(list)
    rows = session.execute(
        select(HotspotEvent.hotspot_id, HotspotEvent.event_date, HotspotEvent.status)
        .join(Hotspot, Hotspot.id == HotspotEvent.hotspot_id)
        .where(HotspotEvent.deleted_at.is_(None), Hotspot.unit_code == unit_code)
        .order_by(HotspotEvent.event_date)
    )
    for hotspot_id, when, status in rows:
        events[hotspot_id].append((when, HotspotStatus(status)))
    return [HotspotLife(h, k, d, tuple(events.get(h, ()))) for h, k, d in found]


def harbouring_places(lives: list[HotspotLife], period: Period) -> int:
    """Places organising or harbouring drug use (QĐ 28/2025, criterion b) active in the period."""
    return sum(
        1
        for h in lives
        if h.kind == HotspotKind.USE_HARBOURING and h.active_during(period.start, period.end)
    )


# --- entered period figures ------------------------------------------------------------------


def _figure_rows(session: Session, unit_code: str, year: int) -> dict[str, PeriodFigures]:
    rows = session.scalars(
        select(PeriodFigures).where(
            PeriodFigures.deleted_at.is_(None),
            PeriodFigures.unit_code == unit_code,
            PeriodFigures.period.like(f"{year}%"),
        )
    )
    return {r.period: r for r in rows}


def _parts(period: Period) -> list[list[Period]]:
    """Complete sets of smaller periods that make up `period`."""
    sets: list[list[Period]] = []
    first_month = period.start.month
    months = [
        Period(period.year, MONTH, m) for m in range(first_month, first_month + period.months)
    ]
    if period.kind in (YEAR, HALF):
        q0 = (first_month - 1) // 3
        sets.append(
            [Period(period.year, QUARTER, q) for q in range(q0 + 1, q0 + period.months // 3 + 1)]
        )
    if period.kind == YEAR:
        sets.append([Period(period.year, HALF, 1), Period(period.year, HALF, 2)])
    if period.kind != MONTH:
        sets.append(months)
    return sets


def _flow(rows: dict[str, PeriodFigures], period: Period, name: str) -> float | None:
    own = rows.get(period.code)
    if own is not None and getattr(own, name) is not None:
        return float(getattr(own, name))
    for parts in _parts(period):
        values = [getattr(rows[p.code], name) if p.code in rows else None for p in parts]
        known = [float(v) for v in values if v is not None]
        if len(known) == len(values):
            return sum(known)
    return None


def _stock(rows: dict[str, PeriodFigures], period: Period, name: str) -> Any:
    own = rows.get(period.code)
    if own is not None and getattr(own, name) is not None:
        return getattr(own, name)
    year_row = rows.get(str(period.year))
    if year_row is not None and getattr(year_row, name) is not None:
        return getattr(year_row, name)
    inside = sorted(
        (code, getattr(r, name))
        for code, r in rows.items()
        if getattr(r, name) is not None and _within(code, period)
    )
    return inside[-1][1] if inside else None


def _within(code: str, period: Period) -> bool:
    try:
        return period.contains(Period.parse(code).end)
    except DomainError:
        return False


@dataclass(frozen=True)
class EnteredFigures:
    population: int | None
    offenders_arrested: int | None
    plants_destroyed: int | None
    area_destroyed_m2: float | None
    on_trafficking_route: bool | None


def entered_figures(session: Session, unit_code: str, period: Period) -> EnteredFigures:
    rows = _figure_rows(session, unit_code, period.year)
    population = _stock(rows, period, "population")
    arrests = _flow(rows, period, "offenders_arrested")
    plants = _flow(rows, period, "plants_destroyed")
    route = _stock(rows, period, "on_trafficking_route")
    return EnteredFigures(
        population=None if population is None else int(population),
        offenders_arrested=None if arrests is None else int(arrests),
        plants_destroyed=None if plants is None else int(plants),
        area_destroyed_m2=_flow(rows, period, "area_destroyed_m2"),
        on_trafficking_route=None if route is None else bool(route),
    )
