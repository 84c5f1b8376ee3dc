"""The Reports/Print page (báo cáo, in ấn): choose a form and its parameters, look at it on
screen, print it through Qt's print dialog or save it as a PDF.

A preview takes no document number, and neither preview nor printing writes a file: the PDF
is made in memory and shown or sent to the printer from there (a stray printout file can ruin
a life). Printing and saving are the real thing: a number from the register, an audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.errors import DomainError
from xasach.domain.periods import Period
from xasach.i18n import _
from xasach.services import print_notes, printing
from xasach.ui.context import AppContext
from xasach.ui.login_dialog import message_label, show_message
from xasach.ui.operations import run_job
from xasach.ui.page import Page
from xasach.ui.reports.notes_dialog import NotesDialog
from xasach.ui.reports.pdf_printer import print_pdf
from xasach.ui.reports.period_picker import PeriodPicker
from xasach.ui.reports.person_picker import PersonPicker
from xasach.ui.sync.common import data_folder, failure_text


@dataclass(frozen=True)
class _Request:
    form: printing.FormInfo
    person_id: str | None
    period: Period | None


class ReportsPage(Page):
    """`rendered(pages)`: a preview or a print finished (tests wait on it)."""

    rendered = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.forms: list[printing.FormInfo] = []
        self.last_number: str | None = None
        self.form_list = QListWidget(self)
        self.form_list.setObjectName("formList")
        self.form_list.setWordWrap(True)
        self.form_list.setSpacing(3)
        self.form_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_list.currentRowChanged.connect(self._form_changed)
        self.params_box = QGroupBox(self)
        self.period_label, self.person_label = QLabel(self), QLabel(self)
        self.period = PeriodPicker(self)
        self.person = PersonPicker(ctx, self)
        self.notes_button = QPushButton(self)
        self.notes_button.setObjectName("reportNotes")
        self.notes_button.clicked.connect(self.edit_notes)
        params = QVBoxLayout(self.params_box)
        for widget in (
            self.period_label,
            self.period,
            self.person_label,
            self.person,
            self.notes_button,
        ):
            params.addWidget(widget)
        self.preview_button, self.print_button = QPushButton(self), QPushButton(self)
        self.save_button = QPushButton(self)
        self.preview_button.setObjectName("preview")
        self.print_button.setObjectName("print")
        self.save_button.setObjectName("savePdf")
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_now)
        self.save_button.clicked.connect(self.save_pdf)
        self.message = message_label(self)
        self.message.hide()
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.save_button):
            buttons.addWidget(button)
        side = QVBoxLayout()
        self.forms_label = QLabel(self)
        side.addWidget(self.forms_label)
        side.addWidget(self.form_list, 1)
        side.addWidget(self.params_box)
        side.addLayout(buttons)
        side.addWidget(self.message)
        side_widget = QWidget(self)
        side_widget.setLayout(side)
        side_widget.setFixedWidth(380)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(self.empty)
        right.addWidget(self.view, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(side_widget)
        layout.addLayout(right, 1)
        self.view.hide()
        self.retranslate_ui()
        self._load_forms()

    def title(self) -> str:
        return _("Reports and printing")

    def retranslate_ui(self) -> None:
        self.forms_label.setText(_("Form or report:"))
        self.params_box.setTitle(_("Parameters"))
        self.period_label.setText(_("Period:"))
        self.person_label.setText(_("Person:"))
        self.notes_button.setText(_("Write the report's text…"))
        self.preview_button.setText(_("Preview"))
        self.print_button.setText(_("Print…"))
        self.save_button.setText(_("Save as PDF…"))
        self.empty.setText(_("Choose a form on the left, then press “Preview”."))
        self.period.retranslate_ui()
        self.person.retranslate_ui()
        if self.forms:
            self._load_forms()

    def refresh(self) -> None:
        if not self.forms:
            self._load_forms()

    # -- forms and parameters ---------------------------------------------------------------

    def _load_forms(self) -> None:
        row = self.form_list.currentRow()
        with self.ctx.db.reader() as s:
            self.forms = printing.available_forms(s)
        self.form_list.blockSignals(True)
        self.form_list.clear()
        for info in self.forms:
            item = QListWidgetItem(info.title)
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            item.setToolTip(info.name)
            self.form_list.addItem(item)
        self.form_list.blockSignals(False)
        self.form_list.setCurrentRow(row if 0 <= row < len(self.forms) else 0)
        self._form_changed(self.form_list.currentRow())

    def current_form(self) -> printing.FormInfo | None:
        row = self.form_list.currentRow()
        return self.forms[row] if 0 <= row < len(self.forms) else None

    def select_form(self, name: str) -> None:
        for row, info in enumerate(self.forms):
            if info.name == name:
                self.form_list.setCurrentRow(row)
                return

    def _form_changed(self, _row: int) -> None:
        info = self.current_form()
        needs_period = bool(info and info.needs_period)
        needs_person = bool(info and info.needs_person)
        self.period_label.setVisible(needs_period)
        self.period.setVisible(needs_period)
        self.person_label.setVisible(needs_person)
        self.person.setVisible(needs_person)
        self.notes_button.setVisible(bool(info and info.has_notes))
        self.params_box.setVisible(needs_period or needs_person)
        enabled = info is not None
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(enabled)

    def _request(self) -> _Request | None:
        info = self.current_form()
        if info is None:
            return None
        person_id = self.person.person_id() if info.needs_person else None
        if info.needs_person and person_id is None:
            self._say(_("Find the person first: type a name or ID number and pick a line."))
            return None
        return _Request(info, person_id, self.period.period() if info.needs_period else None)

    # -- the report's own text ----------------------------------------------------------------

    def edit_notes(self) -> None:
        period = self.period.period()
        try:
            with self.ctx.db.reader() as s:
                notes = print_notes.report_notes(s, period)
        except DomainError as exc:
            self._say(exc.message)
            return
        dialog = NotesDialog(print_notes.note_sections(), notes, period.label(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            with self.ctx.db.session() as s:
                print_notes.save_report_notes(s, period, dialog.notes())
        except DomainError as exc:
            self._say(exc.message)
            return
        self._say(_("The report's text was saved."), ok=True)

    # -- preview, print, save -------------------------------------------------------------------

    def preview(self) -> None:
        request = self._request()
        if request is not None:
            self._render(request, preview=True, then=lambda pages: None)

    def print_now(self) -> None:
        request = self._request()
        if request is not None:
            self._render(request, preview=False, then=lambda pages: self._send_to_printer())

    def save_pdf(self) -> None:
        request = self._request()
        if request is None:
            return
        suggested = data_folder(self.ctx.db.path) / _file_name(request)
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), str(suggested), _("PDF documents (*.pdf)")
        )
        if not target:
            return
        path = Path(target) if target.lower().endswith(".pdf") else Path(target + ".pdf")
        db = self.ctx.db

        def work(_progress: object) -> printing.PrintResult:
            with db.session() as s:
                return printing.print_form(
                    s, request.form.name, path, person_id=request.person_id, period=request.period
                )

        def done(result: printing.PrintResult) -> None:
            self._show(result.path.read_bytes())
            self._say(
                _("Saved: {path} ({pages} pages).").format(path=result.path, pages=result.pages),
                ok=True,
            )
            self.rendered.emit(result.pages)

        run_job(self, _("Making the PDF…"), work, done, self._failed)

    def _render(self, request: _Request, *, preview: bool, then: Callable[[int], None]) -> None:
        db = self.ctx.db

        def work(_progress: object) -> printing.Rendered:
            with db.session() as s:
                if preview:
                    return printing.preview_form(
                        s, request.form.name, person_id=request.person_id, period=request.period
                    )
                return printing.issue_form(
                    s, request.form.name, person_id=request.person_id, period=request.period
                )

        def done(result: printing.Rendered) -> None:
            pages = self._show(result.pdf)
            self.message.hide()
            self.last_number = result.document_number
            then(pages)
            self.rendered.emit(pages)

        run_job(self, _("Making the PDF…"), work, done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._say(failure_text(exc))

    def _show(self, data: bytes) -> int:
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.empty.hide()
        self.view.show()
        return self.document.pageCount()

    def _send_to_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self._say(_("Printing was cancelled; the document number stays in the register."))
            return
        pages = print_pdf(self.document, printer)
        self._say(_("Sent {pages} pages to the printer.").format(pages=pages), ok=True)

    def _say(self, text: str, *, ok: bool = False) -> None:
        show_message(self.message, text, error=not ok)
        self.message.show()


def _file_name(request: _Request) -> str:
    """A file name officers recognise: the form's title and the period, diacritics kept."""
    parts = [request.form.title]
    if request.period is not None:
        parts.append(request.period.code)
    name = " ".join(parts)
    return "".join(ch for ch in name if ch not in '\\/:*?"<>|') + ".pdf"
