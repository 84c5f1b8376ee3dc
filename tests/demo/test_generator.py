"""The demo data generator (`xasach demo`): deterministic, valid, realistic, additive."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from xasach.demo import DemoSummary, generate_demo
from xasach.domain.episodes import EpisodeType
from xasach.domain.errors import DomainError
from xasach.domain.person import validate_identity
from xasach.domain.personal_id import Sex, parse_personal_id
from xasach.domain.roles import SYSTEM
from xasach.domain.rules import add_months, planned_end
from xasach.domain.text import fold
from xasach.store.database import Database, commit_new
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
from xasach.store.reference import load_shipped_rules, load_shipped_units, put_setting, rule_set

TODAY = date(2026, 10, 15)
UNIT = "00070"
SYNCED_MODELS = (
    Village,
    Person,
    Episode,
    DrugTest,
    Hotspot,
    HotspotEvent,
    HotspotPerson,
    Activity,
    ActivityVillage,
    PeriodFigures,
)
REHAB_KINDS = {
    EpisodeType.VOLUNTARY_REHAB_COMMUNITY,
    EpisodeType.VOLUNTARY_REHAB_FACILITY,
    EpisodeType.COMPULSORY_REHAB,
}


def make_db(path: Path, *, unit: str | None = UNIT) -> Database:
    db, final = Database.create(path)
    with db.session() as s:
        load_shipped_units(s)
        load_shipped_rules(s)
        if unit:
            put_setting(s, "unit.code", unit)
            put_setting(s, "unit.name", "Phường Hoàn Kiếm")
        put_setting(s, "mode", "commune")
    commit_new(db, final)
    opened = Database.open(final)
    opened.actor = SYSTEM
    return opened


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_db(tmp_path / "c.db")
    yield database
    database.close()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    """500 persons, seed 1: shared by the read-only checks."""
    database = make_db(tmp_path_factory.mktemp("big") / "c.db")
    summary = generate_demo(database, persons=500, seed=1, today=TODAY)
    yield database, summary
    database.close()


def by_repr(items: Iterable[Any]) -> list[Any]:
    """Sorted in a stable order even with None among the values."""
    return sorted(items, key=repr)


def snapshot(db: Database) -> dict[str, list[Any]]:
    """Everything generated, by content (ids and times differ between runs)."""
    with db.reader() as s:
        villages = {v.id: v.name for v in s.scalars(select(Village))}
        persons = s.scalars(select(Person)).all()
        episodes: dict[str, list[tuple[object, ...]]] = defaultdict(list)
        for e in s.scalars(select(Episode)):
            episodes[e.person_id].append(
                (e.kind, e.start_date, e.planned_end, e.actual_end, e.after_kind, e.facility)
            )
        tests: dict[str, list[tuple[object, ...]]] = defaultdict(list)
        for t in s.scalars(select(DrugTest)):
            tests[t.person_id].append((t.test_date, t.result, t.substances))
        events: dict[str, list[tuple[object, ...]]] = defaultdict(list)
        for ev in s.scalars(select(HotspotEvent)):
            events[ev.hotspot_id].append((ev.event_date, ev.status))
        reached: dict[str, list[str]] = defaultdict(list)
        for av in s.scalars(select(ActivityVillage)):
            reached[av.activity_id].append(villages[av.village_id])
        return {
            "villages": by_repr(villages.values()),
            "persons": by_repr(
                (
                    p.full_name,
                    p.other_names,
                    p.birth_date,
                    p.birth_year,
                    p.sex,
                    p.id_number,
                    p.address_text,
                    villages.get(p.village_id or ""),
                    p.drug_types,
                    tuple(by_repr(episodes[p.id])),
                    tuple(by_repr(tests[p.id])),
                )
                for p in persons
            ),
            "hotspots": by_repr(
                (h.name, h.kind, h.discovered_date, h.latitude, tuple(by_repr(events[h.id])))
                for h in s.scalars(select(Hotspot))
            ),
            "activities": by_repr(
                (a.activity_date, a.form, a.topic, a.participants, tuple(by_repr(reached[a.id])))
                for a in s.scalars(select(Activity))
            ),
        }


def test_same_seed_gives_same_data_and_another_seed_other_data(tmp_path: Path) -> None:
    runs = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        database = make_db(tmp_path / f"{name}.db")
        summary = generate_demo(
            database, persons=60, hotspots=6, activities=30, seed=seed, today=TODAY
        )
        runs.append((summary, snapshot(database)))
        database.close()
    (sum_a, snap_a), (sum_b, snap_b), (_sum_c, snap_c) = runs
    assert sum_a == sum_b
    assert snap_a == snap_b
    assert len(snap_a["persons"]) == 60
    names_a = [p[0] for p in snap_a["persons"]]
    assert names_a != [p[0] for p in snap_c["persons"]]
    assert snap_a["activities"] != snap_c["activities"]


def test_summary_counts_what_is_in_the_database(big: tuple[Database, DemoSummary]) -> None:
    db, summary = big
    with db.reader() as s:

        def count(model: type) -> int:
            return s.scalar(select(func.count()).select_from(model)) or 0

        assert summary == DemoSummary(
            villages=count(Village),
            persons=count(Person),
            episodes=count(Episode),
            drug_tests=count(DrugTest),
            hotspots=count(Hotspot),
            activities=count(Activity),
        )
    assert summary.persons == 500
    assert 8 <= summary.villages <= 12
    assert summary.hotspots == 20
    assert summary.activities == 150
    assert summary.episodes > summary.persons
    assert summary.drug_tests > summary.persons


def test_every_row_belongs_to_the_own_commune(big: tuple[Database, DemoSummary]) -> None:
    db, _summary = big
    with db.reader() as s:
        for model in SYNCED_MODELS:
            codes = set(s.scalars(select(model.unit_code)))
            assert codes == {UNIT}, model


def test_identities_are_valid_and_id_numbers_match_sex_and_birth_year(
    big: tuple[Database, DemoSummary],
) -> None:
    db, _summary = big
    with db.reader() as s:
        persons = s.scalars(select(Person)).all()
    with_id = legacy = birth_date_only_year = 0
    for p in persons:
        validate_identity(
            full_name=p.full_name,
            today=TODAY,
            birth_date=p.birth_date,
            birth_year=p.birth_year,
            sex=p.sex,
            id_number=p.id_number,
            legacy_id_number=p.legacy_id_number,
        )
        assert p.birth_year is not None
        if p.birth_date is None:
            birth_date_only_year += 1
        else:
            assert p.birth_date.year == p.birth_year
        if p.id_number:
            with_id += 1
            info = parse_personal_id(p.id_number)
            assert len(p.id_number) == 12
            assert p.sex is not None and info.sex == Sex(p.sex)
            assert info.birth_year == p.birth_year
            assert int(p.id_number[3]) in ((0, 1) if p.birth_year < 2000 else (2, 3))
        if p.legacy_id_number:
            legacy += 1
            assert len(p.legacy_id_number) == 9
    assert 0.8 <= with_id / len(persons) <= 0.97
    assert 0.1 <= birth_date_only_year / len(persons) <= 0.3
    assert legacy > 0
    ages = [TODAY.year - (p.birth_year or 0) for p in persons]
    assert sum(16 <= a <= 56 for a in ages) / len(ages) > 0.85
    assert min(ages) >= 15
    males = sum(p.sex == Sex.MALE for p in persons) / len(persons)
    assert 0.8 <= males <= 0.95


def test_names_are_vietnamese_with_diacritics_and_duc_variants(
    big: tuple[Database, DemoSummary],
) -> None:
    db, _summary = big
    with db.reader() as s:
        names = list(s.scalars(select(Person.full_name)))
        nicknames = [n for n in s.scalars(select(Person.other_names)) if n]
    assert sum(fold(n) != n.lower() for n in names) / len(names) > 0.9
    assert all(len(n.split()) >= 3 for n in names)
    duc = [n for n in names if "Đức" in n.split()]
    look_alikes = [n for n in names if {"Dức", "Dực", "Đúc", "Dục"} & set(n.split())]
    assert len(duc) >= 5
    assert len(look_alikes) >= 2
    folded = [n for n in names if "duc" in fold(n).split()]
    assert len(folded) > len(duc)  # accent-folded search really has to rank exact matches
    assert nicknames


def test_no_date_lies_after_today(big: tuple[Database, DemoSummary]) -> None:
    db, _summary = big
    with db.reader() as s:
        dates = [
            *s.scalars(select(Person.birth_date)),
            *s.scalars(select(Episode.start_date)),
            *s.scalars(select(Episode.actual_end)),
            *s.scalars(select(Episode.decision_date)),
            *s.scalars(select(DrugTest.test_date)),
            *s.scalars(select(Hotspot.discovered_date)),
            *s.scalars(select(HotspotEvent.event_date)),
            *s.scalars(select(Activity.activity_date)),
        ]
        since = [y for y in s.scalars(select(Person.using_since_year)) if y is not None]
    assert all(d <= TODAY for d in dates if d is not None)
    assert all(y <= TODAY.year for y in since)


def test_episodes_follow_the_rule_table(big: tuple[Database, DemoSummary]) -> None:
    db, _summary = big
    with db.reader() as s:
        rules = rule_set(s)
        episodes = s.scalars(select(Episode)).all()
        births = {p.id: p.birth_year or 0 for p in s.scalars(select(Person))}
    kinds = Counter(e.kind for e in episodes)
    assert set(kinds) == {k.value for k in EpisodeType}
    for e in episodes:
        kind = EpisodeType(e.kind)
        after = EpisodeType(e.after_kind) if e.after_kind else None
        expected = planned_end(rules, kind, e.start_date, months=e.duration_months, after=after)
        assert e.planned_end == expected, (e.kind, e.start_date, e.duration_months)
        if e.actual_end is not None:
            assert e.start_date <= e.actual_end
        if kind == EpisodeType.POST_REHAB:
            assert after in REHAB_KINDS
        if kind == EpisodeType.COMPULSORY_REHAB:
            assert e.start_date.year - births[e.person_id] >= 18
            assert e.facility.startswith("Cơ sở cai nghiện")
        if kind == EpisodeType.SUBSTITUTION_THERAPY:
            assert e.planned_end is None
            assert "Methadone" in e.facility
        if kind == EpisodeType.ILLEGAL_USE_MANAGEMENT:
            assert e.decision_number.endswith("/QĐ-UBND")
            assert e.decided_by == "Chủ tịch UBND xã"
    post_after_compulsory = [
        e for e in episodes if e.after_kind == EpisodeType.COMPULSORY_REHAB.value
    ]
    assert post_after_compulsory
    open_eps = [e for e in episodes if e.actual_end is None]
    due_soon = [
        e for e in open_eps if e.planned_end and TODAY < e.planned_end <= TODAY + timedelta(60)
    ]
    overdue = [e for e in open_eps if e.planned_end and e.planned_end < TODAY]
    closed = [e for e in episodes if e.actual_end is not None]
    assert len(due_soon) >= 10
    assert 1 <= len(overdue) < len(open_eps) / 5
    assert len(closed) > len(open_eps)
    assert any(
        e.kind == EpisodeType.SUBSTITUTION_THERAPY and e.actual_end is None for e in episodes
    )


def test_episodes_start_after_a_positive_test(big: tuple[Database, DemoSummary]) -> None:
    db, _summary = big
    with db.reader() as s:
        first_positive: dict[str, date] = {}
        for t in s.scalars(select(DrugTest).order_by(DrugTest.test_date)):
            assert t.result in ("positive", "negative")
            if t.result == "positive":
                assert t.substances
                first_positive.setdefault(t.person_id, t.test_date)
        management = s.scalars(
            select(Episode).where(Episode.kind == EpisodeType.ILLEGAL_USE_MANAGEMENT.value)
        ).all()
    for e in management:
        assert e.person_id in first_positive
        assert first_positive[e.person_id] <= e.start_date


def test_hotspots_have_history_links_and_derived_statuses(
    big: tuple[Database, DemoSummary],
) -> None:
    db, _summary = big
    with db.reader() as s:
        hotspots = s.scalars(select(Hotspot)).all()
        events: dict[str, list[HotspotEvent]] = defaultdict(list)
        for ev in s.scalars(select(HotspotEvent).order_by(HotspotEvent.event_date)):
            events[ev.hotspot_id].append(ev)
        links = Counter(s.scalars(select(HotspotPerson.hotspot_id)))
        village_count = s.scalar(select(func.count()).select_from(Village)) or 0
    statuses = {h.status for h in hotspots}
    assert {"active", "eliminated"} <= statuses
    assert len({h.village_id for h in hotspots}) >= min(5, village_count)
    assert any(h.latitude is not None for h in hotspots)
    for h in hotspots:
        history = events[h.id]
        assert history[0].status == "active"
        assert history[0].event_date == h.discovered_date
        assert h.discovered_date >= TODAY - timedelta(days=3 * 366)
        assert h.status == history[-1].status
        assert [e.event_date for e in history] == sorted({e.event_date for e in history})
        assert 1 <= links[h.id] <= 4
        if h.latitude is not None or h.longitude is not None:
            assert h.latitude is not None and 8.5 <= h.latitude <= 23.4
            assert h.longitude is not None and 102 <= h.longitude <= 109.5


def test_activities_cover_most_village_months_with_some_gaps(
    big: tuple[Database, DemoSummary],
) -> None:
    db, _summary = big
    with db.reader() as s:
        village_ids = list(s.scalars(select(Village.id)))
        dates = {a.id: a.activity_date for a in s.scalars(select(Activity))}
        per_activity = Counter(s.scalars(select(ActivityVillage.activity_id)))
        covered = {
            (dates[av.activity_id].year, dates[av.activity_id].month, av.village_id)
            for av in s.scalars(select(ActivityVillage))
        }
        activities = s.scalars(select(Activity)).all()
    first = add_months(TODAY.replace(day=1), -11)
    assert all(first <= d <= TODAY for d in dates.values())
    assert all(1 <= per_activity[a] <= 3 for a in dates)
    months = {(d.year, d.month) for d in dates.values()}
    assert len(months) == 12
    slots = len(months) * len(village_ids)
    assert 0.6 <= len(covered) / slots < 1.0
    assert all(20 <= a.participants <= 300 for a in activities)
    assert {a.organiser for a in activities} >= {"Công an xã", "Đoàn Thanh niên"}
    assert len({a.form for a in activities}) >= 6


def test_running_twice_adds_and_reuses_villages_and_figures(db: Database) -> None:
    first = generate_demo(db, persons=30, hotspots=3, activities=10, seed=1, today=TODAY)
    second = generate_demo(db, persons=30, hotspots=3, activities=10, seed=2, today=TODAY)
    assert first.villages >= 8
    assert second.villages == 0
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 60
        assert s.scalar(select(func.count()).select_from(Hotspot)) == 6
        assert s.scalar(select(func.count()).select_from(Village)) == first.villages
        periods = sorted(s.scalars(select(PeriodFigures.period)))
        figures = s.scalars(select(PeriodFigures)).all()
    assert periods == [str(TODAY.year - 1), str(TODAY.year)]
    for f in figures:
        assert 5_000 <= (f.population or 0) <= 30_000
        assert f.offenders_arrested is not None and f.on_trafficking_route is not None


def test_existing_villages_are_used(db: Database) -> None:
    with db.session() as s:
        s.add_all(
            Village(unit_code=UNIT, name=name, kind="to_dan_pho", sort_order=i)
            for i, name in enumerate(("Tổ 1", "Tổ 2", "Tổ 3"))
        )
    summary = generate_demo(db, persons=20, hotspots=2, activities=12, seed=3, today=TODAY)
    assert summary.villages == 0
    with db.reader() as s:
        names = {v.id: v.name for v in s.scalars(select(Village))}
        used = {names.get(v or "") for v in s.scalars(select(Person.village_id))}
        addresses = list(s.scalars(select(Person.address_text)))
    assert used <= {"Tổ 1", "Tổ 2", "Tổ 3"}
    assert all(a.endswith(("Tổ 1", "Tổ 2", "Tổ 3")) for a in addresses)


def test_zero_counts_and_missing_unit(tmp_path: Path) -> None:
    database = make_db(tmp_path / "empty.db")
    summary = generate_demo(database, persons=0, hotspots=0, activities=0, seed=1, today=TODAY)
    assert (summary.persons, summary.hotspots, summary.activities) == (0, 0, 0)
    database.close()
    unset = make_db(tmp_path / "unset.db", unit=None)
    with pytest.raises(DomainError):
        generate_demo(unset, persons=5, seed=1, today=TODAY)
    unset.close()


def test_demo_needs_a_role_that_may_edit_people(db: Database) -> None:
    from xasach.domain.roles import Actor, PermissionDenied, Role

    db.actor = Actor("vanhoa", Role.CULTURE)
    with pytest.raises(PermissionDenied):
        generate_demo(db, persons=1, seed=1, today=TODAY)


def test_demo_writes_one_audit_entry_not_one_per_row(db: Database) -> None:
    from sqlalchemy import func, select

    from xasach.store.models import AuditEntry

    generate_demo(db, persons=20, hotspots=2, activities=5, seed=1, today=TODAY)
    with db.reader() as s:
        actions = s.scalars(select(AuditEntry.action)).all()
        assert actions == ["demo"]
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 1
