"""Choosing a reporting period (kỳ báo cáo): month, quarter, half-year or year."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

from xasach.domain.periods import HALF, MONTH, QUARTER, YEAR, Period
from xasach.i18n import N_, _

_KINDS = (
    (MONTH, N_("Month")),
    (QUARTER, N_("Quarter")),
    (HALF, N_("Half-year")),
    (YEAR, N_("Year")),
)
_ROMAN = ("I", "II", "III", "IV")


class PeriodPicker(QWidget):
    """Kind, number within the year, year. `changed` fires on every change."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        today = today or date.today()
        self.kind_box, self.index_box = QComboBox(self), QComboBox(self)
        self.kind_box.setObjectName("periodKind")
        self.index_box.setObjectName("periodIndex")
        self.year_box = QSpinBox(self)
        self.year_box.setObjectName("periodYear")
        self.year_box.setRange(2000, today.year + 1)
        self.year_box.setValue(today.year)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.kind_box, self.index_box, self.year_box):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.retranslate_ui()
        self.set_period(Period.month_of(today))
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.index_box.currentIndexChanged.connect(self.changed)
        self.year_box.valueChanged.connect(self.changed)

    def retranslate_ui(self) -> None:
        current = self.kind_box.currentIndex()
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        for kind, label in _KINDS:
            self.kind_box.addItem(_(label), kind)
        self.kind_box.setCurrentIndex(max(0, current))
        self.kind_box.blockSignals(False)
        self._fill_index(self.index_box.currentIndex())

    def period(self) -> Period:
        kind = self.kind_box.currentData() or MONTH
        index = 1 if kind == YEAR else max(1, self.index_box.currentIndex() + 1)
        return Period(self.year_box.value(), kind, index)

    def set_period(self, period: Period) -> None:
        self.blockSignals(True)
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(period.kind)))
        self._fill_index(period.index - 1)
        self.year_box.setValue(period.year)
        self.blockSignals(False)
        self.changed.emit()

    def _kind_changed(self) -> None:
        self._fill_index(0)
        self.changed.emit()

    def _fill_index(self, selected: int) -> None:
        kind = self.kind_box.currentData() or MONTH
        self.index_box.blockSignals(True)
        self.index_box.clear()
        if kind == MONTH:
            labels = [_("month {n}").format(n=n) for n in range(1, 13)]
        elif kind == QUARTER:
            labels = [_("quarter {roman}").format(roman=r) for r in _ROMAN]
        elif kind == HALF:
            labels = [_("first half"), _("second half")]
        else:
            labels = []
        self.index_box.addItems(labels)
        self.index_box.setVisible(bool(labels))
        if labels:
            self.index_box.setCurrentIndex(min(max(0, selected), len(labels) - 1))
        self.index_box.blockSignals(False)
