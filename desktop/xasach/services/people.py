"""People's files (hồ sơ quản lý): creating and correcting them through the domain rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.episodes import EpisodeType, status_label, validate_episode_dates
from xasach.domain.errors import DomainError
from xasach.domain.person import validate_identity
from xasach.domain.personal_id import mask_id
from xasach.domain.roles import Permission
from xasach.domain.rules import planned_end
from xasach.i18n import _
from xasach.services.common import acting, own_unit
from xasach.store import audit
from xasach.store.models import Episode, Person, Village
from xasach.store.reference import rule_set
from xasach.store.search import search_person_ids


def _village(session: Session, village_id: str | None, unit_code: str) -> Village | None:
    if not village_id:
        return None
    village = session.get(Village, village_id)
    if village is None or village.deleted_at is not None or village.unit_code != unit_code:
        raise DomainError(
            _("Unknown village or residential group “{v}”. Choose one of the commune's.").format(
                v=village_id
            ),
            "village_id",
        )
    return village


def create_person(session: Session, *, today: date | None = None, **fields: Any) -> Person:
    """Add a person's file after checking identity (ID number, dates) and village."""
    acting(session, Permission.EDIT_PEOPLE)
    today = today or date.today()
    unit = own_unit(session)
    identity = validate_identity(
        full_name=fields.pop("full_name", ""),
        today=today,
        birth_date=fields.pop("birth_date", None),
        birth_year=fields.pop("birth_year", None),
        sex=fields.pop("sex", None),
        id_number=fields.pop("id_number", None),
        legacy_id_number=fields.pop("legacy_id_number", None),
    )
    _village(session, fields.get("village_id"), unit)
    person = Person(
        unit_code=unit,
        full_name=identity.full_name,
        birth_date=identity.birth_date,
        birth_year=identity.birth_year,
        sex=identity.sex.value if identity.sex else None,
        id_number=identity.id_number,
        legacy_id_number=identity.legacy_id_number,
        **fields,
    )
    session.add(person)
    session.flush()
    return person


def add_episode(
    session: Session,
    person: Person,
    kind: EpisodeType | str,
    start: date,
    *,
    months: int | None = None,
    after: EpisodeType | str | None = None,
    actual_end: date | None = None,
    today: date | None = None,
    **fields: Any,
) -> Episode:
    """Open an episode; its planned end comes from the rule table, never from code."""
    acting(session, Permission.EDIT_PEOPLE)
    today = today or date.today()
    kind = EpisodeType(kind)
    after_kind = EpisodeType(after) if after else None
    minor = _is_minor(person, start)
    end = planned_end(rule_set(session), kind, start, months=months, after=after_kind, minor=minor)
    validate_episode_dates(start, end, actual_end, today)
    episode = Episode(
        unit_code=person.unit_code,
        person=person,
        kind=kind.value,
        start_date=start,
        planned_end=end,
        actual_end=actual_end,
        duration_months=months,
        after_kind=after_kind.value if after_kind else None,
        **fields,
    )
    session.add(episode)
    session.flush()
    return episode


def _is_minor(person: Person, on: date) -> bool:
    if person.birth_date:
        return (on.year - person.birth_date.year) - (
            (on.month, on.day) < (person.birth_date.month, person.birth_date.day)
        ) < 18
    return person.birth_year is not None and on.year - person.birth_year < 18


@dataclass(frozen=True)
class PersonLine:
    """One search result line: id, name, birth, village, status."""

    id: str
    full_name: str
    birth: str
    village: str
    status: str
    status_label: str


def birth_text(person: Person) -> str:
    if person.birth_date:
        return person.birth_date.strftime("%d/%m/%Y")
    return str(person.birth_year) if person.birth_year else ""


def search_people(session: Session, query: str, *, limit: int = 50) -> list[PersonLine]:
    acting(session, Permission.VIEW_PEOPLE)
    ids = search_person_ids(session, query, limit=limit)
    if not ids:
        return []
    by_id = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    return [
        PersonLine(
            p.id,
            p.full_name,
            birth_text(p),
            p.village.name if p.village else "",
            p.status,
            status_label(p.status),
        )
        for p in (by_id[i] for i in ids)
    ]


def open_person(session: Session, person_id: str) -> Person:
    """A person's file, for viewing: the view is recorded in the audit trail."""
    actor = acting(session, Permission.VIEW_PEOPLE)
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise DomainError(_("This person's file does not exist or was deleted."))
    audit.append(session, actor.username, "view", "person", person.id)
    return person


def shown_id_number(person: Person) -> str:
    """The ID number as lists show it: masked to the last 4 digits."""
    return mask_id(person.id_number or "")


def reveal_id_number(session: Session, person_id: str) -> str:
    """The full ID number, on an explicit "show" action that is audited."""
    actor = acting(session, Permission.REVEAL_ID)
    person = session.get(Person, person_id)
    if person is None:
        raise DomainError(_("This person's file does not exist or was deleted."))
    audit.append(session, actor.username, "reveal_id", "person", person.id)
    return person.id_number or ""
