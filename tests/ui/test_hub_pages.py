"""The upper level's hub pages, driven through the real widgets after a real import of two
communes' bundles."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from xasach.domain.roles import Actor, Role
from xasach.i18n import set_language
from xasach.services import sync_export, sync_import, sync_keys
from xasach.services.auth import login, setup_secure
from xasach.services.hotspots import HotspotData, create_hotspot
from xasach.services.people import add_episode, create_person, delete_person
from xasach.services.propaganda import ActivityData, create_activity
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.services.villages import add_village
from xasach.store.database import Database
from xasach.ui.context import AppContext
from xasach.ui.hub import (
    CommunesPage,
    DuplicatesPage,
    HubHotspotsPage,
    HubPeoplePage,
    HubPropagandaPage,
)
from xasach.ui.hub.communes_page import ALERT, CommunesModel
from xasach.ui.hub.duplicates_page import MOVED, DuplicatesModel
from xasach.ui.workspace import Workspace, upper_pages

from conftest import ADMIN, PASSWORD

HOAN_KIEM, CUA_NAM = "00070", "00073"
LONG_AGO = date.today() - timedelta(days=120)


def make(folder: Path, name: str, mode: str, unit: str) -> Database:
    path = folder / f"{name}.db"
    setup_secure(path, mode=mode, unit_code=unit, admin=ADMIN, password=PASSWORD)
    return login(path, ADMIN, PASSWORD)


def fill(db: Database, names: list[tuple[str, dict]], hotspot: str, topic: str) -> dict[str, str]:
    ids = {}
    with db.session() as s:
        village = add_village(s, f"Thôn {hotspot}").id
        create_hotspot(s, HotspotData("gathering", hotspot, village, LONG_AGO))
        create_activity(s, ActivityData(LONG_AGO, "loudspeaker", topic, (village,)))
        for name, fields in names:
            person = create_person(s, full_name=name, village_id=village, **fields)
            add_episode(s, person, "illegal_use_management", LONG_AGO)
            ids[name] = person.id
    return ids


@pytest.fixture(scope="module")
def upper(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hub-ui")
    (folder / "cards").mkdir()
    office = make(folder, "province", MODE_UPPER, "01")
    hoan_kiem = make(folder, "hoan-kiem", MODE_COMMUNE, HOAN_KIEM)
    cua_nam = make(folder, "cua-nam", MODE_COMMUNE, CUA_NAM)
    office_card = sync_keys.export_card(office, folder / "cards")
    for commune in (hoan_kiem, cua_nam):
        sync_keys.import_card(commune, office_card, verified=True)
        card = sync_keys.export_card(commune, folder / "cards")
        sync_keys.import_card(office, card, verified=True)
    fill(
        hoan_kiem,
        [
            ("Nguyễn Văn Đức", {"birth_year": 1990, "sex": "M", "id_number": "001090012345"}),
            ("Lê Thị Ánh", {"birth_date": date(1993, 2, 14), "sex": "F"}),
        ],
        "Nhà hoang ven đê",
        "Tuyên truyền trên loa phường",
    )
    moved = fill(
        cua_nam,
        [
            ("Nguyễn Đức", {"birth_year": 1990, "sex": "M", "id_number": "001090012345"}),
            ("Bùi Văn Lâm", {"birth_year": 1987, "sex": "M", "id_number": "001087004321"}),
            ("Trịnh Thị Hoa", {"birth_year": 1999, "sex": "F"}),
        ],
        "Quán nước đầu ngõ",
        "Loa truyền thanh thôn",
    )
    with cua_nam.session() as s:
        delete_person(s, moved["Bùi Văn Lâm"])
    fill(
        hoan_kiem,
        [("Bùi Văn Lâm", {"birth_year": 1987, "sex": "M", "id_number": "001087004321"})],
        "Bãi đất trống",
        "Hội nghị",
    )
    for commune in (hoan_kiem, cua_nam):
        bundle = sync_export.export_bundle(commune, folder / "out")
        outcome = sync_import.import_paths(office, [bundle.path], receipts=folder / "rc")
        assert [o.status for o in outcome] == ["applied"]
        commune.close()
    yield office
    office.close()


@pytest.fixture
def ctx(upper):
    set_language("en")  # the strings asserted below are the English sources
    upper.actor = Actor(ADMIN, Role.ADMIN)
    return AppContext(upper, "01", "Thành phố Hà Nội", MODE_UPPER)


def shown(qtbot, page, width=1300):
    qtbot.addWidget(page)
    page.resize(width, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def column(model, col: int) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_the_communes_page_lists_both_communes_with_their_registers(qtbot, ctx):
    page = shown(qtbot, CommunesPage(ctx))
    model = page.model
    assert column(model, CommunesModel.NAME) == ["Phường Hoàn Kiếm", "Phường Cửa Nam"]
    assert column(model, CommunesModel.KEY) == ["Verified", "Verified"]
    assert column(model, CommunesModel.PEOPLE) == ["3", "2"]
    assert all(t.startswith("holding 1–") for t in column(model, CommunesModel.HELD))
    assert page.summary_label.text() == "2 communes"


def test_missing_changes_stand_out_in_red(qtbot, ctx):
    page = shown(qtbot, CommunesPage(ctx))
    line = page.model.lines[0]
    page.model.set_lines([type(line)(**{**line.__dict__, "missing": ((5, 9),), "quarantined": 2})])
    page._summarise()
    held = page.model.index(0, CommunesModel.HELD)
    assert held.data().endswith("; 5–9 missing")
    assert held.data(Qt.ItemDataRole.ForegroundRole) == ALERT
    assert "1 with changes missing" in page.summary_label.text()
    assert "2 bundles in quarantine" in page.summary_label.text()


def test_people_of_both_communes_and_the_commune_filter_narrows(qtbot, ctx):
    page = shown(qtbot, HubPeoplePage(ctx))
    communes = set(column(page.model, 0))
    assert communes == {"Phường Hoàn Kiếm", "Phường Cửa Nam"}
    assert page.count_label.text() == "5 people"
    page.commune_box.setCurrentIndex(page.commune_box.findData(CUA_NAM))
    assert set(column(page.model, 0)) == {"Phường Cửa Nam"}
    assert page.count_label.text() == "2 people"


def test_people_search_is_accent_insensitive(qtbot, ctx):
    page = shown(qtbot, HubPeoplePage(ctx))
    qtbot.keyClicks(page.search_edit, "nguyen duc")
    page.apply_filters()
    assert sorted(column(page.model, 1)) == ["Nguyễn Văn Đức", "Nguyễn Đức"]


def test_hotspots_and_propaganda_of_both_communes(qtbot, ctx):
    spots = shown(qtbot, HubHotspotsPage(ctx))
    assert set(column(spots.model, 0)) == {"Phường Hoàn Kiếm", "Phường Cửa Nam"}
    spots.commune_box.setCurrentIndex(spots.commune_box.findData(HOAN_KIEM))
    assert sorted(column(spots.model, 1)) == ["Bãi đất trống", "Nhà hoang ven đê"]
    talks = shown(qtbot, HubPropagandaPage(ctx))
    qtbot.keyClicks(talks.search_edit, "loa")
    talks.apply_filters()
    assert sorted(column(talks.model, 3)) == [
        "Loa truyền thanh thôn",
        "Tuyên truyền trên loa phường",
    ]


def test_the_duplicate_and_the_move_appear_for_review(qtbot, ctx):
    page = shown(qtbot, DuplicatesPage(ctx), width=1500)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    model = page.model
    assert column(model, DuplicatesModel.FINDING) == [
        "Possible duplicate",
        "Moved from Phường Cửa Nam to Phường Hoàn Kiếm",
    ]
    assert column(model, DuplicatesModel.RULES)[0] == "ID number"
    assert column(model, DuplicatesModel.FILE_1)[0] == (
        "Nguyễn Văn Đức, 1990\nPhường Hoàn Kiếm · Management of an illegal drug user"
    )
    assert (
        column(model, DuplicatesModel.FILE_1)[1]
        == "Bùi Văn Lâm, 1987\nPhường Cửa Nam · File deleted"
    )
    moved = model.index(1, DuplicatesModel.FINDING)
    assert moved.data(Qt.ItemDataRole.ForegroundRole) == MOVED
    assert page.count_label.text() == "1 possible duplicate · 1 move"


def test_the_upper_workspace_shows_the_hub_pages(qtbot, ctx):
    workspace = Workspace(ctx, pages=upper_pages())
    qtbot.addWidget(workspace)
    keys = list(workspace.pages)
    for key in ("communes", "hub_people", "hub_hotspots", "hub_propaganda", "duplicates"):
        assert key in keys


def test_a_culture_officer_sees_propaganda_but_not_people(qtbot, ctx):
    ctx.db.actor = Actor("vanhoa", Role.CULTURE)
    workspace = Workspace(ctx, pages=upper_pages())
    qtbot.addWidget(workspace)
    assert "hub_propaganda" in workspace.pages and "communes" in workspace.pages
    assert "hub_people" not in workspace.pages and "duplicates" not in workspace.pages
