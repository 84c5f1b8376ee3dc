"""A table model that pages through a service's SQL query as the view scrolls.

DESIGN.md "Qt": filtering and sorting happen in SQL and rows are fetched lazily, so a province's
tens of thousands of rows stay fast and small. The model is a thin adapter (Vorta's table
models): column constants, one `reload()`, `UserRole` gives the line; the subclass says how to
count and fetch through a service, which checks the role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableView, QWidget
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.store.database import Database

PAGE_SIZE = 200
#: A column fitted to its content stays narrower than this (the officer can widen it).
MAX_FIT_WIDTH = 260
MIN_FIT_CAP = 110

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """A column: its header (marked with N_, translated when shown), the service's sort key
    (None: not sortable), how a line shows, and whether it is a number (right-aligned)."""

    header: str
    sort: str | None
    text: Callable[[Any], str]
    number: bool = False


class PagedTableModel(QAbstractTableModel):
    """Lines of a register, PAGE_SIZE at a time. `loaded(total)` after each reload; `error`
    holds the service's refusal (then the model is empty)."""

    COLUMNS: tuple[Column, ...] = ()
    loaded = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, *, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self.db, self.page_size = db, page_size
        self.lines: list[Any] = []
        self.total = 0
        self.error: str | None = None

    # --- what a register says ----------------------------------------------------------------

    def fetch(self, session: Session, limit: int, offset: int) -> list[Any]:
        raise NotImplementedError

    def count(self, session: Session) -> int:
        raise NotImplementedError

    def set_sort(self, key: str, descending: bool) -> None:
        raise NotImplementedError

    def decorate(self, line: Any, column: int, role: int) -> Any:
        """Colours and the like for a cell (None: nothing special)."""
        return None

    # --- paging ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the first page and the count (after a filter, a sort or a change)."""
        self.beginResetModel()
        try:
            with self.db.reader() as session:
                self.total = self.count(session)
                self.lines = self.fetch(session, self.page_size, 0)
            self.error = None
        except DomainError as exc:
            self.lines, self.total, self.error = [], 0, exc.message
        self.endResetModel()
        self.loaded.emit(self.total)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self.lines) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        with self.db.reader() as session:
            more = self.fetch(session, self.page_size, len(self.lines))
        if not more:
            self.total = len(self.lines)
            return
        first = len(self.lines)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.lines.extend(more)
        self.endInsertRows()

    def line(self, row: int) -> Any | None:
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def row_of(self, line_id: str) -> int:
        """The row of a line already fetched, or -1."""
        return next((i for i, line in enumerate(self.lines) if line.id == line_id), -1)

    # --- Qt's model interface ----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 — Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.COLUMNS[section].header)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, column = self.lines[index.row()], self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(line)
        if role == Qt.ItemDataRole.UserRole:
            return line
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        special = self.decorate(line, index.column(), role)
        if special is None and role == Qt.ItemDataRole.ToolTipRole:
            return column.text(line) or None  # the whole text of a cell cut short
        return special

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column].sort
        if key is None:
            return
        self.set_sort(key, order == Qt.SortOrder.DescendingOrder)
        self.reload()


def register_table(model: PagedTableModel, parent: QWidget, *, stretch: int = 0) -> QTableView:
    """A read-only, row-selecting, sortable table for a register list; column `stretch` takes
    the room left, the others fit their content once, the first time rows arrive."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else in a form
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    header.setSortIndicatorShown(True)

    def fit_once(_total: int) -> None:
        if not model.lines:
            return
        model.loaded.disconnect(fit_once)
        # Narrow windows leave the stretching column (a name, a topic) a fair share too.
        cap = min(MAX_FIT_WIDTH, max(MIN_FIT_CAP, table.viewport().width() // 5))
        for column in range(model.columnCount()):
            if column != stretch:
                table.resizeColumnToContents(column)
                table.setColumnWidth(column, min(table.columnWidth(column), cap))

    model.loaded.connect(fit_once)
    return table


def filter_box(parent: QWidget) -> QComboBox:
    """A filter's combo box that may shrink below its longest item (long kind names)."""
    box = QComboBox(parent)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(10)
    return box


def sort_by(table: QTableView, column: int, descending: bool) -> None:
    """Show the model's initial order in the header, then let clicks on it sort (in SQL)."""
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    table.horizontalHeader().setSortIndicator(column, order)
    table.setSortingEnabled(True)
