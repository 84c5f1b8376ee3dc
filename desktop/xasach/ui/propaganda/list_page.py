"""The Propaganda page (sổ theo dõi hoạt động tuyên truyền): the activity list and the village ×
month coverage grid, in two tabs.

A click on a grid cell shows that village's activities of that month in the list, so a gap
leads straight to "New" with that village ticked. After a change the page says so on the change
bus; every page listening, this one included, refreshes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.services.propaganda import delete_activity
from xasach.services.propaganda_queries import ActivityLine
from xasach.ui.context import AppContext
from xasach.ui.page import Page
from xasach.ui.propaganda.activity_dialog import ActivityDialog
from xasach.ui.propaganda.activity_list import ActivityList
from xasach.ui.propaganda.coverage_grid import CoverageGrid
from xasach.ui.registers import prompts
from xasach.ui.registers.list_keys import page_keys
from xasach.ui.tabular.tabular_actions import Register, TabularActions

#: Tables whose change may alter what this page shows.
WATCHED = frozenset({"activity", "activity_village", "village"})
LIST_TAB, COVERAGE_TAB = 0, 1


class PropagandaPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.dialog: ActivityDialog | None = None
        self.activities = ActivityList(ctx, self)
        self.coverage = CoverageGrid(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.activities, "")
        self.tabs.addTab(self.coverage, "")
        self.tabular = TabularActions(
            ctx, Register.ACTIVITIES, self.activities.current_query, self.tabs
        )
        self.tabs.setCornerWidget(self.tabular)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        # Aliases the tests and the main window reach for.
        self.table, self.model = self.activities.table, self.activities.model
        self.activities.new_requested.connect(self.new_activity)
        self.activities.open_requested.connect(self.open_activity)
        self.activities.delete_requested.connect(self.delete_activity)
        self.coverage.cell_chosen.connect(self.show_cell)
        page_keys(self, new=self.new_activity, search=self._focus_search)
        self.retranslate_ui()
        ctx.bus.changed.connect(self._on_changed)
        self.refresh()

    def title(self) -> str:
        return _("Propaganda")

    def retranslate_ui(self) -> None:
        self.tabs.setTabText(LIST_TAB, _("&Activities"))
        self.tabs.setTabText(COVERAGE_TAB, _("&Coverage by village and month"))
        self.activities.retranslate_ui()
        self.coverage.retranslate_ui()
        self.tabular.retranslate_ui()

    def refresh(self) -> None:
        self.activities.refresh()
        self.coverage.refresh()

    def _on_changed(self, table: str) -> None:
        if table in WATCHED:
            self.refresh()

    def show_cell(self, village_id: str, year: int, month: int) -> None:
        self.activities.show_cell(village_id, year, month)
        self.tabs.setCurrentIndex(LIST_TAB)
        self.activities.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(LIST_TAB)
        self.activities.focus_search()

    def selected(self) -> ActivityLine | None:
        return self.activities.selected()

    # --- actions -----------------------------------------------------------------------------

    def new_activity(self) -> ActivityDialog | None:
        """A new activity; the village the list is filtered to comes ticked."""
        if not self.ctx.can(Permission.EDIT_PROPAGANDA):
            return None
        village = self.activities.village_box.currentData()
        return self._show(
            ActivityDialog(self.ctx, None, self, villages=(village,) if village else ())
        )

    def open_selected(self) -> ActivityDialog | None:
        line = self.selected()
        return self.open_activity(line.id) if line is not None else None

    def open_activity(self, activity_id: str) -> ActivityDialog | None:
        try:
            dialog = ActivityDialog(self.ctx, activity_id, self)
        except DomainError as exc:
            prompts.show_refusal(self, _("Propaganda"), exc.message)
            return None
        return self._show(dialog)

    def _show(self, dialog: ActivityDialog) -> ActivityDialog:
        """Window-modal without a nested event loop (tests drive the dialog directly)."""
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: ActivityDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _saved(self, activity_id: str) -> None:
        self.ctx.bus.changed.emit("activity")
        self.activities.select(activity_id)

    def delete_activity(self, line: ActivityLine) -> None:
        question = _("Delete the activity “{topic}” of {date}? It no longer counts in coverage.")
        text = question.format(topic=line.topic, date=line.activity_date.strftime("%d/%m/%Y"))
        if not prompts.confirm(self, _("Delete activity"), text):
            return
        try:
            with self.ctx.db.session() as session:
                delete_activity(session, line.id)
        except DomainError as exc:
            prompts.show_refusal(self, _("Propaganda"), exc.message)
            return
        self.ctx.bus.changed.emit("activity")
