"""Classifying communes (xếp loại địa bàn, QĐ 28/2025/QĐ-TTg) from the data: the commune's own
at a commune, every commune's from the merged data at the upper level.

The figures come from the registers (people with files, places harbouring drug use) and from
the period figures the commune entered (population, arrests, plants, route); the thresholds
from the rule table (domain.classification). Who may see it: anyone who reads reports and may
see people's counts (the leader sees every count), as on the Overview.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from xasach.domain.classification import Classification, Figures, classify_figures
from xasach.domain.errors import DomainError
from xasach.domain.periods import Period
from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.services.common import acting, own_unit
from xasach.services.law_figures import (
    entered_figures,
    harbouring_places,
    hotspot_lives,
    people_with_files,
)
from xasach.services.overview import may_see
from xasach.services.setup import MODE_UPPER
from xasach.store.models import AdminUnit, Hotspot, PeriodFigures, Person
from xasach.store.reference import get_setting, rule_set


def _require(session: Session) -> None:
    actor = acting(session, Permission.VIEW_REPORTS)
    if not may_see(actor, Permission.VIEW_PEOPLE):
        actor.require(Permission.VIEW_PEOPLE)


def default_period(today: date | None = None) -> Period:
    """The year so far: classification is reviewed yearly (rà soát, phân loại hằng năm)."""
    return Period.parse(str((today or date.today()).year))


def figures_of(session: Session, unit_code: str, period: Period) -> Figures:
    entered = entered_figures(session, unit_code, period)
    return Figures(
        population=entered.population,
        users_with_files=len(people_with_files(session, unit_code, period.start, period.end)),
        harbouring_places=harbouring_places(hotspot_lives(session, unit_code), period),
        offenders_arrested=entered.offenders_arrested,
        plants_destroyed=entered.plants_destroyed,
        area_destroyed_m2=entered.area_destroyed_m2,
        on_trafficking_route=entered.on_trafficking_route,
    )


def _unit(session: Session, unit_code: str | None) -> str:
    if unit_code:
        return unit_code
    if get_setting(session, "mode") == MODE_UPPER:
        raise DomainError(
            _("The upper level classifies every commune: name a commune, or list them all.")
        )
    return own_unit(session)


def classify(session: Session, period: Period, *, unit_code: str | None = None) -> Classification:
    """The class of one commune (this commune by default) for `period`."""
    _require(session)
    unit = _unit(session, unit_code)
    return classify_figures(rule_set(session), period, unit, figures_of(session, unit, period))


def commune_codes(session: Session) -> list[str]:
    """Communes with data here: people, hotspots or period figures (merged from bundles)."""
    sources = [select(model.unit_code).distinct() for model in (Person, Hotspot, PeriodFigures)]
    codes = set(session.scalars(union(*sources)))
    communes = set(session.scalars(select(AdminUnit.code).where(AdminUnit.level == "commune")))
    return sorted(codes & communes) if communes else sorted(codes)


def classify_all_communes(session: Session, period: Period) -> list[Classification]:
    """Every commune's class for `period` (upper level, from merged data), by unit code."""
    _require(session)
    rules = rule_set(session)
    return [
        classify_figures(rules, period, code, figures_of(session, code, period))
        for code in commune_codes(session)
    ]


def commune_names(session: Session, codes: list[str]) -> dict[str, str]:
    rows = session.execute(select(AdminUnit.code, AdminUnit.name).where(AdminUnit.code.in_(codes)))
    return {code: name for code, name in rows}


#: Period figures an officer enters (số liệu kỳ), with what each must be.
FIGURE_FIELDS = (
    "population",
    "offenders_arrested",
    "plants_destroyed",
    "area_destroyed_m2",
    "on_trafficking_route",
)


def stored_period_figures(session: Session, period: Period) -> dict[str, object]:
    """What this commune entered for exactly `period` (None where nothing was entered), for
    the form where the officer enters or corrects them."""
    acting(session, Permission.VIEW_REPORTS)
    row = session.scalar(
        select(PeriodFigures).where(
            PeriodFigures.unit_code == own_unit(session),
            PeriodFigures.period == period.code,
            PeriodFigures.deleted_at.is_(None),
        )
    )
    return {name: getattr(row, name) if row is not None else None for name in FIGURE_FIELDS}


def set_period_figures(session: Session, period: Period, **values: object) -> PeriodFigures:
    """Enter or correct this commune's figures for `period`; a value None clears it."""
    acting(session, Permission.EDIT_PEOPLE)
    unknown = set(values) - set(FIGURE_FIELDS)
    if unknown:
        raise TypeError(f"not a period figure: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        if isinstance(value, bool) != (name == "on_trafficking_route") and value is not None:
            raise DomainError(_("“{name}” has the wrong kind of value.").format(name=name))
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise DomainError(_("A figure cannot be negative."))
    unit = own_unit(session)
    row = session.scalar(
        select(PeriodFigures).where(
            PeriodFigures.unit_code == unit,
            PeriodFigures.period == period.code,
            PeriodFigures.deleted_at.is_(None),
        )
    )
    if row is None:
        row = PeriodFigures(unit_code=unit, period=period.code)
        session.add(row)
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    session.flush()
    return row
