"""Số liệu kỳ: the figures a commune's classification needs that the registers cannot give
(resident population, offenders arrested, plants and area destroyed, the trafficking route),
entered for one period. A blank field means “not known yet”, never zero."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.errors import DomainError
from xasach.domain.periods import Period
from xasach.i18n import _
from xasach.services.classification import set_period_figures, stored_period_figures
from xasach.ui.context import AppContext
from xasach.ui.login_dialog import message_label, show_message

_UNSET = -1  # the spin boxes' lowest value, shown as “—”: not entered


class FiguresDialog(QDialog):
    """Enter or correct the period's figures; saved through the service on OK."""

    def __init__(self, ctx: AppContext, period: Period, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.period = ctx, period
        self.setWindowTitle(_("Figures for {period}").format(period=period.label()))
        with ctx.db.reader() as s:
            stored = stored_period_figures(s, period)
        self.population = _count_box("population")
        self.arrests = _count_box("offenders_arrested")
        self.plants = _count_box("plants_destroyed")
        self.area = QDoubleSpinBox(self)
        self.area.setObjectName("area_destroyed_m2")
        self.area.setRange(_UNSET, 1e9)
        self.area.setDecimals(1)
        self.area.setSpecialValueText("—")
        self.route = QComboBox(self)
        self.route.setObjectName("on_trafficking_route")
        for label, value in ((_("not known"), None), (_("yes"), True), (_("no"), False)):
            self.route.addItem(label, value)
        for box, name in (
            (self.population, "population"),
            (self.arrests, "offenders_arrested"),
            (self.plants, "plants_destroyed"),
            (self.area, "area_destroyed_m2"),
        ):
            value = stored[name]
            box.setValue(_UNSET if value is None else value)  # type: ignore[arg-type]
        self.route.setCurrentIndex(max(0, self.route.findData(stored["on_trafficking_route"])))
        intro = QLabel(
            _(
                "Figures the registers cannot give. Leave a field at “—” when it is not known "
                "yet: the classification then says it is missing instead of counting zero."
            ),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Resident population:"), self.population)
        form.addRow(_("Offenders arrested in the period:"), self.arrests)
        form.addRow(_("Drug plants destroyed (plants):"), self.plants)
        form.addRow(_("Area of drug plants destroyed (m²):"), self.area)
        form.addRow(_("On a drug trafficking route:"), self.route)
        self.message = message_label(self)
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def values(self) -> dict[str, object]:
        def count(box: QSpinBox) -> int | None:
            return None if box.value() == _UNSET else box.value()

        area = self.area.value()
        return {
            "population": count(self.population),
            "offenders_arrested": count(self.arrests),
            "plants_destroyed": count(self.plants),
            "area_destroyed_m2": None if area <= _UNSET else area,
            "on_trafficking_route": self.route.currentData(),
        }

    def save(self) -> None:
        try:
            with self.ctx.db.session() as s:
                set_period_figures(s, self.period, **self.values())
        except DomainError as exc:
            show_message(self.message, exc.message)
            self.message.show()
            return
        self.accept()


def _count_box(name: str) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(_UNSET, 100_000_000)
    box.setSpecialValueText("—")
    box.setGroupSeparatorShown(True)
    return box
