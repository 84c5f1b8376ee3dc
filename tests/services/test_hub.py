"""The upper level's hub: communes' overview, registers across communes, duplicates and moves.

One province office and two communes, built through the services; the communes' data reaches
the office through real bundles (export → import), as in the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from xasach.domain.roles import Actor, PermissionDenied, Role
from xasach.i18n import set_language
from xasach.services import sync_export, sync_import, sync_keys
from xasach.services.auth import login, setup_secure
from xasach.services.hotspots import HotspotData, create_hotspot
from xasach.services.hub import (
    KeyState,
    commune_choices,
    communes_overview,
    gaps,
    sequence_text,
)
from xasach.services.hub_duplicates import (
    MatchRule,
    PairKind,
    PersonSide,
    cross_commune_duplicates,
    pair_kind,
)
from xasach.services.hub_lists import (
    HubQuery,
    count_hub_activities,
    count_hub_hotspots,
    count_hub_people,
    hub_activities,
    hub_hotspots,
    hub_people,
)
from xasach.services.people import add_episode, create_person, delete_person
from xasach.services.propaganda import ActivityData, create_activity
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.services.villages import add_village
from xasach.store.database import Database
from xasach.store.models import BundleIn, utcnow

from conftest import ADMIN, PASSWORD

HOAN_KIEM, CUA_NAM, BA_DINH = "00070", "00073", "00004"
TODAY = date.today()
LONG_AGO = TODAY - timedelta(days=200)


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")  # the texts asserted below are the English sources


@dataclass
class World:
    upper: Database
    communes: dict[str, Database]
    folder: Path


def make(folder: Path, name: str, mode: str, unit: str) -> Database:
    path = folder / f"{name}.db"
    setup_secure(path, mode=mode, unit_code=unit, admin=ADMIN, password=PASSWORD)
    return login(path, ADMIN, PASSWORD)


def exchange_keys(upper: Database, commune: Database, folder: Path, *, verify: bool) -> None:
    cards = folder / "cards"
    cards.mkdir(exist_ok=True)
    upper_card = sync_keys.export_card(upper, cards)
    commune_card = sync_keys.export_card(commune, cards)
    sync_keys.import_card(commune, upper_card, verified=True)
    sync_keys.import_card(upper, commune_card, verified=verify)


def send(upper: Database, commune: Database, folder: Path) -> list[sync_import.ImportOutcome]:
    result = sync_export.export_bundle(commune, folder / "out")
    assert result is not None
    return sync_import.import_paths(upper, [result.path], receipts=folder / "receipts")


def person(db: Database, name: str, *, managed: bool = True, **fields: object) -> str:
    with db.session() as s:
        p = create_person(s, full_name=name, **fields)
        if managed:
            add_episode(s, p, "illegal_use_management", LONG_AGO)
        return p.id


def fill_hoan_kiem(db: Database) -> dict[str, str]:
    with db.session() as s:
        village = add_village(s, "Tổ dân phố số 3").id
        create_hotspot(
            s, HotspotData("gathering", "Nhà hoang ven đê", village, LONG_AGO, "Ngõ 5 Đê La Thành")
        )
        create_activity(
            s, ActivityData(LONG_AGO, "conference", "Phòng chống ma túy học đường", (village,))
        )
    ids = {
        "duc": person(db, "Nguyễn Văn Đức", birth_year=1990, sex="M", id_number="001090012345"),
        "hang": person(db, "Trần Thị Hằng", birth_date=date(1985, 6, 1), sex="F"),
        "hung": person(db, "Phạm Văn Hùng", birth_year=1988, sex="M", id_number="001088000001"),
        "nam": person(db, "Lê Văn Nam", birth_year=1992, sex="M", id_number="001092000777"),
        "binh": person(db, "Hoàng Văn Bình", birth_year=1980, sex="M", managed=False),
        "dao": person(db, "Đào Thị Mai", birth_year=1979, sex="F", village_id=village),
    }
    with db.session() as s:
        delete_person(s, ids["nam"])  # Nam left for Cửa Nam: Hoàn Kiếm deleted his file
    return ids


def fill_cua_nam(db: Database) -> dict[str, str]:
    with db.session() as s:
        village = add_village(s, "Thôn Đông Hưng").id
        for name in ("Quán nước đầu ngõ", "Bãi đất trống"):
            create_hotspot(s, HotspotData("point", name, village, LONG_AGO))
    return {
        # Same CCCD as Hoàn Kiếm's Đức, written under another name: the ID decides.
        "duc": person(db, "Nguyễn Đức", birth_year=1990, sex="M", id_number="001090012345"),
        # Same name once folded and same birth date, no ID numbers.
        "hang": person(db, "TRAN THI HANG", birth_date=date(1985, 6, 1), sex="F"),
        # Same name, year and sex but another CCCD: another man.
        "hung": person(db, "Phạm Văn Hùng", birth_year=1988, sex="M", id_number="001088000002"),
        "nam": person(db, "Lê Văn Nam", birth_year=1992, sex="M", id_number="001092000777"),
        "binh": person(db, "Hoàng Văn Bình", birth_year=1980, sex="M"),
        "bich": person(db, "Vũ Thị Bích", birth_year=1995, sex="F"),
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hub")
    upper = make(folder, "province", MODE_UPPER, "01")
    communes = {
        HOAN_KIEM: make(folder, "hoan-kiem", MODE_COMMUNE, HOAN_KIEM),
        CUA_NAM: make(folder, "cua-nam", MODE_COMMUNE, CUA_NAM),
    }
    for db in communes.values():
        exchange_keys(upper, db, folder, verify=True)
    ids = {HOAN_KIEM: fill_hoan_kiem(communes[HOAN_KIEM]), CUA_NAM: fill_cua_nam(communes[CUA_NAM])}
    for db in communes.values():
        assert [o.status for o in send(upper, db, folder)] == ["applied"]
    yield World(upper, communes, folder), ids
    for db in (upper, *communes.values()):
        db.close()


@pytest.fixture
def upper(world):
    db = world[0].upper
    db.actor = Actor(ADMIN, Role.ADMIN)
    yield db
    db.actor = Actor(ADMIN, Role.ADMIN)


# --- the overview ------------------------------------------------------------------------------


def test_overview_has_one_line_per_commune_with_its_registers_counted(upper):
    with upper.reader() as s:
        lines = {line.code: line for line in communes_overview(s)}
    assert list(lines) == [HOAN_KIEM, CUA_NAM]
    hk, cn = lines[HOAN_KIEM], lines[CUA_NAM]
    assert (hk.name, cn.name) == ("Phường Hoàn Kiếm", "Phường Cửa Nam")
    assert (hk.people, hk.hotspots, hk.activities) == (5, 1, 1)  # Nam's file was deleted
    assert (cn.people, cn.hotspots, cn.activities) == (6, 2, 0)


def test_overview_tells_key_last_bundle_and_what_is_held(upper):
    with upper.reader() as s:
        line = next(x for x in communes_overview(s) if x.code == HOAN_KIEM)
    assert line.key == KeyState.VERIFIED
    assert line.last_file.startswith("00070_") and line.last_file.endswith(".xsb")
    assert line.last_received is not None
    assert line.held and line.held[0][0] == 1 and line.missing == ()
    assert line.sequence_text == f"holding 1–{line.held[0][1]}"
    assert line.quarantined == 0


def test_a_bundle_of_an_unverified_key_counts_as_quarantined(tmp_path):
    upper = make(tmp_path, "province", MODE_UPPER, "01")
    commune = make(tmp_path, "ba-dinh", MODE_COMMUNE, BA_DINH)
    exchange_keys(upper, commune, tmp_path, verify=False)
    person(commune, "Ngô Văn Long", birth_year=1970, sex="M")
    assert [o.status for o in send(upper, commune, tmp_path)] == ["quarantined"]
    with upper.reader() as s:
        (line,) = communes_overview(s)
    assert (line.code, line.key, line.quarantined) == (BA_DINH, KeyState.UNVERIFIED, 1)
    assert line.people == 0 and line.sequence_text == "nothing held yet"
    assert line.last_file.startswith(BA_DINH)
    for db in (upper, commune):
        db.close()


def bundle_row(unit: str, epoch: str, first: int, last: int, state: str = "applied") -> BundleIn:
    return BundleIn(
        bundle_id=f"{unit}-{epoch}-{first}-{last}-{state}",
        sender_unit=unit,
        sender_key_id="k" * 32,
        epoch=epoch,
        first_seq=first,
        last_seq=last,
        bundle_hash="0" * 64,
        payload_sha256="0" * 64,
        counts=json.dumps({}),
        made_at="2026-01-01T00:00:00.000000Z",
        received_at=utcnow(),
        received_by=ADMIN,
        state=state,
        file_name=f"{unit}_{first}-{last}.xsb",
    )


def test_a_lost_bundle_shows_as_missing_numbers_of_the_latest_epoch(tmp_path):
    upper = make(tmp_path, "province", MODE_UPPER, "01")
    with upper.session() as s:
        s.add(bundle_row(BA_DINH, "old", 1, 400))  # an earlier epoch does not count
        s.add_all(
            bundle_row(BA_DINH, "new", a, b) for a, b in ((1, 10), (5, 17), (21, 30), (34, 40))
        )
        s.add(bundle_row(BA_DINH, "new", 41, 45, "quarantined"))
    with upper.reader() as s:
        (line,) = communes_overview(s)
    assert line.held == ((1, 17), (21, 30), (34, 40))
    assert line.missing == ((18, 20), (31, 33))
    assert line.sequence_text == "holding 1–17, 21–30, 34–40; 18–20, 31–33 missing"
    assert line.quarantined == 1 and line.key == KeyState.NONE
    upper.close()


def test_gaps_include_the_numbers_before_the_first_range():
    assert gaps([(4, 9)]) == ((1, 3),)
    assert gaps([(1, 1), (3, 3)]) == ((2, 2),)
    assert sequence_text(((1, 1), (3, 3)), ((2, 2),)) == "holding 1, 3; 2 missing"


def test_the_overview_needs_the_reports_permission(upper):
    upper.actor = Actor("vanhoa", Role.CULTURE)
    with upper.reader() as s:
        assert [c.code for c in commune_choices(s)] == [HOAN_KIEM, CUA_NAM]
    upper.actor = Actor("x", Role.LEADER)
    with upper.reader() as s, pytest.raises(PermissionDenied):
        hub_people(s, HubQuery())


# --- lists across communes ---------------------------------------------------------------------


def test_people_of_every_commune_are_listed_and_the_commune_filter_narrows(upper):
    with upper.reader() as s:
        everyone = hub_people(s, HubQuery())
        cua_nam = hub_people(s, HubQuery(unit_code=CUA_NAM))
        assert count_hub_people(s, HubQuery()) == len(everyone) == 11
        assert count_hub_people(s, HubQuery(unit_code=CUA_NAM)) == 6
    assert {p.commune for p in everyone} == {"Phường Hoàn Kiếm", "Phường Cửa Nam"}
    assert {p.unit_code for p in cua_nam} == {CUA_NAM}
    assert "Lê Văn Nam" not in [p.full_name for p in everyone if p.unit_code == HOAN_KIEM]


def test_people_search_is_accent_insensitive_across_communes(upper):
    with upper.reader() as s:
        found = hub_people(s, HubQuery(text="tran thi hang"))
        dao = hub_people(s, HubQuery(text="dao mai"))
        in_one = hub_people(s, HubQuery(unit_code=HOAN_KIEM, text="hằng"))
    assert sorted(p.full_name for p in found) == ["TRAN THI HANG", "Trần Thị Hằng"]
    assert [(p.full_name, p.village, p.id_masked[-4:]) for p in dao] == [
        ("Đào Thị Mai", "Tổ dân phố số 3", "")
    ]
    assert [p.unit_code for p in in_one] == [HOAN_KIEM]


def test_people_are_paged_by_offset_or_after_the_last_key(upper):
    with upper.reader() as s:
        whole = [p.id for p in hub_people(s, HubQuery())]
        by_offset = [
            p.id for start in (0, 4, 8) for p in hub_people(s, HubQuery(), limit=4, offset=start)
        ]
        by_key, after = [], None
        while page := hub_people(s, HubQuery(), limit=4, after=after):
            by_key += [p.id for p in page]
            after = page[-1].key
            assert all(p.key is None for p in page[:-1])
    assert by_offset == by_key == whole


def test_hotspots_and_activities_across_communes(upper):
    with upper.reader() as s:
        spots = hub_hotspots(s, HubQuery())
        assert count_hub_hotspots(s, HubQuery(unit_code=CUA_NAM)) == 2
        de = hub_hotspots(s, HubQuery(text="nha hoang de"))
        activities = hub_activities(s, HubQuery())
        assert count_hub_activities(s, HubQuery(unit_code=CUA_NAM)) == 0
        assert hub_activities(s, HubQuery(text="hoc duong"))[0].topic.endswith("học đường")
    assert {h.unit_code for h in spots} == {HOAN_KIEM, CUA_NAM}
    assert [(h.name, h.commune, h.village) for h in de] == [
        ("Nhà hoang ven đê", "Phường Hoàn Kiếm", "Tổ dân phố số 3")
    ]
    assert [(a.commune, a.villages) for a in activities] == [
        ("Phường Hoàn Kiếm", ("Tổ dân phố số 3",))
    ]


# --- duplicates and moves ----------------------------------------------------------------------


def review(upper: Database) -> dict[str, object]:
    with upper.reader() as s:
        found = cross_commune_duplicates(s)
    assert not found.truncated
    return {p.second.full_name: p for p in found.pairs}


def test_the_same_id_number_in_two_communes_is_a_duplicate(upper):
    pair = review(upper)["Nguyễn Đức"]
    assert pair.kind == PairKind.DUPLICATE and pair.rules == (MatchRule.ID_NUMBER,)
    assert (pair.first.commune, pair.first.full_name) == ("Phường Hoàn Kiếm", "Nguyễn Văn Đức")
    assert pair.second.commune == "Phường Cửa Nam" and pair.label == "Possible duplicate"
    assert pair.first.id_masked.endswith("2345") and "0010900" not in pair.first.id_masked


def test_the_same_folded_name_birth_and_sex_is_a_duplicate(upper):
    pair = review(upper)["TRAN THI HANG"]
    assert pair.kind == PairKind.DUPLICATE and pair.rules == (MatchRule.NAME_BIRTH,)
    assert pair.first.full_name == "Trần Thị Hằng" and pair.first.birth == "01/06/1985"
    assert pair.rules_label == "Name, birth and sex"


def test_the_same_name_with_two_different_id_numbers_is_two_people(upper):
    assert "Phạm Văn Hùng" not in review(upper)


def test_a_file_deleted_in_one_commune_and_live_in_another_reads_as_moved(upper):
    pair = review(upper)["Lê Văn Nam"]
    assert pair.kind == PairKind.MOVED
    assert pair.rules == (MatchRule.ID_NUMBER, MatchRule.NAME_BIRTH)
    assert (pair.first.unit_code, pair.first.deleted) == (HOAN_KIEM, True)
    assert (pair.second.unit_code, pair.second.held) == (CUA_NAM, True)
    assert pair.label == "Moved from Phường Hoàn Kiếm to Phường Cửa Nam"
    assert pair.first.state_label == "File deleted"


def test_a_closed_file_and_a_file_under_management_elsewhere_read_as_moved(upper):
    pair = review(upper)["Hoàng Văn Bình"]
    assert pair.kind == PairKind.MOVED and pair.first.unit_code == HOAN_KIEM
    assert pair.first.status == "none" and pair.second.held


def test_duplicates_come_before_moves_and_nothing_else_is_listed(upper):
    with upper.reader() as s:
        pairs = cross_commune_duplicates(s).pairs
    assert [p.kind for p in pairs] == [PairKind.DUPLICATE] * 2 + [PairKind.MOVED] * 2
    assert len({p.second.full_name for p in pairs}) == 4


def test_the_review_is_cut_at_the_limit(upper):
    with upper.reader() as s:
        found = cross_commune_duplicates(s, limit=1)
    assert len(found.pairs) == 1 and found.truncated


def side(unit: str, *, deleted: bool = False, status: str = "none") -> PersonSide:
    return PersonSide(unit, unit, unit, "A", "", "", "", status, status, deleted)


def test_pair_kind_rules():
    held, closed, gone = side("2", status="post_rehab"), side("1"), side("3", deleted=True)
    assert pair_kind(gone, side("4", deleted=True)) is None
    assert pair_kind(held, gone) == (PairKind.MOVED, gone, held)
    assert pair_kind(held, closed) == (PairKind.MOVED, closed, held)
    assert pair_kind(held, side("1", status="post_rehab"))[0] == PairKind.DUPLICATE
    assert pair_kind(side("9"), closed) == (PairKind.DUPLICATE, closed, side("9"))


def test_duplicates_need_the_people_permission(upper):
    upper.actor = Actor("x", Role.CULTURE)
    with upper.reader() as s, pytest.raises(PermissionDenied):
        cross_commune_duplicates(s)
