"""The Overview page: the figures of `xasach stats`, charts for each register, and every tile
and bar a way into the register behind it (navigate(page, filter)); each role sees only its
figures."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from xasach.demo import generate_demo
from xasach.domain.roles import Actor, Role
from xasach.services.stats import register_stats
from xasach.ui.context import AppContext
from xasach.ui.formatting import fmt_number
from xasach.ui.overview_page import OverviewPage

from conftest import COMMUNE_CODE, COMMUNE_NAME

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(db):
    generate_demo(db, persons=150, hotspots=12, activities=90, seed=3, today=TODAY)
    return db


def make_page(qtbot, db) -> OverviewPage:
    ctx = AppContext(db, COMMUNE_CODE, COMMUNE_NAME, "commune")
    page = OverviewPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def series_sets(view):
    return view.chart().series()[0].barSets()


def test_tiles_show_the_register_stats(qtbot, demo):
    page = make_page(qtbot, demo)
    with demo.reader() as s:
        stats = register_stats(s, today=TODAY)
    by_status = {k: v["count"] for k, v in stats["persons"]["by_status"].items()}
    under = stats["persons"]["total"] - by_status.get("none", 0)
    hotspots = {k: v["count"] for k, v in stats["hotspots"]["by_status"].items()}
    expected = {
        "people": under,
        "active": hotspots.get("active", 0) + hotspots.get("re_emerged", 0),
        "eliminated": hotspots.get("eliminated", 0),
        "activities": stats["activities"]["this_year"],
        "villages": stats["villages"],
    }
    for name, value in expected.items():
        assert page.tiles[name].value_label.text() == fmt_number(value), name


def test_the_people_chart_has_one_bar_per_status_under_management(qtbot, demo):
    page = make_page(qtbot, demo)
    with demo.reader() as s:
        stats = register_stats(s, today=TODAY)
    (bars,) = series_sets(page.people_chart)
    counts = sorted(int(bars.at(i)) for i in range(bars.count()))
    by_status = stats["persons"]["by_status"]
    assert counts == sorted(v["count"] for k, v in by_status.items() if k != "none")


def test_clicking_a_tile_navigates_with_its_filter(qtbot, demo):
    page = make_page(qtbot, demo)
    with qtbot.waitSignal(page.navigate) as hit:
        qtbot.mouseClick(page.tiles["active"], Qt.MouseButton.LeftButton)
    assert hit.args == ["hotspots", {"status": "active"}]
    with qtbot.waitSignal(page.navigate) as hit:
        qtbot.mouseClick(page.tiles["activities"], Qt.MouseButton.LeftButton)
    assert hit.args == ["propaganda", {"year": 2026}]
    page.tiles["people"].setFocus()
    with qtbot.waitSignal(page.navigate) as hit:
        qtbot.keyClick(page.tiles["people"], Qt.Key.Key_Return)
    assert hit.args[0] == "people"


def test_clicking_a_bar_navigates_with_its_filter(qtbot, demo):
    page = make_page(qtbot, demo)
    (bars,) = series_sets(page.people_chart)
    top = bars.count() - 1  # drawn bottom-up: the last bar is the largest status
    expected = page.data.people[0].status
    with qtbot.waitSignal(page.navigate) as hit:
        bars.clicked.emit(top)
    assert hit.args == ["people", {"status": expected}]

    _active, eliminated = series_sets(page.hotspot_chart)
    with qtbot.waitSignal(page.navigate) as hit:
        eliminated.clicked.emit(5)
    assert hit.args == ["hotspots", {"status": "eliminated"}]

    full, missed = series_sets(page.coverage_chart)
    assert full.count() == missed.count() == 12
    with qtbot.waitSignal(page.navigate) as hit:
        missed.clicked.emit(2)
    assert hit.args == ["propaganda", {"year": 2026, "month": 3}]


def test_coverage_bars_show_the_share_of_villages_reached(qtbot, demo):
    page = make_page(qtbot, demo)
    full, missed = series_sets(page.coverage_chart)
    for i, month in enumerate(page.data.coverage):
        shown = full.at(i) + missed.at(i)
        assert shown == pytest.approx((month.share or 0) * 100)
        assert not (full.at(i) and missed.at(i))


def test_the_hotspot_chart_covers_24_months_ending_this_month(qtbot, demo):
    page = make_page(qtbot, demo)
    axis = page.hotspot_chart.chart().axes(Qt.Orientation.Horizontal)[0]
    assert len(axis.categories()) == 24 and axis.categories()[-1] == "11/26"


def test_the_culture_officer_sees_no_people_or_hotspot_figures(qtbot, demo):
    demo.actor = Actor("vanhoa", Role.CULTURE)
    page = make_page(qtbot, demo)
    for hidden in (page.tiles["people"], page.tiles["active"], page.people_chart):
        assert hidden.isHidden()
    assert page.tiles["activities"].isVisible() and page.coverage_chart.isVisible()


def test_the_leader_sees_every_count_but_opens_no_register(qtbot, demo):
    demo.actor = Actor("lanhdao", Role.LEADER)
    page = make_page(qtbot, demo)
    assert all(tile.isVisible() for tile in page.tiles.values())
    assert not page.tiles["people"].clickable
    with qtbot.assertNotEmitted(page.navigate):
        qtbot.mouseClick(page.tiles["people"], Qt.MouseButton.LeftButton)


def test_a_change_on_the_bus_refreshes_the_figures(qtbot, db):
    page = make_page(qtbot, db)
    assert page.tiles["villages"].value_label.text() == "0"
    from xasach.services.villages import add_village

    with db.session() as s:
        add_village(s, "Thôn Đông")
    page.ctx.bus.changed.emit("village")
    assert page.tiles["villages"].value_label.text() == "1"


def test_an_empty_commune_shows_zeros_not_errors(qtbot, db):
    page = make_page(qtbot, db)
    assert page.tiles["people"].value_label.text() == "0"
    assert isinstance(page.coverage_chart, QWidget)
    assert not page.message_label.isVisible()
