"""Choosing the person a form is about, by typing part of a name or ID number."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.services.people import search_people
from xasach.ui.context import AppContext

_DELAY_MS = 250  # search once typing pauses


class PersonPicker(QWidget):
    """A search box and up to 20 matches; `person_id()` is the selected person's id."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit(self)
        self.search.setObjectName("personSearch")
        self.results = QListWidget(self)
        self.results.setObjectName("personResults")
        self.results.setMaximumHeight(140)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.results.currentItemChanged.connect(lambda *_args: self.changed.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Type a name or ID number…"))

    def person_id(self) -> str | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def run_search(self) -> None:
        self.results.clear()
        text = self.search.text().strip()
        if not text:
            self.changed.emit()
            return
        try:
            with self.ctx.db.reader() as s:
                lines = search_people(s, text, limit=20)
        except DomainError as exc:
            self.results.addItem(exc.message)
            return
        for line in lines:
            details = ", ".join(p for p in (line.birth, line.village) if p)
            item = QListWidgetItem(f"{line.full_name} ({details})" if details else line.full_name)
            item.setData(Qt.ItemDataRole.UserRole, line.id)
            self.results.addItem(item)
        if lines:
            self.results.setCurrentRow(0)
        self.changed.emit()
