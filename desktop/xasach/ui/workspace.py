"""The logged-in workspace: navigation on the left, the registers' pages on the right.

Pages appear only for roles that may use them (the services check again). The Overview's
charts click through: `navigate(key, filter)` switches page and applies the filter. Leaving a
page asks it first (`Page.confirm_leave`), so unsaved edits are never lost silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QWidget

from xasach.domain.roles import Permission
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.ui.context import AppContext
from xasach.ui.page import Page

#: (key, permission needed to see the page, factory); the order is the navigation order.
PageSpec = tuple[str, Permission | None, Callable[[AppContext], Page]]


def default_pages(mode: str = MODE_COMMUNE) -> list[PageSpec]:
    """The pages of a commune's desk, or of the upper level's hub."""
    return upper_pages() if mode == MODE_UPPER else commune_pages()


def commune_pages() -> list[PageSpec]:
    from xasach.ui.hotspots.list_page import HotspotsPage
    from xasach.ui.overview_page import OverviewPage
    from xasach.ui.people.list_page import PeopleListPage
    from xasach.ui.propaganda.list_page import PropagandaPage
    from xasach.ui.reports.print_page import ReportsPage
    from xasach.ui.settings_page import SettingsPage
    from xasach.ui.sync.send_page import SyncPage

    return [
        ("overview", Permission.VIEW_REPORTS, OverviewPage),
        ("people", Permission.VIEW_PEOPLE, PeopleListPage),
        ("hotspots", Permission.VIEW_HOTSPOTS, HotspotsPage),
        ("propaganda", Permission.VIEW_PROPAGANDA, PropagandaPage),
        ("reports", Permission.PRINT, ReportsPage),
        ("sync", Permission.SYNC, SyncPage),
        ("settings", None, SettingsPage),
    ]


def upper_pages() -> list[PageSpec]:
    from xasach.ui.hub import (
        CommunesPage,
        DuplicatesPage,
        HubHotspotsPage,
        HubPeoplePage,
        HubPropagandaPage,
    )
    from xasach.ui.hub.classification_page import ClassificationPage
    from xasach.ui.reports.print_page import ReportsPage
    from xasach.ui.settings_page import SettingsPage
    from xasach.ui.sync.import_page import ImportPage

    return [
        ("communes", Permission.VIEW_REPORTS, CommunesPage),
        ("import", Permission.SYNC, ImportPage),
        ("hub_people", Permission.VIEW_PEOPLE, HubPeoplePage),
        ("hub_hotspots", Permission.VIEW_HOTSPOTS, HubHotspotsPage),
        ("hub_propaganda", Permission.VIEW_PROPAGANDA, HubPropagandaPage),
        ("duplicates", Permission.VIEW_PEOPLE, DuplicatesPage),
        ("reports", Permission.PRINT, ReportsPage),
        ("classification", Permission.VIEW_REPORTS, ClassificationPage),
        ("settings", None, SettingsPage),
    ]


class Workspace(QWidget):
    """Navigation + stacked pages. `language_changed` is re-emitted from the Settings page."""

    language_changed = Signal(str)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, pages: list[PageSpec] | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        # Big, well-spaced targets: officers click these all day, often on a touchpad.
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 9px 10px; }")
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.nav.setFont(font)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, Page] = {}
        for key, permission, factory in pages if pages is not None else default_pages(ctx.mode):
            if permission is not None and not ctx.can(permission):
                continue
            page = factory(ctx)
            self.pages[key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(self.nav)
            item.setData(Qt.ItemDataRole.UserRole, key)
            for name in ("navigate",):
                signal = getattr(page, name, None)
                if signal is not None:
                    signal.connect(self.navigate)
            if hasattr(page, "language_changed"):
                page.language_changed.connect(self.language_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.nav.currentRowChanged.connect(self._row_changed)
        for index in range(min(9, self.nav.count())):  # Alt+1 … Alt+9 jump to a page
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.activated.connect(lambda row=index: self.nav.setCurrentRow(row))
        self.retranslate_ui()
        if self.nav.count():
            self.nav.setCurrentRow(0)

    def retranslate_ui(self) -> None:
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setText(self.pages[key].title())
            self.pages[key].retranslate_ui()

    def current_key(self) -> str | None:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def show_page(self, key: str) -> Page | None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)
                return self.pages[key] if self.current_key() == key else None
        return None

    def navigate(self, key: str, flt: dict[str, Any]) -> None:
        """Switch to page `key` and apply `flt` (the Overview's click-through)."""
        page = self.show_page(key)
        if page is None:
            return
        apply_filter = getattr(page, "apply_filter", None)
        if callable(apply_filter):
            apply_filter(flt)
        else:
            _apply_known_filter(page, flt)

    def confirm_leave(self) -> bool:
        return all(page.confirm_leave() for page in self.pages.values())

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        current = self.stack.currentWidget()
        target = self.pages[self.nav.item(row).data(Qt.ItemDataRole.UserRole)]
        if isinstance(current, Page) and current is not target and not current.confirm_leave():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.stack.currentIndex())
            self.nav.blockSignals(False)
            return
        self.stack.setCurrentWidget(target)
        target.refresh()


def _apply_known_filter(page: Page, flt: dict[str, Any]) -> None:
    """Filters for the pages that expose their filter boxes rather than `apply_filter`."""
    from xasach.ui.hotspots.list_page import HotspotsPage
    from xasach.ui.propaganda.list_page import PropagandaPage

    if isinstance(page, HotspotsPage) and "status" in flt:
        box = page.status_box
        wanted = {"active": frozenset({"active", "re_emerged"})}.get(
            flt["status"], frozenset({flt["status"]})
        )
        # Python sets stored in a combo do not compare through QVariant: compare here.
        for index in range(box.count()):
            if box.itemData(index) == wanted:
                box.setCurrentIndex(index)
                break
        page.apply_filters()
    elif isinstance(page, PropagandaPage) and "year" in flt:
        activities = page.activities
        page.tabs.setCurrentIndex(0)
        year_box = activities.year_box
        if year_box.findData(flt["year"]) < 0:
            year_box.addItem(str(flt["year"]), flt["year"])
        year_box.setCurrentIndex(year_box.findData(flt["year"]))
        month = flt.get("month")
        activities.month_box.setCurrentIndex(max(0, activities.month_box.findData(month)))
        activities.apply_filters()
