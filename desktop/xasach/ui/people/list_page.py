"""The People page (danh sách hồ sơ quản lý): search and filters over the list, and the actions.

The search box filters as the officer types (after a short pause, accent-insensitive); every
filter becomes part of one `PeopleFilter` and SQL does the work. ID numbers are masked here.
After a change the page says so on the change bus and every page listening refreshes. Buttons
follow the role, but the services decide. Keyboard: Ctrl+F search, Ctrl+N new, Enter open,
Del delete.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.episodes import EPISODE_LABELS, STATUS_NONE, STATUS_PRIORITY
from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.i18n import _, ngettext
from xasach.services.people import delete_person
from xasach.services.people_list import (
    UNDER_MANAGEMENT,
    PeopleFilter,
    PersonRow,
    village_choices,
)
from xasach.ui.context import AppContext
from xasach.ui.formatting import fmt_number
from xasach.ui.page import Page
from xasach.ui.people.person_dialog import PersonDialog
from xasach.ui.people.table_model import PeopleTableModel
from xasach.ui.registers import prompts
from xasach.ui.registers.list_keys import focus_search, page_keys, search_enter, table_keys
from xasach.ui.registers.paged_model import filter_box, register_table, sort_by
from xasach.ui.registers.record_dialog import error_label
from xasach.ui.tabular.tabular_actions import Register, TabularActions
from xasach.ui.widgets.village_filter import refill_villages

#: The pause after the last keystroke before the list follows the search box.
SEARCH_PAUSE_MS = 200
DEFAULT_DUE_DAYS = 30
#: The name column fits its content within these widths (pixels), whatever the window.
NAME_WIDTH = (180, 280)
#: Tables whose change may alter what this page shows.
WATCHED = frozenset({"person", "episode", "drug_test", "village", "hotspot_person"})


class PeopleListPage(Page):
    """The list of people's files. `dialog` is the open person's dialog, if any."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = PeopleTableModel(ctx.db, self)
        self.dialog: PersonDialog | None = None
        self._name_fitted = False
        self._reselect: str | None = None
        self._build()
        self.retranslate_ui()
        ctx.bus.changed.connect(self._on_changed)
        self.refresh()

    def title(self) -> str:
        return _("Management files")

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("peopleSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.status_box, self.village_box, self.kind_box = (filter_box(self) for _i in range(3))
        self.status_box.addItem("", None)
        self.status_box.addItem("", UNDER_MANAGEMENT)
        for kind in STATUS_PRIORITY:
            self.status_box.addItem("", kind.value)
        self.status_box.addItem("", STATUS_NONE)
        self.village_box.addItem("", None)
        self.kind_box.addItem("", None)
        for kind in EPISODE_LABELS:
            self.kind_box.addItem("", kind.value)
        self.due_check = QCheckBox(self)
        self.due_days = QSpinBox(self)
        self.due_days.setRange(0, 3650)
        self.due_days.setValue(DEFAULT_DUE_DAYS)
        self.due_days.setEnabled(False)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        for box in (self.status_box, self.village_box, self.kind_box):
            filters.addWidget(box, 2)
        filters.addWidget(self.due_check)
        filters.addWidget(self.due_days)

        self.table = register_table(self.model, self, stretch=PeopleTableModel.STATUS)
        self.table.setObjectName("peopleTable")
        sort_by(self.table, self.model.sort_column(), self.model.descending)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refusal_label = error_label(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("peopleCount")
        self.new_button, self.open_button = QPushButton(self), QPushButton(self)
        self.delete_button = QPushButton(self)
        self.new_button.clicked.connect(self.new_person)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        for button in (self.new_button, self.open_button, self.delete_button):
            actions.addWidget(button)
        self.tabular = TabularActions(self.ctx, Register.PEOPLE, self.current_filter, self)
        actions.addWidget(self.tabular)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self._shortcuts()
        self._pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.apply_filters)
        self.search_edit.textChanged.connect(lambda _text: self._pause.start())
        self.search_edit.returnPressed.connect(self._search_enter)
        for box in (self.status_box, self.village_box, self.kind_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.due_check.toggled.connect(self._due_toggled)
        self.due_days.valueChanged.connect(lambda _v: self.apply_filters())
        self.model.loaded.connect(self._loaded)

    def _shortcuts(self) -> None:
        page_keys(self, new=self.new_person, search=self.focus_search)
        table_keys(self.table, open_=self.open_selected, delete=self.delete_selected)

    def retranslate_ui(self) -> None:
        self.search_edit.setPlaceholderText(_("Search name, other name, ID number… (Ctrl+F)"))
        self.status_box.setItemText(0, _("All statuses"))
        self.status_box.setItemText(1, _("Under management (any status)"))
        for i, kind in enumerate(STATUS_PRIORITY, start=2):
            self.status_box.setItemText(i, _(EPISODE_LABELS[kind]))
        self.status_box.setItemText(self.status_box.count() - 1, _("Not under management"))
        self.village_box.setItemText(0, _("All villages"))
        self.kind_box.setItemText(0, _("Any open episode"))
        for i, label in enumerate(EPISODE_LABELS.values(), start=1):
            self.kind_box.setItemText(i, _("Open: {kind}").format(kind=_(label)))
        self.due_check.setText(_("Deadline within"))
        self.due_check.setToolTip(
            _(
                "People with an open episode whose planned end falls within these days or has "
                "passed."
            )
        )
        self.due_days.setSuffix(_(" days (or overdue)"))
        self.new_button.setText(_("&New (Ctrl+N)"))
        self.open_button.setText(_("&Open"))
        self.delete_button.setText(_("&Delete"))
        self.tabular.retranslate_ui()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.COLUMNS) - 1)
        self._loaded(self.model.total)

    # --- reading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self._fill_villages()
        selected = self.selected()
        wanted = self._reselect or (selected.id if selected else None)
        self._reselect = None
        self.model.reload()
        if wanted is not None:
            self.select(wanted)

    def _fill_villages(self) -> None:
        refill_villages(self.village_box, self.ctx.db, village_choices)

    def current_filter(self) -> PeopleFilter:
        return PeopleFilter(
            text=self.search_edit.text(),
            status=self.status_box.currentData(),
            village_id=self.village_box.currentData(),
            episode_kind=self.kind_box.currentData(),
            due_within_days=self.due_days.value() if self.due_check.isChecked() else None,
        )

    def apply_filters(self) -> None:
        self._pause.stop()
        if self.model.filter != (flt := self.current_filter()):
            self.model.set_filter(flt)

    def apply_filter(self, flt: dict[str, Any]) -> None:
        """Open filtered from elsewhere (the Overview's charts): status, under_management,
        village_id, episode_kind, due_within_days, text."""
        boxes = [self.status_box, self.village_box, self.kind_box, self.due_check, self.due_days]
        for widget in boxes:
            widget.blockSignals(True)
        status = UNDER_MANAGEMENT if flt.get("under_management") else flt.get("status")
        for box, value in (
            (self.status_box, status),
            (self.village_box, flt.get("village_id")),
            (self.kind_box, flt.get("episode_kind")),
        ):
            box.setCurrentIndex(max(0, box.findData(value)))
        due = flt.get("due_within_days")
        self.due_check.setChecked(due is not None)
        self.due_days.setEnabled(due is not None)
        if due is not None:
            self.due_days.setValue(int(due))
        for widget in boxes:
            widget.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.setText(str(flt.get("text", "")))
        self.search_edit.blockSignals(False)
        self.apply_filters()

    def _due_toggled(self, checked: bool) -> None:
        self.due_days.setEnabled(checked)
        self.apply_filters()

    def _loaded(self, total: int) -> None:
        if self.model.lines and not self._name_fitted:
            self._name_fitted = True
            self.table.resizeColumnToContents(PeopleTableModel.NAME)
            width = self.table.columnWidth(PeopleTableModel.NAME)
            self.table.setColumnWidth(
                PeopleTableModel.NAME, min(max(width, NAME_WIDTH[0]), NAME_WIDTH[1])
            )
        self.refusal_label.setText(self.model.error or "")
        self.refusal_label.setVisible(bool(self.model.error))
        self.count_label.setText(
            ngettext("{n} person", "{n} people", total).format(n=fmt_number(total))
        )
        self._update_buttons()

    def _on_changed(self, table: str) -> None:
        if table in WATCHED:
            self.refresh()

    def selected(self) -> PersonRow | None:
        rows = self.table.selectionModel().selectedRows()
        line = self.model.line(rows[0].row()) if rows else None
        return line if isinstance(line, PersonRow) else None

    def select(self, person_id: str) -> None:
        row = self.model.row_of(person_id)
        if row >= 0:
            self.table.selectRow(row)

    def _selection_changed(self, *_args: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        line, edit = self.selected(), self.ctx.can(Permission.EDIT_PEOPLE)
        self.new_button.setEnabled(edit)
        self.open_button.setEnabled(line is not None)
        self.delete_button.setEnabled(edit and line is not None and not line.deleted)

    def focus_search(self) -> None:
        focus_search(self.search_edit)

    def _search_enter(self) -> None:
        search_enter(self.apply_filters, self.model, self.table)

    # --- actions -----------------------------------------------------------------------------

    def new_person(self) -> PersonDialog | None:
        if not self.ctx.can(Permission.EDIT_PEOPLE):
            return None
        return self._show(PersonDialog(self.ctx, None, self))

    def open_selected(self) -> PersonDialog | None:
        line = self.selected()
        if line is None or line.deleted:
            return None
        try:
            dialog = PersonDialog(self.ctx, line.id, self)
        except DomainError as exc:
            prompts.show_refusal(self, _("Management files"), exc.message)
            return None
        return self._show(dialog)

    def _show(self, dialog: PersonDialog) -> PersonDialog:
        """Window-modal without a nested event loop (tests drive the dialog directly)."""
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: PersonDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _saved(self, person_id: str) -> None:
        self._reselect = person_id  # selected when the bus's refresh comes (right after)

    def delete_selected(self) -> None:
        line = self.selected()
        if line is None or line.deleted or not self.ctx.can(Permission.EDIT_PEOPLE):
            return
        question = _(
            "Delete the file of “{name}” ({birth})? It disappears from the lists, the search "
            "and the reports; the upper level is told at the next sync."
        ).format(name=line.full_name, birth=line.birth or "—")
        if not prompts.confirm(self, _("Delete a person's file"), question):
            return
        try:
            with self.ctx.db.session() as session:
                delete_person(session, line.id)
        except DomainError as exc:
            prompts.show_refusal(self, _("Management files"), exc.message)
            return
        self.ctx.bus.changed.emit("person")
