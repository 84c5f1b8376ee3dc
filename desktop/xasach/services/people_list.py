"""The people register's list (danh sách người trong diện quản lý): filters, sort and pages in SQL.

A province keeps tens of thousands of files and the country about 200,000 (DESIGN.md), so the
list never loads every row nor sorts in Python: each filter is a SQL condition, each sort a
key of SQL expressions that are never NULL, and pages follow one another by *keyset* (rows
after the last row's key), so page 1,000 costs what page 1 costs. Text goes through the FTS5
index the store keeps (accent-insensitive: "duc" finds Đức); counting a plain text search
asks the index alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import Session

from xasach.domain.episodes import STATUS_NONE, STATUS_PRIORITY, status_label
from xasach.domain.personal_id import Sex, mask_id, sex_label
from xasach.domain.roles import Permission
from xasach.domain.text import fold
from xasach.services.common import acting
from xasach.services.villages import VillageChoice, village_choices_for
from xasach.store.models import Episode, Person, Village
from xasach.store.search import MAX_QUERY_WORDS, fts_query

PAGE_SIZE = 200
#: Above this many text matches, a page walks the sort order and keeps the matching rows
#: instead of fetching every match and sorting them: far fewer rows read for common words.
WALK_ABOVE_MATCHES = 2000
#: Sort-key stand-ins for a missing value, so keys are never NULL (keyset paging compares them).
_NO_VILLAGE_ORDER = 1_000_000_000
_NO_DEADLINE = "9999-12-31"

_MATCH_IDS = """SELECT m.person_id FROM person_search
    JOIN person_search_map m ON m.doc = person_search.rowid
    WHERE person_search MATCH :people_match"""


class PeopleSort(StrEnum):
    """Columns the list sorts by; name order is accent-insensitive (Đặng with Dương)."""

    NAME = "name"
    BIRTH = "birth"
    VILLAGE = "village"
    STATUS = "status"  # tình trạng, the weightiest first (compulsory rehab before follow-ups)
    NEXT_END = "next_end"  # hạn kết thúc gần nhất của giai đoạn đang mở


#: A pseudo-status: any status but "not under management" (đang trong diện quản lý).
UNDER_MANAGEMENT = "under_management"


@dataclass(frozen=True)
class PeopleFilter:
    """What the officer narrows the list to; every part is optional.

    `status` is a current status (domain.episodes), or UNDER_MANAGEMENT for any but "none".
    `episode_kind`: has an *open* episode of that kind today. `due_within_days`: has an open
    episode whose planned end falls within that many days from today — or has already passed
    (quá hạn): an overdue deadline is the most urgent kind of "due".
    """

    text: str = ""
    status: str | None = None
    village_id: str | None = None
    episode_kind: str | None = None
    due_within_days: int | None = None
    include_deleted: bool = False

    def only_text(self) -> bool:
        return self == PeopleFilter(text=self.text)


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One line of the list. `key`, on the last row of a page only, is its place in the sort
    order: the `after` of the next page (kept off the other rows: a long list holds many)."""

    id: str
    full_name: str
    birth: str
    sex: str
    sex_label: str
    id_masked: str
    village: str
    status: str
    status_label: str
    next_end: date | None
    deleted: bool
    key: tuple[Any, ...]


def village_choices(session: Session) -> list[VillageChoice]:
    """The commune's live villages in their order (thứ tự thôn)."""
    return village_choices_for(session, Permission.VIEW_PEOPLE)


# --- conditions ------------------------------------------------------------------------------


def open_episode(today: date) -> ColumnElement[bool]:
    """An episode running today (domain.episodes.is_open, in SQL)."""
    return and_(
        Episode.deleted_at.is_(None),
        Episode.start_date <= today,
        or_(Episode.actual_end.is_(None), Episode.actual_end > today),
    )


