"""A person's file as its dialog shows it (hồ sơ quản lý): identity, episodes, drug tests and
linked hotspots, and the planned end an episode would get before it is saved.

Plain frozen values, so a dialog never holds a live ORM session. The full personal ID number is
not among them: screens show it masked, and showing it in full is an explicit, audited action
(`people.reveal_id_number`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.episodes import EpisodeSpan as _Span
from xasach.domain.episodes import (
    EpisodeType,
    episode_label,
    is_open,
    status_label,
    validate_episode_dates,
)
from xasach.domain.hotspots import hotspot_kind_label, hotspot_status_label
from xasach.domain.roles import Permission
from xasach.domain.rules import duration_bounds, planned_end
from xasach.services.common import acting
from xasach.services.episodes import result_label_of
from xasach.services.people import check_decision_date, is_minor, open_person, shown_id_number
from xasach.store.models import DrugTest, Episode, Hotspot, HotspotPerson, Village
from xasach.store.reference import rule_set


@dataclass(frozen=True)
class EpisodeLine:
    """Một giai đoạn: one episode of the file's timeline."""

    id: str
    kind: str
    kind_label: str
    start_date: date
    planned_end: date | None
    actual_end: date | None
    duration_months: int | None
    after_kind: str | None
    decision_number: str
    decision_date: date | None
    decided_by: str
    facility: str
    outcome: str
    notes: str

    def is_open(self, today: date) -> bool:
        return is_open(_Span(EpisodeType(self.kind), self.start_date, self.actual_end), today)


@dataclass(frozen=True)
class DrugTestLine:
    """Một lần xét nghiệm."""

    id: str
    test_date: date
    result: str
    result_label: str
    substances: str
    notes: str


@dataclass(frozen=True)
class LinkedHotspot:
    """A hotspot (tụ điểm) the person is linked to, and the role there."""

    hotspot_id: str
    name: str
    kind_label: str
    village: str
    status_label: str
    role: str


@dataclass(frozen=True)
class PersonFile:
    """The file as the dialog fills its form; `id_masked` stands in for the ID number."""

    id: str
    full_name: str
    other_names: str
    birth_date: date | None
    birth_year: int | None
    sex: str | None
    id_masked: str
    legacy_id_number: str
    village_id: str | None
    address_text: str
    occupation: str
    family_situation: str
    category: str
    drug_types: str
    use_method: str
    using_since_year: int | None
    criminal_record: str
    administrative_record: str
    notes: str
    status: str
    status_label: str
    episodes: tuple[EpisodeLine, ...]
    drug_tests: tuple[DrugTestLine, ...]
    hotspots: tuple[LinkedHotspot, ...]


def open_person_file(session: Session, person_id: str) -> PersonFile:
    """Open a file for viewing: the view is recorded in the audit trail (open_person)."""
    person = open_person(session, person_id)
    return PersonFile(
        id=person.id,
        full_name=person.full_name,
        other_names=person.other_names,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        sex=person.sex,
        id_masked=shown_id_number(person),
        legacy_id_number=person.legacy_id_number or "",
        village_id=person.village_id,
        address_text=person.address_text,
        occupation=person.occupation,
        family_situation=person.family_situation,
        category=person.category,
        drug_types=person.drug_types,
        use_method=person.use_method,
        using_since_year=person.using_since_year,
        criminal_record=person.criminal_record,
        administrative_record=person.administrative_record,
        notes=person.notes,
        status=person.status,
        status_label=status_label(person.status),
        episodes=tuple(person_episodes(session, person.id)),
        drug_tests=tuple(person_drug_tests(session, person.id)),
        hotspots=tuple(person_hotspots(session, person.id)),
    )


