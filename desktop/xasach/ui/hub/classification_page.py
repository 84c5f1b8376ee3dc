"""The upper level's Classification page (xếp loại các xã): every commune's class for a period
from the merged data (QĐ 28/2025/QĐ-TTg), with the figures it still lacks; a commune selected
shows its criteria, thresholds and how verified each rule is."""

from __future__ import annotations

from collections import Counter
from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.classification import CLASS1, UNDETERMINED, Classification
from xasach.domain.errors import DomainError
from xasach.domain.periods import Period
from xasach.i18n import _
from xasach.services.classification import classify_all_communes, commune_names
from xasach.ui.context import AppContext
from xasach.ui.overview.classification_panel import criteria_table, show_criteria
from xasach.ui.overview.common import NOT_MET_COLOUR
from xasach.ui.page import Page
from xasach.ui.sync.common import fit_columns, read_only_table


class ClassificationPage(Page):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.period_label = QLabel(self)
        self.period_edit = QLineEdit(str((today or date.today()).year), self)
        self.period_edit.setObjectName("periodEdit")
        self.period_edit.setMaximumWidth(120)
        self.show_button = QPushButton(self)
        self.show_button.clicked.connect(self.refresh)
        self.period_edit.returnPressed.connect(self.refresh)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {NOT_MET_COLOUR}")
        self.table = read_only_table(self, 5, "classesTable")
        self.table.currentCellChanged.connect(lambda row, *_a: self._show_commune(row))
        self.detail_label = QLabel(self)
        self.criteria = criteria_table(self)
        top = QHBoxLayout()
        top.addWidget(self.period_label)
        top.addWidget(self.period_edit)
        top.addWidget(self.show_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.criteria, 1)
        self.found: list[Classification] = []
        self.names: dict[str, str] = {}
        self.retranslate_ui()

    def title(self) -> str:
        return _("Classification")

    def retranslate_ui(self) -> None:
        self.period_label.setText(_("Period:"))
        self.period_edit.setToolTip(_("2026, 2026-H1, 2026-Q3 or 2026-10"))
        self.show_button.setText(_("Classify"))
        self.refresh()

    def refresh(self) -> None:
        self.message.setVisible(False)
        try:
            period = Period.parse(self.period_edit.text())
            with self.ctx.db.reader() as s:
                self.found = classify_all_communes(s, period)
                self.names = commune_names(s, [c.unit_code for c in self.found])
        except DomainError as exc:
            self.found = []
            self.message.setText(exc.message)
            self.message.setVisible(True)
        self._show()

    def _show(self) -> None:
        counts = Counter(c.result_label for c in self.found)
        self.summary_label.setText(
            " · ".join(f"{label}: {n}" for label, n in sorted(counts.items()))
            or _("No commune has sent data yet.")
        )
        self.table.setHorizontalHeaderLabels(
            [_("Code"), _("Commune"), _("Class"), _("Class I criteria met"), _("Missing figures")]
        )
        self.table.setRowCount(len(self.found))
        for row, c in enumerate(self.found):
            class1 = c.criteria_of(CLASS1)
            met = sum(1 for k in class1 if k.met)
            cells = [
                c.unit_code,
                self.names.get(c.unit_code, ""),
                c.result_label,
                f"{met}/{len(class1)}",
                ", ".join(c.missing),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 2 and c.result in (CLASS1, UNDETERMINED):
                    item.setForeground(QColor(NOT_MET_COLOUR))
                self.table.setItem(row, col, item)
        fit_columns(self.table)
        self._show_commune(0 if self.found else -1)

    def _show_commune(self, row: int) -> None:
        visible = 0 <= row < len(self.found)
        self.criteria.setVisible(visible)
        self.detail_label.setVisible(visible)
        if not visible:
            return
        c = self.found[row]
        self.detail_label.setText(
            f"{self.names.get(c.unit_code, c.unit_code)} — {c.period.label()}: {c.result_label}"
        )
        show_criteria(self.criteria, c)
