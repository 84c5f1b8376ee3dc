"""The Overview's law panels: what is due, the plan targets, the commune's class — each left
out (None) when the logged-in role may not see it, like every other Overview figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from xasach.domain.classification import Classification
from xasach.domain.deadlines import DEFAULT_WITHIN_DAYS, DueItem
from xasach.domain.periods import Period
from xasach.domain.roles import Permission
from xasach.domain.targets import TargetResult
from xasach.services.classification import classify, default_period
from xasach.services.common import acting
from xasach.services.due import DueSummary, due_items_unchecked, summarise
from xasach.services.overview import may_see
from xasach.services.targets import evaluate_targets


@dataclass(frozen=True)
class LawOverview:
    period: Period
    within_days: int
    due: tuple[DueItem, ...] | None  # names: only for roles that see people's files
    due_summary: DueSummary | None
    targets: tuple[TargetResult, ...]
    classification: Classification | None
    rule_set: str


def law_overview(
    session: Session, *, today: date | None = None, within_days: int = DEFAULT_WITHIN_DAYS
) -> LawOverview:
    from xasach.store.reference import rule_set

    actor = acting(session, Permission.VIEW_REPORTS)
    today = today or date.today()
    period = default_period(today)
    due: tuple[DueItem, ...] | None = None
    summary = None
    classification = None
    if may_see(actor, Permission.VIEW_PEOPLE):
        # The leader sees the counts; names need the people register.
        items = due_items_unchecked(session, within_days, today)
        summary = summarise(items, within_days)
        if actor.can(Permission.VIEW_PEOPLE):
            due = tuple(items)
        classification = classify(session, period)
    rules = rule_set(session)
    return LawOverview(
        period=period,
        within_days=within_days,
        due=due,
        due_summary=summary,
        targets=tuple(evaluate_targets(session, period, today=today)),
        classification=classification,
        rule_set=f"{rules.name} — {rules.version}",
    )
