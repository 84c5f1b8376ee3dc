"""The Hotspots page and dialog, driven through the real widgets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from xasach.domain.roles import Actor, Role
from xasach.services.hotspot_queries import (
    HotspotQuery,
    get_hotspot,
    hotspot_history,
    hotspot_people,
)
from xasach.services.hotspots import HotspotData, create_hotspot
from xasach.services.people import create_person
from xasach.store.models import Village
from xasach.ui.context import AppContext
from xasach.ui.hotspots import HotspotDialog, HotspotsPage
from xasach.ui.hotspots.status_dialog import StatusChangeDialog
from xasach.ui.hotspots.table_model import HotspotTableModel
from xasach.ui.registers import prompts

UNIT = "00070"
TODAY = date.today()
CTRL = Qt.KeyboardModifier.ControlModifier


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def ctx(db):
    return AppContext(db, UNIT, "Phường Hoàn Kiếm", "commune")


@pytest.fixture
def villages(db):
    with db.session() as s:
        rows = [
            Village(unit_code=UNIT, name="Thôn Đông Hưng", sort_order=1),
            Village(unit_code=UNIT, name="Tổ dân phố số 3", sort_order=2),
        ]
        s.add_all(rows)
    return [v.id for v in rows]


@pytest.fixture
def person(db, villages):
    with db.session() as s:
        return create_person(
            s, full_name="Trần Thị Bích", birth_year=1988, village_id=villages[0]
        ).id


@pytest.fixture
def page(qtbot, ctx, villages):
    widget = HotspotsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def add_hotspots(db, village_id, names):
    with db.session() as s:
        for i, name in enumerate(names):
            data = HotspotData("point", name, village_id, TODAY - timedelta(days=100 - i))
            create_hotspot(s, data)


def test_model_pages_sorts_and_filters_in_sql(qapp, db, villages):
    add_hotspots(db, villages[0], ["Bãi Sông", "Ao Cá", "Cầu Đá", "Dốc Đỏ", "Gò Đồi"])
    model = HotspotTableModel(db, page_size=2)
    model.reload()
    assert (model.rowCount(), model.total, model.canFetchMore()) == (2, 5, True)
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 5 and not model.canFetchMore()
    model.sort(HotspotTableModel.NAME, Qt.SortOrder.AscendingOrder)
    assert [model.line(r).name for r in range(2)] == ["Ao Cá", "Bãi Sông"]
    model.set_query(HotspotQuery(text="doc do"))  # accents ignored
    assert model.total == 1
    assert model.data(model.index(0, HotspotTableModel.NAME)) == "Dốc Đỏ"


def test_create_a_hotspot_with_a_linked_person_from_the_keyboard(qtbot, page, db, person):
    page.table.setFocus()
    qtbot.keyClick(page.table, "n", CTRL)
    dialog = page.dialog
    assert isinstance(dialog, HotspotDialog)
    activate(qtbot, dialog)
    assert dialog.focusWidget() is dialog.kind_box  # the first field, not a button
    dialog.name_edit.insert("Nhà hoang ven đê Đức Giang")
    dialog.village_box.setCurrentIndex(2)
    qtbot.keyClicks(dialog.discovered_edit, dmy(TODAY - timedelta(days=60)))
    qtbot.keyClicks(dialog.picker, "tran thi bich")
    dialog.picker.search_now()
    assert [r.full_name for r in dialog.picker.results] == ["Trần Thị Bích"]
    dialog.picker.choose(0)
    assert dialog.people.topLevelItem(0).text(0) == "Trần Thị Bích"
    activate(qtbot, dialog)  # the offscreen platform does not give it back after the popup
    with qtbot.waitSignal(ctx_bus(page)):
        qtbot.keyClick(dialog.name_edit, "s", CTRL)
    assert not dialog.isVisible()
    line = page.model.line(0)
    assert (line.name, line.village, line.status, line.people) == (
        "Nhà hoang ven đê Đức Giang",
        "Tổ dân phố số 3",
        "active",
        1,
    )
    with db.reader() as s:
        assert [p.name for p in hotspot_people(s, line.id)] == ["Trần Thị Bích"]


def activate(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def ctx_bus(page):
    return page.ctx.bus.changed


def test_a_refused_field_shows_its_message_under_it(qtbot, page):
    dialog = page.new_hotspot()
    dialog.name_edit.insert("Quán nước")
    qtbot.keyClicks(dialog.discovered_edit, dmy(TODAY + timedelta(days=3)))
    assert not dialog.save()
    assert dialog.isVisible()
    assert dialog.errors["village_id"].isVisible()
    dialog.village_box.setCurrentIndex(1)
    assert not dialog.save()
    assert dialog.errors["discovered_date"].text()
    assert not dialog.errors["village_id"].isVisible()


def mark(qtbot, page, status_button, day, note=""):
    status_button.click()
    dialog = page.dialog
    assert isinstance(dialog, StatusChangeDialog)
    dialog.date_edit.clear()
    qtbot.keyClicks(dialog.date_edit, dmy(day))
    dialog.note_edit.insert(note)  # QTest types ASCII only
    assert dialog.save(), dialog.errors["event_date"].text()


def test_eliminated_then_re_emerged_shows_both_in_the_history(qtbot, page, db, villages):
    add_hotspots(db, villages[0], ["Bờ sông sau chợ"])
    page.refresh()
    page.table.selectRow(0)
    assert page.eliminate_button.isEnabled() and not page.reemerge_button.isEnabled()
    mark(qtbot, page, page.eliminate_button, TODAY - timedelta(days=40), "Triệt xóa")
    page.table.selectRow(0)
    assert page.model.line(0).status == "eliminated"
    assert page.reemerge_button.isEnabled() and not page.eliminate_button.isEnabled()
    mark(qtbot, page, page.reemerge_button, TODAY - timedelta(days=5), "Đối tượng quay lại")
    page.table.selectRow(0)
    assert page.model.line(0).status == "re_emerged"
    activate(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, HotspotDialog)
    history = [
        (dialog.history.topLevelItem(i).text(0), dialog.history.topLevelItem(i).text(2))
        for i in range(dialog.history.topLevelItemCount())
    ]
    assert history == [
        (dmy(TODAY - timedelta(days=5)), "Đối tượng quay lại"),
        (dmy(TODAY - timedelta(days=40)), "Triệt xóa"),
        (dmy(TODAY - timedelta(days=100)), ""),
    ]
    with db.reader() as s:
        assert len(hotspot_history(s, page.model.line(0).id)) == 3


def test_a_mistaken_status_change_is_taken_back_from_the_hotspot(
    qtbot, page, db, villages, monkeypatch
):
    add_hotspots(db, villages[0], ["Bãi đất trống cuối thôn"])
    page.refresh()
    page.table.selectRow(0)
    mark(qtbot, page, page.eliminate_button, TODAY - timedelta(days=3), "Nhập nhầm")
    page.table.selectRow(0)
    assert page.model.line(0).status == "eliminated"
    page.table.selectRow(0)
    dialog = page.open_selected()
    assert dialog.undo_status_button.isEnabled()
    dialog.name_edit.setText("Bãi đất trống cuối thôn (sửa)")  # an unsaved edit survives
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda *args: asked.append(args) or True)
    qtbot.mouseClick(dialog.undo_status_button, Qt.MouseButton.LeftButton)
    assert asked and dmy(TODAY - timedelta(days=3)) in asked[0][2]
    assert dialog.history.topLevelItemCount() == 1  # only the discovery is left
    assert not dialog.undo_status_button.isEnabled()
    assert dialog.name_edit.text().endswith("(sửa)") and dialog.dirty
    with db.reader() as s:
        assert get_hotspot(s, dialog.record_id).status == "active"
    assert page.model.line(0).status == "active"  # the list was told


def test_a_status_change_is_not_taken_back_without_confirmation(
    qtbot, page, db, villages, monkeypatch
):
    add_hotspots(db, villages[0], ["Nhà hoang ven suối"])
    page.refresh()
    page.table.selectRow(0)
    mark(qtbot, page, page.eliminate_button, TODAY - timedelta(days=3), "")
    page.table.selectRow(0)
    dialog = page.open_selected()
    monkeypatch.setattr(prompts, "confirm", lambda *args: False)
    assert not dialog.undo_last_status_change()
    assert dialog.history.topLevelItemCount() == 2


def test_a_status_date_before_the_last_event_is_refused_in_the_dialog(qtbot, page, db, villages):
    add_hotspots(db, villages[0], ["Bờ sông sau chợ"])
    page.refresh()
    page.table.selectRow(0)
    page.eliminate_button.click()
    dialog = page.dialog
    dialog.date_edit.setText(dmy(TODAY - timedelta(days=365)))
    assert not dialog.save()
    assert dialog.errors["event_date"].isVisible()


def test_delete_asks_then_removes_the_row(qtbot, page, db, villages, monkeypatch):
    add_hotspots(db, villages[0], ["Quán karaoke ven đường", "Khu lán trại"])
    page.refresh()
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda *args: asked.append(args) or True)
    page.table.setFocus()
    page.table.selectRow(0)
    gone = page.model.line(0).name
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked and gone in asked[0][2]
    assert [page.model.line(r).name for r in range(page.model.rowCount())] != [gone]
    assert page.model.total == 1


def test_unsaved_changes_guard(qtbot, page, db, monkeypatch):
    answers = iter([prompts.Unsaved.CANCEL, prompts.Unsaved.DISCARD])
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent: next(answers))
    dialog = page.new_hotspot()
    dialog.name_edit.insert("Chòi canh ruộng")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # Cancel: back to the form, nothing lost
    assert dialog.name_edit.text() == "Chòi canh ruộng"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()  # Discard
    page.model.reload()
    assert page.model.total == 0


def test_the_guard_can_save(qtbot, page, monkeypatch):
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent: prompts.Unsaved.SAVE)
    dialog = page.new_hotspot()
    dialog.name_edit.insert("Chòi canh ruộng")
    dialog.village_box.setCurrentIndex(1)
    qtbot.keyClicks(dialog.discovered_edit, dmy(TODAY))
    dialog.reject()
    assert not dialog.isVisible()
    assert page.model.total == 1


def test_an_untouched_form_closes_without_asking(qtbot, page, monkeypatch):
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent: pytest.fail("asked"))
    dialog = page.new_hotspot()
    dialog.reject()
    assert not dialog.isVisible()


def test_the_social_officer_reads_but_cannot_edit(qtbot, ctx, db, villages):
    add_hotspots(db, villages[0], ["Bờ sông sau chợ"])
    db.actor = Actor("xahoi", Role.SOCIAL)
    page = HotspotsPage(ctx)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    assert page.open_button.isEnabled()
    for button in (page.new_button, page.delete_button, page.eliminate_button):
        assert not button.isEnabled()
    dialog = page.open_selected()
    assert not dialog.editable and not dialog.form_box.isEnabled()


def test_the_culture_officer_sees_the_refusal(qtbot, ctx, db, villages):
    db.actor = Actor("vanhoa", Role.CULTURE)
    page = HotspotsPage(ctx)
    qtbot.addWidget(page)
    assert page.model.error and not page.refusal_label.isHidden()
    assert not page.new_button.isEnabled()
    assert page.new_hotspot() is None
