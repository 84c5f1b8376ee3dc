"""Asking for the date and a note of a status change (triệt xóa / tái hoạt động).

A status change is a new dated event, never an edit, so it has its own small dialog: the
service checks the order of events and the date, and its refusal shows under the field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from xasach.domain.hotspots import HotspotStatus
from xasach.i18n import _
from xasach.services.hotspots import change_status
from xasach.ui.context import AppContext
from xasach.ui.registers.record_dialog import RecordDialog
from xasach.ui.widgets.date_field import DateField


class StatusChangeDialog(RecordDialog):
    """`saved(hotspot_id)` once the event is recorded."""

    def __init__(
        self,
        ctx: AppContext,
        hotspot_id: str,
        hotspot_name: str,
        status: HotspotStatus,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(ctx, hotspot_id, parent)
        self.hotspot_id, self.status = hotspot_id, status
        self.setWindowTitle(
            _("Mark as eliminated")
            if status == HotspotStatus.ELIMINATED
            else _("Mark as re-emerged")
        )
        intro = QLabel(self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        if status == HotspotStatus.ELIMINATED:
            text = _("The hotspot “{name}” was eliminated on:")
        else:
            text = _("The hotspot “{name}” started operating again on:")
        intro.setText(text.format(name=hotspot_name))
        self.date_edit = DateField(self)
        self.date_edit.set_value(today or date.today())
        self.note_edit = QLineEdit(self)
        self.note_edit.setMaxLength(500)
        self.note_edit.setPlaceholderText(_("e.g. raid by the commune police, people handled"))
        form = QFormLayout()
        form.addRow(_("Date:"), self.field("event_date", self.date_edit))
        form.addRow(_("Note:"), self.field("note", self.note_edit))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.footer(layout)
        self.watch(self.date_edit.textChanged, self.note_edit.textChanged)
        self.date_edit.selectAll()
        self.resize(460, self.sizeHint().height())

    def store(self, session: Session) -> str:
        when = self.date_value("event_date", self.date_edit)
        change_status(session, self.hotspot_id, self.status, when, self.note_edit.text())
        return self.hotspot_id
