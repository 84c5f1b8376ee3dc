"""The keyboard of every register list, in one place: Ctrl+N new and Ctrl+F search on the
page; Enter open and Del delete on the table; Enter in the search box goes to the first row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QTableView, QWidget

Slot = Callable[[], object]


def bind_keys(target: QWidget, context: Qt.ShortcutContext, keys: dict[str, Slot]) -> None:
    for sequence, slot in keys.items():
        shortcut = QShortcut(QKeySequence(sequence), target)
        shortcut.setContext(context)
        shortcut.activated.connect(slot)


def page_keys(page: QWidget, *, new: Slot, search: Slot) -> None:
    bind_keys(
        page, Qt.ShortcutContext.WidgetWithChildrenShortcut, {"Ctrl+N": new, "Ctrl+F": search}
    )


def table_keys(table: QTableView, *, open_: Slot, delete: Slot) -> None:
    keys = {"Return": open_, "Enter": open_, "Del": delete}
    bind_keys(table, Qt.ShortcutContext.WidgetShortcut, keys)


def focus_search(edit: QLineEdit) -> None:
    edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
    edit.selectAll()


def search_enter(apply: Slot, model: QAbstractItemModel, table: QTableView) -> None:
    """Enter in the search box: filter now and go to the first row."""
    apply()
    if model.rowCount():
        table.selectRow(0)
        table.setFocus(Qt.FocusReason.OtherFocusReason)
