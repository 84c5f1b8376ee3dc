"""The form of a person's file: identity (nhân thân) and drug use with the records (sử dụng ma
túy, tiền án, tiền sự) — widgets filled from a `PersonFile` and read back as the fields the
services take. The dialog around them (person_dialog.py) opens, checks and saves.

Each input sits in its dialog's `field()`, so a refusal shows under the input at fault.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from xasach.domain.errors import DomainError
from xasach.domain.person import EARLIEST_BIRTH_YEAR
from xasach.domain.personal_id import Sex, sex_label
from xasach.i18n import _
from xasach.services.people import CATEGORY_LABELS
from xasach.services.people_list import VillageChoice
from xasach.services.person_file import PersonFile
from xasach.ui.registers.record_dialog import RecordDialog
from xasach.ui.widgets.date_field import DateField


def text_box(parent: QWidget, height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)  # Tab moves on through the form, as in every other field
    box.setMinimumHeight(height)
    return box


def _rows(dialog: RecordDialog, form: QFormLayout, rows: list[tuple[str, str, QWidget]]) -> None:
    for caption, key, widget in rows:
        label = QLabel(caption, form.parentWidget())
        buddy = widget.findChild(QLineEdit) if isinstance(widget, _IdRow) else widget
        label.setBuddy(buddy or widget)
        form.addRow(label, dialog.field(key, widget))


class _IdRow(QWidget):
    """The ID number with its "Show" button on one line."""

    def __init__(self, edit: QLineEdit, button: QPushButton, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit, 1)
        layout.addWidget(button)


class IdentityForm(QGroupBox):
    """Nhân thân. The ID number field holds the masked number until the dialog reveals it."""

    def __init__(self, dialog: RecordDialog) -> None:
        super().__init__(_("Identity"), dialog)
        self.full_name_edit = QLineEdit(self)
        self.full_name_edit.setMaxLength(120)
        self.other_names_edit = QLineEdit(self)
        self.other_names_edit.setMaxLength(200)
        self.birth_edit = DateField(self, year_only_allowed=True)
        self.sex_box = QComboBox(self)
        self.sex_box.addItem(_("— not known —"), None)
        for sex in Sex:
            self.sex_box.addItem(sex_label(sex).capitalize(), sex.value)
        self.id_edit = QLineEdit(self)
        self.id_edit.setMaxLength(12)
        self.id_edit.setPlaceholderText(_("12 digits"))
        self.show_id_button = QPushButton(_("S&how"), self)
        self.show_id_button.setAutoDefault(False)
        self.show_id_button.setToolTip(_("Show the full number (recorded in the audit trail)."))
        id_row = _IdRow(self.id_edit, self.show_id_button, self)
        self.legacy_edit = QLineEdit(self)
        self.legacy_edit.setMaxLength(12)
        self.legacy_edit.setPlaceholderText(_("9 or 12 digits, if on record"))
        self.village_box = QComboBox(self)
        self.address_edit = QLineEdit(self)
        self.address_edit.setMaxLength(300)
        self.category_box = QComboBox(self)
        for category, label in CATEGORY_LABELS.items():
            self.category_box.addItem(_(label), category)
        self.occupation_edit = QLineEdit(self)
        self.occupation_edit.setMaxLength(120)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("personStatus")
        self.status_label.setWordWrap(True)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        _rows(
            dialog,
            form,
            [
                (_("&Full name:"), "full_name", self.full_name_edit),
                (_("Other &names:"), "other_names", self.other_names_edit),
                (_("&Born:"), "birth_date", self.birth_edit),
                (_("Se&x:"), "sex", self.sex_box),
                (_("Personal &ID no.:"), "id_number", id_row),
                (_("Old ID &card (CMND):"), "legacy_id_number", self.legacy_edit),
                (_("&Village:"), "village_id", self.village_box),
                (_("&Address:"), "address_text", self.address_edit),
                (_("Cate&gory:"), "category", self.category_box),
                (_("Occu&pation:"), "occupation", self.occupation_edit),
            ],
        )
        form.addRow(_("Status:"), self.status_label)
        # validate_identity names the birth "birth_date" or "birth_year"; one field shows both.
        dialog.errors["birth_year"] = dialog.errors["birth_date"]
        dialog.inputs["birth_year"] = self.birth_edit
        dialog.inputs["id_number"] = self.id_edit

    def change_signals(self) -> list[Any]:
        texts = (
            self.full_name_edit, self.other_names_edit, self.birth_edit, self.id_edit,
            self.legacy_edit, self.address_edit, self.occupation_edit,
        )  # fmt: skip
        boxes = (self.sex_box, self.village_box, self.category_box)
        return [w.textChanged for w in texts] + [b.currentIndexChanged for b in boxes]

    def set_villages(self, villages: list[VillageChoice]) -> None:
        self.village_box.addItem(_("— choose a village —"), None)
        for village in villages:
            self.village_box.addItem(village.name, village.id)

    def fill(self, f: PersonFile) -> None:
        self.full_name_edit.setText(f.full_name)
        self.other_names_edit.setText(f.other_names)
        self.birth_edit.set_value(f.birth_date, f.birth_year)
        self.sex_box.setCurrentIndex(max(0, self.sex_box.findData(f.sex)))
        self.id_edit.setText(f.id_masked)
        self.id_edit.setReadOnly(bool(f.id_masked))
        self.legacy_edit.setText(f.legacy_id_number)
        self.village_box.setCurrentIndex(max(0, self.village_box.findData(f.village_id)))
        self.address_edit.setText(f.address_text)
        self.category_box.setCurrentIndex(max(0, self.category_box.findData(f.category)))
        self.occupation_edit.setText(f.occupation)
        self.status_label.setText(f.status_label)

    def birth(self) -> tuple[date | None, int | None]:
        """(date, year) as typed; DomainError on the birth field when it is not a date."""
        try:
            return self.birth_edit.birth()
        except DomainError as exc:
            raise DomainError(exc.message, "birth_date") from None

    def identity(self, *, with_id: bool) -> dict[str, Any]:
        """The fields checked together (validate_identity); the ID number only `with_id`."""
        birth_date, birth_year = self.birth()
        values = self.identity_without_birth(with_id=with_id)
        values.update(
            birth_date=birth_date,
            birth_year=birth_year,
            legacy_id_number=self.legacy_edit.text().strip() or None,
        )
        return values

    def identity_without_birth(self, *, with_id: bool) -> dict[str, Any]:
        values: dict[str, Any] = {
            "full_name": self.full_name_edit.text(),
            "sex": self.sex_box.currentData(),
        }
        if with_id:
            values["id_number"] = self.id_edit.text().strip() or None
        return values

    def details(self) -> dict[str, Any]:
        return {
            "other_names": self.other_names_edit.text().strip(),
            "village_id": self.village_box.currentData(),
            "address_text": self.address_edit.text().strip(),
            "category": self.category_box.currentData(),
            "occupation": self.occupation_edit.text().strip(),
        }


class RecordsForm(QWidget):
    """Sử dụng ma túy, hoàn cảnh gia đình, tiền án, tiền sự."""

    def __init__(self, dialog: RecordDialog, parent: QWidget) -> None:
        super().__init__(parent)
        self.drug_types_edit = QLineEdit(self)
        self.drug_types_edit.setMaxLength(200)
        self.use_method_edit = QLineEdit(self)
        self.use_method_edit.setMaxLength(200)
        self.since_spin = QSpinBox(self)
        self.since_spin.setRange(EARLIEST_BIRTH_YEAR - 1, date.today().year)
        self.since_spin.setSpecialValueText(_("— not known —"))
        self.since_spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.since_spin.setValue(self.since_spin.minimum())
        self.family_edit = text_box(self, 56)
        self.criminal_edit = text_box(self, 56)
        self.administrative_edit = text_box(self, 56)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        _rows(
            dialog,
            form,
            [
                (_("&Drug types:"), "drug_types", self.drug_types_edit),
                (_("How &used:"), "use_method", self.use_method_edit),
                (_("Using &since (year):"), "using_since_year", self.since_spin),
                (_("&Family situation:"), "family_situation", self.family_edit),
                (_("C&riminal record:"), "criminal_record", self.criminal_edit),
                (_("Ad&ministrative record:"), "administrative_record", self.administrative_edit),
            ],
        )

    def change_signals(self) -> list[Any]:
        texts = (
            self.drug_types_edit, self.use_method_edit, self.family_edit, self.criminal_edit,
            self.administrative_edit,
        )  # fmt: skip
        return [w.textChanged for w in texts] + [self.since_spin.valueChanged]

    def fill(self, f: PersonFile) -> None:
        self.drug_types_edit.setText(f.drug_types)
        self.use_method_edit.setText(f.use_method)
        self.since_spin.setValue(f.using_since_year or self.since_spin.minimum())
        self.family_edit.setPlainText(f.family_situation)
        self.criminal_edit.setPlainText(f.criminal_record)
        self.administrative_edit.setPlainText(f.administrative_record)

    def values(self) -> dict[str, Any]:
        since = self.since_spin.value()
        return {
            "drug_types": self.drug_types_edit.text().strip(),
            "use_method": self.use_method_edit.text().strip(),
            "using_since_year": None if since == self.since_spin.minimum() else since,
            "family_situation": self.family_edit.toPlainText().strip(),
            "criminal_record": self.criminal_edit.toPlainText().strip(),
            "administrative_record": self.administrative_edit.toPlainText().strip(),
        }
