"""The Propaganda page: the activity list, the activity dialog and the coverage grid."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from xasach.domain.roles import Actor, Role
from xasach.services.propaganda import ActivityData, create_activity
from xasach.services.propaganda_queries import ActivityQuery
from xasach.store.models import Village
from xasach.ui.context import AppContext
from xasach.ui.propaganda import ActivityDialog, PropagandaPage
from xasach.ui.propaganda.coverage_grid import GAP, OPEN_GAP
from xasach.ui.propaganda.list_page import COVERAGE_TAB, LIST_TAB
from xasach.ui.propaganda.table_model import ActivityTableModel
from xasach.ui.registers import prompts

UNIT = "00070"
TODAY = date.today()
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def ctx(db):
    return AppContext(db, UNIT, "Phường Hoàn Kiếm", "commune")


@pytest.fixture
def villages(db):
    names = ["Thôn Đông Hưng", "Tổ dân phố số 3", "Bản Phiêng Luông"]
    with db.session() as s:
        rows = [Village(unit_code=UNIT, name=n, sort_order=i) for i, n in enumerate(names)]
        s.add_all(rows)
    return [v.id for v in rows]


def add_activity(db, village_ids, day=TODAY, topic="Tác hại của ma túy", form="conference"):
    with db.session() as s:
        data = ActivityData(day, form, topic, tuple(village_ids), participants=50)
        return create_activity(s, data).id


@pytest.fixture
def page(qtbot, ctx, villages):
    widget = PropagandaPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def activate(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def cell_text(page, row, month):
    model = page.coverage.model
    return model.data(model.index(row, month - 1))


def test_model_pages_sorts_and_filters_in_sql(qapp, db, villages):
    for day in range(1, 6):
        add_activity(db, villages[:1], date(2025, 3, day), topic=f"Buổi {day}")
    add_activity(db, villages[1:2], date(2025, 4, 1), topic="Phát tờ rơi", form="leaflet")
    model = ActivityTableModel(db, page_size=4)
    model.reload()
    assert (model.rowCount(), model.total, model.canFetchMore()) == (4, 6, True)
    model.fetchMore()
    assert model.rowCount() == 6
    model.sort(ActivityTableModel.DATE, Qt.SortOrder.AscendingOrder)
    assert model.line(0).topic == "Buổi 1"
    model.set_query(ActivityQuery(year=2025, month=4))
    assert [model.line(r).topic for r in range(model.rowCount())] == ["Phát tờ rơi"]
    assert model.data(model.index(0, ActivityTableModel.VILLAGES)) == "Tổ dân phố số 3"
    model.set_query(ActivityQuery(text="to roi"))
    assert model.total == 1


def test_an_activity_for_two_villages_fills_two_cells(qtbot, page, villages):
    month = TODAY.month
    assert [cell_text(page, r, month) for r in range(3)] == ["0", "0", "0"]
    activate(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, "n", CTRL)
    dialog = page.dialog
    assert isinstance(dialog, ActivityDialog)
    assert dialog.date_edit.value() == TODAY
    dialog.topic_edit.insert("Hội nghị tuyên truyền về ma túy đá")
    dialog.tick(villages[0])
    dialog.tick(villages[2])
    activate(qtbot, dialog)
    with qtbot.waitSignal(page.ctx.bus.changed):
        qtbot.keyClick(dialog.topic_edit, "s", CTRL)
    assert not dialog.isVisible()
    assert [cell_text(page, r, month) for r in range(3)] == ["1", "0", "1"]
    line = page.model.line(0)
    assert line.villages == ("Thôn Đông Hưng", "Bản Phiêng Luông")
    assert "1" in page.coverage.summary_label.text()


def test_a_gap_cell_is_red_or_orange_and_a_click_filters_the_list(qtbot, page, db, villages):
    add_activity(db, villages[:2])
    page.refresh()
    page.tabs.setCurrentIndex(COVERAGE_TAB)
    grid, table = page.coverage, page.coverage.table
    gap = grid.model.index(2, TODAY.month - 1)
    background = grid.model.data(gap, Qt.ItemDataRole.BackgroundRole).color()
    assert background in (GAP[0], OPEN_GAP[0])
    assert grid.model.data(gap) == "0"
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(gap).center()
    )
    assert page.tabs.currentIndex() == LIST_TAB
    query = page.model.query
    assert (query.village_id, query.year, query.month) == (villages[2], TODAY.year, TODAY.month)
    assert page.model.rowCount() == 0
    assert "Bản Phiêng Luông" in page.activities.empty_label.text()
    dialog = page.new_activity()  # from the gap straight to a new activity there
    assert dialog.ticked() == (villages[2],)


def test_a_covered_cell_lists_its_activities(qtbot, page, db, villages):
    add_activity(db, villages[:1], topic="Phát thanh trên loa")
    page.refresh()
    page.coverage.cell_chosen.emit(villages[0], TODAY.year, TODAY.month)
    assert [page.model.line(r).topic for r in range(page.model.rowCount())] == [
        "Phát thanh trên loa"
    ]


def test_refused_fields_show_next_to_them(qtbot, page):
    dialog = page.new_activity()
    assert not dialog.save()
    assert dialog.errors["topic"].isVisible()
    dialog.topic_edit.insert("Tờ rơi")
    assert not dialog.save()
    assert dialog.errors["village_ids"].isVisible()
    assert not dialog.errors["topic"].isVisible()


def test_delete_asks_and_the_cell_empties(qtbot, page, db, villages, monkeypatch):
    add_activity(db, villages[:1])
    page.refresh()
    assert cell_text(page, 0, TODAY.month) == "1"
    monkeypatch.setattr(prompts, "confirm", lambda *args: True)
    activate(qtbot, page)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.total == 0
    assert cell_text(page, 0, TODAY.month) == "0"


def test_a_refused_delete_keeps_the_row(qtbot, page, db, villages, monkeypatch):
    add_activity(db, villages[:1])
    page.refresh()
    monkeypatch.setattr(prompts, "confirm", lambda *args: False)
    page.table.selectRow(0)
    page.activities.delete_button.click()
    assert page.model.total == 1


def test_unsaved_changes_guard(qtbot, page, monkeypatch):
    answers = iter([prompts.Unsaved.CANCEL, prompts.Unsaved.DISCARD])
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent: next(answers))
    dialog = page.new_activity()
    dialog.participants_box.setValue(80)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.participants_box.value() == 80
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert page.model.total == 0


def test_editing_replaces_the_villages(qtbot, page, db, villages):
    add_activity(db, villages[:1])
    page.refresh()
    page.table.selectRow(0)
    dialog = page.open_selected()
    assert dialog.ticked() == (villages[0],)
    dialog.tick(villages[0], False)
    dialog.tick(villages[1])
    assert dialog.save()
    assert [cell_text(page, r, TODAY.month) for r in range(3)] == ["0", "1", "0"]


def test_the_culture_officer_may_edit(qtbot, ctx, db, villages):
    db.actor = Actor("vanhoa", Role.CULTURE)
    page = PropagandaPage(ctx)
    qtbot.addWidget(page)
    assert page.activities.new_button.isEnabled()
    assert page.new_activity().editable


def test_the_leader_sees_the_refusal_and_no_edit_button(qtbot, ctx, db, villages):
    db.actor = Actor("lanhdao", Role.LEADER)
    page = PropagandaPage(ctx)
    qtbot.addWidget(page)
    assert page.model.error and not page.activities.refusal_label.isHidden()
    assert not page.activities.new_button.isEnabled()
    assert page.new_activity() is None
    assert page.coverage.summary_label.text()  # the refusal, in place of the summary
