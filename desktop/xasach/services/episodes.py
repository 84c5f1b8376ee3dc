"""Episodes and drug tests of a person's file (giai đoạn quản lý, xét nghiệm): closing and
correcting episodes, adding tests. Opening an episode is `services.people.add_episode`."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from xasach.domain.episodes import EpisodeType, validate_episode_dates
from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.domain.rules import planned_end
from xasach.i18n import N_, _
from xasach.services.common import acting
from xasach.services.people import _is_minor, _live_person, check_decision_date
from xasach.store.models import DrugTest, Episode
from xasach.store.reference import rule_set

#: Results of a drug test (kết quả xét nghiệm).
TEST_RESULT_LABELS: dict[str, str] = {
    "positive": N_("Positive"),
    "negative": N_("Negative"),
    "invalid": N_("Invalid"),
}


def result_label_of(result: str) -> str:
    return _(TEST_RESULT_LABELS[result]) if result in TEST_RESULT_LABELS else result


def check_drug_test(test_date: date | None, result: str, today: date) -> None:
    """A test has a date, not in the future, and one of the known results."""
    if test_date is None:
        raise DomainError(_("Enter the date of the test."), "test_date")
    if test_date > today:
        raise DomainError(
            _("The test date {d} is in the future.").format(d=test_date.strftime("%d/%m/%Y")),
            "test_date",
        )
    if result not in TEST_RESULT_LABELS:
        raise DomainError(_("Choose the result of the test."), "result")


def _live_episode(session: Session, episode_id: str) -> Episode:
    episode = session.get(Episode, episode_id)
    if episode is None or episode.deleted_at is not None:
        raise DomainError(_("This episode does not exist or was deleted."))
    return episode


def close_episode(
    session: Session,
    episode_id: str,
    actual_end: date,
    outcome: str = "",
    *,
    today: date | None = None,
) -> Episode:
    """Kết thúc giai đoạn: the episode ended on `actual_end`; the person's status follows."""
    acting(session, Permission.EDIT_PEOPLE)
    episode = _live_episode(session, episode_id)
    if episode.actual_end is not None:
        raise DomainError(
            _("This episode already ended on {d}. Correct it instead.").format(
                d=episode.actual_end.strftime("%d/%m/%Y")
            ),
            "actual_end",
        )
    validate_episode_dates(episode.start_date, None, actual_end, today or date.today())
    episode.actual_end = actual_end
    episode.outcome = outcome.strip()
    session.flush()
    return episode


#: What `correct_episode` may change; the planned end is always computed, never typed.
EPISODE_FIELDS = frozenset(
    {
        "kind", "start_date", "duration_months", "after_kind", "actual_end", "decision_number",
        "decision_date", "decided_by", "facility", "outcome", "notes",
    }
)  # fmt: skip
_PLAN_FIELDS = frozenset({"kind", "start_date", "duration_months", "after_kind"})


def correct_episode(
    session: Session, episode_id: str, *, today: date | None = None, **fields: Any
) -> Episode:
    """Correct an episode entered wrongly (đính chính). A new kind, start or duration gives a
    new planned end from the rule table in force on the start date."""
    acting(session, Permission.EDIT_PEOPLE)
    unknown = set(fields) - EPISODE_FIELDS
    if unknown:
        raise TypeError(f"not a field of an episode: {', '.join(sorted(unknown))}")
    today = today or date.today()
    episode = _live_episode(session, episode_id)
    kind = EpisodeType(fields.get("kind", episode.kind))
    start = fields.get("start_date", episode.start_date)
    months = fields.get("duration_months", episode.duration_months)
    after_value = fields.get("after_kind", episode.after_kind)
    after = EpisodeType(after_value) if after_value else None
    end = episode.planned_end
    if _PLAN_FIELDS & fields.keys():
        if kind != EpisodeType(episode.kind) and "duration_months" not in fields:
            months = None  # the old kind's duration means nothing for the new one
        minor = _is_minor(episode.person, start)
        end = planned_end(rule_set(session), kind, start, months=months, after=after, minor=minor)
    actual_end = fields.get("actual_end", episode.actual_end)
    validate_episode_dates(start, end, actual_end, today)
    check_decision_date(fields.get("decision_date"), today)
    values = {
        **fields,
        "kind": kind.value,
        "start_date": start,
        "duration_months": months,
        "after_kind": after.value if after else None,
        "planned_end": end,
    }
    for key, value in values.items():
        if getattr(episode, key) != value:
            setattr(episode, key, value)
    session.flush()
    return episode


def add_drug_test(
    session: Session,
    person_id: str,
    test_date: date,
    result: str,
    substances: str = "",
    *,
    notes: str = "",
    today: date | None = None,
) -> DrugTest:
    """Record a drug test (xét nghiệm) and its result."""
    acting(session, Permission.EDIT_PEOPLE)
    person = _live_person(session, person_id)
    check_drug_test(test_date, result, today or date.today())
    test = DrugTest(
        unit_code=person.unit_code,
        person_id=person.id,
        test_date=test_date,
        result=result,
        substances=substances.strip(),
        notes=notes.strip(),
    )
    session.add(test)
    session.flush()
    return test
