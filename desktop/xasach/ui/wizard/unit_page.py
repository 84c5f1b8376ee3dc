"""Wizard page: whose data file this is — a commune from the official list, or an upper-level
office of a province.

Officers rarely know their commune's 5-digit code, so the list is searched by name as they
type, accents optional; choosing the province first narrows it (and lists all its communes).
The first match is chosen at once, so typing the name and pressing Next is enough.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from xasach.i18n import _
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.services.units_lookup import (
    UnitChoice,
    find_shipped_communes,
    shipped_provinces,
)

RESULTS = 200
CHOICE_ROLE = Qt.ItemDataRole.UserRole


class UnitPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commune_radio = QRadioButton(self)
        self.commune_radio.setObjectName("modeCommune")
        self.upper_radio = QRadioButton(self)
        self.upper_radio.setObjectName("modeUpper")
        self.commune_radio.setChecked(True)
        self._modes = QButtonGroup(self)
        self._modes.addButton(self.commune_radio)
        self._modes.addButton(self.upper_radio)
        self.province_combo = QComboBox(self)
        self.province_combo.setObjectName("provinceCombo")
        self.province_combo.addItem("", None)
        for province in shipped_provinces():
            self.province_combo.addItem(province.name, province)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("communeSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.result_list = QListWidget(self)
        self.result_list.setObjectName("communeList")
        self.chosen_label = QLabel(self)
        self.chosen_label.setObjectName("chosenUnit")
        self.chosen_label.setWordWrap(True)
        self.count_label = QLabel(self)
        self.count_label.setWordWrap(True)
        self._province_caption, self._search_caption = QLabel(self), QLabel(self)
        self._province_caption.setBuddy(self.province_combo)
        self._search_caption.setBuddy(self.search_edit)
        form = QFormLayout()
        form.addRow(self._province_caption, self.province_combo)
        form.addRow(self._search_caption, self.search_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.commune_radio)
        layout.addWidget(self.upper_radio)
        layout.addLayout(form)
        layout.addWidget(self.result_list, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.chosen_label)
        self._modes.buttonToggled.connect(lambda *_a: self._mode_changed())
        self.province_combo.currentIndexChanged.connect(lambda _i: self._filter())
        self.search_edit.textChanged.connect(lambda _t: self._filter())
        self.result_list.currentItemChanged.connect(lambda *_a: self._chosen_changed())
        self.retranslate_ui()
        self._mode_changed()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Your unit"))
        self.setSubTitle(
            _(
                "Choose the commune this computer keeps the registers of, from the official list "
                "(2025). Accents are optional."
            )
        )
        self.commune_radio.setText(_("A &commune (xã, phường, đặc khu)"))
        self.upper_radio.setText(
            _("The &upper level of a province (receives and merges the communes' data)")
        )
        self._province_caption.setText(_("&Province:"))
        self._search_caption.setText(_("&Search:"))
        self.search_edit.setPlaceholderText(_("Part of the name, e.g. hoan kiem"))
        self._retranslate_province_item()
        self._chosen_changed()

    def _retranslate_province_item(self) -> None:
        first = _("All provinces") if self.is_commune else _("Choose the province…")
        self.province_combo.setItemText(0, first)

    @property
    def is_commune(self) -> bool:
        return self.commune_radio.isChecked()

    def mode(self) -> str:
        return MODE_COMMUNE if self.is_commune else MODE_UPPER

    def province(self) -> UnitChoice | None:
        value = self.province_combo.currentData()
        return value if isinstance(value, UnitChoice) else None

    def choice(self) -> UnitChoice | None:
        """The commune chosen, or the province in upper-level mode."""
        if not self.is_commune:
            return self.province()
        item = self.result_list.currentItem()
        value = item.data(CHOICE_ROLE) if item is not None else None
        return value if isinstance(value, UnitChoice) else None

    def _mode_changed(self) -> None:
        for widget in (self.search_edit, self.result_list, self.count_label):
            widget.setEnabled(self.is_commune)
        self._retranslate_province_item()
        self._filter()

    def _filter(self) -> None:
        self.result_list.clear()
        if self.is_commune:
            province = self.province()
            found = find_shipped_communes(
                self.search_edit.text(),
                RESULTS,
                province_code=province.code if province else None,
            )
            for choice in found:
                item = QListWidgetItem(choice.label)
                item.setData(CHOICE_ROLE, choice)
                self.result_list.addItem(item)
            if found:
                self.result_list.setCurrentRow(0)
            self._count_text(len(found))
        self._chosen_changed()

    def _count_text(self, n: int) -> None:
        if not self.search_edit.text().strip() and self.province() is None:
            self.count_label.setText(_("Type part of the commune's name, or choose the province."))
        elif n == 0:
            self.count_label.setText(_("No commune matches. Check the spelling or the province."))
        elif n >= RESULTS:
            self.count_label.setText(_("Many communes match: type more of the name."))
        else:
            self.count_label.setText("")

    def _chosen_changed(self) -> None:
        choice = self.choice()
        self.chosen_label.setText(
            _("Chosen: {unit}").format(unit=choice.label) if choice is not None else ""
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 — Qt's name
        return self.choice() is not None
