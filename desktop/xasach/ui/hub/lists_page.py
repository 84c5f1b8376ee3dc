"""The hub's register pages: people, hotspots and propaganda activities of every commune, with
a commune filter and a search box (accent-insensitive). Read-only: the communes keep their
files; the upper level reads what they sent."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.i18n import _, ngettext
from xasach.services.hub import commune_choices
from xasach.services.hub_lists import HubQuery
from xasach.ui.context import AppContext
from xasach.ui.formatting import fmt_number
from xasach.ui.hub.list_models import (
    HubActivitiesModel,
    HubHotspotsModel,
    HubModel,
    HubPeopleModel,
)
from xasach.ui.page import Page
from xasach.ui.registers.list_keys import bind_keys, focus_search, search_enter
from xasach.ui.registers.paged_model import (
    MAX_FIT_WIDTH,
    MIN_FIT_CAP,
    filter_box,
    register_table,
)
from xasach.ui.registers.record_dialog import error_label


class HubListPage(Page):
    """A register across communes; subclasses say which model, permission and words."""

    PERMISSION = Permission.VIEW_REPORTS
    STRETCH = 1

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = self.make_model()
        self._fitted = False
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.commune_box = filter_box(self)
        self.commune_box.setMinimumContentsLength(22)
        self.commune_box.addItem("", None)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.commune_box, 2)
        self.table = register_table(self.model, self, stretch=self.STRETCH)
        self.table.horizontalHeader().setSortIndicatorShown(False)  # the service's order
        self.refusal_label = error_label(self)
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.apply_filters)
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(
            lambda: search_enter(self.apply_filters, self.model, self.table)
        )
        self.commune_box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        bind_keys(
            self,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
            {"Ctrl+F": lambda: focus_search(self.search_edit)},
        )
        self.model.loaded.connect(self._loaded)
        # A hidden page re-reads when shown (the workspace calls refresh): after an import of
        # many bundles only the page in view queries.
        ctx.bus.changed.connect(lambda _table: self.refresh() if self.isVisible() else None)
        self.retranslate_ui()
        self.refresh()

    # --- what a subclass says ----------------------------------------------------------------

    def make_model(self) -> HubModel:
        raise NotImplementedError

    def count_text(self, n: int) -> str:
        raise NotImplementedError

    def placeholder(self) -> str:
        raise NotImplementedError

    # --- the page ----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.search_edit.setPlaceholderText(self.placeholder())
        self.commune_box.setItemText(0, _("All communes"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.COLUMNS) - 1)
        self._loaded(self.model.total)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt's name
        """Fit the columns to the window once it has its real width."""
        super().showEvent(event)
        if not self._fitted and self.model.lines:
            self._fitted = True
            cap = min(MAX_FIT_WIDTH, max(MIN_FIT_CAP, self.table.viewport().width() // 5))
            for column in range(self.model.columnCount()):
                if column != self.STRETCH:
                    self.table.resizeColumnToContents(column)
                    self.table.setColumnWidth(column, min(self.table.columnWidth(column), cap))

    def refresh(self) -> None:
        self._fill_communes()
        self.model.set_query(self.current_query())

    def _fill_communes(self) -> None:
        try:
            with self.ctx.db.reader() as session:
                communes = commune_choices(session, self.PERMISSION)
        except DomainError:
            communes = []
        current = self.commune_box.currentData()
        self.commune_box.blockSignals(True)
        while self.commune_box.count() > 1:
            self.commune_box.removeItem(1)
        for commune in communes:
            self.commune_box.addItem(f"{commune.name} ({commune.code})", commune.code)
        self.commune_box.setCurrentIndex(max(0, self.commune_box.findData(current)))
        self.commune_box.blockSignals(False)

    def current_query(self) -> HubQuery:
        return HubQuery(unit_code=self.commune_box.currentData(), text=self.search_edit.text())

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.model.set_query(self.current_query())

    def _loaded(self, total: int) -> None:
        self.refusal_label.setText(self.model.error or "")
        self.refusal_label.setVisible(bool(self.model.error))
        self.count_label.setText(self.count_text(total))


class HubPeoplePage(HubListPage):
    """Người trong diện quản lý của các xã."""

    PERMISSION = Permission.VIEW_PEOPLE
    STRETCH = HubPeopleModel.NAME

    def make_model(self) -> HubModel:
        return HubPeopleModel(self.ctx.db, self)

    def title(self) -> str:
        return _("People (all communes)")

    def placeholder(self) -> str:
        return _("Search name, ID number or address… (Ctrl+F)")

    def count_text(self, n: int) -> str:
        return ngettext("{n} person", "{n} people", n).format(n=fmt_number(n))


class HubHotspotsPage(HubListPage):
    """Tụ điểm, điểm phức tạp về ma túy của các xã."""

    PERMISSION = Permission.VIEW_HOTSPOTS
    STRETCH = HubHotspotsModel.NAME

    def make_model(self) -> HubModel:
        return HubHotspotsModel(self.ctx.db, self)

    def title(self) -> str:
        return _("Hotspots (all communes)")

    def placeholder(self) -> str:
        return _("Search name, address or village… (Ctrl+F)")

    def count_text(self, n: int) -> str:
        return ngettext("{n} hotspot", "{n} hotspots", n).format(n=fmt_number(n))


class HubPropagandaPage(HubListPage):
    """Hoạt động tuyên truyền của các xã."""

    PERMISSION = Permission.VIEW_PROPAGANDA
    STRETCH = HubActivitiesModel.TOPIC

    def make_model(self) -> HubModel:
        return HubActivitiesModel(self.ctx.db, self)

    def title(self) -> str:
        return _("Propaganda (all communes)")

    def placeholder(self) -> str:
        return _("Search topic or organiser… (Ctrl+F)")

    def count_text(self, n: int) -> str:
        return ngettext("{n} activity", "{n} activities", n).format(n=fmt_number(n))
