"""Data of the forms about people (forms 1–4): the list under management — the commune's by
village, or the upper level's by commune — one person's file, and the two decisions of the
commune chair. Labels come from the forms' vocabulary, so the paper stays Vietnamese.

The full personal ID number is printed on a person's own file and decisions only for a role
that may reveal it (the print is audited); lists always mask it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xasach.domain.episodes import STATUS_NONE, STATUS_PRIORITY, EpisodeType
from xasach.domain.errors import DomainError
from xasach.domain.personal_id import mask_id
from xasach.domain.roles import Actor, Permission
from xasach.domain.text import fold
from xasach.i18n import _
from xasach.printing.model import (
    DecisionData,
    EpisodeRow,
    Issue,
    LinkRow,
    PeopleListData,
    PersonFileData,
    PersonListRow,
    Tally,
    TestRow,
)
from xasach.printing.templates import vocabulary
from xasach.printing.words import short_date
from xasach.services.people_list import open_episode
from xasach.store.models import (
    AdminUnit,
    DrugTest,
    Episode,
    Hotspot,
    HotspotPerson,
    Person,
    Village,
)


def with_village(address: str, village: str) -> str:
    """The address with its village, unless the address already names it."""
    if not village or fold(village) in fold(address):
        return address
    return ", ".join(p for p in (address, village) if p)


def birth_text(born: date | None, year: int | None) -> str:
    return short_date(born) if born else (str(year) if year else "")


# --- 1. the list -------------------------------------------------------------------------------


def _current_episodes(
    session: Session, person_ids: Sequence[str], today: date
) -> dict[str, dict[str, tuple[date, date | None]]]:
    """Per person, per kind: (start, planned end) of the latest open episode of that kind."""
    found: dict[str, dict[str, tuple[date, date | None]]] = {}
    chunk = 900  # SQLite's limit on bound parameters
    for first in range(0, len(person_ids), chunk):
        ids = person_ids[first : first + chunk]
        rows = session.execute(
            select(Episode.person_id, Episode.kind, Episode.start_date, Episode.planned_end)
            .where(Episode.person_id.in_(ids), open_episode(today))
            .order_by(Episode.start_date)
        )
        for pid, kind, start, end in rows:
            found.setdefault(pid, {})[kind] = (start, end)
    return found


def people_list_data(
    session: Session, issue: Issue, today: date, *, by_commune: bool = False
) -> PeopleListData:
    """People with an open episode (status other than "none"), by village (or by commune, then
    village), then by accent-insensitive name."""
    commune = func.coalesce(AdminUnit.name, Person.unit_code)
    stmt = (
        select(
            Person.id,
            Person.full_name,
            Person.other_names,
            Person.birth_date,
            Person.birth_year,
            Person.sex,
            Person.id_number,
            Person.address_text,
            Person.status,
            func.coalesce(Village.name, ""),
            commune,
        )
        .select_from(Person)
        .outerjoin(Village, Village.id == Person.village_id)
        .outerjoin(AdminUnit, AdminUnit.code == Person.unit_code)
        .where(Person.deleted_at.is_(None), Person.status != STATUS_NONE)
    )
    order: list[Any] = [func.coalesce(Village.sort_order, 10**9), Village.name]
    if by_commune:
        order = [commune, *order]
    rows = session.execute(stmt.order_by(*order, Person.search_folded, Person.id)).all()
    episodes = _current_episodes(session, [r[0] for r in rows], today)
    labels: dict[tuple[str, str], str] = {}

    def label(group: str, key: str) -> str:
        found = labels.get((group, key))
        if found is None:
            found = labels[(group, key)] = vocabulary(group, key)
        return found

    lines: list[PersonListRow] = []
    counts: dict[str, int] = {}
    for pid, name, other, born, year, sex, id_number, address, status, village, unit in rows:
        start, end = episodes.get(pid, {}).get(status, (None, None))
        counts[status] = counts.get(status, 0) + 1
        lines.append(
            PersonListRow(
                group=unit if by_commune else village,
                full_name=name,
                other_names=other,
                birth=birth_text(born, year),
                sex=label("sex", sex) if sex else "",
                id_masked=mask_id(id_number or ""),
                address=with_village(address, village) if by_commune else address,
                status=label("status", status),
                since=short_date(start),
                planned_end=short_date(end),
            )
        )
    order_of = {kind.value: i for i, kind in enumerate(STATUS_PRIORITY)}
    tallies = [
        Tally(label("status", s), n)
        for s, n in sorted(counts.items(), key=lambda item: order_of.get(item[0], 99))
    ]
    return PeopleListData(issue, today, lines, tallies, "commune" if by_commune else "village")


# --- 2. one person's file ----------------------------------------------------------------------


def live_person(session: Session, person_id: str | None) -> Person:
    if not person_id:
        raise DomainError(_("This form is about one person: choose the person (--person ID)."))
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise DomainError(
            _("There is no person's file with id “{id}”. Find the id with “xasach search”.").format(
                id=person_id
            )
        )
    return person


def shown_id(person: Person, actor: Actor) -> str:
    number = person.id_number or ""
    return number if actor.can(Permission.REVEAL_ID) else mask_id(number)


def identity_pairs(person: Person, actor: Actor, *, full: bool) -> list[tuple[str, str]]:
    """(template key, value) of the identity, in the order forms print them."""
    village = person.village.name if person.village else ""
    pairs = [
        ("full_name", person.full_name),
        ("other_names", person.other_names),
        ("birth", birth_text(person.birth_date, person.birth_year)),
        ("sex", vocabulary("sex", person.sex) if person.sex else ""),
        ("id_number", shown_id(person, actor)),
    ]
    if not full:
        address = with_village(person.address_text, village)
        return [*[p for p in pairs if p[0] != "other_names" or p[1]], ("address", address)]
    legacy = person.legacy_id_number or ""
    return [
        *pairs,
        ("legacy_id_number", legacy if actor.can(Permission.REVEAL_ID) else mask_id(legacy)),
        ("village", village),
        ("address", person.address_text),
        ("occupation", person.occupation),
        ("family", person.family_situation),
        ("category", vocabulary("category", person.category)),
        ("drug_types", person.drug_types),
        ("use_method", person.use_method),
        ("using_since", str(person.using_since_year or "")),
        ("criminal_record", person.criminal_record),
        ("administrative_record", person.administrative_record),
        ("notes", person.notes),
    ]


def _episodes(session: Session, person_id: str) -> list[Episode]:
    return list(
        session.scalars(
            select(Episode)
            .where(Episode.person_id == person_id, Episode.deleted_at.is_(None))
            .order_by(Episode.start_date, Episode.created_at)
        )
    )


def person_file_data(
    session: Session, issue: Issue, actor: Actor, person: Person
) -> PersonFileData:
    episodes = [
        EpisodeRow(
            kind=vocabulary("episode", e.kind),
            start=short_date(e.start_date),
            planned_end=short_date(e.planned_end),
            actual_end=short_date(e.actual_end),
            decision=", ".join(p for p in (e.decision_number, short_date(e.decision_date)) if p),
            decided_by=e.decided_by,
            facility=e.facility,
            outcome=e.outcome,
        )
        for e in _episodes(session, person.id)
    ]
    tests = [
        TestRow(short_date(t.test_date), vocabulary("test_result", t.result), t.substances)
        for t in session.scalars(
            select(DrugTest)
            .where(DrugTest.person_id == person.id, DrugTest.deleted_at.is_(None))
            .order_by(DrugTest.test_date)
        )
    ]
    links = [
        LinkRow(h.name, village or "", vocabulary("hotspot_status", h.status), role)
        for h, village, role in session.execute(
            select(Hotspot, Village.name, HotspotPerson.role)
            .join(HotspotPerson, HotspotPerson.hotspot_id == Hotspot.id)
            .outerjoin(Village, Village.id == Hotspot.village_id)
            .where(
                HotspotPerson.person_id == person.id,
                HotspotPerson.deleted_at.is_(None),
                Hotspot.deleted_at.is_(None),
            )
            .order_by(Hotspot.discovered_date)
        )
    ]
    return PersonFileData(
        issue=issue,
        full_name=person.full_name,
        identity=identity_pairs(person, actor, full=True),
        status=vocabulary("status", person.status),
        episodes=episodes,
        tests=tests,
        hotspots=links,
    )


# --- 3, 4. decisions ---------------------------------------------------------------------------


def decision_episode(session: Session, person: Person, kind: EpisodeType) -> Episode:
    """The latest episode of `kind` in the file: the one the decision is about."""
    chosen = [e for e in _episodes(session, person.id) if e.kind == kind.value]
    if not chosen:
        what = vocabulary("episode", kind.value)
        raise DomainError(
            _(
                "{name}'s file has no episode “{what}”. Add the episode to the file first, "
                "then print its decision."
            ).format(name=person.full_name, what=what)
        )
    return chosen[-1]


def months_between(start: date, end: date | None) -> int | None:
    if end is None:
        return None
    return (end.year - start.year) * 12 + end.month - start.month


def decision_data(issue: Issue, actor: Actor, person: Person, episode: Episode) -> DecisionData:
    """The period printed is the episode's, whose planned end came from the rule table."""
    after = ""
    if episode.after_kind:
        after = vocabulary("episode", episode.after_kind)
        after = after[:1].lower() + after[1:]
    return DecisionData(
        issue=issue,
        full_name=person.full_name,
        identity=identity_pairs(person, actor, full=False),
        start=episode.start_date,
        end=episode.planned_end,
        months=episode.duration_months or months_between(episode.start_date, episode.planned_end),
        after=after,
        facility=episode.facility,
    )
