"""The hotspot list's model: `HotspotQuery` filters, SQL paging through the services."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from xasach.domain.hotspots import HotspotStatus
from xasach.i18n import N_
from xasach.services.hotspot_queries import (
    HotspotLine,
    HotspotQuery,
    HotspotSort,
    count_hotspots,
    list_hotspots,
)
from xasach.store.database import Database
from xasach.ui.formatting import fmt_date
from xasach.ui.registers.paged_model import PAGE_SIZE, Column, PagedTableModel

#: Operating hotspots stand out; an eliminated one reads as settled.
STATUS_COLOURS = {
    HotspotStatus.ACTIVE: QColor("#b71c1c"),
    HotspotStatus.RE_EMERGED: QColor("#b71c1c"),
    HotspotStatus.ELIMINATED: QColor("#2e7d32"),
}


def _text(attr: str) -> Any:
    return lambda line: str(getattr(line, attr))


class HotspotTableModel(PagedTableModel):
    NAME, KIND, VILLAGE, STATUS, STATUS_DATE, DISCOVERED, PEOPLE = range(7)
    COLUMNS = (
        Column(N_("Name"), HotspotSort.NAME, _text("name")),
        Column(N_("Kind"), HotspotSort.KIND, _text("kind_label")),
        Column(N_("Village"), HotspotSort.VILLAGE, _text("village")),
        Column(N_("Status"), HotspotSort.STATUS, _text("status_label")),
        Column(N_("Since"), HotspotSort.STATUS_DATE, lambda h: fmt_date(h.status_date)),
        Column(N_("Discovered"), HotspotSort.DISCOVERED, lambda h: fmt_date(h.discovered_date)),
        Column(N_("People"), HotspotSort.PEOPLE, _text("people"), number=True),
    )

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(db, parent, page_size=page_size)
        self.query = HotspotQuery()

    def set_query(self, query: HotspotQuery) -> None:
        """New filters (the sort is kept from the header)."""
        self.query = replace(query, sort=self.query.sort, descending=self.query.descending)
        self.reload()

    def set_sort(self, key: str, descending: bool) -> None:
        self.query = replace(self.query, sort=HotspotSort(key), descending=descending)

    def fetch(self, session: Session, limit: int, offset: int) -> list[HotspotLine]:
        return list_hotspots(session, self.query, limit=limit, offset=offset)

    def count(self, session: Session) -> int:
        return count_hotspots(session, self.query)

    def decorate(self, line: HotspotLine, column: int, role: int) -> Any:
        if column == self.STATUS and role == Qt.ItemDataRole.ForegroundRole:
            return STATUS_COLOURS.get(line.status)  # type: ignore[call-overload]
        if column == self.NAME and role == Qt.ItemDataRole.ToolTipRole:
            return line.address or None
        return None

    def sort_column(self) -> int:
        return next(i for i, c in enumerate(self.COLUMNS) if c.sort == self.query.sort)
