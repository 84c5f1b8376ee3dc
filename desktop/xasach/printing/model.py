"""What each form prints, as plain frozen values: the services fill them from the store, the
form builders lay them out. Texts are ready to print (dates already dd/mm/yyyy, labels already
Vietnamese); numbers stay numbers so the builders format them one way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Issue:
    """Common to every printout: who issues it, where and when, its number (số, ký hiệu) if it
    has one, the confidentiality mark (độ mật) if any, and the officer who printed it."""

    unit_name: str
    province_name: str
    place: str
    day: date
    upper_level: bool = False
    number: str | None = None
    confidential: str | None = None
    prepared_by: str = ""


# --- 1. people under management ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonListRow:
    """One person of the list; `group` is the village (or the commune, at the upper level)."""

    group: str
    full_name: str
    other_names: str
    birth: str
    sex: str
    id_masked: str
    address: str
    status: str
    since: str
    planned_end: str


@dataclass(frozen=True)
class Tally:
    """A labelled count for a totals table (by status, by village …)."""

    label: str
    count: int


@dataclass(frozen=True)
class PeopleListData:
    issue: Issue
    as_of: date
    rows: Sequence[PersonListRow]
    by_status: Sequence[Tally]
    group_word: str = ""  # "village" or "commune"


# --- 2. a person's file ------------------------------------------------------------------------


@dataclass(frozen=True)
class EpisodeRow:
    kind: str
    start: str
    planned_end: str
    actual_end: str
    decision: str
    decided_by: str
    facility: str
    outcome: str


@dataclass(frozen=True)
class TestRow:
    day: str
    result: str
    substances: str


@dataclass(frozen=True)
class LinkRow:
    name: str
    village: str
    status: str
    role: str


@dataclass(frozen=True)
class PersonFileData:
    """Hồ sơ: identity as (template key, value) pairs in the order printed, then history."""

    issue: Issue
    full_name: str
    identity: Sequence[tuple[str, str]]
    status: str
    episodes: Sequence[EpisodeRow]
    tests: Sequence[TestRow]
    hotspots: Sequence[LinkRow]


# --- 3, 4. decisions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionData:
    """A decision of the commune chair on one person (quản lý người sử dụng trái phép, or quản
    lý sau cai nghiện): the person, the period from the rule table, and the proposer."""

    issue: Issue
    full_name: str
    identity: Sequence[tuple[str, str]]
    start: date
    end: date | None
    months: int | None
    after: str = ""
    facility: str = ""


# --- 5. hotspots -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HotspotRow:
    group: str
    name: str
    kind: str
    address: str
    discovered: str
    status: str
    status_date: str
    people: int
    history: str


@dataclass(frozen=True)
class HotspotListData:
    issue: Issue
    as_of: date
    rows: Sequence[HotspotRow]
    by_status: Sequence[Tally]
    group_word: str = ""


# --- 6. propaganda -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActivityRow:
    group: str
    day: str
    form: str
    topic: str
    villages: str
    organiser: str
    audience: str
    participants: int
    materials: int
    cost_vnd: int


@dataclass(frozen=True)
class CoverageLine:
    """A village (or a commune) and its activities per month of the period; None where a month
    is not yet due. `share` is the part of due months with at least one activity."""

    name: str
    counts: tuple[int | None, ...]
    share: float | None


@dataclass(frozen=True)
class PropagandaLogData:
    issue: Issue
    period_label: str
    rows: Sequence[ActivityRow]
    months: Sequence[str]
    coverage: Sequence[CoverageLine]
    coverage_share: float | None
    group_word: str = ""


# --- 7. the periodic report --------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure of the report, this period and the previous one; `unit` "count" or "%"."""

    label: str
    now: float | None
    before: float | None
    unit: str = "count"
    level: int = 0


@dataclass(frozen=True)
class FigureGroup:
    heading: str
    figures: Sequence[Figure]


@dataclass(frozen=True)
class TargetLine:
    """A target (chỉ tiêu) of the plans in the seeds and whether it is met."""

    label: str
    value: str
    target: str
    met: bool | None
    detail: str = ""


@dataclass(frozen=True)
class CriterionLine:
    label: str
    value: str
    threshold: str
    met: bool | None
    source: str = ""


@dataclass(frozen=True)
class ClassificationBlock:
    """The commune's class (phân loại địa bàn, QĐ 28/2025) with its criteria."""

    unit_name: str
    result: str
    criteria: Sequence[CriterionLine]
    missing: Sequence[str] = ()


@dataclass(frozen=True)
class NoteSection:
    key: str
    heading: str
    text: str


@dataclass(frozen=True)
class CommuneFigures:
    """At the upper level: one commune's main figures for the consolidated table, formatted."""

    name: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class PeriodicReportData:
    issue: Issue
    period_label: str
    previous_label: str
    groups: Sequence[FigureGroup]
    notes: Sequence[NoteSection]
    targets: Sequence[TargetLine] | None = None
    classification: Sequence[ClassificationBlock] | None = None
    commune_columns: Sequence[str] = ()
    communes: Sequence[CommuneFigures] = field(default_factory=tuple)
    unavailable: Sequence[str] = ()
