"""People's files (hồ sơ quản lý): creating and correcting them through the domain rules.

Every write checks the role of the logged-in user and the rules of `domain`, and happens in the
caller's session — one `Database.session()` is one transaction, so a dialog's Save either
stores everything it holds or nothing. Refusals are `DomainError(message, field)`, the field
naming the input at fault so a form can show the message under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xasach.domain.episodes import EpisodeType, status_label, validate_episode_dates
from xasach.domain.errors import DomainError
from xasach.domain.person import EARLIEST_BIRTH_YEAR, validate_identity
from xasach.domain.personal_id import mask_id
from xasach.domain.roles import Permission
from xasach.domain.rules import planned_end
from xasach.i18n import N_, _
from xasach.services.common import acting, own_unit
from xasach.store import audit
from xasach.store.models import Episode, HotspotPerson, Person, Village
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


#: Category of a file (Law 73/2021 art. 2): illegal user (người sử dụng trái phép, SDTP) or
#: addict (người nghiện).
CATEGORY_LABELS: dict[str, str] = {
    "illegal_user": N_("Illegal drug user"),
    "addict": N_("Drug addict"),
}

#: Fields of a person's file an officer may set; identity ones are checked together.
PERSON_FIELDS = frozenset(
    {
        "full_name", "other_names", "birth_date", "birth_year", "sex", "id_number",
        "legacy_id_number", "village_id", "address_text", "occupation", "family_situation",
        "category", "drug_types", "use_method", "using_since_year", "criminal_record",
        "administrative_record", "notes",
    }
)  # fmt: skip


def category_label(category: str) -> str:
    return _(CATEGORY_LABELS[category]) if category in CATEGORY_LABELS else category


def _check_details(fields: dict[str, Any], today: date) -> None:
    """The non-identity fields with a rule: category, and the year drug use began."""
    category = fields.get("category")
    if category is not None and category not in CATEGORY_LABELS:
        raise DomainError(_("Unknown category “{c}”.").format(c=category), "category")
    since = fields.get("using_since_year")
    if since is not None and not EARLIEST_BIRTH_YEAR <= since <= today.year:
        raise DomainError(
            _("The year drug use began must be between {low} and {high} (got {y}).").format(
                low=EARLIEST_BIRTH_YEAR, high=today.year, y=since
            ),
            "using_since_year",
        )


def create_person(session: Session, *, today: date | None = None, **fields: Any) -> Person:
    """Add a person's file after checking identity (ID number, dates) and village."""
    acting(session, Permission.EDIT_PEOPLE)
    today = today or date.today()
    _check_details(fields, today)
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
    check_decision_date(fields.get("decision_date"), today)
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
    return is_minor(person.birth_date, person.birth_year, on)


def is_minor(birth_date: date | None, birth_year: int | None, on: date) -> bool:
    """Under 18 on `on` (the compulsory-rehab range for minors applies)."""
    if birth_date:
        return (on.year - birth_date.year) - (
            (on.month, on.day) < (birth_date.month, birth_date.day)
        ) < 18
    return birth_year is not None and on.year - birth_year < 18


def check_decision_date(decided: date | None, today: date) -> None:
    """A decision (quyết định) cannot be dated in the future."""
    if decided is not None and decided > today:
        raise DomainError(
            _("The decision date {d} is in the future.").format(d=decided.strftime("%d/%m/%Y")),
            "decision_date",
        )


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


# --- correcting a file ------------------------------------------------------------------------


def _live_person(session: Session, person_id: str) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise DomainError(_("This person's file does not exist or was deleted."))
    return person


def _birth_pair(person: Person, fields: dict[str, Any]) -> tuple[date | None, int | None]:
    """Birth is one value typed as a date or a year: giving either replaces both."""
    if "birth_date" not in fields and "birth_year" not in fields:
        return person.birth_date, person.birth_year
    birth_date = fields.get("birth_date")
    return birth_date, fields.get("birth_year", birth_date.year if birth_date else None)


def update_person(
    session: Session, person_id: str, *, today: date | None = None, **fields: Any
) -> Person:
    """Correct a person's file with the checks of `create_person` (identity as a whole, ID
    number against birth year and sex, village of this commune); only changed fields are
    written, so an unchanged file makes no new version."""
    acting(session, Permission.EDIT_PEOPLE)
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"not a field of a person's file: {', '.join(sorted(unknown))}")
    today = today or date.today()
    person = _live_person(session, person_id)
    _check_details(fields, today)
    birth_date, birth_year = _birth_pair(person, fields)
    identity = validate_identity(
        full_name=fields.get("full_name", person.full_name),
        today=today,
        birth_date=birth_date,
        birth_year=birth_year,
        sex=fields.get("sex", person.sex),
        id_number=fields.get("id_number", person.id_number),
        legacy_id_number=fields.get("legacy_id_number", person.legacy_id_number),
    )
    if "village_id" in fields:
        _village(session, fields["village_id"], person.unit_code)
    values = {
        **fields,
        "full_name": identity.full_name,
        "birth_date": identity.birth_date,
        "birth_year": identity.birth_year,
        "sex": identity.sex.value if identity.sex else None,
        "id_number": identity.id_number,
        "legacy_id_number": identity.legacy_id_number,
    }
    for key, value in values.items():
        if key == "village_id":
            value = value or None
        elif value is None and key not in ("birth_date", "birth_year", "sex", "using_since_year"):
            value = "" if key not in ("id_number", "legacy_id_number") else None
        if getattr(person, key) != value:
            setattr(person, key, value)
    session.flush()
    return person


def delete_person(session: Session, person_id: str) -> None:
    """Xóa hồ sơ: a tombstone, never a physical delete — it is synced to the upper level and
    leaves the lists and the search index; the history stays in the change log. Its links to
    hotspots get tombstones too, so no hotspot counts a person nobody can open."""
    acting(session, Permission.EDIT_PEOPLE)
    person = _live_person(session, person_id)
    person.soft_delete()
    links = session.scalars(
        select(HotspotPerson).where(
            HotspotPerson.person_id == person.id, HotspotPerson.deleted_at.is_(None)
        )
    )
    for link in links:
        link.soft_delete()
    session.flush()


def identity_problems(
    session: Session, person_id: str | None, *, today: date | None = None, **fields: Any
) -> dict[str, str]:
    """What is wrong with the identity typed so far, field by field (for checking as the
    officer types). A field left out keeps the stored value — so a masked ID number the
    officer never revealed is still checked against a changed birth year or sex."""
    acting(session, Permission.VIEW_PEOPLE)
    today = today or date.today()
    stored = _live_person(session, person_id) if person_id else None
    if stored is not None and "id_number" not in fields:
        fields["id_number"] = stored.id_number
    problems: dict[str, str] = {}
    steps: list[tuple[str, dict[str, Any]]] = [
        ("full_name", {"full_name": fields.get("full_name", "")}),
        ("birth", {"birth_date": fields.get("birth_date"), "birth_year": fields.get("birth_year")}),
        ("id_number", {"sex": fields.get("sex"), "id_number": fields.get("id_number")}),
        ("legacy_id_number", {"legacy_id_number": fields.get("legacy_id_number")}),
    ]
    checked: dict[str, Any] = {"full_name": "x"}
    for step, values in steps:
        try:
            validate_identity(today=today, **{**checked, **values})
        except DomainError as exc:
            problems[exc.field or step] = exc.message
            continue
        if step != "full_name":
            checked.update(values)  # later fields are checked against the valid earlier ones
    return problems


# --- episodes and drug tests ------------------------------------------------------------------