def person_episodes(session: Session, person_id: str) -> list[EpisodeLine]:
    """The timeline, oldest first (history is kept, not overwritten)."""
    acting(session, Permission.VIEW_PEOPLE)
    rows = session.scalars(
        select(Episode)
        .where(Episode.person_id == person_id, Episode.deleted_at.is_(None))
        .order_by(Episode.start_date, Episode.created_at)
    )
    return [
        EpisodeLine(
            id=e.id,
            kind=e.kind,
            kind_label=episode_label(e.kind),
            start_date=e.start_date,
            planned_end=e.planned_end,
            actual_end=e.actual_end,
            duration_months=e.duration_months,
            after_kind=e.after_kind,
            decision_number=e.decision_number,
            decision_date=e.decision_date,
            decided_by=e.decided_by,
            facility=e.facility,
            outcome=e.outcome,
            notes=e.notes,
        )
        for e in rows
    ]


def person_drug_tests(session: Session, person_id: str) -> list[DrugTestLine]:
    acting(session, Permission.VIEW_PEOPLE)
    rows = session.scalars(
        select(DrugTest)
        .where(DrugTest.person_id == person_id, DrugTest.deleted_at.is_(None))
        .order_by(DrugTest.test_date, DrugTest.created_at)
    )
    return [
        DrugTestLine(t.id, t.test_date, t.result, result_label_of(t.result), t.substances, t.notes)
        for t in rows
    ]


def person_hotspots(session: Session, person_id: str) -> list[LinkedHotspot]:
    """Hotspots the person is linked to (read-only here: links are made on the hotspot)."""
    acting(session, Permission.VIEW_PEOPLE)
    rows = session.execute(
        select(Hotspot, Village.name, HotspotPerson.role)
        .join(HotspotPerson, HotspotPerson.hotspot_id == Hotspot.id)
        .outerjoin(Village, Village.id == Hotspot.village_id)
        .where(
            HotspotPerson.person_id == person_id,
            HotspotPerson.deleted_at.is_(None),
            Hotspot.deleted_at.is_(None),
        )
        .order_by(Hotspot.discovered_date, Hotspot.name)
    )
    return [
        LinkedHotspot(
            hotspot_id=h.id,
            name=h.name,
            kind_label=hotspot_kind_label(h.kind),
            village=village or "",
            status_label=hotspot_status_label(h.status),
            role=role,
        )
        for h, village, role in rows
    ]


@dataclass(frozen=True)
class EpisodePlan:
    """What the rule table says of an episode before it is saved: the legal range of its
    duration in months (None: open-ended, e.g. methadone) and its planned end."""

    bounds: tuple[int, int, int] | None
    planned_end: date | None


def plan_episode(
    session: Session,
    kind: EpisodeType | str,
    start: date,
    *,
    months: int | None = None,
    after: EpisodeType | str | None = None,
    birth_date: date | None = None,
    birth_year: int | None = None,
) -> EpisodePlan:
    """The planned end shown while an episode is typed; a duration outside the legal range
    raises DomainError (field "duration_months"), as saving would."""
    acting(session, Permission.VIEW_PEOPLE)
    kind = EpisodeType(kind)
    after_kind = EpisodeType(after) if after else None
    minor = is_minor(birth_date, birth_year, start)
    rules = rule_set(session)
    bounds = duration_bounds(rules, kind, start, minor=minor)
    if kind == EpisodeType.POST_REHAB and after_kind == EpisodeType.COMPULSORY_REHAB and not minor:
        fixed = int(rules.value("episode.post_rehab.after_compulsory.months", start))
        bounds = (fixed, fixed, fixed)
        months = None
    end = planned_end(rules, kind, start, months=months, after=after_kind, minor=minor)
    return EpisodePlan(bounds, end)


def check_episode(
    session: Session,
    kind: EpisodeType | str,
    start: date,
    *,
    months: int | None = None,
    after: EpisodeType | str | None = None,
    actual_end: date | None = None,
    decision_date: date | None = None,
    birth_date: date | None = None,
    birth_year: int | None = None,
    today: date | None = None,
) -> EpisodePlan:
    """Every check `add_episode` makes, without writing: a form can refuse before it closes."""
    plan = plan_episode(
        session,
        kind,
        start,
        months=months,
        after=after,
        birth_date=birth_date,
        birth_year=birth_year,
    )
    today = today or date.today()
    validate_episode_dates(start, plan.planned_end, actual_end, today)
    check_decision_date(decision_date, today)
    return plan
