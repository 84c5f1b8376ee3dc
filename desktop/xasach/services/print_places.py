"""Data of the hotspot list (form 5) and the propaganda log (form 6), for the commune or — at
the upper level — for every commune received, grouped by commune."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from xasach.domain.hotspots import HotspotStatus
from xasach.domain.periods import Period
from xasach.domain.rules import add_months
from xasach.printing.model import (
    ActivityRow,
    CoverageLine,
    HotspotListData,
    HotspotRow,
    Issue,
    PropagandaLogData,
    Tally,
)
from xasach.printing.templates import Template, fill, vocabulary
from xasach.printing.words import short_date
from xasach.services.print_people import with_village
from xasach.store.models import (
    Activity,
    ActivityVillage,
    AdminUnit,
    Hotspot,
    HotspotEvent,
    HotspotPerson,
    Village,
)

# --- 5. hotspots -------------------------------------------------------------------------------


def hotspot_list_data(
    session: Session, issue: Issue, template: Template, today: date, *, by_commune: bool = False
) -> HotspotListData:
    """Every live hotspot with its status and dated history (diễn biến), by village or commune."""
    commune = func.coalesce(AdminUnit.name, Hotspot.unit_code)
    stmt = (
        select(Hotspot, func.coalesce(Village.name, ""), commune)
        .outerjoin(Village, Village.id == Hotspot.village_id)
        .outerjoin(AdminUnit, AdminUnit.code == Hotspot.unit_code)
        .where(Hotspot.deleted_at.is_(None))
    )
    order: list[Any] = [func.coalesce(Village.sort_order, 10**9), Village.name]
    if by_commune:
        order = [commune, *order]
    found = session.execute(stmt.order_by(*order, Hotspot.discovered_date, Hotspot.id)).all()
    people = dict(
        session.execute(
            select(HotspotPerson.hotspot_id, func.count())
            .where(HotspotPerson.deleted_at.is_(None))
            .group_by(HotspotPerson.hotspot_id)
        ).all()
    )
    history: dict[str, list[str]] = defaultdict(list)
    events = session.execute(
        select(HotspotEvent.hotspot_id, HotspotEvent.event_date, HotspotEvent.status)
        .where(HotspotEvent.deleted_at.is_(None))
        .order_by(HotspotEvent.event_date, HotspotEvent.created_at)
    )
    line = template.text("history_event")
    for hotspot_id, when, status in events:
        history[hotspot_id].append(
            fill(line, {"day": short_date(when), "status": vocabulary("hotspot_status", status)})
        )
    rows: list[HotspotRow] = []
    counts: dict[str, int] = defaultdict(int)
    for h, village, unit in found:
        counts[h.status] += 1
        rows.append(
            HotspotRow(
                group=unit if by_commune else village,
                name=h.name,
                kind=vocabulary("hotspot_kind", h.kind),
                address=with_village(h.address_text, village) if by_commune else h.address_text,
                discovered=short_date(h.discovered_date),
                status=vocabulary("hotspot_status", h.status),
                status_date=short_date(h.status_date),
                people=int(people.get(h.id, 0)),
                history="; ".join(history.get(h.id, [])),
            )
        )  # fmt: skip
    tallies = [
        Tally(vocabulary("hotspot_status", s.value), counts[s.value])
        for s in HotspotStatus
        if counts.get(s.value)
    ]
    return HotspotListData(issue, today, rows, tallies, "commune" if by_commune else "village")


# --- 6. propaganda -----------------------------------------------------------------------------


def period_months(period: Period) -> list[date]:
    """First days of the months of the period."""
    return [add_months(period.start, k) for k in range(period.months)]


def due_count(period: Period, today: date) -> int:
    """Months of the period already begun on `today` (the others are not due yet)."""
    return sum(1 for m in period_months(period) if m <= today)


def coverage_cells(
    session: Session, period: Period
) -> dict[tuple[str, str], dict[tuple[int, int], int]]:
    """(unit, village id) → (year, month) → activities reaching that village that month."""
    year = extract("year", Activity.activity_date)
    month = extract("month", Activity.activity_date)
    rows = session.execute(
        select(Village.unit_code, Village.id, year, month, func.count(func.distinct(Activity.id)))
        .join(ActivityVillage, ActivityVillage.village_id == Village.id)
        .join(Activity, Activity.id == ActivityVillage.activity_id)
        .where(
            Village.deleted_at.is_(None),
            ActivityVillage.deleted_at.is_(None),
            Activity.deleted_at.is_(None),
            Activity.activity_date.between(period.start, period.end),
        )
        .group_by(Village.unit_code, Village.id, year, month)
    )
    cells: dict[tuple[str, str], dict[tuple[int, int], int]] = defaultdict(dict)
    for unit, village, y, m, n in rows:
        cells[(unit, village)][(int(y), int(m))] = int(n)
    return cells


def live_villages(session: Session) -> list[tuple[str, str, str]]:
    """(unit, id, name) of every live village, in each commune's order."""
    rows = session.execute(
        select(Village.unit_code, Village.id, Village.name)
        .where(Village.deleted_at.is_(None))
        .order_by(Village.unit_code, Village.sort_order, Village.name)
    )
    return [(u, v, n) for u, v, n in rows]


