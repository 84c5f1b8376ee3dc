"""The Reports/Print screen: choose a form, preview it on screen (no number taken, no file
written), print it through Qt's print dialog, save it as a PDF, write the report's text."""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from sqlalchemy import func, select

from xasach.domain.periods import Period
from xasach.i18n import _
from xasach.services.print_notes import report_notes
from xasach.services.setup import MODE_COMMUNE
from xasach.store.models import AuditEntry, DocumentNumber, Person
from xasach.ui.context import AppContext
from xasach.ui.reports import print_page
from xasach.ui.reports.notes_dialog import NotesDialog
from xasach.ui.reports.print_page import ReportsPage

from conftest import COMMUNE_CODE, COMMUNE_NAME

JOB_MS = 20_000


def _page(qtbot, db) -> ReportsPage:
    page = ReportsPage(AppContext(db, COMMUNE_CODE, COMMUNE_NAME, MODE_COMMUNE))
    qtbot.addWidget(page)
    page.resize(1300, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def _numbers(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(DocumentNumber))


def _last_audit(db) -> AuditEntry:
    with db.reader() as s:
        return s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()


def _click_and_wait(qtbot, page, button) -> list[int]:
    with qtbot.waitSignal(page.rendered, timeout=JOB_MS) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return blocker.args


def test_the_page_lists_the_communes_forms_with_their_parameters(qtbot, demo):
    page = _page(qtbot, demo)
    names = [f.name for f in page.forms]
    assert names[0] == "danh-sach-quan-ly" and "bao-cao-dinh-ky" in names
    assert not any(name.startswith("tong-hop") for name in names)  # the upper level's forms
    page.select_form("ho-so-ca-nhan")
    assert page.person.isVisibleTo(page) and not page.period.isVisibleTo(page)
    page.select_form("bao-cao-dinh-ky")
    assert page.period.isVisibleTo(page) and page.notes_button.isVisibleTo(page)


def test_a_preview_takes_no_number_and_is_shown_on_screen(qtbot, demo):
    page = _page(qtbot, demo)
    page.select_form("quyet-dinh-quan-ly-sdtp")
    page.preview_button.click()  # nobody chosen yet: told what to do, nothing made
    assert page.message.isVisibleTo(page)
    assert page.message.text() == _(
        "Find the person first: type a name or ID number and pick a line."
    )
    with demo.reader() as s:
        person = s.scalars(
            select(Person).where(Person.deleted_at.is_(None)).order_by(Person.full_name)
        ).first()
        name = person.full_name
    page.person.search.setText(name)
    page.person.run_search()
    assert page.person.person_id() is not None
    before = _numbers(demo)
    [pages] = _click_and_wait(qtbot, page, page.preview_button)
    assert pages >= 1 and page.document.pageCount() == pages and page.view.isVisibleTo(page)
    assert _numbers(demo) == before
    entry = _last_audit(demo)
    assert entry.action == "print_preview"
    assert json.loads(entry.detail)["form"] == "quyet-dinh-quan-ly-sdtp"


def test_print_sends_every_page_through_the_print_dialog(qtbot, demo, tmp_path, monkeypatch):
    output = tmp_path / "máy in.pdf"

    class AcceptingDialog:  # the officer presses “Print” in Qt's dialog
        def __init__(self, printer: QPrinter, _parent) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(output))

        def setWindowTitle(self, _title: str) -> None:  # noqa: N802 - Qt's name
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_page, "QPrintDialog", AcceptingDialog)
    page = _page(qtbot, demo)
    page.select_form("danh-sach-quan-ly")
    [pages] = _click_and_wait(qtbot, page, page.print_button)
    assert PdfReader(output).get_num_pages() == pages >= 1
    assert page.message.text() == _("Sent {pages} pages to the printer.").format(pages=pages)
    assert _last_audit(demo).action == "print"


def test_save_as_pdf_keeps_a_vietnamese_file_name(qtbot, demo, tmp_path, monkeypatch):
    target = tmp_path / "Danh sách điểm phức tạp"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "PDF"))
    )
    page = _page(qtbot, demo)
    page.select_form("danh-sach-diem-phuc-tap")
    [pages] = _click_and_wait(qtbot, page, page.save_button)
    saved = tmp_path / "Danh sách điểm phức tạp.pdf"
    assert saved.exists() and PdfReader(saved).get_num_pages() == pages
    assert "Danh sách điểm phức tạp.pdf" in page.message.text()


def test_the_reports_text_is_written_before_printing(qtbot, demo, monkeypatch):
    def fill_and_accept(dialog: NotesDialog) -> QDialog.DialogCode:
        dialog.edits["tinh_hinh"].setPlainText("Tình hình ổn định, không phát sinh điểm mới.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NotesDialog, "exec", fill_and_accept)
    page = _page(qtbot, demo)
    page.select_form("bao-cao-dinh-ky")
    page.period.set_period(Period.parse("2026-Q3"))
    qtbot.mouseClick(page.notes_button, Qt.MouseButton.LeftButton)
    with demo.reader() as s:
        assert report_notes(s, Period.parse("2026-Q3")) == {
            "tinh_hinh": "Tình hình ổn định, không phát sinh điểm mới."
        }
    [pages] = _click_and_wait(qtbot, page, page.preview_button)
    text = "\n".join(page.document.getAllText(n).text() for n in range(page.document.pageCount()))
    assert pages >= 1 and "Tình hình ổn định, không phát sinh điểm mới." in text


def test_the_period_picker_spells_every_kind(qtbot):
    from xasach.ui.reports.period_picker import PeriodPicker

    picker = PeriodPicker()
    qtbot.addWidget(picker)
    for code in ("2026-03", "2025-Q4", "2026-H2", "2024"):
        picker.set_period(Period.parse(code))
        assert picker.period() == Period.parse(code)
