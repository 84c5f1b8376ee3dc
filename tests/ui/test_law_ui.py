"""The law on screen: the Overview's due, targets and classification panels show what the
services compute; the upper level's classification page; the rules box in Settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from xasach.demo import generate_demo
from xasach.domain.periods import Period
from xasach.domain.roles import Actor, Role
from xasach.i18n import _
from xasach.services.auth import login, setup_secure
from xasach.services.classification import classify
from xasach.services.due import list_due
from xasach.services.setup import MODE_UPPER
from xasach.services.targets import evaluate_targets
from xasach.ui.context import AppContext
from xasach.ui.hub.classification_page import ClassificationPage
from xasach.ui.overview_page import OverviewPage
from xasach.ui.rules.rules_box import VALUE_COLUMN, RulesBox
from xasach.ui.workspace import upper_pages

from conftest import ADMIN, COMMUNE_CODE, COMMUNE_NAME, PASSWORD

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(db):
    generate_demo(db, persons=120, hotspots=10, activities=60, seed=3, today=TODAY)
    return db


def overview(qtbot, db) -> OverviewPage:
    page = OverviewPage(AppContext(db, COMMUNE_CODE, COMMUNE_NAME, "commune"), today=TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def texts(table, column):
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_due_panel_lists_what_the_service_finds(qtbot, demo):
    page = overview(qtbot, demo)
    with demo.reader() as s:
        items = list_due(s, within_days=30, today=TODAY)
    panel = page.due_panel
    assert items and panel.isVisible()
    assert texts(panel.table, 2) == [i.person_name for i in items][: panel.table.rowCount()]
    overdue = sum(1 for i in items if i.overdue)
    assert str(overdue) in panel.summary_label.text()


def test_due_panel_opens_the_people_list_filtered(qtbot, demo):
    page = overview(qtbot, demo)
    with qtbot.waitSignal(page.navigate) as signal:
        page.due_panel.open_button.click()
    assert signal.args == ["people", {"due_within_days": 30}]


def test_targets_panel_shows_each_target_with_its_mark(qtbot, demo):
    page = overview(qtbot, demo)
    with demo.reader() as s:
        results = evaluate_targets(s, Period.parse("2026"), today=TODAY)
    table = page.targets_panel.table
    assert texts(table, 1) == [r.label for r in results]
    marks = {True: "✓", False: "✗", None: "–"}
    assert texts(table, 0) == [marks[r.met] for r in results]


def test_classification_panel_shows_the_result_and_rule_levels(qtbot, demo):
    page = overview(qtbot, demo)
    with demo.reader() as s:
        c = classify(s, Period.parse("2026"))
    panel = page.classification_panel
    assert panel.result_label.text() == c.result_label
    assert panel.table.rowCount() == len(c.criteria)


def test_the_leader_sees_counts_but_no_names(qtbot, demo):
    demo.actor = Actor("lead", Role.LEADER)
    page = overview(qtbot, demo)
    assert page.due_panel.isVisible() and not page.due_panel.table.isVisible()
    assert page.classification_panel.isVisible()


def test_culture_officer_sees_no_due_panel(qtbot, demo):
    demo.actor = Actor("vh", Role.CULTURE)
    page = overview(qtbot, demo)
    assert not page.due_panel.isVisible()
    assert not page.classification_panel.isVisible()
    keys = {r.label for r in page.targets_panel.results}
    assert keys and all("hotspot" not in k.lower() for k in keys)


def test_upper_level_has_a_classification_page(qtbot, demo):
    assert "classification" in [key for key, _p, _f in upper_pages()]
    page = ClassificationPage(AppContext(demo, COMMUNE_CODE, COMMUNE_NAME, "upper"), today=TODAY)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == COMMUNE_CODE
    assert page.criteria.rowCount() > 0
    page.period_edit.setText("2026-Q5")
    page.refresh()
    assert page.message.isVisibleTo(page) and page.table.rowCount() == 0


def test_commune_rules_box_shows_the_version_and_offers_import_only(qtbot, db):
    box = RulesBox(AppContext(db, COMMUNE_CODE, COMMUNE_NAME, "commune"))
    qtbot.addWidget(box)
    box.retranslate_ui()
    assert db.setting("rules.version") in box.summary.text()
    assert not box.import_button.isHidden() and box.send_button.isHidden()
    assert box.rules_table.rowCount() > 0


@pytest.fixture
def upper_db(tmp_path: Path):
    path = tmp_path / "upper.db"
    setup_secure(path, mode=MODE_UPPER, unit_code="01", admin=ADMIN, password=PASSWORD)
    database = login(path, ADMIN, PASSWORD)
    yield database
    database.close()


def test_upper_level_edits_a_threshold_under_a_new_version(qtbot, upper_db):
    box = RulesBox(AppContext(upper_db, "01", "Thành phố Hà Nội", MODE_UPPER))
    qtbot.addWidget(box)
    box.retranslate_ui()
    row = next(
        i for i, r in enumerate(box.info.rules) if r.key == "classification.class1.hotspots_min"
    )
    box.rules_table.item(row, VALUE_COLUMN).setText("4")
    box.version_edit.setText("2026.1")  # not newer: refused, nothing changed
    box.save()
    assert "2026.1" in box.message.text()
    box.version_edit.setText("2026.7")
    box.save()
    assert upper_db.setting("rules.version") == "2026.7"
    rule = next(r for r in box.info.rules if r.key == "classification.class1.hotspots_min")
    assert rule.value == 4


def test_the_officer_enters_the_missing_figures_from_the_overview(qtbot, db, monkeypatch):
    """Population and the other figures the registers cannot give are entered in a dialog
    opened from the classification panel; a blank field stays “missing”, never zero."""
    from xasach.ui.overview.figures_dialog import FiguresDialog

    page = overview(qtbot, db)
    panel = page.classification_panel
    assert panel.figures_button.isVisible() and panel.missing_label.isVisible()
    with db.reader() as s:
        before = classify(s, Period.parse(panel.period_code))
    assert before.missing

    def fill_and_save(dialog: FiguresDialog) -> int:
        dialog.population.setValue(8_500)
        dialog.arrests.setValue(3)
        dialog.route.setCurrentIndex(dialog.route.findData(False))
        dialog.save()  # the plants and area fields stay at “—”
        return dialog.result()

    monkeypatch.setattr(FiguresDialog, "exec", fill_and_save)
    qtbot.mouseClick(panel.figures_button, Qt.MouseButton.LeftButton)
    with db.reader() as s:
        after = classify(s, Period.parse(panel.period_code))
    assert len(after.missing) < len(before.missing)
    if after.missing:  # the panel was refreshed with what is still missing
        expected = _("Missing figures — enter them for the period: {names}")
        assert panel.missing_label.text() == expected.format(names=", ".join(after.missing))
    else:
        assert not panel.missing_label.isVisible()
    dialog = FiguresDialog(page.ctx, Period.parse(panel.period_code))
    qtbot.addWidget(dialog)
    assert dialog.values() == {
        "population": 8_500,
        "offenders_arrested": 3,
        "plants_destroyed": None,
        "area_destroyed_m2": None,
        "on_trafficking_route": False,
    }


def test_a_culture_officer_cannot_enter_figures(qtbot, db):
    db.actor = Actor("vanhoa", Role.CULTURE)
    page = overview(qtbot, db)
    assert not page.classification_panel.figures_button.isVisible()
