"""Picking a person's file by typing: the matches drop down as the officer types.

The search is the people service's (accent-insensitive, exact accents ranked first, and it
checks the role), run after a short pause in typing so each keystroke does not query.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.services.people import PersonLine, search_people
from xasach.store.database import Database

MIN_CHARS = 2
PAUSE_MS = 250


def person_text(line: PersonLine) -> str:
    """Name — birth — village: enough to tell two namesakes apart."""
    return " — ".join(part for part in (line.full_name, line.birth, line.village) if part)


class PersonPicker(QLineEdit):
    """`picked(PersonLine)` when the officer chooses a match (Enter or a click)."""

    picked = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None, *, limit: int = 12) -> None:
        super().__init__(parent)
        self.db, self.limit = db, limit
        self.results: list[PersonLine] = []
        self.setPlaceholderText(_("Type a name or ID number to find a person…"))
        self.setClearButtonEnabled(True)
        self._model = QStandardItemModel(self)
        # Driven by hand (setWidget, not setCompleter): the list is the service's result, and
        # choosing one must not overwrite what was typed with the display text.
        self.completer_ = QCompleter(self._model, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setWidget(self)
        self.completer_.activated[QModelIndex].connect(  # type: ignore[index]
            lambda index: self.choose(index.row())
        )
        self._pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._pause.timeout.connect(self.search_now)
        self.textEdited.connect(lambda _text: self._pause.start())
        self.returnPressed.connect(self._enter)

    def search_now(self) -> None:
        self._pause.stop()
        text = self.text().strip()
        self.results = []
        self.setToolTip("")
        if len(text) >= MIN_CHARS:
            try:
                with self.db.reader() as session:
                    self.results = search_people(session, text, limit=self.limit)
            except DomainError as exc:
                self.setToolTip(exc.message)
        self._model.clear()
        for line in self.results:
            self._model.appendRow(QStandardItem(person_text(line)))
        if self.results and self.isVisible():
            self.completer_.complete()
            self._popup().setCurrentIndex(self._model.index(0, 0))
        else:
            self._popup().hide()

    def _popup(self) -> QAbstractItemView:
        popup = self.completer_.popup()
        assert popup is not None  # QCompleter makes its popup on demand
        return popup

    def _enter(self) -> None:
        """Enter in the box: search now; with one match, that is the choice."""
        self.search_now()
        if len(self.results) == 1:
            self.choose(0)

    def choose(self, row: int) -> None:
        if not 0 <= row < len(self.results):
            return
        line = self.results[row]
        self._popup().hide()
        self.clear()
        self.results = []
        self.setFocus(Qt.FocusReason.OtherFocusReason)  # ready for the next person
        self.picked.emit(line)