def _has_open_episode(today: date, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    # Often thousands of people: walk the list's order and keep the members (see _text_condition).
    members = select(Episode.person_id).where(open_episode(today), *conditions)
    found: ColumnElement[bool] = _unindexed(Person.id).in_(members)
    return found


def _unindexed(column: Any) -> Any:
    """`+column`: the same value, but SQLite will not pick an index on it (no allocation, unlike
    `column || ''` — costly under SQLCipher's memory security)."""
    return literal_column(f"+{column.table.name}.{column.name}", column.type)


def _next_end(today: date) -> Any:
    """The nearest planned end among the open episodes (may be past: overdue)."""
    return (
        select(func.min(Episode.planned_end))
        .where(Episode.person_id == Person.id, open_episode(today))
        .correlate(Person)
        .scalar_subquery()
    )


def _match_count(session: Session, match: str) -> int:
    sql = text("SELECT count(*) FROM person_search WHERE person_search MATCH :people_match")
    return session.scalar(sql, {"people_match": match}) or 0


def _text_condition(session: Session, flt: PeopleFilter) -> ColumnElement[bool] | None:
    match = fts_query(flt.text)
    if match is None:
        return None
    ids = text(_MATCH_IDS).bindparams(people_match=match).columns(person_id=String)
    # A few matches are looked up by id; for a common word, looking up every match costs more
    # than walking the list's order and keeping the matches.
    walk = _match_count(session, match) > WALK_ABOVE_MATCHES
    found = (_unindexed(Person.id) if walk else Person.id).in_(ids)
    if not flt.include_deleted:
        return found
    # Deleted files have left the search index; match their stored folded text instead.
    words = fold(flt.text).split()[:MAX_QUERY_WORDS]
    in_deleted = and_(
        Person.deleted_at.is_not(None),
        *(Person.search_folded.contains(w, autoescape=True) for w in words),
    )
    return or_(found, in_deleted)


def _conditions(
    session: Session, flt: PeopleFilter, today: date, *, by_name: bool = True
) -> list[ColumnElement[bool]]:
    """`by_name`: the rows are wanted in name order, which an index of live files by name may
    serve; for any other order one pass over the table beats reading it through that index."""
    found: list[ColumnElement[bool]] = []
    if not flt.include_deleted:
        live = Person.deleted_at if by_name else _unindexed(Person.deleted_at)
        found.append(live.is_(None))
    if flt.status == UNDER_MANAGEMENT:
        found.append(Person.status != STATUS_NONE)
    elif flt.status:
        found.append(Person.status == flt.status)
    if flt.village_id:
        found.append(Person.village_id == flt.village_id)
    if flt.episode_kind:
        found.append(_has_open_episode(today, Episode.kind == flt.episode_kind))
    if flt.due_within_days is not None:
        limit = today + timedelta(days=max(0, flt.due_within_days))
        ending = _has_open_episode(
            today, Episode.planned_end.is_not(None), Episode.planned_end <= limit
        )
        # Notification deadlines (register for rehab, notify on a move) are few; see services.due.
        from xasach.services.due import notice_person_ids

        notices = notice_person_ids(session, flt.due_within_days, today)
        found.append(or_(ending, Person.id.in_(sorted(notices))) if notices else ending)
    text_condition = _text_condition(session, flt)
    if text_condition is not None:
        found.append(text_condition)
    return found


# --- sort keys -------------------------------------------------------------------------------


def _as_text(expr: Any) -> Any:
    """Compare as stored (ISO text for dates): keys go back into SQL as they came out."""
    return type_coerce(expr, String)


def _sort_key(sort: PeopleSort, next_end: Any) -> list[Any]:
    """The sort's expressions, never NULL, ending with the name and the id so that every row
    has one place and pages neither repeat nor skip a row."""
    by_name = [Person.search_folded, Person.id]
    if sort == PeopleSort.BIRTH:
        return [
            func.coalesce(Person.birth_year, 0),
            _as_text(func.coalesce(Person.birth_date, literal_column("''"))),
            Person.id,
        ]
    if sort == PeopleSort.VILLAGE:
        return [
            func.coalesce(Village.sort_order, _NO_VILLAGE_ORDER),
            func.coalesce(Village.name, ""),
            *by_name,
        ]
    if sort == PeopleSort.STATUS:
        weights = {kind.value: rank for rank, kind in enumerate(STATUS_PRIORITY)}
        return [case(weights, value=Person.status, else_=len(weights)), *by_name]
    if sort == PeopleSort.NEXT_END:
        return [_as_text(func.coalesce(next_end, _NO_DEADLINE)), *by_name]
    return by_name


def _base(columns: list[Any]) -> Select[Any]:
    return select(*columns).select_from(Person).outerjoin(Village, Village.id == Person.village_id)


# --- the service -----------------------------------------------------------------------------


def count_people(session: Session, flt: PeopleFilter, *, today: date | None = None) -> int:
    """How many files the filter keeps (the row count shown above the list)."""
    acting(session, Permission.VIEW_PEOPLE)
    today = today or date.today()
    if flt.only_text():
        # The search index holds exactly the live files: counting there reads far less.
        match = fts_query(flt.text)
        if match is None:
            return session.scalar(text("SELECT count(*) FROM person_search")) or 0
        return _match_count(session, match)
    stmt = select(func.count()).select_from(Person)
    return session.scalar(stmt.where(*_conditions(session, flt, today))) or 0


def people_page(
    session: Session,
    flt: PeopleFilter,
    sort: PeopleSort | str = PeopleSort.NAME,
    descending: bool = False,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    *,
    after: tuple[Any, ...] | None = None,
    today: date | None = None,
) -> list[PersonRow]:
    """`limit` rows in `sort` order: from `offset`, or — faster for the next page of a long
    list — right after the row whose `key` is `after` (then `offset` counts from there)."""
    acting(session, Permission.VIEW_PEOPLE)
    today = today or date.today()
    sort = PeopleSort(sort)
    key = _sort_key(sort, _next_end(today))
    columns = [
        Person.id,
        Person.full_name,
        Person.birth_date,
        Person.birth_year,
        Person.sex,
        Person.id_number,
        Village.name,
        Person.status,
        Person.deleted_at,
    ]
    by_name = sort == PeopleSort.NAME
    stmt = _base([*columns, *key]).where(*_conditions(session, flt, today, by_name=by_name))
    if after is not None:
        position = tuple_(*key)
        stmt = stmt.where(position < tuple_(*after) if descending else position > tuple_(*after))
    order = [k.desc() if descending else k.asc() for k in key]
    rows = session.execute(stmt.order_by(*order).limit(limit).offset(max(0, offset))).all()
    # The deadline of the page's rows only: a sort without an index computes every column of
    # every candidate row, so the subquery stays out of the main query unless it is the key.
    ends = _next_ends(session, [r[0] for r in rows], today)
    return _Rows(len(columns)).build(rows, ends)


def _next_ends(session: Session, person_ids: list[str], today: date) -> dict[str, date]:
    """The nearest planned end of each person's open episodes (the minimum taken here: a
    GROUP BY costs more than it saves for a page of rows)."""
    ends: dict[str, date] = {}
    if not person_ids:
        return ends
    rows = session.execute(
        select(Episode.person_id, Episode.planned_end).where(
            Episode.person_id.in_(person_ids),
            open_episode(today),
            Episode.planned_end.is_not(None),
        )
    )
    for pid, end in rows:
        if end is not None and (pid not in ends or end < ends[pid]):
            ends[pid] = end
    return ends


class _Rows:
    """Builds a page's PersonRows. A long list keeps many of them, so repeated texts (village,
    status, labels) are shared, not copied per row, and only the last row carries its key."""

    def __init__(self, key_at: int) -> None:
        self.key_at = key_at
        self.shared: dict[str, str] = {}
        self.labels: dict[tuple[str, str | None], str] = {}

    def _share(self, text: str) -> str:
        return self.shared.setdefault(text, text)

    def _label(self, kind: str, value: str | None) -> str:
        found = self.labels.get((kind, value))
        if found is None:
            if kind == "sex":
                found = sex_label(Sex(value)) if value in ("M", "F") else ""
            else:
                found = status_label(value or "")
            self.labels[(kind, value)] = found
        return found

    def build(self, rows: Sequence[Any], ends: dict[str, date]) -> list[PersonRow]:
        last = len(rows) - 1
        return [self.row(r, ends.get(r[0]), keyed=i == last) for i, r in enumerate(rows)]

    def row(self, r: Any, next_end: date | None, *, keyed: bool) -> PersonRow:
        at = self.key_at
        pid, name, birth_date, birth_year, sex, id_number, village, status, deleted = r[:at]
        key = r[at:]
        return PersonRow(
            id=pid,
            full_name=name,
            birth=birth_date.strftime("%d/%m/%Y") if birth_date else str(birth_year or ""),
            sex=self._share(sex or ""),
            sex_label=self._label("sex", sex),
            id_masked=mask_id(id_number or ""),
            village=self._share(village or ""),
            status=self._share(status),
            status_label=self._label("status", status),
            next_end=next_end,
            deleted=deleted is not None,
            key=(*key[:-1], pid) if keyed else (),  # every key ends with the id
        )
