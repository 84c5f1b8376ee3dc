"""Deadlines (hạn) an officer is held to, computed from a person's episodes and the rule table.

- end of the 1-year management of an illegal user (hết thời hạn quản lý người SDTP);
- end of post-rehab management: 1 year, or 2 after adult compulsory rehab (hết hạn quản lý sau
  cai nghiện);
- planned end of voluntary rehab, 6–12 months (hết hạn cai nghiện tự nguyện);
- any other open episode with a planned end (compulsory rehab, education at the commune);
- 5 working days to register voluntary rehab after being notified as addicted (NĐ 116/2021,
  art. 3): from the end of the addiction determination, until a rehab or therapy episode
  starts;
- 24 h to notify the receiving commune when a person under management moves (Luật 120/2025):
  from the end of an episode closed with an outcome saying the person moved ("chuyển đi",
  "chuyển nơi cư trú") — the data has no move record, so the outcome text marks it.

An open episode past its planned end is *overdue* (quá hạn) and always listed. A notification
deadline has no record of being done, so once passed it is listed for `lookback_days` only.
The planned end stored with the episode (from its decision) wins; a missing one is computed
from the rule table, taking a birth known only by its year as the year's last day (Bộ luật Tố
tụng hình sự 2015, art. 417: the reading most favourable to a minor).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from math import ceil

from xasach.domain.episodes import EpisodeType
from xasach.domain.errors import DomainError
from xasach.domain.rules import RuleSet, planned_end
from xasach.domain.text import fold
from xasach.domain.workdays import add_working_days
from xasach.i18n import N_, _

DEFAULT_WITHIN_DAYS = 30
DEFAULT_LOOKBACK_DAYS = 30


class DueKind(StrEnum):
    ILLEGAL_USE_END = "illegal_use_end"  # hết hạn quản lý người sử dụng trái phép
    POST_REHAB_END = "post_rehab_end"  # hết hạn quản lý sau cai nghiện
    VOLUNTARY_REHAB_END = "voluntary_rehab_end"  # hết hạn cai nghiện tự nguyện
    EPISODE_END = "episode_end"  # hết hạn giai đoạn khác (cai bắt buộc, giáo dục tại xã)
    REGISTER_REHAB = "register_rehab"  # hạn đăng ký cai nghiện tự nguyện (5 ngày làm việc)
    NOTIFY_RECEIVING = "notify_receiving"  # hạn thông báo cho xã nơi chuyển đến (24 giờ)


DUE_KIND_LABELS: dict[DueKind, str] = {
    DueKind.ILLEGAL_USE_END: N_("End of management of an illegal user"),
    DueKind.POST_REHAB_END: N_("End of post-rehab management"),
    DueKind.VOLUNTARY_REHAB_END: N_("Planned end of voluntary rehab"),
    DueKind.EPISODE_END: N_("Planned end of an episode"),
    DueKind.REGISTER_REHAB: N_("Registration for voluntary rehab (5 working days)"),
    DueKind.NOTIFY_RECEIVING: N_("Notify the receiving commune (24 hours)"),
}

_END_KINDS: dict[EpisodeType, DueKind] = {
    EpisodeType.ILLEGAL_USE_MANAGEMENT: DueKind.ILLEGAL_USE_END,
    EpisodeType.POST_REHAB: DueKind.POST_REHAB_END,
    EpisodeType.VOLUNTARY_REHAB_COMMUNITY: DueKind.VOLUNTARY_REHAB_END,
    EpisodeType.VOLUNTARY_REHAB_FACILITY: DueKind.VOLUNTARY_REHAB_END,
}

#: Episodes that answer a notification of addiction (registered or sent to rehab, or therapy).
_REHAB_ANSWERS = frozenset(
    {
        EpisodeType.VOLUNTARY_REHAB_COMMUNITY,
        EpisodeType.VOLUNTARY_REHAB_FACILITY,
        EpisodeType.COMPULSORY_REHAB,
        EpisodeType.SUBSTITUTION_THERAPY,
    }
)
#: Folded words in an episode's outcome that say the person moved, or was found not addicted,
#: or that the receiving commune was already notified.
MOVE_WORDS = ("chuyen di", "chuyen noi cu tru", "chuyen den", "chuyen cu tru", "moved")
NOT_ADDICTED_WORDS = ("khong nghien", "not addicted", "am tinh")
NOTIFIED_WORDS = ("da thong bao", "notified")


def due_kind_label(kind: str) -> str:
    try:
        return _(DUE_KIND_LABELS[DueKind(kind)])
    except ValueError:
        return kind


@dataclass(frozen=True)
class EpisodeFacts:
    """What the deadlines read of an episode."""

    id: str
    kind: EpisodeType
    start: date
    planned_end: date | None = None
    actual_end: date | None = None
    duration_months: int | None = None
    after_kind: EpisodeType | None = None
    outcome: str = ""


@dataclass(frozen=True)
class PersonFacts:
    """A person's file as the deadlines need it."""

    id: str
    name: str
    episodes: tuple[EpisodeFacts, ...]
    birth_date: date | None = None
    birth_year: int | None = None
    category: str = "illegal_user"


