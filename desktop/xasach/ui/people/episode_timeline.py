"""A person's episode timeline (quá trình quản lý): oldest first, with Add, Close and Correct.

History is kept, not overwritten: an episode is closed with its actual end, and a correction
is for an episode entered wrongly. Changes made here are part of the person's form — kept
until the officer saves the whole file in one transaction (or discards it), shown in italics
meanwhile — so a new file can get its first episode before it exists, and nothing is saved
behind the officer's back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from xasach.domain.episodes import episode_label
from xasach.i18n import _
from xasach.services.episodes import close_episode, correct_episode
from xasach.services.people import add_episode
from xasach.services.person_file import EpisodeLine
from xasach.store.database import Database
from xasach.store.models import Person
from xasach.ui.formatting import fmt_date
from xasach.ui.people.episode_dialog import EpisodeDialog
from xasach.ui.people.episode_draft import DRAFT_FIELDS, EpisodeDraft, Mode, draft_of
from xasach.ui.people.table_model import OVERDUE


@dataclass
class Entry:
    """One row of the timeline: a stored episode (`line`) or a new one, as it now reads."""

    draft: EpisodeDraft
    line: EpisodeLine | None = None
    corrected: dict[str, Any] = field(default_factory=dict)
    closed: bool = False

    @property
    def pending(self) -> bool:
        return self.line is None or bool(self.corrected) or self.closed


class EpisodeTimeline(QWidget):
    """`changed` when the officer adds, closes or corrects an episode (the form is dirty).
    `dialog` is the episode form while it is open."""

    changed = Signal()
    COLUMNS = 7

    def __init__(
        self,
        db: Database,
        birth: Callable[[], tuple[date | None, int | None]],
        parent: QWidget | None = None,
        *,
        editable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.db, self.birth, self.editable = db, birth, editable
        self.entries: list[Entry] = []
        self.dialog: EpisodeDialog | None = None
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("episodeTimeline")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels(
            [
                _("Episode"),
                _("Start"),
                _("Planned end"),
                _("Actual end"),
                _("Decision"),
                _("Facility"),
                _("Outcome"),
            ]
        )
        for column, width in enumerate((290, 80, 80, 80, 100, 120)):
            self.tree.setColumnWidth(column, width)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.tree.itemDoubleClicked.connect(lambda *_a: self.correct_selected())
        self.add_button = QPushButton(_("&Add episode…"), self)
        self.close_button = QPushButton(_("C&lose episode…"), self)
        self.correct_button = QPushButton(_("Co&rrect…"), self)
        self.add_button.clicked.connect(self.add_episode)
        self.close_button.clicked.connect(self.close_selected)
        self.correct_button.clicked.connect(self.correct_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.close_button, self.correct_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # --- showing -----------------------------------------------------------------------------

    def load(self, lines: list[EpisodeLine] | tuple[EpisodeLine, ...]) -> None:
        self.entries = [Entry(draft_of(line), line) for line in lines]
        self._show()
        if self.entries:  # the newest episode is the one usually closed or corrected
            self.select_row(len(self.entries) - 1)

    def has_changes(self) -> bool:
        return any(entry.pending for entry in self.entries)

    def _show(self) -> None:
        current = self.selected()
        self.entries.sort(key=lambda e: e.draft.start_date)
        self.tree.clear()
        for entry in self.entries:
            d = entry.draft
            kind = episode_label(d.kind)
            if entry.pending:
                kind = _("{kind} (not saved yet)").format(kind=kind)
            item = QTreeWidgetItem(
                [
                    kind,
                    fmt_date(d.start_date),
                    fmt_date(d.planned_end) or _("open-ended"),
                    fmt_date(d.actual_end),
                    d.decision_number,
                    d.facility,
                    d.outcome,
                ]
            )
            item.setToolTip(0, kind)
            if d.actual_end is None and d.planned_end is not None and d.planned_end < date.today():
                item.setForeground(2, OVERDUE)  # still open past its planned end (quá hạn)
                item.setToolTip(2, _("Past the planned end and not closed yet."))
            if entry.pending:
                font = QFont(item.font(0))
                font.setItalic(True)
                for column in range(self.COLUMNS):
                    item.setFont(column, font)
            self.tree.addTopLevelItem(item)
            if entry is current:
                self.tree.setCurrentItem(item)
        self._update_buttons()

    def selected(self) -> Entry | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        row = self.tree.indexOfTopLevelItem(item)
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def select_row(self, row: int) -> None:
        item = self.tree.topLevelItem(row)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.add_button.setEnabled(self.editable)
        self.correct_button.setEnabled(self.editable and entry is not None)
        self.close_button.setEnabled(
            self.editable and entry is not None and entry.draft.actual_end is None
        )

    # --- changing ----------------------------------------------------------------------------

    def add_episode(self) -> EpisodeDialog | None:
        if not self.editable:
            return None
        return self._open(Mode.ADD, None)

    def close_selected(self) -> EpisodeDialog | None:
        entry = self.selected()
        if entry is None or entry.draft.actual_end is not None or not self.editable:
            return None
        return self._open(Mode.CLOSE, entry)

    def correct_selected(self) -> EpisodeDialog | None:
        entry = self.selected()
        if entry is None or not self.editable:
            return None
        return self._open(Mode.CORRECT, entry)

    def _open(self, mode: Mode, entry: Entry | None) -> EpisodeDialog:
        dialog = EpisodeDialog(self.db, mode, self.birth(), entry.draft if entry else None, self)
        dialog.accepted.connect(lambda: self._accepted(dialog, mode, entry))
        dialog.finished.connect(lambda _r: self._finished(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _finished(self, dialog: EpisodeDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _accepted(self, dialog: EpisodeDialog, mode: Mode, entry: Entry | None) -> None:
        draft = dialog.draft()
        if draft is None:
            return
        if entry is None:
            entry = Entry(draft)
            self.entries.append(entry)
        elif mode == Mode.CLOSE and entry.line is not None and not entry.corrected:
            entry.closed, entry.draft = True, draft
        else:
            if entry.line is not None:
                before = asdict(draft_of(entry.line))
                now = asdict(draft)
                entry.corrected = {
                    k: now[k] for k in DRAFT_FIELDS if now[k] != before[k]
                }  # fmt: skip
                entry.closed = False
            entry.draft = draft
        self._show()
        self.select_row(self.entries.index(entry))
        self.changed.emit()

    # --- saving ------------------------------------------------------------------------------

    def save(self, session: Session, person: Person) -> None:
        """Write the changes through the services, inside the person's save transaction."""
        for entry in self.entries:
            d = entry.draft
            if entry.line is None:
                add_episode(
                    session,
                    person,
                    d.kind,
                    d.start_date,
                    months=d.duration_months,
                    after=d.after_kind,
                    actual_end=d.actual_end,
                    decision_number=d.decision_number,
                    decision_date=d.decision_date,
                    decided_by=d.decided_by,
                    facility=d.facility,
                    notes=d.notes,
                    outcome=d.outcome,
                )
            elif entry.corrected:
                correct_episode(session, entry.line.id, **entry.corrected)
            elif entry.closed and d.actual_end is not None:
                close_episode(session, entry.line.id, d.actual_end, d.outcome)
