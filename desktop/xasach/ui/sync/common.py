"""Small pieces the sync screens share: read-only tables, the fingerprint in big digits, the
words of a failed job, folders in the data directory and opening them in Explorer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QFontDatabase
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QWidget

from xasach.i18n import _
from xasach.ui.login_dialog import refusal_text
from xasach.ui.login_dialog import show_message as paint_message
from xasach.ui.operations import Cancelled

EMAIL_FOLDER = "gui-email"  # bundles prepared for e-mail, next to the data file
RECEIPTS_FOLDER = "bien-nhan"  # receipts written by the upper level, next to the data file


def data_folder(db_path: Path) -> Path:
    """The folder of the data file (the user data folder unless `--db` chose another), where
    backups already live: officers find everything XaSach writes in one place."""
    return Path(db_path).resolve().parent


def failure_text(exc: BaseException) -> str:
    """What a failed background job tells the officer (a refusal's own words when it has them)."""
    if isinstance(exc, Cancelled):
        return _("Stopped; nothing was changed.")
    if isinstance(exc, Exception):
        return refusal_text(exc)
    return _("Unexpected error: {detail}").format(detail=exc)


def open_folder(folder: Path) -> bool:
    """Show `folder` in Explorer (or the desktop's file manager); False if that failed."""
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class _Table(QTableWidget):
    """Asks for no more than its minimum height: in a scrolling page, the preferred heights
    decide whether a scroll bar appears, and the tables grow into whatever space is left."""

    def sizeHint(self) -> QSize:  # noqa: N802 — Qt's name
        hint = super().sizeHint()
        return QSize(hint.width(), max(self.minimumHeight(), 60))


def read_only_table(parent: QWidget, columns: int, name: str) -> QTableWidget:
    """A table officers read and select rows of, never edit in place."""
    table = _Table(0, columns, parent)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def set_rows(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    """Replace the table's rows; the full text is also the tooltip (long reasons get cut)."""
    table.setRowCount(len(rows))
    for row, cells in enumerate(rows):
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(row, col, item)
    fit_columns(table)


def fit_columns(table: QTableWidget) -> None:
    """Columns as wide as their title and cells. The last one stretches over what is left
    (sizing it to a long text would hide its title off to the right behind a scroll bar)."""
    stretch = table.horizontalHeader().stretchLastSection()
    for col in range(table.columnCount() - (1 if stretch else 0)):
        table.resizeColumnToContents(col)


def fit_rows(table: QTableWidget, rows: int) -> None:
    """Make the table exactly `rows` rows tall (a short list needs no empty box under it)."""
    row_height = table.verticalHeader().defaultSectionSize()
    header = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(header + rows * row_height + 2 * table.frameWidth())


def say(label: QLabel, text: str, *, error: bool = True) -> None:
    """The result line under a section: red for a refusal, hidden when there is nothing to say."""
    paint_message(label, text, error=error)
    label.setVisible(bool(text))


def fingerprint_label(parent: QWidget, scale: float = 1.8) -> QLabel:
    """The 30 digits, large and monospaced: read aloud over the phone, group by group."""
    label = QLabel(parent)
    label.setObjectName("fingerprint")
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(max(font.pointSizeF(), 10.0) * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def set_fingerprint(label: QLabel, fingerprint: str) -> None:
    """Wider gaps between the groups than inside them, so no digit is read twice."""
    groups = fingerprint.split()
    label.setText("   ".join(groups) if groups else _("(not available)"))
    label.setAccessibleName(_("Fingerprint: {digits}").format(digits=" , ".join(groups)))
