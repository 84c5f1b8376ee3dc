"""Finding a commune (xã, phường, đặc khu) among the 3,321 by typing part of its name.

Accents are optional and đ counts as d ("hoan kiem", "HOAN KIEM" and "Hoàn Kiếm" all find
Phường Hoàn Kiếm); each typed word must begin a word of the commune's or its province's name,
or the code. The first-run wizard runs before any database exists, so the shipped list is also
searchable in memory (read once, then filtered per keystroke: a few milliseconds).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session, aliased

from xasach.domain.text import exact_lower, fold, tokens
from xasach.domain.units import COMMUNE, PROVINCE, parse_units
from xasach.paths import resources_dir
from xasach.store.models import AdminUnit

SHIPPED_UNITS = "units/units.csv"
DEFAULT_LIMIT = 50
#: Kinds of commune (folded) that begin its official name.
KINDS = ("dac khu", "phuong", "xa", "thi tran")


@dataclass(frozen=True)
class UnitChoice:
    """A unit as a picker shows it: "Phường Hoàn Kiếm — Thành phố Hà Nội (00070)"."""

    code: str
    level: str
    name: str
    province_code: str | None = None
    province_name: str = ""

    @property
    def label(self) -> str:
        if self.level == COMMUNE and self.province_name:
            return f"{self.name} — {self.province_name} ({self.code})"
        return f"{self.name} ({self.code})"

    @cached_property
    def folded_name(self) -> str:
        return fold(self.name)

    @cached_property
    def words(self) -> tuple[str, ...]:
        """Folded words a search may match: name, province, code (folded once, then reused
        at every keystroke)."""
        return (*self.folded_name.split(), *fold(self.province_name).split(), self.code)


def matches(choice: UnitChoice, words: list[str]) -> bool:
    """Every typed word begins a word of the name, the province or the code."""
    return all(any(w.startswith(t) for w in choice.words) for t in words)


def _rank(choice: UnitChoice, text: str, words: list[str]) -> tuple[int, int, str, str]:
    """Matches of the commune's own name first, the typed accents next, then A→Z."""
    name = choice.folded_name
    phrase = " ".join(words)
    if name == phrase or name.endswith(" " + phrase):
        tier = 0  # "hoan kiem" → Phường Hoàn Kiếm before Phường Hoàn Kiếm Mới, if any
    elif phrase in name:
        tier = 1
    elif all(any(w.startswith(t) for w in name.split()) for t in words):
        tier = 2
    else:
        tier = 3  # only through the province's name or the code
    exact = exact_lower(text)
    accents = 0 if exact != fold(text) and exact in exact_lower(choice.name) else 1
    return tier, accents, bare_name(name), choice.code


def bare_name(folded: str) -> str:
    """The folded name without its kind ("phuong", "xa", "dac khu"), for A→Z order."""
    for kind in KINDS:
        if folded.startswith(kind + " "):
            return folded[len(kind) + 1 :]
    return folded


def rank(choices: list[UnitChoice], text: str, limit: int) -> list[UnitChoice]:
    words = tokens(text)
    found = [c for c in choices if matches(c, words)]
    found.sort(key=lambda c: _rank(c, text, words))
    return found[:limit]


# --- the shipped list, without a database ----------------------------------------------------


@lru_cache(maxsize=1)
def shipped_units() -> tuple[UnitChoice, ...]:
    """Provinces and communes of `resources/units/units.csv`, read once per process."""
    rows = parse_units((resources_dir() / SHIPPED_UNITS).read_bytes(), "units.csv")
    provinces = {r.code: r.name for r in rows if r.level == PROVINCE}
    return tuple(
        UnitChoice(r.code, r.level, r.name, r.parent_code, provinces.get(r.parent_code or "", ""))
        for r in rows
    )


def shipped_provinces() -> list[UnitChoice]:
    """The 34 provinces, A→Z the way a Vietnamese reader sorts (accents folded)."""
    found = [u for u in shipped_units() if u.level == PROVINCE]
    return sorted(found, key=lambda u: (fold(u.name), u.code))


def find_shipped_communes(
    text: str, limit: int = DEFAULT_LIMIT, *, province_code: str | None = None
) -> list[UnitChoice]:
    """Communes of the shipped list matching `text` (all of a province's when `text` is empty
    and a province is given; nothing for an empty text alone)."""
    choices = [
        u
        for u in shipped_units()
        if u.level == COMMUNE and (province_code is None or u.province_code == province_code)
    ]
    if not tokens(text):
        if province_code is None:
            return []
        return sorted(choices, key=lambda u: (bare_name(u.folded_name), u.code))[:limit]
    return rank(choices, text, limit)


# --- the list in a database (updated by `xasach units import`) -------------------------------


def find_communes(
    session_or_engine: Session | Engine | Connection,
    text: str,
    limit: int = DEFAULT_LIMIT,
    *,
    province_code: str | None = None,
) -> list[UnitChoice]:
    """Communes of the `admin_unit` table matching `text`; SQL narrows on the folded names,
    Python ranks the few that remain."""
    words = tokens(text)
    if not words:
        return []
    province = aliased(AdminUnit)
    haystack = " " + AdminUnit.name_folded + " " + province.name_folded + " " + AdminUnit.code
    stmt = (
        select(AdminUnit.code, AdminUnit.name, province.code, province.name)
        .join(province, province.code == AdminUnit.parent_code)
        .where(AdminUnit.level == COMMUNE, AdminUnit.active.is_(True))
    )
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(haystack.like(f"% {escaped}%", escape="\\"))
    if province_code is not None:
        stmt = stmt.where(AdminUnit.parent_code == province_code)
    if isinstance(session_or_engine, Engine):
        with session_or_engine.connect() as conn:
            rows = conn.execute(stmt).all()
    else:
        rows = list(session_or_engine.execute(stmt).all())
    choices = [UnitChoice(code, COMMUNE, name, pcode, pname) for code, name, pcode, pname in rows]
    return rank(choices, text, limit)
