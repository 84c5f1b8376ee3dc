"""The import wizard (nhập từ Excel/CSV): choose the file → check which column fills which
field → see every row's verdict → import the valid rows, save the others to fix.

Nothing is written before the last step, and that step is one transaction. Reading, checking
and importing run off the UI thread (ui.operations). The officer can go back at every step;
the mapping confirmed by an import is remembered for the next file of the same shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.services.tabular_checks import RowStatus
from xasach.services.tabular_import import (
    ColumnMap,
    ImportPreview,
    ImportResult,
    ImportSource,
    check_mapping,
    open_source,
    preview_import,
    run_import,
    status_label,
    suggest_mapping,
    summary,
    write_rejected,
)
from xasach.tabular.cells import cell_text
from xasach.tabular.encoding import CHOICES, encoding_label
from xasach.tabular.fields import FIELDS, Register
from xasach.ui.context import AppContext
from xasach.ui.operations import run_job
from xasach.ui.registers.record_dialog import error_label
from xasach.ui.tabular import files

FILE_STEP, COLUMNS_STEP, ROWS_STEP = 0, 1, 2
SAMPLES = 3
#: Rows shown in the preview table (the counts and the report always cover every row).
SHOWN_ROWS = 5000
COLOURS = {
    RowStatus.NEW: "#e6f4ea",
    RowStatus.ALREADY: "#eeeeee",
    RowStatus.INVALID: "#fde7e9",
    RowStatus.DUPLICATE: "#fff4ce",
}


def column_letter(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ImportDialog(QDialog):
    """`imported` once rows were written (the page then refreshes through the change bus)."""

    imported = Signal()

    def __init__(self, ctx: AppContext, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.register = ctx, register
        self.source: ImportSource | None = None
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self.combos: list[QComboBox] = []
        self.busy = False
        self.steps = QStackedWidget(self)
        self.steps.addWidget(self._file_step())
        self.steps.addWidget(self._columns_step())
        self.steps.addWidget(self._rows_step())
        self.back_button, self.next_button = QPushButton(self), QPushButton(self)
        self.rejected_button, self.close_button = QPushButton(self), QPushButton(self)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.forward)
        self.rejected_button.clicked.connect(lambda: self.save_rejected())
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rejected_button)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)
        self.resize(920, 600)
        self.retranslate_ui()
        self._update()

    # --- building ----------------------------------------------------------------------------

    def _file_step(self) -> QWidget:
        page = QWidget(self)
        self.file_intro = QLabel(page)
        self.file_intro.setWordWrap(True)
        self.path_edit = QLineEdit(page)
        self.path_edit.setReadOnly(True)
        self.browse_button = QPushButton(page)
        self.browse_button.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.encoding_box = QComboBox(page)
        self.encoding_box.addItem("", None)
        for encoding in CHOICES:
            self.encoding_box.addItem(encoding_label(encoding), encoding)
        self.encoding_box.currentIndexChanged.connect(lambda _i: self._reload())
        self.sheet_box = QComboBox(page)
        self.sheet_box.currentIndexChanged.connect(lambda _i: self._reload())
        self.form = QFormLayout()
        self.file_label, self.encoding_label, self.sheet_label = (QLabel(page) for _i in range(3))
        self.form.addRow(self.file_label, row)
        self.form.addRow(self.encoding_label, self.encoding_box)
        self.form.addRow(self.sheet_label, self.sheet_box)
        self.read_label = QLabel(page)
        self.read_label.setWordWrap(True)
        self.file_error = error_label(page)
        layout = QVBoxLayout(page)
        layout.addWidget(self.file_intro)
        layout.addLayout(self.form)
        layout.addWidget(self.read_label)
        layout.addWidget(self.file_error)
        layout.addStretch(1)
        return page

    def _columns_step(self) -> QWidget:
        page = QWidget(self)
        self.columns_intro = QLabel(page)
        self.columns_intro.setWordWrap(True)
        self.columns_table = QTableWidget(0, 3, page)
        self.columns_table.setObjectName("importColumns")
        self.columns_table.verticalHeader().hide()
        self.columns_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.columns_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_error = error_label(page)
        layout = QVBoxLayout(page)
        layout.addWidget(self.columns_intro)
        layout.addWidget(self.columns_table, 1)
        layout.addWidget(self.mapping_error)
        return page

    def _rows_step(self) -> QWidget:
        page = QWidget(self)
        self.summary_label = QLabel(page)
        self.summary_label.setWordWrap(True)
        self.summary_label.setObjectName("importSummary")
        self.only_problems = QCheckBox(page)
        self.only_problems.toggled.connect(lambda _on: self._fill_rows())
        self.rows_table = QTableWidget(0, 3, page)
        self.rows_table.setObjectName("importRows")
        self.rows_table.verticalHeader().hide()
        self.rows_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows_table.setWordWrap(True)
        self.rows_error = error_label(page)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.only_problems)
        layout.addWidget(self.rows_table, 1)
        layout.addWidget(self.rows_error)
        return page

    def retranslate_ui(self) -> None:
        titles = {
            Register.PEOPLE: _("Import people's files from Excel or CSV"),
            Register.HOTSPOTS: _("Import hotspots from Excel or CSV"),
            Register.ACTIVITIES: _("Import propaganda activities from Excel or CSV"),
        }
        self.setWindowTitle(titles[self.register])
        self.file_intro.setText(
            _(
                "Choose the list as your office keeps it (.xlsx or .csv). Title rows above the "
                "table and merged cells are fine. Nothing is saved until the last step."
            )
        )
        self.file_label.setText(_("File:"))
        self.browse_button.setText(_("&Choose file…"))
        self.encoding_label.setText(_("Encoding (CSV):"))
        self.encoding_box.setItemText(0, _("Automatic"))
        self.sheet_label.setText(_("Sheet:"))
        self.columns_intro.setText(
            _(
                "Check which field each column of the file goes into. The guess comes from the "
                "headers; correct it where it is wrong, or choose “not imported”."
            )
        )
        self.columns_table.setHorizontalHeaderLabels(
            [_("Column in the file"), _("First values"), _("Goes into")]
        )
        for combo in self.combos:
            combo.setItemText(0, _("— not imported —"))
        self.only_problems.setText(_("Show only the rows with a problem"))
        self.back_button.setText(_("< &Back"))
        self.rejected_button.setText(_("Save the rows not imported…"))
        self.close_button.setText(_("Close"))
        self._update()

    # --- step 1: the file --------------------------------------------------------------------

    def choose_file(self) -> None:
        path = files.choose_open(self)
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.blockSignals(False)
        self._read(path)

    def _reload(self) -> None:
        if self.path_edit.text() and not self.busy:
            self._read(Path(self.path_edit.text()))

    def _read(self, path: Path) -> None:
        encoding = self.encoding_box.currentData()
        sheet = self.sheet_box.currentText() or None

        def work(_progress: object) -> tuple[ImportSource, ColumnMap, bool]:
            source = open_source(path, self.register, encoding=encoding, sheet=sheet)
            with self.ctx.db.reader() as session:
                mapping, remembered = suggest_mapping(session, source)
            return source, mapping, remembered

        self._start(_("Reading {name}…").format(name=path.name), work, self._read_done)

    def _read_done(self, found: tuple[ImportSource, ColumnMap, bool]) -> None:
        source, mapping, remembered = found
        self.source, self.preview, self.result = source, None, None
        self.file_error.hide()
        self.sheet_box.blockSignals(True)
        if self.sheet_box.count() != len(source.sheets):
            self.sheet_box.clear()
            self.sheet_box.addItems(list(source.sheets))
        self.sheet_box.setCurrentText(source.sheet or "")
        self.sheet_box.blockSignals(False)
        where = (
            _("Sheet “{sheet}”").format(sheet=source.sheet)
            if source.sheet
            else _("Read as {encoding}").format(encoding=encoding_label(source.encoding or ""))
        )
        text = _("{where}: header in row {row}, {n} data rows, {skipped} rows left aside.").format(
            where=where,
            row=source.table.header_row,
            n=len(source.table.rows),
            skipped=source.table.skipped,
        )
        if remembered:
            text += " " + _("The columns are set as at the last import of a file like this.")
        self.read_label.setText(text)
        self._fill_columns(mapping)
        self._update()

    # --- step 2: the columns -----------------------------------------------------------------

    def _fill_columns(self, mapping: ColumnMap) -> None:
        assert self.source is not None
        headers, rows = self.source.headers, self.source.table.rows
        self.columns_table.setRowCount(len(headers))
        self.combos = []
        for column, header in enumerate(headers):
            name = f"{column_letter(column)} — {header}" if header else column_letter(column)
            self.columns_table.setItem(column, 0, QTableWidgetItem(name))
            samples = [cell_text(r[column]) for r in rows[:SAMPLES] if column < len(r)]
            self.columns_table.setItem(column, 1, QTableWidgetItem(" | ".join(samples)))
            combo = QComboBox(self.columns_table)
            combo.addItem(_("— not imported —"), None)
            for field in FIELDS[self.register]:
                label = _(field.label) + (" *" if field.required else "")
                combo.addItem(label, field.key)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(column))))
            combo.currentIndexChanged.connect(lambda _i: self._update())
            self.columns_table.setCellWidget(column, 2, combo)
            self.combos.append(combo)

    def mapping(self) -> ColumnMap:
        return {
            c: combo.currentData() for c, combo in enumerate(self.combos) if combo.currentData()
        }

    def set_field(self, column: int, key: str | None) -> None:
        """Choose what a column goes into (as the officer does with the combo box)."""
        self.combos[column].setCurrentIndex(max(0, self.combos[column].findData(key)))

    def _mapping_problem(self) -> str:
        try:
            check_mapping(self.register, self.mapping())
        except DomainError as exc:
            return exc.message
        return ""

    # --- step 3: the rows --------------------------------------------------------------------

    def check_rows(self) -> None:
        assert self.source is not None
        source, mapping = self.source, self.mapping()

        def work(progress: Any) -> ImportPreview:
            with self.ctx.db.reader() as session:
                return preview_import(session, source, mapping, progress=progress)

        self._start(_("Checking the rows…"), work, self._checked)

    def _checked(self, preview: ImportPreview) -> None:
        self.preview, self.result = preview, None
        self.summary_label.setText(summary(preview))
        self._fill_rows()
        self.steps.setCurrentIndex(ROWS_STEP)
        self._update()

    def _fill_rows(self) -> None:
        if self.preview is None:
            return
        preview = self.preview
        columns = sorted(preview.mapping)
        headers = [_("Row"), _("Result"), _("Why")] + [preview.source.headers[c] for c in columns]
        shown = [
            r
            for r in preview.rows
            if not self.only_problems.isChecked()
            or r.status in (RowStatus.INVALID, RowStatus.DUPLICATE)
        ][:SHOWN_ROWS]
        table = self.rows_table
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(shown))
        for i, row in enumerate(shown):
            brush = QBrush(QColor(COLOURS[row.status]))
            cells = [str(row.row_number), status_label(row.status), row.reason]
            cells += [cell_text(row.values[c]) if c < len(row.values) else "" for c in columns]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setBackground(brush)
                if j == 2:
                    item.setToolTip(text)
                table.setItem(i, j, item)
        table.resizeColumnsToContents()
        table.setColumnWidth(2, min(max(table.columnWidth(2), 200), 420))
        table.resizeRowsToContents()

    def import_rows(self) -> None:
        assert self.source is not None
        source, mapping = self.source, self.mapping()

        def work(progress: Any) -> ImportResult:
            return run_import(self.ctx.db, source, mapping, progress=progress)

        self._start(_("Importing…"), work, self._imported)

    def _imported(self, result: ImportResult) -> None:
        self.result, self.preview = result, result.preview
        self.summary_label.setText(summary(result))
        self._fill_rows()
        self._update()
        if result.imported:
            self.imported.emit()

    def save_rejected(self, path: Path | None = None) -> Path | None:
        if self.preview is None or not self.preview.rejected:
            return None
        suggested = f"{Path(self.preview.source.path).stem}-khong-nhap-duoc.xlsx"
        path = path or files.choose_save(
            self, _("Save the rows not imported"), suggested, csv=False
        )
        if path is None:
            return None
        try:
            write_rejected(self.preview, path)
        except (DomainError, OSError) as exc:
            self.rows_error.setText(getattr(exc, "message", None) or str(exc))
            self.rows_error.show()
            return None
        files.tell(
            self,
            _("Rows not imported"),
            _("Saved to {path}. Fix the rows there and import that file again.").format(path=path),
        )
        return path

    # --- navigation --------------------------------------------------------------------------

    def forward(self) -> None:
        step = self.steps.currentIndex()
        if step == FILE_STEP and self.source is not None:
            self.steps.setCurrentIndex(COLUMNS_STEP)
        elif step == COLUMNS_STEP and not self._mapping_problem():
            self.check_rows()
        elif step == ROWS_STEP and self.result is None and self.preview and self.preview.new:
            self.import_rows()
        elif step == ROWS_STEP and self.result is not None:
            self.accept()
        self._update()

    def back(self) -> None:
        step = self.steps.currentIndex()
        if step > FILE_STEP and self.result is None:
            self.steps.setCurrentIndex(step - 1)
        self._update()

    def _update(self) -> None:
        step, done = self.steps.currentIndex(), self.result is not None
        problem = self._mapping_problem() if step == COLUMNS_STEP else ""
        self.mapping_error.setText(problem)
        self.mapping_error.setVisible(bool(problem))
        self.back_button.setEnabled(step > FILE_STEP and not done and not self.busy)
        if step == FILE_STEP:
            self.next_button.setText(_("&Next >"))
            ready = self.source is not None
        elif step == COLUMNS_STEP:
            self.next_button.setText(_("Check the &rows >"))
            ready = not problem
        elif done:
            self.next_button.setText(_("&Finish"))
            ready = True
        else:
            new = self.preview.new if self.preview else 0
            self.next_button.setText(_("&Import the {n} new rows").format(n=new))
            ready = new > 0
        self.next_button.setEnabled(ready and not self.busy)
        rejected = bool(self.preview and self.preview.rejected)
        self.rejected_button.setVisible(step == ROWS_STEP and rejected)
        self.close_button.setText(_("Close") if done else _("Cancel"))

    def _start(self, title: str, work: Any, done: Any) -> None:
        self.busy = True
        self._update()

        def finished(value: Any) -> None:
            self.busy = False
            done(value)
            self._update()

        def failed(exc: BaseException) -> None:
            self.busy = False
            message = exc.message if isinstance(exc, DomainError) else str(exc)
            label = {FILE_STEP: self.file_error, COLUMNS_STEP: self.mapping_error}.get(
                self.steps.currentIndex(), self.rows_error
            )
            if self.steps.currentIndex() == FILE_STEP:
                self.source = None
                self.read_label.clear()
            self._update()
            label.setText(message)
            label.show()

        run_job(self, title, work, finished, failed)
