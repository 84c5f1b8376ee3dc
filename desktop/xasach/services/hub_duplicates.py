"""Files of one person kept by two communes (hồ sơ trùng giữa các xã), listed for review.

Nothing is ever merged: each commune owns its files, and only the commune may correct or
delete one. The upper level sees the pair, the rule that matched, and whether it looks like a
person who moved (chuyển nơi cư trú) rather than a true duplicate.

**Which files match** — two files of *different* communes, at least one of them live:

1. *Same ID number* (trùng số định danh): any of the personal ID (CCCD, `id_number`) and the
   old ID (CMND, `legacy_id_number`) of one equals any of the other's.
2. *Same name, birth and sex* (trùng họ tên, năm sinh, giới tính): the full names are equal
   once folded (accents, case and đ/d aside), the birth years are equal, and so are the birth
   dates when both files have one (a file with the year only matches on the year); the sex is
   equal (two unknowns count as equal); and the two personal ID numbers do not contradict —
   two different CCCD numbers are two people, whatever their names.

Both rules group by a key (each ID number; the folded name, birth year and sex) in one
streamed pass over the table's narrow columns, keeping only the groups that span two
communes; pairs are formed inside those groups, never across the whole table. The grouping is
a hash in Python, not a SQL GROUP BY: SQLite sorts for a GROUP BY, and sorting 200,000 rows
under SQLCipher's memory security took 6–9 s, against about 1.5 s and under 100 MB for this
pass (measured on 200,000 files in eight communes).

**Moved, not duplicate** — the domain has no "transferred out" episode (EpisodeType): a
commune lets go of a file by deleting it (xóa hồ sơ: a tombstone) or by closing its episodes
(status "none": không còn trong diện quản lý). So a pair is *moved from X to Y* when X's file
is deleted and Y's is live, or when both are live and X's is closed while Y's is under
management. Every other pair (both under management, or both closed) is a duplicate to
resolve. Two deleted files are not listed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from itertools import combinations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xasach.domain.episodes import STATUS_NONE, status_label
from xasach.domain.personal_id import mask_id
from xasach.domain.roles import Permission
from xasach.domain.text import fold
from xasach.i18n import N_, _
from xasach.services.common import acting
from xasach.services.hub_lists import birth_text, shown_sex
from xasach.store.models import AdminUnit, Person

DEFAULT_LIMIT = 2000
_CHUNK = 500


class MatchRule(StrEnum):
    ID_NUMBER = "id_number"  # trùng số định danh / CMND
    NAME_BIRTH = "name_birth"  # trùng họ tên, ngày/năm sinh, giới tính


class PairKind(StrEnum):
    DUPLICATE = "duplicate"  # hồ sơ trùng
    MOVED = "moved"  # chuyển nơi cư trú


RULE_LABELS = {
    MatchRule.ID_NUMBER: N_("ID number"),
    MatchRule.NAME_BIRTH: N_("Name, birth and sex"),
}


@dataclass(frozen=True)
class PersonSide:
    """One commune's file of the pair (ID masked, as in every list)."""

    id: str
    unit_code: str
    commune: str
    full_name: str
    birth: str
    sex_label: str
    id_masked: str
    status: str
    status_label: str
    deleted: bool

    @property
    def held(self) -> bool:
        """Live and under management (đang quản lý)."""
        return not self.deleted and self.status != STATUS_NONE

    @property
    def state_label(self) -> str:
        return _("File deleted") if self.deleted else self.status_label


@dataclass(frozen=True)
class DuplicatePair:
    """Two files that look like one person. For a move, `first` is where the person left
    and `second` where they are now; for a duplicate, `first` is the lower commune code."""

    kind: PairKind
    rules: tuple[MatchRule, ...]
    first: PersonSide
    second: PersonSide

    @property
    def label(self) -> str:
        if self.kind == PairKind.MOVED:
            return _("Moved from {origin} to {destination}").format(
                origin=self.first.commune, destination=self.second.commune
            )
        return _("Possible duplicate")

    @property
    def rules_label(self) -> str:
        return " + ".join(_(RULE_LABELS[r]) for r in self.rules)


@dataclass(frozen=True)
class DuplicateReview:
    """The pairs, duplicates first; `truncated` when more than the limit were found."""

    pairs: list[DuplicatePair]
    truncated: bool


@dataclass(frozen=True)
class _File:
    side: PersonSide
    birth_date: date | None
    birth_year: int | None
    sex: str
    id_number: str | None
    name_key: str


class _Groups:
    """Files of each key, and which keys are held by files of two communes or more. Most keys
    have one file: it is kept as a pair, a list only starts with the second (memory: 200,000
    keys)."""

    def __init__(self) -> None:
        self.first: dict[str, tuple[str, str]] = {}  # key → (person id, unit) of the first file
        self.more: dict[str, list[str]] = {}
        self.spanning: set[str] = set()

    def add(self, key: str, person_id: str, unit: str) -> None:
        first = self.first.get(key)
        if first is None:
            self.first[key] = (person_id, unit)
            return
        self.more.setdefault(key, []).append(person_id)
        if first[1] != unit:
            self.spanning.add(key)

    def shared(self, keep: set[str] | None = None) -> list[list[str]]:
        keys = self.spanning if keep is None else self.spanning & keep
        return [[self.first[k][0], *self.more[k]] for k in keys]


