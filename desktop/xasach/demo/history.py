"""One person's invented history for the demo data: episodes and drug tests walked forward
in time (giai đoạn, xét nghiệm), and the weighted choice the generator shares."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from xasach.demo import names as pool
from xasach.domain.episodes import EpisodeType
from xasach.domain.rules import add_months, duration_bounds, planned_end
from xasach.store.models import DrugTest, Episode

if TYPE_CHECKING:
    from xasach.demo.generator import _Generator


def weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c[0] for c in choices], weights=[c[1] for c in choices])[0]


_T = EpisodeType


class _History:
    """One person's episodes and drug tests (giai đoạn, xét nghiệm), walked forward in time.

    Each step starts after the previous one ended; a step still running at `today` ends the
    walk, so the open episodes are the current ones.
    """

    def __init__(self, gen: _Generator, birth: date, drug: str, substance: str) -> None:
        self.g, self.birth, self.drug, self.substance = gen, birth, drug, substance
        self.episodes: list[Episode] = []
        self.tests: list[DrugTest] = []
        self.addict = False
        self.criminal_record = ""

    def run(self) -> None:
        g = self.g
        earliest = max(add_months(self.birth, 15 * 12), add_months(g.today, -60))
        span = max(0, (g.today - earliest).days - 5)  # recent years weigh more
        t0 = g.today - timedelta(days=5 + int(span * g.rng.random() ** 1.4))
        scenario = weighted(g.rng, pool.SCENARIOS)
        if scenario == "prisoner" and add_months(self.birth, 28 * 12) > g.today:
            scenario = "ium"
        if scenario in ("addict", "direct"):
            self.addicted(t0, via_ium=scenario == "addict")
        elif scenario == "methadone":
            self.drug, self.substance = "Heroin", "Morphine (MOR)"
            self.test(t0)
            end = self.assess(t0)
            if end is not None:
                start = end + g.days(10, 40)
                stop = start + g.days(90, 900) if g.rng.random() < 0.2 else None
                self.episode(_T.SUBSTITUTION_THERAPY, start, end=stop, outcome="Bỏ điều trị")
        elif scenario == "education":
            start, _end = self.ium(t0)
            self.episode(_T.EDUCATION_AT_COMMUNE, start + g.days(60, 240))
        elif scenario == "psychosis":
            self.drug, self.substance = "Ma túy tổng hợp (đá)", "Methamphetamine (MET)"
            start, _end = self.ium(t0)
            seen = start + g.days(30, 300)
            stop = seen + g.days(90, 400) if g.rng.random() < 0.3 else None
            self.episode(
                _T.PSYCHOSIS_FOLLOWUP, seen, end=stop, outcome="Ổn định, kết thúc theo dõi"
            )
        elif scenario == "prisoner":
            self.prisoner()
        else:
            self.ium(t0, window=True)

    def test(self, when: date, positive: bool = True) -> None:
        if when <= self.g.today:
            result, substances = ("positive", self.substance) if positive else ("negative", "")
            self.tests.append(
                DrugTest(
                    unit_code=self.g.unit, test_date=when, result=result, substances=substances
                )
            )

    def episode(
        self,
        kind: EpisodeType,
        start: date,
        *,
        end: date | None = None,
        after: EpisodeType | None = None,
        outcome: str = "",
    ) -> date | None:
        """Add an episode ending early at `end` (or as planned); return its actual end, or None
        while it is still running (some left open past their planned end: quá hạn)."""
        g, rng = self.g, self.g.rng
        if start > g.today:
            return None
        months = None
        bounds = duration_bounds(g.rules, kind, start)
        if kind == _T.POST_REHAB and after == _T.COMPULSORY_REHAB:
            months = int(g.rules.value("episode.post_rehab.after_compulsory.months", start))
        elif bounds is not None:
            low, default, high = bounds
            months = default if rng.random() < 0.5 else rng.randint(low, high)
        planned = planned_end(g.rules, kind, start, months=months, after=after)
        if end is None or (planned is not None and end >= planned):
            end, outcome = planned, pool.OUTCOMES.get(kind.value, "")
            if end is not None and 1 <= (g.today - end).days <= 120 and rng.random() < 0.25:
                end = None
        actual = end if end is not None and end <= g.today else None
        number, decided_by, facilities, notes = pool.DECISIONS[kind.value]
        decided = start - g.days(0, 7)
        self.episodes.append(
            Episode(
                unit_code=g.unit,
                kind=kind.value,
                start_date=start,
                planned_end=planned,
                actual_end=actual,
                duration_months=months,
                after_kind=after.value if after else None,
                decision_number=number.format(n=rng.randint(1, 250), y=decided.year),
                decision_date=decided if number else None,
                decided_by=decided_by,
                facility=rng.choice(facilities),
                outcome=outcome if actual else "",
                notes=notes,
            )
        )
        return actual

    def ium(
        self, t0: date, *, window: bool = False, relapse: bool = False
    ) -> tuple[date, date | None]:
        """Positive test → quản lý người sử dụng trái phép; with `relapse`, re-use cuts it short.
        With `window`, some end within the next weeks (for the deadline lists)."""
        g = self.g
        start = t0 + g.days(3, 20)
        if window and g.rng.random() < 0.15:
            start = add_months(g.today + g.days(20, 60), -12)
            t0 = start - g.days(3, 20)
        self.test(t0)
        early = start + g.days(45, 330) if relapse else None
        outcome = "Tái sử dụng ma túy trong thời gian quản lý"
        end = self.episode(_T.ILLEGAL_USE_MANAGEMENT, start, end=early, outcome=outcome)
        for k in range(1, g.rng.randint(1, 4)):
            when = start + timedelta(days=90 * k + g.rng.randint(-10, 10))
            if end is None or when < end:
                self.test(when, positive=False)
        if relapse and end is not None:
            self.test(end)
        return start, end

    def assess(self, after: date) -> date | None:
        """Xác định tình trạng nghiện, a few days after a positive test."""
        start = after + self.g.days(1, 7)
        self.addict = start <= self.g.today
        outcome = "Xác định là người nghiện ma túy"
        return self.episode(
            _T.ADDICTION_ASSESSMENT, start, end=start + self.g.days(2, 10), outcome=outcome
        )

    def addicted(self, t0: date, *, via_ium: bool) -> None:
        if via_ium:
            _start, end = self.ium(t0, relapse=True)
        else:
            self.test(t0)
            end = t0
        end = self.assess(end) if end is not None else None
        if end is not None:
            self.rehab(end + self.g.days(5, 30), None)

    def rehab(self, start: date, kind: EpisodeType | None, depth: int = 0) -> None:
        """Cai nghiện → quản lý sau cai nghiện; a relapse leads to compulsory rehab."""
        g = self.g
        kind = kind or _T(weighted(g.rng, pool.REHAB_KINDS))
        if kind == _T.COMPULSORY_REHAB and add_months(self.birth, 18 * 12) > start:
            kind = _T.VOLUNTARY_REHAB_FACILITY  # compulsory rehab of minors is not modelled
        end = self.episode(kind, start)
        if end is None:
            return
        post = end + g.days(0, 5)
        relapse = post + g.days(60, 300) if depth < 2 and g.rng.random() < 0.2 else None
        outcome = "Tái nghiện trong thời gian quản lý sau cai nghiện"
        end = self.episode(_T.POST_REHAB, post, after=kind, end=relapse, outcome=outcome)
        if relapse is not None and end is not None:
            self.test(end)
            self.rehab(end + g.days(10, 40), _T.COMPULSORY_REHAB, depth + 1)

    def prisoner(self) -> None:
        """Tù tha: back from prison, followed by the commune police; some use drugs again."""
        g = self.g
        released = g.today - g.days(0, 1000)
        years = g.rng.randint(1, 7)
        template = g.rng.choice(pool.CRIMINAL_RECORDS)
        self.criminal_record = template.format(y=released.year - years, n=years)
        stop = released + g.days(180, 540) if g.rng.random() < 0.4 else None
        outcome = "Ổn định cuộc sống, kết thúc theo dõi"
        self.episode(_T.RELEASED_PRISONER_FOLLOWUP, released, end=stop, outcome=outcome)
        if g.rng.random() < 0.35:
            self.ium(released + g.days(30, 400))
