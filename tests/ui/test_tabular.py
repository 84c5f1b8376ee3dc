"""The import wizard and the export button, driven through their widgets: the messy sample
workbook goes in through the screen, the wrong rows are saved aside, nothing comes in twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from xasach.domain.roles import Actor, Role
from xasach.services.people import create_person
from xasach.services.villages import add_villages
from xasach.store.models import Person
from xasach.tabular.fields import Register
from xasach.ui.context import AppContext
from xasach.ui.hotspots.list_page import HotspotsPage
from xasach.ui.people.list_page import PeopleListPage
from xasach.ui.propaganda.list_page import PropagandaPage
from xasach.ui.tabular import files
from xasach.ui.tabular.import_dialog import COLUMNS_STEP, FILE_STEP, ROWS_STEP, ImportDialog

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
WORKBOOK = FIXTURES / "danh_sach_nguoi_lon_xon.xlsx"


@pytest.fixture
def ctx(db):
    with db.session() as s:
        add_villages(s, ["Thôn Đông Hưng", "Thôn Tây Sơn", "Tổ dân phố 3"])
        create_person(s, full_name="Trần Thị Lan", birth_year=1985, sex="F")
    return AppContext(db, "00070", "Phường Hoàn Kiếm", "commune")


@pytest.fixture
def told(monkeypatch):
    messages = []
    monkeypatch.setattr(files, "tell", lambda _parent, _title, text: messages.append(text))
    return messages


def count_people(db):
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(Person))


def open_dialog(qtbot, ctx, path=WORKBOOK):
    dialog = ImportDialog(ctx, Register.PEOPLE)
    qtbot.addWidget(dialog)
    dialog.load(path)
    qtbot.waitUntil(lambda: not dialog.busy and bool(dialog.source or dialog.file_error.text()))
    return dialog


def checked(qtbot, dialog):
    dialog.forward()  # → columns
    dialog.forward()  # → check the rows
    qtbot.waitUntil(lambda: not dialog.busy and dialog.steps.currentIndex() == ROWS_STEP)
    return dialog


def test_the_workbook_goes_in_through_the_screen(qtbot, ctx, told, tmp_path):
    dialog = open_dialog(qtbot, ctx)
    assert "8" in dialog.read_label.text() and dialog.next_button.isEnabled()
    dialog.forward()
    assert dialog.steps.currentIndex() == COLUMNS_STEP
    assert dialog.mapping()[1] == "full_name" and dialog.mapping()[2] == "male"
    dialog.forward()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.steps.currentIndex() == ROWS_STEP)
    assert dialog.preview.new == 4 and len(dialog.preview.rejected) == 6
    assert dialog.rows_table.rowCount() == 10
    assert "4" in dialog.next_button.text() and not dialog.rejected_button.isHidden()
    dialog.only_problems.setChecked(True)
    assert dialog.rows_table.rowCount() == 6
    reasons = [dialog.rows_table.item(i, 2).text() for i in range(6)]
    assert any("Thôn Bắc Sơn" in r for r in reasons)
    assert count_people(ctx.db) == 1  # nothing written before the last step
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.forward()
    qtbot.waitUntil(lambda: dialog.result is not None)
    assert dialog.result.imported == 4 and count_people(ctx.db) == 5
    assert not dialog.back_button.isEnabled()
    saved = dialog.save_rejected(tmp_path / "loi.xlsx")
    assert saved and load_workbook(saved).active.max_row == 4 + 6 and told


def test_a_second_import_through_the_screen_adds_nothing(qtbot, ctx):
    first = checked(qtbot, open_dialog(qtbot, ctx))
    first.forward()
    qtbot.waitUntil(lambda: first.result is not None)
    again = checked(qtbot, open_dialog(qtbot, ctx))
    assert again.preview.new == 0 and again.preview.already == 5
    assert not again.next_button.isEnabled()  # nothing to import
    assert count_people(ctx.db) == 5


def test_the_officer_corrects_the_columns(qtbot, ctx):
    dialog = open_dialog(qtbot, ctx)
    dialog.forward()
    dialog.set_field(1, None)  # the name column "not imported": a required field is missing
    assert not dialog.mapping_error.isHidden() and not dialog.next_button.isEnabled()
    assert dialog.mapping_error.text()
    dialog.set_field(1, "full_name")
    dialog.set_field(4, None)  # leave the ID numbers out
    assert dialog.next_button.isEnabled()
    dialog.forward()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.steps.currentIndex() == ROWS_STEP)
    assert dialog.preview.new == 6


def test_a_file_that_is_not_a_list_says_so(qtbot, ctx, tmp_path):
    path = tmp_path / "cu.xls"
    path.write_bytes(b"old")
    dialog = open_dialog(qtbot, ctx, path)
    assert dialog.source is None and "xlsx" in dialog.file_error.text()
    assert not dialog.next_button.isEnabled() and dialog.steps.currentIndex() == FILE_STEP


def test_the_encoding_can_be_chosen(qtbot, ctx):
    dialog = ImportDialog(ctx, Register.HOTSPOTS)
    qtbot.addWidget(dialog)
    dialog.load(FIXTURES / "diem_phuc_tap_cp1252.csv")
    qtbot.waitUntil(lambda: not dialog.busy and dialog.source is not None)
    assert dialog.source.encoding == "cp1252"
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findData("cp1258"))
    qtbot.waitUntil(lambda: not dialog.busy and dialog.source.encoding == "cp1258")
    assert "Windows-1258" in dialog.read_label.text()


def test_the_people_page_exports_what_it_shows(qtbot, ctx, told, tmp_path, monkeypatch):
    page = PeopleListPage(ctx)
    qtbot.addWidget(page)
    with ctx.db.session() as s:
        create_person(s, full_name="Lê Văn Nam", birth_date=date(1979, 5, 1), sex="M")
    page.search_edit.setText("Nam")
    page.apply_filters()
    target = tmp_path / "nguoi.xlsx"
    monkeypatch.setattr(files, "choose_save", lambda *_a, **_k: target)
    page.tabular.export_button.click()
    qtbot.waitUntil(lambda: page.tabular.last_export is not None, timeout=5000)
    ws = load_workbook(target).active
    assert [r[1] for r in ws.iter_rows(min_row=5, values_only=True)] == ["Lê Văn Nam"]
    assert told and "1" in told[0]


def test_the_import_refreshes_the_list(qtbot, ctx, monkeypatch):
    page = PeopleListPage(ctx)
    qtbot.addWidget(page)
    monkeypatch.setattr(files, "choose_open", lambda _parent: WORKBOOK)
    page.tabular.import_button.click()
    dialog = page.tabular.dialog
    qtbot.waitUntil(lambda: not dialog.busy and dialog.source is not None)
    checked(qtbot, dialog).forward()
    qtbot.waitUntil(lambda: page.model.total == 5, timeout=5000)


def test_the_buttons_follow_the_role(qtbot, ctx):
    ctx.db.actor = Actor("vanhoa", Role.CULTURE)
    page = PropagandaPage(ctx)
    qtbot.addWidget(page)
    assert page.tabular.import_button.isEnabled()  # the culture officer edits propaganda
    assert not page.tabular.export_button.isEnabled()  # but may not export data
    ctx.db.actor = Actor("canbo", Role.SOCIAL)
    spots = HotspotsPage(ctx)
    qtbot.addWidget(spots)
    assert not spots.tabular.import_button.isEnabled() and spots.tabular.export_button.isEnabled()
