"""An episode as its form holds it (giai đoạn, bản nháp): what the timeline keeps until the
person's file is saved, and what the episode form gives back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from xasach.domain.episodes import EpisodeType
from xasach.services.person_file import EpisodeLine

#: What post-rehab management (quản lý sau cai) may follow; after compulsory rehab it is longer.
AFTER_KINDS = (
    EpisodeType.COMPULSORY_REHAB,
    EpisodeType.VOLUNTARY_REHAB_FACILITY,
    EpisodeType.VOLUNTARY_REHAB_COMMUNITY,
)


class Mode(Enum):
    ADD = "add"
    CORRECT = "correct"
    CLOSE = "close"


@dataclass(frozen=True)
class EpisodeDraft:
    """An episode as its form holds it; `planned_end` as the rule table gave it."""

    kind: str
    start_date: date
    duration_months: int | None = None
    after_kind: str | None = None
    decision_number: str = ""
    decision_date: date | None = None
    decided_by: str = ""
    facility: str = ""
    notes: str = ""
    actual_end: date | None = None
    outcome: str = ""
    planned_end: date | None = None


#: The fields of a draft that a stored episode has too (what a correction may change).
DRAFT_FIELDS = (
    "kind", "start_date", "duration_months", "after_kind", "decision_number", "decision_date",
    "decided_by", "facility", "notes", "actual_end", "outcome",
)  # fmt: skip


def draft_of(line: EpisodeLine) -> EpisodeDraft:
    values = {k: getattr(line, k) for k in DRAFT_FIELDS}
    return EpisodeDraft(**values, planned_end=line.planned_end)
