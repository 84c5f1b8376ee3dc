"""The commune's class (xếp loại, QĐ 28/2025/QĐ-TTg) for the year: the result, every criterion
with its value, threshold and mark, and whether the threshold's rule is verified — [P] and
[NV] rules are shown as such so nobody mistakes a guess for the law."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from xasach.domain.classification import Classification
from xasach.i18n import N_, _
from xasach.ui.overview.common import NOT_MET_COLOUR, Panel, fit_height, fmt_value, mark_text
from xasach.ui.sync.common import fit_columns, read_only_table

VERIFIED_LABELS = {
    "V": N_("verified"),
    "P": N_("partly verified"),
    "NV": N_("not verified"),
}


def verified_label(level: str) -> str:
    return _(VERIFIED_LABELS[level]) if level in VERIFIED_LABELS else level


class ClassificationPanel(Panel):
    """`enter_figures(period code)`: the officer wants to enter the period's figures."""

    enter_figures = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("classificationPanel", parent)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("classificationResult")
        font = QFont(self.result_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.result_label.setFont(font)
        self.missing_label = QLabel(self)
        self.missing_label.setWordWrap(True)
        self.rules_label = QLabel(self)
        self.rules_label.setWordWrap(True)
        self.table = criteria_table(self)
        self.figures_button = QPushButton(self)
        self.figures_button.setObjectName("enterFigures")
        self.figures_button.clicked.connect(self._enter_figures)
        self.period_code = ""
        self.body.addWidget(self.result_label)
        row = QHBoxLayout()
        row.addWidget(self.missing_label, 1)
        row.addStretch(0)
        row.addWidget(
            self.figures_button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        self.body.addLayout(row)
        self.body.addWidget(self.table)
        self.body.addWidget(self.rules_label)

    def show_classification(self, c: Classification | None, rule_set: str) -> None:
        self.setVisible(c is not None)
        if c is None:
            return
        self.period_code = c.period.code
        self.figures_button.setText(_("Enter the period's figures…"))
        self.title_label.setText(
            _("Classification of the commune, {period} (QĐ 28/2025/QĐ-TTg)").format(
                period=c.period.label()
            )
        )
        self.result_label.setText(c.result_label)
        self.missing_label.setVisible(bool(c.missing))
        self.missing_label.setText(
            _("Missing figures — enter them for the period: {names}").format(
                names=", ".join(c.missing)
            )
        )
        self.missing_label.setStyleSheet(f"color: {NOT_MET_COLOUR}")
        show_criteria(self.table, c)
        self.rules_label.setText(
            _("Thresholds from the rule table: {rules}. Rules not verified against the text "
              "are marked; the upper level updates them.").format(rules=rule_set)
        )  # fmt: skip

    def _enter_figures(self) -> None:
        if self.period_code:
            self.enter_figures.emit(self.period_code)


def criteria_table(parent: QWidget) -> QTableWidget:
    table = read_only_table(parent, 6, "criteriaTable")
    return table


def show_criteria(table: QTableWidget, c: Classification) -> None:
    table.setHorizontalHeaderLabels(
        ["", _("Criterion"), _("Value"), _("Threshold"), _("Rule"), _("Source")]
    )
    table.setRowCount(len(c.criteria))
    for row, k in enumerate(c.criteria):
        symbol, colour, words = mark_text(k.met)
        unit = "%" if k.key.endswith("_ratio") else ""
        cells = [
            symbol,
            k.label,
            fmt_value(k.value, unit),
            k.threshold_text,
            verified_label(k.verified),
            k.source,
        ]
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(words if col == 0 else text)
            if col == 0:
                item.setForeground(QColor(colour))
            if col == 4 and k.verified != "V":
                item.setForeground(QColor(NOT_MET_COLOUR))
            table.setItem(row, col, item)
    fit_columns(table)
    fit_height(table)
