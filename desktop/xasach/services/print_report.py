"""Data of the periodic report (form 7): figures computed from the registers for a period and
the one before, the plan targets (services.targets), the class of QĐ 28/2025
(services.classification) and the sections the officer wrote.

Figures are counted per commune in a few GROUP BY queries, so the upper level's consolidated
report costs what the commune's costs. "At the end of the period" means on its last day, or
today for a period still running. A role sees the figures of the registers it may see (as on
the Overview); the leader sees them all.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xasach.domain.episodes import STATUS_PRIORITY, EpisodeType
from xasach.domain.hotspots import HotspotStatus, current_status, is_active
from xasach.domain.periods import Period
from xasach.domain.roles import Actor, Permission
from xasach.printing.forms.common import period_words
from xasach.printing.model import (
    ClassificationBlock,
    CommuneFigures,
    CriterionLine,
    Figure,
    FigureGroup,
    Issue,
    NoteSection,
    PeriodicReportData,
    TargetLine,
)
from xasach.printing.templates import Template, vocabulary
from xasach.printing.words import count, decimal, percent
from xasach.services.overview import may_see
from xasach.services.print_places import coverage_cells, due_count, live_villages, period_months
from xasach.store.models import (
    Activity,
    AdminUnit,
    DrugTest,
    Episode,
    Hotspot,
    HotspotEvent,
    PeriodFigures,
    ReportNote,
)

Counts = dict[str, dict[str, float]]  # unit code → figure key → value

REHAB = {
    EpisodeType.VOLUNTARY_REHAB_COMMUNITY.value,
    EpisodeType.VOLUNTARY_REHAB_FACILITY.value,
    EpisodeType.COMPULSORY_REHAB.value,
}
MAIN_KINDS = {
    EpisodeType.ILLEGAL_USE_MANAGEMENT.value: "illegal_use_management",
    EpisodeType.SUBSTITUTION_THERAPY.value: "substitution_therapy",
    EpisodeType.POST_REHAB.value: "post_rehab",
    **dict.fromkeys(REHAB, "rehab"),
}
PEOPLE_KEYS = ("people_total", "under_management", "illegal_use_management", "rehab",
               "substitution_therapy", "post_rehab", "other_management", "new_management",
               "new_rehab", "new_post_rehab", "tests", "tests_positive")  # fmt: skip
LEVEL_ONE = {"illegal_use_management", "rehab", "substitution_therapy", "post_rehab",
             "other_management", "tests_positive"}  # fmt: skip
HOTSPOT_KEYS = ("hotspots_active", "hotspots_found", "hotspots_eliminated", "hotspots_re_emerged")
PROPAGANDA_KEYS = ("activities", "participants", "materials", "coverage")
ENTERED_KEYS = ("population", "offenders_arrested", "plants_destroyed")


def _live(model: Any) -> Any:
    return model.deleted_at.is_(None)


def _add(counts: Counts, rows: Iterable[Any], key: str) -> None:
    for unit, value in rows:
        counts[unit][key] = counts[unit].get(key, 0) + float(value or 0)


def _people(session: Session, counts: Counts, start: date, end: date, as_of: date) -> None:
    started = select(Episode.unit_code, func.count(func.distinct(Episode.person_id))).where(
        _live(Episode), Episode.start_date <= as_of
    )
    _add(counts, session.execute(started.group_by(Episode.unit_code)), "people_total")
    open_now = session.execute(
        select(Episode.unit_code, Episode.person_id, Episode.kind).where(
            _live(Episode),
            Episode.start_date <= as_of,
            (Episode.actual_end.is_(None)) | (Episode.actual_end > as_of),
        )
    )
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    for unit, person, kind in open_now:
        kinds[(unit, person)].add(kind)
    rank = {k.value: i for i, k in enumerate(STATUS_PRIORITY)}
    for (unit, _person), held in kinds.items():
        status = min(held, key=lambda k: rank.get(k, 99))
        target = counts[unit]
        target["under_management"] = target.get("under_management", 0) + 1
        key = MAIN_KINDS.get(status, "other_management")
        target[key] = target.get(key, 0) + 1
    for kinds_of, key in (
        ({EpisodeType.ILLEGAL_USE_MANAGEMENT.value}, "new_management"),
        (REHAB, "new_rehab"),
        ({EpisodeType.POST_REHAB.value}, "new_post_rehab"),
    ):
        stmt = select(Episode.unit_code, func.count()).where(
            _live(Episode), Episode.kind.in_(sorted(kinds_of)),
            Episode.start_date.between(start, end),
        )  # fmt: skip
        _add(counts, session.execute(stmt.group_by(Episode.unit_code)), key)
    tests = select(DrugTest.unit_code, func.count()).where(
        _live(DrugTest), DrugTest.test_date.between(start, end)
    )
    _add(counts, session.execute(tests.group_by(DrugTest.unit_code)), "tests")
    positive = tests.where(DrugTest.result == "positive").group_by(DrugTest.unit_code)
    _add(counts, session.execute(positive), "tests_positive")


def _hotspots(session: Session, counts: Counts, start: date, end: date, as_of: date) -> None:
    found = session.execute(
        select(Hotspot.id, Hotspot.unit_code, Hotspot.discovered_date).where(_live(Hotspot))
    ).all()
    events: dict[str, list[tuple[date, HotspotStatus]]] = defaultdict(list)
    for hotspot_id, when, status in session.execute(
        select(HotspotEvent.hotspot_id, HotspotEvent.event_date, HotspotEvent.status)
        .where(_live(HotspotEvent))
        .order_by(HotspotEvent.event_date)
    ):
        events[hotspot_id].append((when, HotspotStatus(status)))
    for hotspot_id, unit, discovered in found:
        target = counts[unit]
        dated = events.get(hotspot_id, [])
        if start <= discovered <= end:
            target["hotspots_found"] = target.get("hotspots_found", 0) + 1
        for when, status in dated:
            if start <= when <= end and status != HotspotStatus.ACTIVE:
                key = "hotspots_eliminated" if status == HotspotStatus.ELIMINATED else (
                    "hotspots_re_emerged")  # fmt: skip
                target[key] = target.get(key, 0) + 1
        if discovered <= as_of:
            known = dated[: bisect_right([d for d, _s in dated], as_of)]
            status, _since = current_status(known, discovered)
            if is_active(status):
                target["hotspots_active"] = target.get("hotspots_active", 0) + 1


def _propaganda(
    session: Session, counts: Counts, period: Period, today: date
) -> dict[str, tuple[int, int]]:
    """Adds the activity figures; returns per unit (village-months covered, due)."""
    stmt = select(
        Activity.unit_code,
        func.count(),
        func.coalesce(func.sum(Activity.participants), 0),
        func.coalesce(func.sum(Activity.materials), 0),
    ).where(_live(Activity), Activity.activity_date.between(period.start, period.end))
    for unit, n, people, materials in session.execute(stmt.group_by(Activity.unit_code)):
        counts[unit].update(activities=float(n), participants=float(people),
                            materials=float(materials))  # fmt: skip
    months, due = period_months(period), due_count(period, today)
    cells = coverage_cells(session, period)
    coverage: dict[str, tuple[int, int]] = {}
    for unit, vid, _name in live_villages(session):
        got = cells.get((unit, vid), {})
        covered = sum(1 for m in months[:due] if got.get((m.year, m.month), 0) > 0)
        was = coverage.get(unit, (0, 0))
        coverage[unit] = (was[0] + covered, was[1] + due)
    for unit, (covered, whole) in coverage.items():
        if whole:
            counts[unit]["coverage"] = covered / whole
    return coverage


def _entered(session: Session, counts: Counts, period: Period) -> None:
    """Figures the commune entered for this very period (số liệu kỳ)."""
    for row in session.scalars(
        select(PeriodFigures).where(_live(PeriodFigures), PeriodFigures.period == period.code)
    ):
        for key in ENTERED_KEYS:
            value = getattr(row, key)
            if value is not None:
                counts[row.unit_code][key] = float(value)


def figures(
    session: Session, period: Period, today: date
) -> tuple[Counts, dict[str, tuple[int, int]]]:
    """Every figure of every commune held here for `period`, and the propaganda coverage."""
    counts: Counts = defaultdict(dict)
    as_of = min(period.end, today)
    if period.start > today:
        return counts, {}
    _people(session, counts, period.start, period.end, as_of)
    _hotspots(session, counts, period.start, period.end, as_of)
    coverage = _propaganda(session, counts, period, today)
    _entered(session, counts, period)
    return counts, coverage


def _total(counts: Counts, coverage: dict[str, tuple[int, int]]) -> dict[str, float]:
    """All communes together (the commune's own figures, at a commune)."""
    out: dict[str, float] = {}
    for per_unit in counts.values():
        for key, value in per_unit.items():
            if key != "coverage":
                out[key] = out.get(key, 0) + value
    covered = sum(c for c, _w in coverage.values())
    whole = sum(w for _c, w in coverage.values())
    if whole:
        out["coverage"] = covered / whole
    return out


def _groups(
    actor: Actor, template: Template, now: dict[str, float], before: dict[str, float]
) -> list[FigureGroup]:
    def line(key: str, *, zero: bool = True) -> Figure:
        default = 0.0 if zero else None
        return Figure(
            label=template.text(f"figures.{key}"),
            now=now.get(key, default),
            before=before.get(key, default),
            unit="%" if key == "coverage" else "count",
            level=1 if key in LEVEL_ONE else 0,
        )

    groups = []
    if may_see(actor, Permission.VIEW_PEOPLE):
        groups.append(FigureGroup(template.text("groups.people"), [line(k) for k in PEOPLE_KEYS]))
    if may_see(actor, Permission.VIEW_HOTSPOTS):
        lines = [line(k) for k in HOTSPOT_KEYS]
        groups.append(FigureGroup(template.text("groups.hotspots"), lines))
    if may_see(actor, Permission.VIEW_PROPAGANDA):
        lines = [line(k, zero=k != "coverage") for k in PROPAGANDA_KEYS]
        groups.append(FigureGroup(template.text("groups.propaganda"), lines))
    entered = [k for k in ENTERED_KEYS if k in now or k in before]
    if entered:
        lines = [line(k, zero=False) for k in entered]
        groups.append(FigureGroup(template.text("groups.entered"), lines))
    return groups


# --- targets and classification (services of issue 7) ------------------------------------------


def _number(value: float) -> str:
    return count(int(value)) if float(value).is_integer() else decimal(value)


def target_lines(session: Session, period: Period, today: date) -> list[TargetLine] | None:
    """The plan's targets for the commune; None when this installation has no target service."""
    try:  # issue 7 (targets) is built alongside; the report prints without it
        from xasach.services.targets import evaluate_targets
    except ImportError:  # pragma: no cover - only before services.targets existed
        return None
    results = evaluate_targets(session, period, today=today)
    out = []
    for r in results:
        shown = r.value / 100 if r.unit == "%" and r.value is not None else r.value
        value = percent(shown) if r.unit == "%" else (_number(r.value) if r.value is not None
                                                       else "")  # fmt: skip
        sign = "≤" if getattr(r, "direction", "min") == "max" else "≥"
        target = f"{sign} {_number(r.target)}{'%' if r.unit == '%' else ''}"
        out.append(
            TargetLine(vocabulary("target", r.key, r.label), value or "–", target, r.met, r.detail)
        )
    return out


def _criterion(c: Any) -> CriterionLine:
    prefix, _sep, text = c.label.partition(" — ")
    name = c.key.split(".", 1)[-1]
    label = f"{prefix} — {vocabulary('criterion', name, text)}" if text else c.label
    if c.value is None:
        value = "–"
    elif "ratio" in name:
        value = decimal(c.value, 2) + "%"
    else:
        value = _number(c.value)
    return CriterionLine(label, value, c.threshold_text, c.met, c.source)


def classification_blocks(
    session: Session, period: Period, names: dict[str, str], *, all_communes: bool
) -> list[ClassificationBlock] | None:
    """The class of the commune, or of every commune at the upper level (QĐ 28/2025)."""
    try:  # issue 7 (classification) is built alongside; the report prints without it
        from xasach.services.classification import classify, classify_all_communes
    except ImportError:  # pragma: no cover - only before services.classification existed
        return None
    found = classify_all_communes(session, period) if all_communes else [classify(session, period)]
    return [
        ClassificationBlock(
            unit_name=names.get(c.unit_code, c.unit_code),
            result=vocabulary("classification", c.result, c.result_label),
            criteria=[_criterion(x) for x in c.criteria],
            missing=tuple(c.missing),
        )
        for c in found
    ]


# --- the report --------------------------------------------------------------------------------


def _notes(session: Session, template: Template, period: Period) -> list[NoteSection]:
    texts = {
        r.section: r.text
        for r in session.scalars(select(ReportNote).where(ReportNote.period == period.code))
    }
    return [
        NoteSection(str(s["key"]), str(s.get("heading", "")), texts.get(str(s["key"]), ""))
        for s in template.raw("sections")
        if s.get("kind") == "note" and s.get("key")
    ]


def _commune_rows(
    counts: Counts, names: dict[str, str], classes: dict[str, str]
) -> list[CommuneFigures]:
    rows = []
    for unit in sorted(counts, key=lambda u: names.get(u, u)):
        c = counts[unit]
        cells = (
            count(int(c.get("people_total", 0))),
            count(int(c.get("under_management", 0))),
            count(int(c.get("hotspots_active", 0))),
            count(int(c.get("hotspots_eliminated", 0))),
            count(int(c.get("activities", 0))),
            percent(c.get("coverage"), 0) or "–",
            classes.get(unit, ""),
        )
        rows.append(CommuneFigures(names.get(unit, unit), cells))
    return rows


def report_data(
    session: Session,
    actor: Actor,
    issue: Issue,
    template: Template,
    period: Period,
    today: date,
    *,
    by_commune: bool = False,
) -> PeriodicReportData:
    now_counts, now_cover = figures(session, period, today)
    before_counts, before_cover = figures(session, period.previous(), today)
    now, before = _total(now_counts, now_cover), _total(before_counts, before_cover)
    names: dict[str, str] = {
        c: n for c, n in session.execute(select(AdminUnit.code, AdminUnit.name))
    }
    sees_people = may_see(actor, Permission.VIEW_PEOPLE)
    targets = None if by_commune else target_lines(session, period, today)
    classes = (
        classification_blocks(session, period, names, all_communes=by_commune)
        if sees_people
        else None
    )
    by_unit = {}
    if by_commune and classes is not None:
        by_unit = {b.unit_name: b.result for b in classes}
    class_of = {code: by_unit.get(name, "") for code, name in names.items() if name in by_unit}
    return PeriodicReportData(
        issue=issue,
        period_label=period_words(period),
        previous_label=period_words(period.previous()),
        groups=_groups(actor, template, now, before),
        notes=_notes(session, template, period),
        targets=targets,
        classification=classes,
        communes=_commune_rows(now_counts, names, class_of) if by_commune else (),
    )
