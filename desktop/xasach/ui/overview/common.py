"""What the law panels share: a titled frame, the met/not-met mark and number formatting."""

from __future__ import annotations

from babel.numbers import format_decimal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QTableWidget, QVBoxLayout, QWidget

from xasach.i18n import _, babel_locale

MET_COLOUR, NOT_MET_COLOUR, NO_DATA_COLOUR = "#2e7d32", "#c62828", "#757575"


class Panel(QFrame):
    """A framed panel with a bold title and a body layout (`self.body`)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title_label = QLabel(self)
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.title_label)


def mark_text(met: bool | None) -> tuple[str, str, str]:
    """(symbol, colour, words) of a met / not met / no data mark."""
    if met is None:
        return "–", NO_DATA_COLOUR, _("no data")
    if met:
        return "✓", MET_COLOUR, _("met")
    return "✗", NOT_MET_COLOUR, _("not met")


def fmt_value(value: float | None, unit: str = "") -> str:
    """Up to two decimals, no trailing zeros; "%" after a percentage; "—" for no value."""
    if value is None:
        return "—"
    text = format_decimal(round(value, 2), format="#,##0.##", locale=babel_locale())
    return f"{text}%" if unit == "%" else text


def fit_height(table: QTableWidget, max_rows: int = 40) -> None:
    """As tall as its rows (up to `max_rows`), so the page scrolls rather than the table."""
    table.resizeRowsToContents()
    rows = min(table.rowCount(), max_rows)
    height = table.horizontalHeader().height() + 2 * table.frameWidth() + 4
    height += sum(table.rowHeight(r) for r in range(rows))
    if table.horizontalScrollBar().isVisible():
        height += table.horizontalScrollBar().height()
    table.setMinimumHeight(height)
    table.setMaximumHeight(height)
