"""What is due (việc sắp đến hạn): deadlines of the commune's people, for the Overview panel,
the People list's filter and `xasach due`.

Only episodes that can still make a deadline are read — open ones, and those closed within
the look-back window (a notification deadline runs from a closing) — so the cost follows the
people under management, not the whole history.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xasach.domain.deadlines import (
    DEFAULT_LOOKBACK_DAYS,
    DEFAULT_WITHIN_DAYS,
    DueItem,
    DueKind,
    EpisodeFacts,
    PersonFacts,
    due_items,
)
from xasach.domain.episodes import EpisodeType
from xasach.domain.roles import Permission
from xasach.services.common import acting, own_unit
from xasach.services.overview import may_see
from xasach.store.models import Episode, Person
from xasach.store.reference import rule_set

#: Notices run from a closing: 5 working days can span Tết (about two weeks), hence the margin.
_CLOSED_MARGIN_DAYS = 30


def _facts(session: Session, unit: str, today: date, lookback_days: int) -> list[PersonFacts]:
    since = today - timedelta(days=lookback_days + _CLOSED_MARGIN_DAYS)
    rows = session.scalars(
        select(Episode).where(
            Episode.deleted_at.is_(None),
            Episode.unit_code == unit,
            Episode.start_date <= today,
            or_(Episode.actual_end.is_(None), Episode.actual_end >= since),
        )
    ).all()
    by_person: dict[str, list[EpisodeFacts]] = defaultdict(list)
    for e in rows:
        by_person[e.person_id].append(
            EpisodeFacts(
                id=e.id,
                kind=EpisodeType(e.kind),
                start=e.start_date,
                planned_end=e.planned_end,
                actual_end=e.actual_end,
                duration_months=e.duration_months,
                after_kind=EpisodeType(e.after_kind) if e.after_kind else None,
                outcome=e.outcome,
            )
        )
    if not by_person:
        return []
    people = session.execute(
        select(
            Person.id, Person.full_name, Person.birth_date, Person.birth_year, Person.category
        ).where(Person.deleted_at.is_(None), Person.id.in_(list(by_person)))
    ).all()
    return [
        PersonFacts(pid, name, tuple(by_person[pid]), born, year, category)
        for pid, name, born, year, category in people
    ]


def due_items_unchecked(
    session: Session,
    within_days: int,
    today: date | None,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
) -> list[DueItem]:
    """The items themselves; the caller has checked the role (names need VIEW_PEOPLE)."""
    today = today or date.today()
    people = _facts(session, own_unit(session), today, lookback_days)
    return due_items(
        rule_set(session), people, today, within_days=within_days, lookback_days=lookback_days
    )


def list_due(
    session: Session,
    *,
    within_days: int = DEFAULT_WITHIN_DAYS,
    today: date | None = None,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
) -> list[DueItem]:
    """Every deadline within `within_days` (and every overdue one), soonest first, with names."""
    acting(session, Permission.VIEW_PEOPLE)
    return due_items_unchecked(session, within_days, today, lookback_days)


@dataclass(frozen=True)
class DueSummary:
    """Counts for the Overview: overdue, due within the window, and per kind."""

    within_days: int
    overdue: int
    upcoming: int
    by_kind: tuple[tuple[DueKind, int], ...]

    @property
    def total(self) -> int:
        return self.overdue + self.upcoming


def summarise(items: list[DueItem], within_days: int) -> DueSummary:
    kinds = Counter(i.kind for i in items)
    ordered = tuple((k, kinds[k]) for k in DueKind if kinds[k])
    overdue = sum(1 for i in items if i.overdue)
    return DueSummary(within_days, overdue, len(items) - overdue, ordered)


def due_summary(
    session: Session, *, within_days: int = DEFAULT_WITHIN_DAYS, today: date | None = None
) -> DueSummary | None:
    """Counts only (the leader sees counts, not names); None when the role sees neither."""
    actor = acting(session, Permission.VIEW_REPORTS)
    if not may_see(actor, Permission.VIEW_PEOPLE):
        return None
    items = due_items_unchecked(session, within_days, today)
    return summarise(items, within_days)


def notice_person_ids(session: Session, within_days: int, today: date) -> set[str]:
    """People with a notification deadline (register for rehab, notify on a move) due within
    the window or overdue — the People list's "deadline" filter adds them to the planned ends
    it finds in SQL. Few: they last the look-back window only."""
    acting(session, Permission.VIEW_PEOPLE)
    notices = (DueKind.REGISTER_REHAB, DueKind.NOTIFY_RECEIVING)
    return {
        i.person_id for i in due_items_unchecked(session, within_days, today) if i.kind in notices
    }
