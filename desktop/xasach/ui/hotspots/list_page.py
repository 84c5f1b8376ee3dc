"""The Hotspots page (sổ theo dõi tụ điểm): search and filters over the list, and the actions.

Each action asks a service; after a change the page says so on the change bus and every page
listening (this one included) refreshes. Buttons follow the role, but the services decide.
Keyboard: Ctrl+F search, Ctrl+N new, Enter open, Del delete.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.errors import DomainError
from xasach.domain.hotspots import (
    HOTSPOT_KIND_LABELS,
    HOTSPOT_STATUS_LABELS,
    HotspotStatus,
    is_active,
)
from xasach.domain.roles import Permission
from xasach.i18n import N_, _, ngettext
from xasach.services.hotspot_queries import HotspotLine, HotspotQuery, village_choices
from xasach.services.hotspots import delete_hotspot
from xasach.ui.context import AppContext
from xasach.ui.formatting import fmt_number
from xasach.ui.hotspots.hotspot_dialog import HotspotDialog
from xasach.ui.hotspots.status_dialog import StatusChangeDialog
from xasach.ui.hotspots.table_model import HotspotTableModel
from xasach.ui.page import Page
from xasach.ui.registers import prompts
from xasach.ui.registers.list_keys import focus_search, page_keys, search_enter, table_keys
from xasach.ui.registers.paged_model import filter_box, register_table, sort_by
from xasach.ui.registers.record_dialog import RecordDialog, error_label
from xasach.ui.tabular.tabular_actions import Register, TabularActions
from xasach.ui.widgets.village_filter import refill_villages

#: The status filter: label and the statuses it keeps (empty: all).
STATUS_FILTERS: tuple[tuple[str, frozenset[str]], ...] = (
    (N_("All statuses"), frozenset()),
    (N_("Operating (active or re-emerged)"), frozenset({"active", "re_emerged"})),
    *((label, frozenset({status.value})) for status, label in HOTSPOT_STATUS_LABELS.items()),
)

D = TypeVar("D", bound=RecordDialog)

#: Tables whose change may alter what this page shows.
WATCHED = frozenset({"hotspot", "hotspot_event", "hotspot_person", "village", "person"})


class HotspotsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = HotspotTableModel(ctx.db, self)
        self.dialog: RecordDialog | None = None
        self._build()
        self.retranslate_ui()
        ctx.bus.changed.connect(self._on_changed)
        self.refresh()

    def title(self) -> str:
        return _("Hotspots")

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.status_box, self.kind_box, self.village_box = (filter_box(self) for _i in range(3))
        for _label, statuses in STATUS_FILTERS:
            self.status_box.addItem("", statuses)
        self.kind_box.addItem("", None)
        for kind in HOTSPOT_KIND_LABELS:
            self.kind_box.addItem("", kind.value)
        self.village_box.addItem("", None)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        for box in (self.status_box, self.kind_box, self.village_box):
            filters.addWidget(box, 2)
        self.table = register_table(self.model, self, stretch=HotspotTableModel.NAME)
        sort_by(self.table, self.model.sort_column(), self.model.query.descending)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refusal_label = error_label(self)
        self.count_label = QLabel(self)
        self.new_button, self.open_button = QPushButton(self), QPushButton(self)
        self.eliminate_button, self.reemerge_button = QPushButton(self), QPushButton(self)
        self.delete_button = QPushButton(self)
        self.new_button.clicked.connect(self.new_hotspot)
        self.open_button.clicked.connect(self.open_selected)
        self.eliminate_button.clicked.connect(lambda: self.mark(HotspotStatus.ELIMINATED))
        self.reemerge_button.clicked.connect(lambda: self.mark(HotspotStatus.RE_EMERGED))
        self.delete_button.clicked.connect(self.delete_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        for button in (
            self.new_button,
            self.open_button,
            self.eliminate_button,
            self.reemerge_button,
            self.delete_button,
        ):
            actions.addWidget(button)
        self.tabular = TabularActions(self.ctx, Register.HOTSPOTS, self.current_query, self)
        actions.addWidget(self.tabular)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self._shortcuts()
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.apply_filters)
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(self._search_enter)
        for box in (self.status_box, self.kind_box, self.village_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.model.loaded.connect(self._loaded)

    def _shortcuts(self) -> None:
        page_keys(self, new=self.new_hotspot, search=self._focus_search)
        table_keys(self.table, open_=self.open_selected, delete=self.delete_selected)

    def retranslate_ui(self) -> None:
        self.search_edit.setPlaceholderText(_("Search name, address or village… (Ctrl+F)"))
        for i, (label, _statuses) in enumerate(STATUS_FILTERS):
            self.status_box.setItemText(i, _(label))
        self.kind_box.setItemText(0, _("All kinds"))
        for i, label in enumerate(HOTSPOT_KIND_LABELS.values(), start=1):
            self.kind_box.setItemText(i, _(label))
        self.village_box.setItemText(0, _("All villages"))
        self.new_button.setText(_("&New (Ctrl+N)"))
        self.open_button.setText(_("&Open"))
        self.eliminate_button.setText(_("Mark &eliminated…"))
        self.reemerge_button.setText(_("Mark &re-emerged…"))
        self.delete_button.setText(_("&Delete"))
        self.tabular.retranslate_ui()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.COLUMNS) - 1)
        self._loaded(self.model.total)

    # --- reading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self._fill_villages()
        selected = self.selected()
        self.model.reload()
        if selected is not None:
            self.select(selected.id)

    def _fill_villages(self) -> None:
        refill_villages(self.village_box, self.ctx.db, village_choices)

    def current_query(self) -> HotspotQuery:
        return HotspotQuery(
            text=self.search_edit.text(),
            statuses=self.status_box.currentData() or frozenset(),
            kind=self.kind_box.currentData(),
            village_id=self.village_box.currentData(),
        )

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.model.set_query(self.current_query())

    def _loaded(self, total: int) -> None:
        self.refusal_label.setText(self.model.error or "")
        self.refusal_label.setVisible(bool(self.model.error))
        self.count_label.setText(
            ngettext("{n} hotspot", "{n} hotspots", total).format(n=fmt_number(total))
        )
        self._update_buttons()

    def _on_changed(self, table: str) -> None:
        if table in WATCHED:
            self.refresh()

    def selected(self) -> HotspotLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.line(rows[0].row()) if rows else None

    def select(self, hotspot_id: str) -> None:
        row = self.model.row_of(hotspot_id)
        if row >= 0:
            self.table.selectRow(row)

    def _selection_changed(self, *_args: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        line, edit = self.selected(), self.ctx.can(Permission.EDIT_HOTSPOTS)
        self.new_button.setEnabled(edit)
        self.open_button.setEnabled(line is not None)
        self.delete_button.setEnabled(edit and line is not None)
        self.eliminate_button.setEnabled(edit and line is not None and is_active(line.status))
        self.reemerge_button.setEnabled(
            edit and line is not None and line.status == HotspotStatus.ELIMINATED
        )

    def _focus_search(self) -> None:
        focus_search(self.search_edit)

    def _search_enter(self) -> None:
        search_enter(self.apply_filters, self.model, self.table)

    # --- actions -----------------------------------------------------------------------------

    def new_hotspot(self) -> HotspotDialog | None:
        if not self.ctx.can(Permission.EDIT_HOTSPOTS):
            return None
        return self._show(HotspotDialog(self.ctx, None, self))

    def open_selected(self) -> HotspotDialog | None:
        line = self.selected()
        if line is None:
            return None
        try:
            dialog = HotspotDialog(self.ctx, line.id, self)
        except DomainError as exc:
            prompts.show_refusal(self, _("Hotspots"), exc.message)
            return None
        return self._show(dialog)

    def mark(self, status: HotspotStatus) -> StatusChangeDialog | None:
        line = self.selected()
        if line is None or not self.ctx.can(Permission.EDIT_HOTSPOTS):
            return None
        return self._show(StatusChangeDialog(self.ctx, line.id, line.name, status, self))

    def _show(self, dialog: D) -> D:
        """Window-modal without a nested event loop (tests drive the dialog directly)."""
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: RecordDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _saved(self, hotspot_id: str) -> None:
        self.ctx.bus.changed.emit("hotspot")
        self.select(hotspot_id)

    def delete_selected(self) -> None:
        line = self.selected()
        if line is None or not self.ctx.can(Permission.EDIT_HOTSPOTS):
            return
        question = _("Delete the hotspot “{name}”? It disappears from the lists and reports.")
        if not prompts.confirm(self, _("Delete hotspot"), question.format(name=line.name)):
            return
        try:
            with self.ctx.db.session() as session:
                delete_hotspot(session, line.id)
        except DomainError as exc:
            prompts.show_refusal(self, _("Hotspots"), exc.message)
            return
        self.ctx.bus.changed.emit("hotspot")
