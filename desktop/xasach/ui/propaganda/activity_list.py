"""The activity list tab of the Propaganda page: filters, the table, New / Open / Delete.

Filters become an `ActivityQuery` so SQL does the work; `show_cell()` is how the coverage
grid asks for one village's activities of one month. Keyboard: Ctrl+F search, Ctrl+N new,
Enter open, Del delete.
"""

from __future__ import annotations

from babel.dates import get_month_names
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.errors import DomainError
from xasach.domain.propaganda import ACTIVITY_FORM_LABELS
from xasach.domain.roles import Permission
from xasach.i18n import _, babel_locale, ngettext
from xasach.services.propaganda_queries import (
    ActivityLine,
    ActivityQuery,
    activity_years,
    village_choices,
)
from xasach.ui.context import AppContext
from xasach.ui.formatting import fmt_number
from xasach.ui.propaganda.table_model import ActivityTableModel
from xasach.ui.registers.list_keys import focus_search, search_enter, table_keys
from xasach.ui.registers.paged_model import filter_box, register_table, sort_by
from xasach.ui.registers.record_dialog import error_label


def _refill(box: QComboBox, items: list[tuple[str, object]]) -> None:
    """Replace the items after the first ("all …"), keeping the choice when it still exists."""
    current = box.currentData()
    box.blockSignals(True)
    while box.count() > 1:
        box.removeItem(1)
    for text, data in items:
        box.addItem(text, data)
    box.setCurrentIndex(max(0, box.findData(current)))
    box.blockSignals(False)


class ActivityList(QWidget):
    """`new_requested`, `open_requested(id)`, `delete_requested(line)`: the page acts."""

    new_requested = Signal()
    open_requested = Signal(str)
    delete_requested = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = ActivityTableModel(ctx.db, self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.year_box, self.month_box = filter_box(self), filter_box(self)
        self.village_box, self.form_box = filter_box(self), filter_box(self)
        for box in (self.year_box, self.month_box, self.village_box, self.form_box):
            box.addItem("", None)
        for month in range(1, 13):
            self.month_box.addItem("", month)
        for form in ACTIVITY_FORM_LABELS:
            self.form_box.addItem("", form.value)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        for box in (self.year_box, self.month_box, self.village_box, self.form_box):
            filters.addWidget(box, 1)
        self.table = register_table(self.model, self, stretch=ActivityTableModel.TOPIC)
        sort_by(self.table, self.model.sort_column(), self.model.query.descending)
        self.table.doubleClicked.connect(lambda _index: self._open())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        self.refusal_label = error_label(self)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.count_label = QLabel(self)
        self.new_button, self.open_button = QPushButton(self), QPushButton(self)
        self.delete_button = QPushButton(self)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self._open)
        self.delete_button.clicked.connect(self._delete)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        for button in (self.new_button, self.open_button, self.delete_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self._shortcuts()
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.apply_filters)
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(self._search_enter)
        for box in (self.year_box, self.month_box, self.village_box, self.form_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.model.loaded.connect(lambda _total: self._loaded())

    def _shortcuts(self) -> None:
        table_keys(self.table, open_=self._open, delete=self._delete)

    def retranslate_ui(self) -> None:
        self.search_edit.setPlaceholderText(_("Search topic, organiser, partners… (Ctrl+F)"))
        self.year_box.setItemText(0, _("All years"))
        self.month_box.setItemText(0, _("All months"))
        names = get_month_names("wide", locale=babel_locale())
        for month in range(1, 13):
            self.month_box.setItemText(month, names[month])
        self.village_box.setItemText(0, _("All villages"))
        self.form_box.setItemText(0, _("All forms"))
        for i, label in enumerate(ACTIVITY_FORM_LABELS.values(), start=1):
            self.form_box.setItemText(i, _(label))
        self.new_button.setText(_("&New (Ctrl+N)"))
        self.open_button.setText(_("&Open"))
        self.delete_button.setText(_("&Delete"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.COLUMNS) - 1)
        self._loaded()

    def refresh(self) -> None:
        try:
            with self.ctx.db.reader() as session:
                years = activity_years(session)
                villages = village_choices(session)
        except DomainError:
            years, villages = [], []
        _refill(self.year_box, [(str(y), y) for y in years])
        _refill(self.village_box, [(v.name, v.id) for v in villages])
        selected = self.selected()
        self.apply_filters()
        if selected is not None:
            self.select(selected.id)

    def current_query(self) -> ActivityQuery:
        year = self.year_box.currentData()
        return ActivityQuery(
            year=year,
            month=self.month_box.currentData() if year else None,
            village_id=self.village_box.currentData(),
            form=self.form_box.currentData(),
            text=self.search_edit.text(),
        )

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.month_box.setEnabled(self.year_box.currentData() is not None)
        self.model.set_query(self.current_query())

    def show_cell(self, village_id: str, year: int, month: int) -> None:
        """Only this village's activities of this month (the coverage grid's click)."""
        for box in (self.year_box, self.month_box, self.village_box, self.form_box):
            box.blockSignals(True)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.form_box.setCurrentIndex(0)
        if self.year_box.findData(year) < 0:
            self.year_box.addItem(str(year), year)
        self.year_box.setCurrentIndex(self.year_box.findData(year))
        self.month_box.setCurrentIndex(self.month_box.findData(month))
        self.village_box.setCurrentIndex(max(0, self.village_box.findData(village_id)))
        for box in (self.year_box, self.month_box, self.village_box, self.form_box):
            box.blockSignals(False)
        self.search_edit.blockSignals(False)
        self.apply_filters()

    def _loaded(self) -> None:
        self.refusal_label.setText(self.model.error or "")
        self.refusal_label.setVisible(bool(self.model.error))
        total = self.model.total
        self.empty_label.setText(self._empty_text() if not total and not self.model.error else "")
        self.empty_label.setVisible(bool(self.empty_label.text()))
        self.count_label.setText(
            ngettext("{n} activity", "{n} activities", total).format(n=fmt_number(total))
        )
        self.update_buttons()

    def _empty_text(self) -> str:
        """Why the list is empty; for one village and month, that it is a gap to fill."""
        query = self.model.query
        if query.village_id and query.year and query.month and not (query.text or query.form):
            return _(
                "No propaganda activity in {village} in {month}/{year}: a gap. New (Ctrl+N) "
                "records one with this village ticked."
            ).format(village=self.village_box.currentText(), month=query.month, year=query.year)
        return _("No activity matches these filters.")

    def selected(self) -> ActivityLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.line(rows[0].row()) if rows else None

    def select(self, activity_id: str) -> None:
        row = self.model.row_of(activity_id)
        if row >= 0:
            self.table.selectRow(row)

    def update_buttons(self) -> None:
        line, edit = self.selected(), self.ctx.can(Permission.EDIT_PROPAGANDA)
        self.new_button.setEnabled(edit)
        self.open_button.setEnabled(line is not None)
        self.delete_button.setEnabled(edit and line is not None)

    def focus_search(self) -> None:
        focus_search(self.search_edit)

    def _search_enter(self) -> None:
        search_enter(self.apply_filters, self.model, self.table)

    def _open(self) -> None:
        line = self.selected()
        if line is not None:
            self.open_requested.emit(line.id)

    def _delete(self) -> None:
        line = self.selected()
        if line is not None and self.ctx.can(Permission.EDIT_PROPAGANDA):
            self.delete_requested.emit(line)
