"""One propaganda activity (hoạt động tuyên truyền): the form and the villages it reached.

The villages are a checklist (Space ticks the current one) because one loudspeaker round or
conference often covers several thôn at once, and each ticked village counts in the coverage
grid for that month.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from xasach.domain.propaganda import ACTIVITY_FORM_LABELS, AUDIENCE_LABELS, Audience
from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.services.propaganda import ActivityData, create_activity, update_activity
from xasach.services.propaganda_queries import get_activity, village_choices
from xasach.ui.context import AppContext
from xasach.ui.registers.record_dialog import RecordDialog
from xasach.ui.widgets.date_field import DateField

MAX_COUNT = 1_000_000
MAX_COST = 2_000_000_000  # QSpinBox holds a 32-bit int; 2 billion VND is far above any activity


def _counter(parent: QWidget, maximum: int, step: int = 1) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, maximum)
    box.setSingleStep(step)
    box.setGroupSeparatorShown(True)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


class ActivityDialog(RecordDialog):
    """New (`activity_id=None`) or existing activity; read-only without EDIT_PROPAGANDA.
    `villages` pre-ticks villages of a new activity (e.g. from the coverage grid)."""

    def __init__(
        self,
        ctx: AppContext,
        activity_id: str | None,
        parent: QWidget | None = None,
        *,
        villages: tuple[str, ...] = (),
        today: date | None = None,
    ) -> None:
        super().__init__(ctx, activity_id, parent, editable=ctx.can(Permission.EDIT_PROPAGANDA))
        self._build()
        self._load(villages, today or date.today())
        self.resize(900, 600)

    def _build(self) -> None:
        self.date_edit = DateField(self)
        self.form_box = QComboBox(self)
        for form_value, form_label in ACTIVITY_FORM_LABELS.items():
            self.form_box.addItem(_(form_label), form_value.value)
        self.topic_edit = QLineEdit(self)
        self.topic_edit.setMaxLength(300)
        self.audience_box = QComboBox(self)
        for audience, audience_label in AUDIENCE_LABELS.items():
            self.audience_box.addItem(_(audience_label), audience.value)
        self.organiser_edit = QLineEdit(self)
        self.organiser_edit.setMaxLength(200)
        self.partners_edit = QLineEdit(self)
        self.partners_edit.setMaxLength(300)
        self.participants_box = _counter(self, MAX_COUNT)
        self.materials_box = _counter(self, MAX_COUNT)
        self.cost_box = _counter(self, MAX_COST, 50_000)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.villages = QListWidget(self)
        self.villages.setSpacing(3)  # room for the stacked marks of ư, ệ … and an easier click
        self.all_button = QPushButton(_("Tick &all"), self)
        self.none_button = QPushButton(_("&Untick all"), self)
        self.all_button.clicked.connect(lambda: self._tick_all(Qt.CheckState.Checked))
        self.none_button.clicked.connect(lambda: self._tick_all(Qt.CheckState.Unchecked))

        form = QFormLayout()
        for caption, key, widget in (
            (_("&Date:"), "activity_date", self.date_edit),
            (_("&Form:"), "form", self.form_box),
            (_("&Topic:"), "topic", self.topic_edit),
            (_("Audie&nce:"), "audience", self.audience_box),
            (_("&Organiser:"), "organiser", self.organiser_edit),
            (_("&Partners:"), "partners", self.partners_edit),
            (_("Partic&ipants:"), "participants", self.participants_box),
            (_("&Materials handed out:"), "materials", self.materials_box),
            (_("&Cost (VND):"), "cost_vnd", self.cost_box),
            (_("No&tes:"), "notes", self.notes_edit),
        ):
            caption_label = QLabel(caption, self)
            caption_label.setBuddy(widget)
            form.addRow(caption_label, self.field(key, widget))
        self.details_box = QGroupBox(_("Activity"), self)
        self.details_box.setLayout(form)
        villages_box = QGroupBox(_("Villages reached"), self)
        column = QVBoxLayout(villages_box)
        column.addWidget(self.field("village_ids", self.villages), 1)
        ticks = QHBoxLayout()
        ticks.addWidget(self.all_button)
        ticks.addWidget(self.none_button)
        ticks.addStretch(1)
        column.addLayout(ticks)
        self.details_box.setEnabled(self.editable)
        villages_box.setEnabled(self.editable)
        columns = QHBoxLayout()
        columns.addWidget(self.details_box, 3)
        columns.addWidget(villages_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        self.footer(layout)
        self.watch(
            self.date_edit.textChanged,
            self.form_box.currentIndexChanged,
            self.topic_edit.textChanged,
            self.audience_box.currentIndexChanged,
            self.organiser_edit.textChanged,
            self.partners_edit.textChanged,
            self.participants_box.valueChanged,
            self.materials_box.valueChanged,
            self.cost_box.valueChanged,
            self.notes_edit.textChanged,
            self.villages.itemChanged,
        )

    def _load(self, ticked: tuple[str, ...], today: date) -> None:
        with self.ctx.db.reader() as session, self.loading():
            choices = village_choices(session)
            if self.record_id is None:
                self.setWindowTitle(_("New propaganda activity"))
                self.date_edit.set_value(today)
                self.audience_box.setCurrentIndex(self.audience_box.findData(Audience.GENERAL))
                village_ids = ticked
            else:
                data = get_activity(session, self.record_id).data
                self.setWindowTitle(_("Propaganda activity: {topic}").format(topic=data.topic))
                self.date_edit.set_value(data.activity_date)
                self.form_box.setCurrentIndex(max(0, self.form_box.findData(data.form)))
                self.topic_edit.setText(data.topic)
                self.audience_box.setCurrentIndex(max(0, self.audience_box.findData(data.audience)))
                self.organiser_edit.setText(data.organiser)
                self.partners_edit.setText(data.partners)
                self.participants_box.setValue(data.participants)
                self.materials_box.setValue(data.materials)
                self.cost_box.setValue(min(data.cost_vnd, MAX_COST))
                self.notes_edit.setPlainText(data.notes)
                village_ids = data.village_ids
            for village in choices:
                item = QListWidgetItem(village.name, self.villages)
                item.setData(Qt.ItemDataRole.UserRole, village.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                ticked_now = village.id in village_ids
                item.setCheckState(Qt.CheckState.Checked if ticked_now else Qt.CheckState.Unchecked)
            if self.villages.count():
                self.villages.setCurrentRow(0)

    def _tick_all(self, state: Qt.CheckState) -> None:
        for row in range(self.villages.count()):
            self.villages.item(row).setCheckState(state)

    def ticked(self) -> tuple[str, ...]:
        """Ids of the ticked villages, in the commune's order."""
        items = (self.villages.item(row) for row in range(self.villages.count()))
        return tuple(
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def tick(self, village_id: str, checked: bool = True) -> None:
        for row in range(self.villages.count()):
            item = self.villages.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == village_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def store(self, session: Session) -> str:
        data = ActivityData(
            activity_date=self.date_value("activity_date", self.date_edit),
            form=self.form_box.currentData(),
            topic=self.topic_edit.text(),
            village_ids=self.ticked(),
            organiser=self.organiser_edit.text(),
            partners=self.partners_edit.text(),
            audience=self.audience_box.currentData(),
            participants=self.participants_box.value(),
            materials=self.materials_box.value(),
            cost_vnd=self.cost_box.value(),
            notes=self.notes_edit.toPlainText(),
        )
        if self.record_id is None:
            return create_activity(session, data).id
        return update_activity(session, self.record_id, data).id
