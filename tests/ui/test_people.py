"""The People register driven through its real widgets: the model, the list page, a person's
dialog with its episode timeline and drug tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from xasach.domain.roles import Actor, Role
from xasach.domain.rules import add_months
from xasach.services.people import add_episode, create_person
from xasach.services.people_list import UNDER_MANAGEMENT, PeopleFilter
from xasach.store.models import AuditEntry, DrugTest, Episode, Person, Village
from xasach.ui.context import AppContext
from xasach.ui.people.episode_dialog import EpisodeDialog
from xasach.ui.people.list_page import PeopleListPage
from xasach.ui.people.person_dialog import PersonDialog
from xasach.ui.people.table_model import PERSON_ID_ROLE, PeopleTableModel
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
def village(db):
    with db.session() as s:
        row = Village(unit_code=UNIT, name="Thôn Đông Hưng", sort_order=1)
        s.add(row)
    return row.id


@pytest.fixture
def people(db, village):
    """Three files: one under management (opened 2 months ago), two not."""
    with db.session() as s:
        lan = create_person(s, full_name="Trần Thị Lan", birth_year=1985, sex="F")
        add_episode(s, lan, "illegal_use_management", TODAY - timedelta(days=60))
        create_person(s, full_name="Lê Văn Nam", birth_year=1979, sex="M", village_id=village)
        create_person(s, full_name="Bùi Văn An", birth_year=1990, sex="M")
    return lan.id


@pytest.fixture
def page(qtbot, ctx, village):
    widget = PeopleListPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def type_text(qtbot, widget, text):
    """Type like an officer, key by key. QTest.keyClicks aborts on letters beyond ASCII (ễ, à,
    Đ …), so those go as key events carrying their text, as an input method sends them."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                ch,
                Qt.KeyboardModifier.NoModifier,
            )


