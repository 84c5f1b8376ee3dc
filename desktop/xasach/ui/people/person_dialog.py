"""A person's file (hồ sơ quản lý): identity on the left; episodes, drug use and records, drug
tests, linked hotspots and notes on the right.

Everything in the dialog — the form, new or corrected episodes, new tests — is saved together
in one transaction (Save or Ctrl+S); closing with changes asks Save / Discard / Cancel. The
identity is checked as the officer types (services `identity_problems`, the same rules as the
save), each message under its field. The personal ID number stays masked until "Show", which
is recorded in the audit trail; opening the file is recorded too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.services.people import create_person, identity_problems, reveal_id_number, update_person
from xasach.services.people_list import village_choices
from xasach.services.person_file import PersonFile, open_person_file
from xasach.ui.context import AppContext
from xasach.ui.people.episode_timeline import EpisodeTimeline
from xasach.ui.people.person_form import IdentityForm, RecordsForm, text_box
from xasach.ui.people.person_panels import DrugTestsPanel, HotspotsPanel
from xasach.ui.registers.record_dialog import RecordDialog

#: Identity fields checked as the officer types, and the pause before checking.
CHECKED = ("full_name", "birth_date", "id_number", "legacy_id_number")
CHECK_PAUSE_MS = 150
DEFAULT_SIZE = (1240, 680)


class PersonDialog(RecordDialog):
    """New (`person_id=None`) or existing file; read-only without EDIT_PEOPLE. Raises
    DomainError when the file does not exist (or was deleted) or the role may not see it.
    `saved(person_id)` after a save (then the dialog closes)."""

    def __init__(
        self, ctx: AppContext, person_id: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, person_id, parent, editable=ctx.can(Permission.EDIT_PEOPLE))
        self.file: PersonFile | None = None
        self.id_revealed = person_id is None
        self.touched: set[str] = set()
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_PAUSE_MS)
        self._check_timer.timeout.connect(self.check_identity)
        self._build()
        self._load()
        self._fit()

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.form = IdentityForm(self)
        self.form.setEnabled(self.editable)
        self.form.show_id_button.clicked.connect(self.reveal_id)
        self.tabs = QTabWidget(self)
        self.timeline = EpisodeTimeline(self.ctx.db, self.birth, self.tabs, editable=self.editable)
        self.tabs.addTab(self.timeline, _("&Episodes"))
        self.records = RecordsForm(self, self.tabs)
        self.records.setEnabled(self.editable)
        self.tabs.addTab(self.records, _("Drug &use and records"))
        self.tests = DrugTestsPanel(self.tabs, editable=self.editable)
        self.tabs.addTab(self.tests, _("Drug &tests"))
        self.hotspots = HotspotsPanel(self.tabs)
        self.tabs.addTab(self.hotspots, _("&Hotspots"))
        self.notes_edit = text_box(self.tabs)
        self.notes_edit.setReadOnly(not self.editable)
        self.tabs.addTab(self.field("notes", self.notes_edit), _("N&otes"))
        columns = QHBoxLayout()
        columns.addWidget(self.form, 5)
        columns.addWidget(self.tabs, 8)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        self.footer(layout)
        assert self.buttons is not None
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)  # Enter in a field must never save or close
        self.form.full_name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.watch(
            *self.form.change_signals(),
            *self.records.change_signals(),
            self.notes_edit.textChanged,
            self.timeline.changed,
            self.tests.changed,
        )
        f = self.form
        for key, signal in (
            ("full_name", f.full_name_edit.textEdited),
            ("birth_date", f.birth_edit.textEdited),
            ("id_number", f.id_edit.textEdited),
            ("legacy_id_number", f.legacy_edit.textEdited),
            ("id_number", f.sex_box.activated),
        ):
            signal.connect(lambda *_a, key=key: self._edited(key))

    def _fit(self) -> None:
        """The default size, within the screen (1366×768 with a taskbar is common)."""
        width, height = DEFAULT_SIZE
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 20), min(height, room.height() - 40)
        self.resize(width, height)

    # --- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        with self.ctx.db.reader() as session:
            villages = village_choices(session)
        with self.loading():
            self.form.set_villages(villages)
            if self.record_id is None:
                self.setWindowTitle(_("New person's file"))
                self.form.status_label.setText(_("Follows from the episodes, once saved."))
                self.form.show_id_button.hide()
                return
            with self.ctx.db.session() as session:
                self.file = open_person_file(session, self.record_id)  # audited view
            self._fill(self.file)

    def _fill(self, f: PersonFile) -> None:
        self.setWindowTitle(_("Person's file: {name}").format(name=f.full_name))
        self.form.fill(f)
        self.id_revealed = not f.id_masked
        self.form.show_id_button.setVisible(bool(f.id_masked))
        self.form.show_id_button.setEnabled(self.ctx.can(Permission.REVEAL_ID))
        self.records.fill(f)
        self.notes_edit.setPlainText(f.notes)
        self.timeline.load(f.episodes)
        self.tests.load(f.drug_tests)
        self.hotspots.load(f.hotspots)
        self.tabs.setTabText(2, _("Drug &tests ({n})").format(n=len(f.drug_tests)))
        self.tabs.setTabText(3, _("&Hotspots ({n})").format(n=len(f.hotspots)))

    def reveal_id(self) -> None:
        """Show the full ID number (audited); from then on it may be edited."""
        if self.record_id is None or self.id_revealed:
            return
        try:
            with self.ctx.db.session() as session:
                number = reveal_id_number(session, self.record_id)
        except DomainError as exc:
            self.show_error(DomainError(exc.message, "id_number"))
            return
        with self.loading():
            self.form.id_edit.setText(number)
        self.id_revealed = True
        self.form.id_edit.setReadOnly(not self.editable)
        self.form.show_id_button.setEnabled(False)
        self.form.id_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- checking as the officer types -------------------------------------------------------

    def birth(self) -> tuple[date | None, int | None]:
        """The birth as typed, or (None, None) while it is not a date yet (for the rule
        table's range of a minor's compulsory rehab)."""
        try:
            return self.form.birth()
        except DomainError:
            return None, None

    def _edited(self, key: str) -> None:
        self.touched.add(key)
        if key == "birth_date" and self.form.id_edit.text():
            self.touched.add("id_number")  # the number carries the birth year: check it again
        self._check_timer.start()

    def check_identity(self) -> dict[str, str]:
        """Show what is wrong under the fields the officer has typed in; return all of it."""
        self._check_timer.stop()
        typed: dict[str, str] = {}
        try:
            values = self.form.identity(with_id=self.id_revealed)
        except DomainError as exc:  # the birth is not a date (yet): check the rest without it
            typed["birth_date"] = exc.message
            values = self.form.identity_without_birth(with_id=self.id_revealed)
        found = {**self._problems(values), **typed}
        problems = {("birth_date" if k == "birth_year" else k): v for k, v in found.items()}
        for key in CHECKED:
            label = self.errors[key]
            shown = problems.get(key) if key in self.touched else None
            label.setText(shown or "")
            label.setVisible(bool(shown))
        return problems

    def _problems(self, values: dict[str, Any]) -> dict[str, str]:
        try:
            with self.ctx.db.reader() as session:
                return identity_problems(session, self.record_id, **values)
        except DomainError as exc:  # e.g. the role may no longer see the file
            return {"full_name": exc.message}

    # --- saving ------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Every field of the file as the services take it."""
        return {
            **self.form.identity(with_id=self.id_revealed),
            **self.form.details(),
            **self.records.values(),
            "notes": self.notes_edit.toPlainText().strip(),
        }

    def store(self, session: Session) -> str:
        values = self.values()
        if self.record_id is None:
            person = create_person(session, **values)
        else:
            person = update_person(session, self.record_id, **values)
        self.timeline.save(session, person)
        self.tests.save(session, person.id)
        return person.id

    def save(self) -> bool:
        """One transaction for the whole file; then every page listening hears of it."""
        self.touched.update(CHECKED)  # after a refused save every problem shows
        saved = super().save()
        if saved:
            self.ctx.bus.changed.emit("person")
        return saved

    def show_error(self, exc: DomainError) -> None:
        if exc.field == "birth_year":
            exc = DomainError(exc.message, "birth_date")
        super().show_error(exc)

    # --- keyboard ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt's name
        """Enter in a one-line field moves to the next field (officers type forms that way);
        it never saves or closes the dialog by accident."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if isinstance(self.focusWidget(), (QLineEdit, QComboBox, QAbstractSpinBox)):
                self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)