@dataclass(frozen=True)
class DueItem:
    """One thing due: what, for whom, by when; `days_left` < 0 when overdue."""

    kind: DueKind
    person_id: str
    person_name: str
    due: date
    since: date
    episode_id: str | None
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def label(self) -> str:
        return due_kind_label(self.kind)


def presumed_birth(birth_date: date | None, birth_year: int | None) -> date | None:
    """The birth date, or 31/12 of the year when only the year is known (art. 417 BLTTHS)."""
    if birth_date is not None:
        return birth_date
    return date(birth_year, 12, 31) if birth_year else None


def is_minor_on(birth_date: date | None, birth_year: int | None, on: date) -> bool:
    """Under 18 on `on`; unknown birth counts as adult."""
    born = presumed_birth(birth_date, birth_year)
    if born is None:
        return False
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age < 18


def episode_end(rules: RuleSet, person: PersonFacts, e: EpisodeFacts) -> date | None:
    """The planned end of an episode: the stored one, else from the rule table."""
    if e.planned_end is not None:
        return e.planned_end
    minor = is_minor_on(person.birth_date, person.birth_year, e.start)
    try:
        return planned_end(
            rules, e.kind, e.start, months=e.duration_months, after=e.after_kind, minor=minor
        )
    except DomainError:
        # A stored duration outside today's legal range: fall back to the rule's default.
        return planned_end(rules, e.kind, e.start, after=e.after_kind, minor=minor)


def _has(text: str, words: tuple[str, ...]) -> bool:
    folded = fold(text)
    return any(w in folded for w in words)


def is_open(e: EpisodeFacts, on: date) -> bool:
    return e.start <= on and (e.actual_end is None or e.actual_end > on)


def _register_rehab(rules: RuleSet, person: PersonFacts) -> tuple[date, date, str] | None:
    """(notified, deadline, episode id) of a notification not yet answered by rehab."""
    if person.category != "addict":
        return None
    assessed = [
        e
        for e in person.episodes
        if e.kind == EpisodeType.ADDICTION_ASSESSMENT
        and e.actual_end is not None
        and not _has(e.outcome, NOT_ADDICTED_WORDS)
    ]
    if not assessed:
        return None
    last = max(assessed, key=lambda e: (e.actual_end or e.start, e.start))
    notified = last.actual_end
    assert notified is not None
    answered = any(
        e.kind in _REHAB_ANSWERS and e.start >= last.start and e is not last
        for e in person.episodes
    )
    if answered:
        return None
    days = int(rules.value("deadline.register_voluntary_rehab.working_days", notified))
    return notified, add_working_days(notified, days), last.id


def _notify_moves(rules: RuleSet, person: PersonFacts) -> list[tuple[date, date, str]]:
    out = []
    for e in person.episodes:
        if e.actual_end is None or not _has(e.outcome, MOVE_WORDS):
            continue
        if _has(e.outcome, NOTIFIED_WORDS):
            continue
        hours = rules.value("deadline.notify_receiving_commune.hours", e.actual_end)
        out.append((e.actual_end, e.actual_end + timedelta(days=ceil(hours / 24)), e.id))
    return out


def person_due_items(
    rules: RuleSet,
    person: PersonFacts,
    today: date,
    *,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
) -> list[DueItem]:
    """Every deadline of one person, due or not, except notifications passed long ago."""
    items: list[DueItem] = []

    def add(kind: DueKind, due: date, since: date, episode_id: str | None) -> None:
        items.append(
            DueItem(kind, person.id, person.name, due, since, episode_id, (due - today).days)
        )

    for e in person.episodes:
        if not is_open(e, today):
            continue
        end = episode_end(rules, person, e)
        if end is not None:
            add(_END_KINDS.get(e.kind, DueKind.EPISODE_END), end, e.start, e.id)
    register = _register_rehab(rules, person)
    notices = [(DueKind.REGISTER_REHAB, *register)] if register else []
    notices += [(DueKind.NOTIFY_RECEIVING, *m) for m in _notify_moves(rules, person)]
    for kind, since, due, episode_id in notices:
        if (today - due).days <= lookback_days and since <= today:
            add(kind, due, since, episode_id)
    return items


def due_items(
    rules: RuleSet,
    people: Iterable[PersonFacts],
    today: date,
    *,
    within_days: int = DEFAULT_WITHIN_DAYS,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
) -> list[DueItem]:
    """What falls due within `within_days` of `today`, overdue first, then by date and name."""
    limit = today + timedelta(days=max(0, within_days))
    found = [
        item
        for person in people
        for item in person_due_items(rules, person, today, lookback_days=lookback_days)
        if item.due <= limit
    ]
    return sorted(found, key=lambda i: (i.due, fold(i.person_name), i.kind.value))
