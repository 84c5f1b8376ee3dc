"""A table model over a short list of lines computed at once (communes, duplicate pairs):
the same `Column`s as the paged registers, all rows in memory, no paging and no SQL sort."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from xasach.i18n import _
from xasach.ui.registers.paged_model import MAX_FIT_WIDTH, Column

_Index = QModelIndex | QPersistentModelIndex


class LinesModel(QAbstractTableModel):
    """`set_lines(lines)` replaces the rows; `decorate` gives colours and tooltips."""

    COLUMNS: tuple[Column, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[Any] = []

    def set_lines(self, lines: list[Any]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> Any | None:
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def decorate(self, line: Any, column: int, role: int) -> Any:
        return None

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
            return column.text(line) or None
        return special


def lines_table(
    model: LinesModel, parent: QWidget, *, whole: int | None = None, cap: int = MAX_FIT_WIDTH
) -> QTableView:
    """Read-only, row-selecting; columns fit their content (up to `cap` pixels: the tooltip
    shows a cut text whole; column `whole` is never cut) each time the lines change, the last
    one takes the room left."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)

    def fit() -> None:
        for column in range(model.columnCount()):
            table.resizeColumnToContents(column)
            if column != whole:
                table.setColumnWidth(column, min(table.columnWidth(column), cap))

    model.modelReset.connect(fit)
    return table