def activate(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def names(model):
    return [model.line(r).full_name for r in range(model.rowCount())]


def stored(db, name):
    with db.reader() as s:
        return s.scalars(select(Person).where(Person.full_name == name)).one()


# --- the model, without windows ---------------------------------------------------------------


def test_rows_arrive_page_by_page_with_the_total_known_up_front(qapp, db):
    with db.session() as s:
        for i in range(7):
            create_person(s, full_name=f"Người Thứ {i}", birth_year=1980 + i)
    model = PeopleTableModel(db, page_size=2)
    model.reload()
    assert (model.rowCount(), model.total, model.canFetchMore()) == (2, 7, True)
    model.fetchMore()
    assert model.rowCount() == 4
    model.fetchMore()  # pages grow as the officer scrolls on
    assert model.rowCount() == 7 and not model.canFetchMore()
    assert names(model) == [f"Người Thứ {i}" for i in range(7)]
    assert model.data(model.index(0, 0), PERSON_ID_ROLE) == model.line(0).id


def test_sorting_is_done_in_sql_and_restarts_the_list(qapp, db, people):
    model = PeopleTableModel(db, page_size=2)
    model.reload()
    assert names(model) == ["Bùi Văn An", "Lê Văn Nam"]
    model.sort(PeopleTableModel.BIRTH, Qt.SortOrder.DescendingOrder)
    assert names(model) == ["Bùi Văn An", "Trần Thị Lan"] and model.total == 3
    model.sort(PeopleTableModel.NAME, Qt.SortOrder.DescendingOrder)
    assert names(model) == ["Trần Thị Lan", "Lê Văn Nam"]
    model.sort(PeopleTableModel.ID_NUMBER, Qt.SortOrder.AscendingOrder)  # not sortable
    assert names(model) == ["Trần Thị Lan", "Lê Văn Nam"]


def test_a_new_filter_resets_the_rows(qapp, db, people):
    model = PeopleTableModel(db, page_size=2)
    model.reload()
    model.fetchMore()
    assert model.rowCount() == 3
    model.set_filter(PeopleFilter(status=UNDER_MANAGEMENT))
    assert (names(model), model.total) == (["Trần Thị Lan"], 1)
    assert model.data(model.index(0, PeopleTableModel.NEXT_END)) == dmy(
        add_months(TODAY - timedelta(days=60), 12)
    )


# --- the list page ----------------------------------------------------------------------------


def test_search_as_you_type_ignores_accents(qtbot, people, page, db):
    with db.session() as s:
        create_person(s, full_name="Nguyễn Văn Đức", birth_year=1990)
    page.refresh()
    qtbot.keyClick(page, "f", CTRL)
    assert page.search_edit.hasFocus()
    qtbot.keyClicks(page.search_edit, "duc")
    qtbot.waitUntil(lambda: page.model.total == 1)
    assert names(page.model) == ["Nguyễn Văn Đức"]
    assert page.count_label.text().startswith("1 ")


def test_filter_by_status(qtbot, people, page):
    assert page.model.total == 3
    box = page.status_box
    box.setCurrentIndex(box.findData("illegal_use_management"))
    assert names(page.model) == ["Trần Thị Lan"]
    box.setCurrentIndex(box.findData("none"))
    assert names(page.model) == ["Bùi Văn An", "Lê Văn Nam"]
    page.apply_filter({"under_management": True})
    assert box.currentData() == UNDER_MANAGEMENT and names(page.model) == ["Trần Thị Lan"]


def test_deadline_filter_and_masked_ids(qtbot, people, page, db):
    with db.session() as s:
        create_person(s, full_name="Hoàng Văn Hòa", birth_year=2000, id_number="001200123456")
    page.refresh()
    row = names(page.model).index("Hoàng Văn Hòa")
    shown = page.model.data(page.model.index(row, PeopleTableModel.ID_NUMBER))
    assert shown == "••••••••3456"
    page.due_check.setChecked(True)
    page.due_days.setValue(400)
    assert names(page.model) == ["Trần Thị Lan"]
    page.due_days.setValue(30)
    assert names(page.model) == []


def test_soft_delete_from_the_list_after_confirming(qtbot, people, page, db, monkeypatch):
    asked = []

    def answer(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    page.table.selectRow(names(page.model).index("Lê Văn Nam"))
    page.table.setFocus()
    with qtbot.waitSignal(page.ctx.bus.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert "Lê Văn Nam" in asked[0]
    assert names(page.model) == ["Bùi Văn An", "Trần Thị Lan"]
    assert stored(db, "Lê Văn Nam").deleted_at is not None
    qtbot.keyClicks(page.search_edit, "nam")
    page.apply_filters()
    assert page.model.total == 0


def test_delete_is_not_done_when_the_officer_says_no(qtbot, people, page, db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    page.table.selectRow(0)
    page.delete_selected()
    assert page.model.total == 3


def test_the_leader_sees_no_files_and_no_edit_buttons(qtbot, ctx, people):
    ctx.db.actor = Actor("lanhdao", Role.LEADER)
    page = PeopleListPage(ctx)
    qtbot.addWidget(page)
    assert page.model.total == 0 and page.model.error
    assert not page.new_button.isEnabled() and not page.delete_button.isEnabled()
    assert page.new_person() is None


def test_the_list_follows_the_change_bus(qtbot, people, page, db):
    with db.session() as s:
        create_person(s, full_name="Đinh Văn Mới", birth_year=1999)
    assert page.model.total == 3
    page.ctx.bus.changed.emit("person")
    assert page.model.total == 4


# --- a person's dialog ------------------------------------------------------------------------


def add_episode_through_the_form(qtbot, dialog, kind, start):
    dialog.tabs.setCurrentWidget(dialog.timeline)
    episode = dialog.timeline.add_episode()
    assert isinstance(episode, EpisodeDialog)
    episode.kind_box.setCurrentIndex(episode.kind_box.findData(kind))
    qtbot.keyClicks(episode.start_edit, dmy(start))
    return episode


def test_create_a_person_with_an_episode_from_the_keyboard(qtbot, page, db, village):
    page.table.setFocus()
    qtbot.keyClick(page.table, "n", CTRL)
    dialog = page.dialog
    assert isinstance(dialog, PersonDialog)
    activate(qtbot, dialog)
    assert dialog.focusWidget() is dialog.form.full_name_edit
    type_text(qtbot, dialog.form.full_name_edit, "Nguyễn Văn Đức")
    qtbot.keyClick(dialog.form.full_name_edit, Qt.Key.Key_Return)  # moves on, never closes
    assert dialog.isVisible() and dialog.focusWidget() is dialog.form.other_names_edit
    qtbot.keyClicks(dialog.form.birth_edit, "02/04/1990")
    dialog.form.sex_box.setCurrentIndex(dialog.form.sex_box.findData("M"))
    qtbot.keyClicks(dialog.form.id_edit, "001090123456")
    dialog.form.village_box.setCurrentIndex(dialog.form.village_box.findData(village))
    start = TODAY - timedelta(days=30)
    episode = add_episode_through_the_form(qtbot, dialog, "compulsory_rehab", start)
    episode.months_spin.setValue(18)
    expected_end = add_months(start, 18)
    assert dmy(expected_end) in episode.planned_label.text()  # from the rule table
    episode.submit()
    assert not episode.isVisible()
    row = dialog.timeline.tree.topLevelItem(0)
    assert row.text(2) == dmy(expected_end) and dialog.dirty
    activate(qtbot, dialog)
    with qtbot.waitSignal(page.ctx.bus.changed):
        qtbot.keyClick(dialog.form.full_name_edit, "s", CTRL)
    assert not dialog.isVisible()
    person = stored(db, "Nguyễn Văn Đức")
    assert (person.birth_date, person.sex, person.id_number, person.village_id) == (
        date(1990, 4, 2),
        "M",
        "001090123456",
        village,
    )
    assert person.status == "compulsory_rehab"
    with db.reader() as s:
        (saved,) = s.scalars(select(Episode).where(Episode.person_id == person.id))
    assert (saved.kind, saved.duration_months, saved.planned_end) == (
        "compulsory_rehab",
        18,
        expected_end,
    )
    assert names(page.model)[0] == "Nguyễn Văn Đức"
    assert page.selected().full_name == "Nguyễn Văn Đức"  # the list shows what was saved


def test_an_inconsistent_id_number_is_shown_under_its_field_while_typing(qtbot, page):
    dialog = page.new_person()
    type_text(qtbot, dialog.form.full_name_edit, "Nguyễn Văn Đức")
    qtbot.keyClicks(dialog.form.birth_edit, "1991")
    qtbot.keyClicks(dialog.form.id_edit, "001090123456")
    qtbot.waitUntil(lambda: dialog.errors["id_number"].isVisible())
    assert "1991" in dialog.errors["id_number"].text()
    assert not dialog.errors["full_name"].isVisible()
    assert not dialog.save() and dialog.isVisible()  # refused, the typed text stays
    dialog.form.id_edit.setText("001091123456")
    dialog.check_identity()
    assert not dialog.errors["id_number"].isVisible()


def open_file(qtbot, page, name):
    page.table.selectRow(names(page.model).index(name))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, PersonDialog)
    return dialog


def test_opening_a_file_is_audited_and_the_id_number_stays_masked_until_shown(qtbot, page, db):
    with db.session() as s:
        create_person(s, full_name="Hoàng Văn Hòa", birth_year=2000, id_number="001200123456")
    page.refresh()
    dialog = open_file(qtbot, page, "Hoàng Văn Hòa")
    assert dialog.form.id_edit.text() == "••••••••3456" and dialog.form.id_edit.isReadOnly()
    qtbot.mouseClick(dialog.form.show_id_button, Qt.MouseButton.LeftButton)
    assert dialog.form.id_edit.text() == "001200123456" and not dialog.dirty
    with db.reader() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id.is_not(None)))
        assert {"view", "reveal_id"} <= set(actions)


def test_close_an_episode(qtbot, people, page, db):
    dialog = open_file(qtbot, page, "Trần Thị Lan")
    assert dialog.timeline.tree.topLevelItemCount() == 1
    closing = dialog.timeline.close_selected()
    assert isinstance(closing, EpisodeDialog)
    closing.end_edit.clear()
    qtbot.keyClicks(closing.end_edit, dmy(TODAY - timedelta(days=90)))  # before the start
    closing.submit()
    assert closing.isVisible() and closing.errors["actual_end"].isVisible()
    closing.end_edit.setText(dmy(TODAY))
    type_text(qtbot, closing.outcome_edit, "Chấp hành tốt")
    closing.submit()
    assert dialog.timeline.tree.topLevelItem(0).text(3) == dmy(TODAY)
    assert dialog.save()
    assert stored(db, "Trần Thị Lan").status == "none"
    with db.reader() as s:
        episode = s.scalars(select(Episode)).one()
    assert (episode.actual_end, episode.outcome) == (TODAY, "Chấp hành tốt")


def test_correct_an_episode_recomputes_its_planned_end(qtbot, people, page, db):
    dialog = open_file(qtbot, page, "Trần Thị Lan")
    correcting = dialog.timeline.correct_selected()
    new_start = TODAY - timedelta(days=100)
    correcting.start_edit.setText(dmy(new_start))
    assert dmy(add_months(new_start, 12)) in correcting.planned_label.text()
    correcting.submit()
    assert dialog.save()
    with db.reader() as s:
        episode = s.scalars(select(Episode)).one()
    assert (episode.start_date, episode.planned_end) == (new_start, add_months(new_start, 12))


def test_edit_identity_and_add_a_drug_test(qtbot, people, page, db):
    dialog = open_file(qtbot, page, "Lê Văn Nam")
    type_text(qtbot, dialog.form.occupation_edit, "Lái xe ôm")
    dialog.tabs.setCurrentWidget(dialog.tests)
    qtbot.keyClicks(dialog.tests.date_edit, dmy(TODAY))
    dialog.tests.result_box.setCurrentIndex(dialog.tests.result_box.findData("positive"))
    type_text(qtbot, dialog.tests.substances_edit, "Ma túy đá")
    assert dialog.tests.add_test()
    assert dialog.tests.tree.topLevelItemCount() == 1
    assert dialog.save()
    assert stored(db, "Lê Văn Nam").occupation == "Lái xe ôm"
    with db.reader() as s:
        test = s.scalars(select(DrugTest)).one()
    assert (test.result, test.substances) == ("positive", "Ma túy đá")


def test_unsaved_changes_are_never_lost_silently(qtbot, page, db, monkeypatch):
    dialog = page.new_person()
    activate(qtbot, dialog)
    type_text(qtbot, dialog.form.full_name_edit, "Phạm Thị Hằng")
    answers = [prompts.Unsaved.CANCEL]
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent: answers.pop(0))
    qtbot.keyClick(dialog.form.full_name_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.form.full_name_edit.text() == "Phạm Thị Hằng"
    answers.append(prompts.Unsaved.DISCARD)
    dialog.reject()
    assert not dialog.isVisible()
    assert page.model.total == 0


def test_unsaved_changes_can_be_saved_on_closing(qtbot, page, db, monkeypatch):
    dialog = page.new_person()
    type_text(qtbot, dialog.form.full_name_edit, "Phạm Thị Hằng")
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent: prompts.Unsaved.SAVE)
    dialog.close()
    assert not dialog.isVisible()
    assert stored(db, "Phạm Thị Hằng").full_name == "Phạm Thị Hằng"


def test_the_dialog_has_a_logical_tab_order(qtbot, page):
    dialog = page.new_person()
    activate(qtbot, dialog)
    seen = [QApplication.focusWidget()]
    for _ in range(10):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen[:8] == [
        dialog.form.full_name_edit,
        dialog.form.other_names_edit,
        dialog.form.birth_edit,
        dialog.form.sex_box,
        dialog.form.id_edit,
        dialog.form.legacy_edit,  # "Show" is hidden for a new file
        dialog.form.village_box,
        dialog.form.address_edit,
    ]
