"""Demo data (dữ liệu mẫu) for training and trying the app out: `xasach demo`.

Adds realistic but invented villages, persons with their episodes and drug tests, hotspots with
their history, propaganda activities and period figures to the installation's own commune. The
store derives statuses and search text; this module never sets ids, times or derived columns.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select

from xasach.demo import names as pool
from xasach.demo.history import _History, weighted
from xasach.domain.episodes import EpisodeType
from xasach.domain.errors import DomainError
from xasach.domain.hotspots import HotspotKind, HotspotStatus
from xasach.domain.person import validate_identity
from xasach.domain.personal_id import OLD_PROVINCE_CODES, Sex
from xasach.domain.propaganda import ActivityForm, Audience
from xasach.domain.roles import Permission, require
from xasach.domain.rules import add_months
from xasach.i18n import _
from xasach.store import audit
from xasach.store.database import Database
from xasach.store.models import (
    Activity,
    ActivityVillage,
    DrugTest,
    Episode,
    Hotspot,
    HotspotEvent,
    HotspotPerson,
    PeriodFigures,
    Person,
    Village,
)
from xasach.store.reference import get_setting, rule_set
from xasach.store.session import StoreSession

#: Persons added per flush: big enough to be fast, small enough to keep memory flat.
BATCH = 500


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind were added (villages: 0 when the commune already had some)."""

    villages: int
    persons: int
    episodes: int
    drug_tests: int
    hotspots: int
    activities: int


def generate_demo(
    db: Database,
    *,
    persons: int = 200,
    hotspots: int = 20,
    activities: int = 150,
    seed: int | None = None,
    today: date | None = None,
) -> DemoSummary:
    """Add demo data to the commune of this installation (setting `unit.code`).

    The same `seed` and `today` give the same data (apart from the ids and times the store
    makes); every date is on or before `today`.
    """
    today = today or date.today()
    rng = random.Random(seed)
    actor = require(db.actor, Permission.EDIT_PEOPLE)
    # A bulk job: one summary entry in the audit trail instead of one per row.
    with db.session(audit_rows=False) as session:
        unit = get_setting(session, "unit.code")
        if not unit:
            raise DomainError(_("Set up the commune first: this installation has no unit code."))
        gen = _Generator(session, rng, unit, today)
        villages, added = gen.villages()
        people, episodes, tests = gen.persons(persons, villages)
        n_hotspots = gen.hotspots(hotspots, villages, people)
        n_activities = gen.activities(activities, villages)
        gen.period_figures()
        gen.law_extras(people, len(villages))
        audit.append(
            session, actor.username, "demo", "", "", {"persons": len(people), "seed": seed}
        )
    return DemoSummary(added, len(people), episodes, tests, n_hotspots, n_activities)


