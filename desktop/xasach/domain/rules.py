"""The rule table (bảng quy định): every legal period and threshold, with source and date.

Periods are data, never constants in code: the law changed on 01/07/2026 and will change again.
A key may hold several rows with different effective dates; the row in force on a given day wins.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from xasach.domain.episodes import EpisodeType
from xasach.domain.errors import DomainError
from xasach.i18n import _

VERIFICATION_LEVELS = ("V", "P", "NV")  # verified, partly verified, not verified (DOMAIN.md)


@dataclass(frozen=True)
class Rule:
    """One row of the rule table."""

    key: str
    value: float
    unit: str
    source: str
    effective_from: date
    verified: str = "NV"
    description: str = ""


class RuleSet:
    """All rules of one rule-set version, looked up by key and day."""

    def __init__(self, rules: Iterable[Rule], name: str = "", version: str = "") -> None:
        self.name = name
        self.version = version
        self._by_key: dict[str, list[Rule]] = {}
        for rule in rules:
            self._by_key.setdefault(rule.key, []).append(rule)
        for rows in self._by_key.values():
            rows.sort(key=lambda r: r.effective_from)

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def rule(self, key: str, on: date) -> Rule:
        rows = self._by_key.get(key)
        if not rows:
            raise DomainError(
                _("The rule table has no rule “{key}”. Update the rule table.").format(key=key)
            )
        in_force = [r for r in rows if r.effective_from <= on]
        return in_force[-1] if in_force else rows[0]

    def value(self, key: str, on: date) -> float:
        return self.rule(key, on).value

    def all(self) -> list[Rule]:
        return [r for rows in self._by_key.values() for r in rows]


def add_months(start: date, months: int) -> date:
    """The corresponding day `months` later, clamped to the month's end (Bộ luật Dân sự 2015,
    art. 147–148: the first day is not counted and a period in months ends on the
    corresponding day, or the last day of the month when there is none)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


#: Episode kinds with a fixed or default duration in the rule table, by key prefix.
_DURATION_KEYS: dict[EpisodeType, str] = {
    EpisodeType.ILLEGAL_USE_MANAGEMENT: "episode.illegal_use_management",
    EpisodeType.VOLUNTARY_REHAB_COMMUNITY: "episode.voluntary_rehab_community",
    EpisodeType.VOLUNTARY_REHAB_FACILITY: "episode.voluntary_rehab_facility",
    EpisodeType.COMPULSORY_REHAB: "episode.compulsory_rehab.adult",
    EpisodeType.POST_REHAB: "episode.post_rehab",
    EpisodeType.EDUCATION_AT_COMMUNE: "episode.education_at_commune",
}


def duration_bounds(
    rules: RuleSet, kind: EpisodeType, start: date, *, minor: bool = False
) -> tuple[int, int, int] | None:
    """(minimum, default, maximum) months for an episode kind, or None when open-ended."""
    prefix = _DURATION_KEYS.get(kind)
    if prefix is None:
        return None
    if kind == EpisodeType.COMPULSORY_REHAB and minor:
        prefix = "episode.compulsory_rehab.minor"
    if f"{prefix}.months" in rules:
        fixed = int(rules.value(f"{prefix}.months", start))
        return fixed, fixed, fixed
    return (
        int(rules.value(f"{prefix}.months_min", start)),
        int(rules.value(f"{prefix}.months_default", start)),
        int(rules.value(f"{prefix}.months_max", start)),
    )


def planned_end(
    rules: RuleSet,
    kind: EpisodeType,
    start: date,
    *,
    months: int | None = None,
    after: EpisodeType | None = None,
    minor: bool = False,
) -> date | None:
    """Planned end of an episode from the rule table.

    `months` is the duration the decision chose, checked against the legal range;
    `after` is the episode that preceded post-rehab management (2 years after adult
    compulsory rehab, 1 year otherwise). Open-ended kinds (methadone, follow-ups) give None.
    """
    if kind == EpisodeType.POST_REHAB and after == EpisodeType.COMPULSORY_REHAB and not minor:
        return add_months(
            start, int(rules.value("episode.post_rehab.after_compulsory.months", start))
        )
    bounds = duration_bounds(rules, kind, start, minor=minor)
    if bounds is None:
        return None
    low, default, high = bounds
    chosen = default if months is None else months
    if not low <= chosen <= high:
        raise DomainError(
            _("The duration must be between {low} and {high} months (got {months}).").format(
                low=low, high=high, months=chosen
            ),
            "duration_months",
        )
    return add_months(start, chosen)


def rules_from_rows(rows: Iterable[dict[str, object]]) -> list[Rule]:
    """Parse rule-table rows (from the shipped JSON or an update file), refusing bad ones."""
    parsed: list[Rule] = []
    for index, row in enumerate(rows, start=1):
        try:
            verified = str(row.get("verified", "NV"))
            if verified not in VERIFICATION_LEVELS:
                raise ValueError(verified)
            parsed.append(
                Rule(
                    key=str(row["key"]),
                    value=float(row["value"]),  # type: ignore[arg-type]
                    unit=str(row.get("unit", "")),
                    source=str(row["source"]),
                    effective_from=date.fromisoformat(str(row["effective_from"])),
                    verified=verified,
                    description=str(row.get("description", "")),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DomainError(
                _("Rule table row {n} is incomplete or invalid ({detail}).").format(
                    n=index, detail=exc
                )
            ) from exc
    return parsed