def _candidate_groups(session: Session) -> tuple[list[list[str]], list[list[str]]]:
    """(groups by ID number, groups by name, birth year and sex) spanning two communes.
    A name group is kept only if one of its files has no CCCD: two files with CCCDs are two
    people, or one person the ID rule finds (and checks for rule 2 as well)."""
    by_number, by_name = _Groups(), _Groups()
    without_id: set[str] = set()
    folded: dict[str, str] = {}  # names repeat: fold each spelling once
    units: dict[str, str] = {}  # one string per commune code, not one per file
    rows = session.execute(
        select(
            Person.id,
            Person.unit_code,
            Person.full_name,
            Person.birth_year,
            Person.sex,
            Person.id_number,
            Person.legacy_id_number,
        ).execution_options(yield_per=2000)  # streamed, not 200,000 rows buffered
    )
    for pid, code, name, year, sex, id_number, legacy in rows:
        unit = units.setdefault(code, code)
        for number in {id_number, legacy}:
            if number:
                by_number.add(number, pid, unit)
        if year is None:
            continue
        name_key = folded.get(name)
        if name_key is None:
            name_key = folded[name] = fold(name)
        key = f"{name_key}|{year}|{sex or ''}"
        by_name.add(key, pid, unit)
        if not id_number:
            without_id.add(key)
    return by_number.shared(), by_name.shared(without_id)


def _load(session: Session, ids: Iterable[str]) -> dict[str, _File]:
    wanted = sorted(set(ids))
    found: dict[str, _File] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(
                Person.id,
                Person.unit_code,
                func.coalesce(AdminUnit.name, Person.unit_code),
                Person.full_name,
                Person.birth_date,
                Person.birth_year,
                Person.sex,
                Person.id_number,
                Person.status,
                Person.deleted_at,
            )
            .outerjoin(AdminUnit, AdminUnit.code == Person.unit_code)
            .where(Person.id.in_(wanted[start : start + _CHUNK]))
        )
        for pid, unit, commune, name, born, year, sex, id_number, status, deleted in rows:
            found[pid] = _file(
                pid, unit, commune, name, born, year, sex, id_number, status, deleted
            )
    return found


def _file(
    pid: str,
    unit: str,
    commune: str,
    name: str,
    born: date | None,
    year: int | None,
    sex: str | None,
    id_number: str | None,
    status: str,
    deleted: datetime | None,
) -> _File:
    side = PersonSide(
        id=pid,
        unit_code=unit,
        commune=commune,
        full_name=name,
        birth=birth_text(born, year),
        sex_label=shown_sex(sex),
        id_masked=mask_id(id_number or ""),
        status=status,
        status_label=status_label(status),
        deleted=deleted is not None,
    )
    return _File(side, born, year, sex or "", id_number or None, fold(name))


def same_name_birth_sex(a: _File, b: _File) -> bool:
    """Rule 2 for one pair (see the module's docstring)."""
    if (a.name_key, a.birth_year, a.sex) != (b.name_key, b.birth_year, b.sex):
        return False
    if a.birth_year is None:
        return False
    if a.birth_date and b.birth_date and a.birth_date != b.birth_date:
        return False
    return not (a.id_number and b.id_number and a.id_number != b.id_number)


def pair_kind(a: PersonSide, b: PersonSide) -> tuple[PairKind, PersonSide, PersonSide] | None:
    """The kind of a pair and its order (origin first for a move); None for two deleted
    files. See the module's docstring for the rule."""
    if a.deleted and b.deleted:
        return None
    if a.deleted != b.deleted:
        origin, destination = (a, b) if a.deleted else (b, a)
        return PairKind.MOVED, origin, destination
    if a.held != b.held:
        origin, destination = (b, a) if a.held else (a, b)
        return PairKind.MOVED, origin, destination
    first, second = sorted((a, b), key=lambda s: (s.unit_code, s.id))
    return PairKind.DUPLICATE, first, second


def cross_commune_duplicates(session: Session, *, limit: int = DEFAULT_LIMIT) -> DuplicateReview:
    """Files of different communes that look like one person, for review (never merged)."""
    acting(session, Permission.VIEW_PEOPLE)
    by_id, by_name = _candidate_groups(session)
    files = _load(session, (p for g in (*by_id, *by_name) for p in g))
    found: dict[tuple[str, str], set[MatchRule]] = defaultdict(set)
    enough = limit * 10  # a pathological group (one common name, no IDs) stops here
    for rule, groups in ((MatchRule.ID_NUMBER, by_id), (MatchRule.NAME_BIRTH, by_name)):
        for members in groups:
            for a, b in combinations(sorted(set(members)), 2):
                fa, fb = files.get(a), files.get(b)
                if fa is None or fb is None or fa.side.unit_code == fb.side.unit_code:
                    continue
                if rule == MatchRule.NAME_BIRTH and not same_name_birth_sex(fa, fb):
                    continue
                found[(a, b)].add(rule)
                if rule == MatchRule.ID_NUMBER and same_name_birth_sex(fa, fb):
                    found[(a, b)].add(MatchRule.NAME_BIRTH)  # both rules: say so
            if len(found) > enough:
                break
    pairs: list[tuple[tuple[int, str, str], DuplicatePair]] = []
    for (a, b), rules in found.items():
        kind = pair_kind(files[a].side, files[b].side)
        if kind is None:
            continue
        pair_type, first, second = kind
        ordered = tuple(r for r in MatchRule if r in rules)
        pair = DuplicatePair(pair_type, ordered, first, second)
        rank = 0 if pair_type == PairKind.DUPLICATE else 1
        pairs.append(((rank, files[first.id].name_key, first.id + second.id), pair))
    pairs.sort(key=lambda item: item[0])
    return DuplicateReview([p for _key, p in pairs[:limit]], len(pairs) > limit)
