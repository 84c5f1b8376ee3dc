"""The people list's model: a `PeopleFilter` and a sort, pages fetched from SQL as the view
scrolls (the shared `PagedTableModel`).

The next page starts right after the last row's sort key (keyset), so reaching the end of
200,000 rows costs no more per page than the first page. Pages grow as the officer scrolls
on (200, 400, … up to MAX_PAGE rows): few queries to reach the end, a quick first screen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from xasach.domain.episodes import STATUS_NONE
from xasach.i18n import N_
from xasach.services.people_list import (
    PeopleFilter,
    PeopleSort,
    PersonRow,
    count_people,
    people_page,
)
from xasach.store.database import Database
from xasach.ui.formatting import fmt_date
from xasach.ui.registers.paged_model import PAGE_SIZE, Column, PagedTableModel

#: The person's id (str) of a row, for views and tests that need no more than that.
PERSON_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
MAX_PAGE = 2000
OVERDUE = QColor("#b71c1c")
SETTLED = QColor("#757575")


class PeopleTableModel(PagedTableModel):
    """`set_filter(flt)` re-reads from the first page; `sort()` (header clicks) sorts in SQL."""

    NAME, BIRTH, SEX, ID_NUMBER, VILLAGE, STATUS, NEXT_END = range(7)
    COLUMNS = (
        Column(N_("Full name"), PeopleSort.NAME, lambda p: p.full_name),
        Column(N_("Born"), PeopleSort.BIRTH, lambda p: p.birth),
        Column(N_("Sex"), None, lambda p: p.sex_label),
        Column(N_("ID number"), None, lambda p: p.id_masked),
        Column(N_("Village"), PeopleSort.VILLAGE, lambda p: p.village),
        Column(N_("Status"), PeopleSort.STATUS, lambda p: p.status_label),
        Column(N_("Next deadline"), PeopleSort.NEXT_END, lambda p: fmt_date(p.next_end)),
    )

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(db, parent, page_size=page_size)
        self.filter = PeopleFilter()
        self.sort_key = PeopleSort.NAME
        self.descending = False
        self.today = date.today()

    # --- what the page asks ------------------------------------------------------------------

    def set_filter(self, flt: PeopleFilter) -> None:
        """New filters (the sort stays); back to the first page."""
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        self.today = date.today()  # deadlines turn overdue at midnight
        super().reload()

    def sort_column(self) -> int:
        return next(i for i, c in enumerate(self.COLUMNS) if c.sort == self.sort_key)

    def person_id(self, row: int) -> str | None:
        line = self.line(row)
        return line.id if line else None

    # --- PagedTableModel ---------------------------------------------------------------------

    def set_sort(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = PeopleSort(key), descending

    def count(self, session: Session) -> int:
        return count_people(session, self.filter, today=self.today)

    def fetch(self, session: Session, limit: int, offset: int) -> list[PersonRow]:
        if offset == 0 or not self.lines:
            return people_page(
                session, self.filter, self.sort_key, self.descending, offset, limit,
                today=self.today,
            )  # fmt: skip
        grown = min(MAX_PAGE, max(limit, len(self.lines)))
        after = self.lines[-1].key
        return people_page(
            session, self.filter, self.sort_key, self.descending, 0, grown,
            after=after, today=self.today,
        )  # fmt: skip

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == PERSON_ID_ROLE:
            line = self.line(index.row()) if index.isValid() else None
            return line.id if line else None
        return super().data(index, role)

    def decorate(self, line: PersonRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.deleted or (column == self.STATUS and line.status == STATUS_NONE):
                return SETTLED
            if column == self.NEXT_END and line.next_end and line.next_end < self.today:
                return OVERDUE
        overdue = line.next_end is not None and line.next_end < self.today
        if role == Qt.ItemDataRole.FontRole and column == self.NEXT_END and overdue:
            font = QFont()
            font.setBold(True)
            return font
        return None
