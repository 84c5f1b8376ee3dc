"""The Overview's plan-targets panel: each target with its value, the target and a clear
met / not met / no data mark; the numbers behind it in the tooltip and the last column."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QTableWidgetItem, QWidget

from xasach.domain.periods import Period
from xasach.domain.targets import AT_MOST, TargetResult
from xasach.i18n import _
from xasach.ui.overview.common import Panel, fit_height, fmt_value, mark_text
from xasach.ui.sync.common import fit_columns, read_only_table


class TargetsPanel(Panel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("targetsPanel", parent)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.table = read_only_table(self, 5, "targetsTable")
        self.body.addWidget(self.note)
        self.body.addWidget(self.table)
        self.body.addStretch(1)
        self.results: tuple[TargetResult, ...] = ()

    def show_targets(self, period: Period, results: tuple[TargetResult, ...]) -> None:
        self.results = results
        self.setVisible(bool(results))
        self.title_label.setText(_("Plan targets, {period}").format(period=period.label()))
        met = sum(1 for r in results if r.met)
        self.note.setText(
            _("{met} of {n} targets met. Targets come from the plan (Settings → Rules).").format(
                met=met, n=len(results)
            )
        )
        self.table.setHorizontalHeaderLabels(
            ["", _("Target"), _("Value"), _("Required"), _("Details")]
        )
        self.table.setRowCount(len(results))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, r in enumerate(results):
            symbol, colour, words = mark_text(r.met)
            sign = "≤" if r.direction == AT_MOST else "≥"
            cells = [
                symbol,
                r.label,
                fmt_value(r.value, r.unit),
                f"{sign} {fmt_value(r.target, r.unit)}",
                r.detail,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{words} — {r.detail}" if col == 0 else text)
                if col in (0, 2):
                    item.setForeground(QColor(colour))
                    item.setFont(bold)
                self.table.setItem(row, col, item)
        fit_columns(self.table)
        fit_height(self.table)