class _Generator:
    def __init__(self, session: StoreSession, rng: random.Random, unit: str, today: date) -> None:
        self.s, self.rng, self.unit, self.today = session, rng, unit, today
        self.rules = rule_set(session)
        codes = sorted(OLD_PROVINCE_CODES)
        self.home_province = rng.choice(codes)
        self.provinces = codes
        self.centre = rng.choice(pool.GPS_CENTRES)

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    # --- villages ----------------------------------------------------------------------------

    def villages(self) -> tuple[list[Village], int]:
        """Existing live villages of the commune, or 8–12 new ones (thôn, tổ dân phố, bản)."""
        existing = self.s.scalars(
            select(Village)
            .where(Village.unit_code == self.unit, Village.deleted_at.is_(None))
            .order_by(Village.sort_order, Village.name)
        ).all()
        if existing:
            return list(existing), 0
        chosen = self.rng.sample(pool.VILLAGES, self.rng.randint(8, 12))
        order = {"thon": 0, "ban": 1, "to_dan_pho": 2}
        chosen.sort(key=lambda v: (order[v[1]], v[0]))
        made = [
            Village(unit_code=self.unit, name=name, kind=kind, sort_order=i + 1)
            for i, (name, kind) in enumerate(chosen)
        ]
        self.s.add_all(made)
        self.s.flush()
        return made, len(made)

    # --- persons -----------------------------------------------------------------------------

    def persons(self, count: int, villages: list[Village]) -> tuple[list[Person], int, int]:
        """Persons in batches: flush the batch for its ids, then add its episodes and tests."""
        people: list[Person] = []
        n_episodes = n_tests = 0
        for first in range(0, count, BATCH):
            batch = [self.person(villages) for _i in range(min(BATCH, count - first))]
            self.s.add_all(p for p, _h in batch)
            self.s.flush()
            for person, history in batch:
                rows: list[Episode | DrugTest] = [*history.episodes, *history.tests]
                for row in rows:
                    row.person_id = person.id
                self.s.add_all(rows)
                n_episodes += len(history.episodes)
                n_tests += len(history.tests)
            self.s.flush()
            people.extend(p for p, _h in batch)
        return people, n_episodes, n_tests

    def person(self, villages: list[Village]) -> tuple[Person, _History]:
        rng, today = self.rng, self.today
        sex = Sex.MALE if rng.random() < 0.87 else Sex.FEMALE
        male = sex == Sex.MALE
        full_name = " ".join(
            (
                weighted(rng, pool.FAMILY_NAMES),
                weighted(rng, pool.MIDDLE_MALE if male else pool.MIDDLE_FEMALE),
                weighted(rng, pool.GIVEN_MALE if male else pool.GIVEN_FEMALE),
            )
        )
        age = int(rng.triangular(16, 56, 29)) if rng.random() < 0.93 else rng.randint(56, 66)
        birth = add_months(today, -12 * age) - self.days(0, 364)
        id_number = self.personal_id(sex, birth.year) if rng.random() < 0.9 else None
        legacy = None
        if birth.year < 2000 and rng.random() < 0.1:
            legacy = f"{rng.randint(1, 3)}{rng.randint(0, 99_999_999):08d}"
        identity = validate_identity(
            full_name=full_name,
            today=today,
            birth_date=birth if rng.random() < 0.8 else None,
            birth_year=birth.year,
            sex=sex,
            id_number=id_number,
            legacy_id_number=legacy,
        )
        drug, substance, _w = rng.choices(pool.DRUGS, weights=[d[2] for d in pool.DRUGS])[0]
        history = _History(self, birth, drug, substance)
        history.run()
        drug = history.drug
        village = rng.choice(villages)
        spouse = "vợ" if male else "chồng"
        first_use = min((t.test_date for t in history.tests), default=today)
        since = max(first_use.year - rng.choice((0, 0, 1, 2, 3, 5)), birth.year + 13)
        criminal = history.criminal_record
        if not criminal and rng.random() < 0.15:
            criminal = self.record(pool.CRIMINAL_RECORDS, birth, sentence=True)
        person = Person(
            unit_code=self.unit,
            full_name=identity.full_name,
            other_names=rng.choice(pool.NICKNAMES) if male and rng.random() < 0.3 else "",
            birth_date=identity.birth_date,
            birth_year=identity.birth_year,
            sex=sex.value,
            id_number=identity.id_number,
            legacy_id_number=identity.legacy_id_number,
            village_id=village.id,
            address_text=self.address(village),
            occupation=weighted(rng, pool.OCCUPATIONS),
            family_situation=rng.choice(pool.FAMILY_SITUATIONS).format(spouse=spouse),
            category="addict" if history.addict else "illegal_user",
            drug_types=drug,
            use_method=rng.choice(pool.USE_METHODS[drug]),
            using_since_year=min(since, today.year),
            criminal_record=criminal,
            administrative_record=(
                self.record(pool.ADMINISTRATIVE_RECORDS, birth) if rng.random() < 0.35 else ""
            ),
            notes=rng.choice(pool.NOTES),
        )
        return person, history

    def personal_id(self, sex: Sex, year: int) -> str:
        """Số định danh: province of birth registration, century+sex, year, 6 random digits."""
        rng = self.rng
        province = self.home_province if rng.random() < 0.75 else rng.choice(self.provinces)
        gene = (0 if year < 2000 else 2) + (1 if sex == Sex.FEMALE else 0)
        return f"{province}{gene}{year % 100:02d}{rng.randint(0, 999_999):06d}"

    def record(self, templates: Sequence[str], birth: date, *, sentence: bool = False) -> str:
        low = min(birth.year + 18, self.today.year - 1)
        year = self.rng.randint(low, self.today.year - 1)
        n = self.rng.randint(1, 5) if sentence else 0
        return self.rng.choice(templates).format(y=year, n=n)

    def address(self, village: Village) -> str:
        prefixes = pool.ADDRESS_PREFIXES.get(village.kind, pool.ADDRESS_PREFIXES["thon"])
        number = self.rng.choice(prefixes).format(
            n=self.rng.randint(1, 120), m=self.rng.randint(1, 40)
        )
        return f"{number}, {village.name}"

    # --- hotspots ----------------------------------------------------------------------------

    def hotspots(self, count: int, villages: list[Village], people: list[Person]) -> int:
        """Tụ điểm: discovered over the last 3 years; eliminated, some re-emerged; 1–4 people."""
        rng, today = self.rng, self.today
        made: list[tuple[Hotspot, list[tuple[date, HotspotStatus, str]]]] = []
        for index in range(count):
            kind = HotspotKind(weighted(rng, pool.HOTSPOT_KINDS))
            village = rng.choice(villages)
            names = pool.GROWING_NAMES if kind == HotspotKind.GROWING else pool.HOTSPOT_NAMES
            found = today - self.days(60 if index == 1 else 0, 3 * 365)
            lat = lon = None
            if rng.random() < 0.6:
                lat = round(self.centre[0] + rng.uniform(-0.03, 0.03), 6)
                lon = round(self.centre[1] + rng.uniform(-0.03, 0.03), 6)
            hotspot = Hotspot(
                unit_code=self.unit,
                kind=kind.value,
                name=f"{rng.choice(names)} ({village.name})",
                village_id=village.id,
                address_text=self.address(village),
                latitude=lat,
                longitude=lon,
                discovered_date=found,
                description=rng.choice(pool.HOTSPOT_DESCRIPTIONS),
            )
            made.append((hotspot, self.hotspot_events(index, found)))
        self.s.add_all(h for h, _e in made)
        self.s.flush()
        rows: list[object] = []
        for hotspot, events in made:
            for when, status, note in events:
                rows.append(
                    HotspotEvent(
                        unit_code=self.unit,
                        hotspot_id=hotspot.id,
                        event_date=when,
                        status=status.value,
                        note=note,
                    )
                )
            locals_ = [p for p in people if p.village_id == hotspot.village_id] or people
            linked = rng.sample(locals_, min(rng.randint(1, 4), len(locals_)))
            for i, person in enumerate(linked):
                roles = pool.HOTSPOT_ROLES_FIRST if i == 0 else pool.HOTSPOT_ROLES
                rows.append(
                    HotspotPerson(
                        unit_code=self.unit,
                        hotspot_id=hotspot.id,
                        person_id=person.id,
                        role=rng.choice(roles),
                    )
                )
        self.s.add_all(rows)
        self.s.flush()
        return len(made)

    def hotspot_events(self, index: int, found: date) -> list[tuple[date, HotspotStatus, str]]:
        """Phát hiện → triệt xóa → tái hoạt động → …; the first two hotspots are kept one
        active and one eliminated so every demo shows both."""
        rng, today = self.rng, self.today
        events = [(found, HotspotStatus.ACTIVE, "Phát hiện qua nguồn tin của quần chúng")]
        eliminate = index == 1 or (index != 0 and rng.random() < 0.6)
        when = found
        while eliminate and (today - when).days > 25:
            when += self.days(20, min(400, (today - when).days))
            events.append((when, HotspotStatus.ELIMINATED, "Triệt xóa, xử lý các đối tượng"))
            if index == 1 or (today - when).days < 40 or rng.random() >= 0.3:
                break
            when += self.days(30, min(365, (today - when).days))
            events.append((when, HotspotStatus.RE_EMERGED, "Đối tượng quay lại hoạt động"))
            eliminate = rng.random() < 0.4
        return events

    # --- propaganda --------------------------------------------------------------------------

    def activities(self, count: int, villages: list[Village]) -> int:
        """12 months up to today; most village-months covered, some deliberately not."""
        rng, today = self.rng, self.today
        months = [add_months(today.replace(day=1), -k) for k in range(11, -1, -1)]
        covered = {m: [v for v in villages if rng.random() >= 0.15] for m in months}
        if all(len(vs) == len(villages) for vs in covered.values()) and villages:
            gap_month = rng.choice(months)
            covered[gap_month].remove(rng.choice(covered[gap_month]))
        plan: list[tuple[date, list[Village]]] = []
        for month in months:
            todo = covered[month][:]
            rng.shuffle(todo)
            while todo:
                k = rng.randint(1, 3)
                plan.append((month, todo[:k]))
                todo = todo[k:]
        rng.shuffle(plan)
        plan = plan[:count]
        busy = [m for m in months if covered[m]]
        while len(plan) < count and busy:
            month = rng.choice(busy)
            plan.append(
                (month, rng.sample(covered[month], min(rng.randint(1, 3), len(covered[month]))))
            )
        made: list[tuple[Activity, list[Village]]] = []
        for month, reached in sorted(plan, key=lambda p: p[0]):
            last = today.day if month.month == today.month and month.year == today.year else None
            made.append((self.activity(month, last), reached))
        self.s.add_all(a for a, _v in made)
        self.s.flush()
        self.s.add_all(
            ActivityVillage(unit_code=self.unit, activity_id=a.id, village_id=v.id)
            for a, reached in made
            for v in reached
        )
        self.s.flush()
        return len(made)

    def activity(self, month: date, last_day: int | None) -> Activity:
        rng = self.rng
        end = last_day or (add_months(month, 1) - timedelta(days=1)).day
        form = ActivityForm(weighted(rng, pool.ACTIVITY_FORMS))
        if form == ActivityForm.SCHOOL:
            audience = Audience.STUDENTS
        else:
            audience = Audience(
                weighted(rng, [(a.value, 4 if a == Audience.GENERAL else 1) for a in Audience])
            )
        cost = pool.ACTIVITY_COSTS.get(form.value, (0, 0))
        materials = pool.ACTIVITY_MATERIALS.get(form.value, (0, 20))
        partners = rng.sample(pool.PARTNERS, rng.randint(0, 2))
        return Activity(
            unit_code=self.unit,
            activity_date=month.replace(day=rng.randint(1, end)),
            form=form.value,
            topic=rng.choice(pool.TOPICS),
            organiser=rng.choice(pool.ORGANISERS),
            partners=", ".join(partners),
            audience=audience.value,
            participants=rng.randint(20, 300),
            materials=rng.randint(*materials),
            cost_vnd=rng.randint(cost[0] // 50_000, cost[1] // 50_000) * 50_000,
            notes=rng.choice(pool.ACTIVITY_NOTES),
        )

    # --- what the Overview's law panels need (deadlines, targets) ----------------------------

    def law_extras(self, people: list[Person], villages: int) -> None:
        """A person who just moved away (the 24-hour notification is due) and the plan's
        villages with a model (no register holds models), unless a plan is already stored."""
        from xasach.services.targets import PLAN_SETTING, shipped_plan, store_plan

        if get_setting(self.s, PLAN_SETTING) is None:
            plan = replace(shipped_plan(), villages_with_model=max(0, villages - 2))
            store_plan(self.s, plan)
        yesterday = self.today - timedelta(days=1)
        ids = [p.id for p in people]
        candidates = self.s.scalars(
            select(Episode)
            .where(
                Episode.person_id.in_(ids),
                Episode.kind == EpisodeType.ILLEGAL_USE_MANAGEMENT.value,
                Episode.actual_end.is_(None),
                Episode.start_date < yesterday,
            )
            .order_by(Episode.start_date, Episode.id)
            .limit(1)
        ).all()
        for episode in candidates:
            episode.actual_end = yesterday
            episode.outcome = "Chuyển đi nơi cư trú khác (xã khác)"

    # --- period figures ----------------------------------------------------------------------

    def period_figures(self) -> None:
        """Số liệu kỳ for this year and last year, unless the commune already entered them."""
        rng = self.rng
        population = rng.randint(500, 2900) * 10
        for year in (self.today.year - 1, self.today.year):
            period = str(year)
            population = int(population * rng.uniform(1.0, 1.02))
            exists = self.s.scalar(
                select(PeriodFigures.id).where(
                    PeriodFigures.unit_code == self.unit,
                    PeriodFigures.period == period,
                    PeriodFigures.deleted_at.is_(None),
                )
            )
            if exists:
                continue
            grows = rng.random() < 0.3
            self.s.add(
                PeriodFigures(
                    unit_code=self.unit,
                    period=period,
                    population=population,
                    offenders_arrested=rng.randint(0, max(1, population * 15 // 10_000)),
                    plants_destroyed=rng.randint(100, 4000) if grows else 0,
                    area_destroyed_m2=float(rng.randint(20, 900)) if grows else 0.0,
                    on_trafficking_route=rng.random() < 0.3,
                    notes="Số liệu mẫu",
                )
            )