def coverage_share(
    villages: list[tuple[str, str, str]],
    cells: dict[tuple[str, str], dict[tuple[int, int], int]],
    months: list[date],
    due: int,
) -> float | None:
    """Village-months with at least one activity ÷ village-months due (None: nothing due)."""
    total = len(villages) * due
    if not total:
        return None
    covered = sum(
        1
        for unit, vid, _n in villages
        for m in months[:due]
        if cells.get((unit, vid), {}).get((m.year, m.month), 0) > 0
    )
    return covered / total


def propaganda_data(
    session: Session,
    issue: Issue,
    template: Template,
    period: Period,
    period_label: str,
    today: date,
    *,
    by_commune: bool = False,
) -> PropagandaLogData:
    commune = func.coalesce(AdminUnit.name, Activity.unit_code)
    stmt = (
        select(Activity, commune)
        .outerjoin(AdminUnit, AdminUnit.code == Activity.unit_code)
        .where(
            Activity.deleted_at.is_(None),
            Activity.activity_date.between(period.start, period.end),
        )
    )
    order: list[Any] = [commune] if by_commune else []
    found = session.execute(stmt.order_by(*order, Activity.activity_date, Activity.id)).all()
    reached: dict[str, list[str]] = defaultdict(list)
    for activity_id, name in session.execute(
        select(ActivityVillage.activity_id, Village.name)
        .join(Village, Village.id == ActivityVillage.village_id)
        .join(Activity, Activity.id == ActivityVillage.activity_id)
        .where(
            ActivityVillage.deleted_at.is_(None),
            Activity.activity_date.between(period.start, period.end),
        )
        .order_by(Village.sort_order, Village.name)
    ):
        reached[activity_id].append(name)
    rows = [
        ActivityRow(
            group=unit,
            day=short_date(a.activity_date),
            form=vocabulary("activity_form", a.form),
            topic=a.topic,
            villages=", ".join(reached.get(a.id, [])),
            organiser=", ".join(p for p in (a.organiser, a.partners) if p),
            audience=vocabulary("audience", a.audience),
            participants=a.participants,
            materials=a.materials,
            cost_vnd=a.cost_vnd,
        )
        for a, unit in found
    ]
    months = period_months(period)
    due = due_count(period, today)
    villages = live_villages(session)
    cells = coverage_cells(session, period)
    lines = (
        _commune_lines(session, villages, cells, months, due)
        if by_commune
        else _village_lines(villages, cells, months, due)
    )
    month_titles = [template.text("month_column", {"month": str(m.month)}) for m in months]
    return PropagandaLogData(
        issue=issue,
        period_label=period_label,
        rows=rows,
        months=month_titles,
        coverage=lines,
        coverage_share=coverage_share(villages, cells, months, due),
        group_word="commune" if by_commune else "village",
    )


def _village_lines(
    villages: list[tuple[str, str, str]],
    cells: dict[tuple[str, str], dict[tuple[int, int], int]],
    months: list[date],
    due: int,
) -> list[CoverageLine]:
    out = []
    for unit, vid, name in villages:
        got = cells.get((unit, vid), {})
        counts = tuple(
            got.get((m.year, m.month), 0) if i < due else None for i, m in enumerate(months)
        )
        covered = sum(1 for n in counts[:due] if n)
        out.append(CoverageLine(name, counts, covered / due if due else None))
    return out


def _commune_lines(
    session: Session,
    villages: list[tuple[str, str, str]],
    cells: dict[tuple[str, str], dict[tuple[int, int], int]],
    months: list[date],
    due: int,
) -> list[CoverageLine]:
    """One line per commune: its activities per month, and its village-months covered."""
    names = dict(session.execute(select(AdminUnit.code, AdminUnit.name)).all())
    year = extract("year", Activity.activity_date)
    month = extract("month", Activity.activity_date)
    per_month: dict[str, dict[tuple[int, int], int]] = defaultdict(dict)
    first, last = months[0], add_months(months[-1], 1)
    for unit, y, m, n in session.execute(
        select(Activity.unit_code, year, month, func.count())
        .where(
            Activity.deleted_at.is_(None),
            Activity.activity_date >= first,
            Activity.activity_date < last,
        )
        .group_by(Activity.unit_code, year, month)
    ):
        per_month[unit][(int(y), int(m))] = int(n)
    by_unit: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for v in villages:
        by_unit[v[0]].append(v)
    units = sorted(set(by_unit) | set(per_month), key=lambda u: names.get(u, u))
    out = []
    for unit in units:
        counts = tuple(
            per_month[unit].get((m.year, m.month), 0) if i < due else None
            for i, m in enumerate(months)
        )
        share = coverage_share(by_unit.get(unit, []), cells, months, due)
        out.append(CoverageLine(names.get(unit, unit), counts, share))
    return out
