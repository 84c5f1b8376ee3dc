"""The base of a register's form dialog (hotspot, activity).

One save is one transaction through the services; a refused field shows its message right
under that field. Closing with unsaved changes (Esc, Cancel, the window's ×) asks Save /
Discard / Cancel, so nothing typed is lost silently. Ctrl+S saves from anywhere in the form.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.ui.context import AppContext
from xasach.ui.registers import prompts
from xasach.ui.widgets.date_field import DateField

ERROR_STYLE = "color: #b00020;"


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class RecordDialog(QDialog):
    """`saved(record_id)` after a successful save. Subclasses build the form with `field()`,
    fill it inside `loading()`, call `watch()` on every input's change signal and implement
    `store(session) -> record id` with the services."""

    saved = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        record_id: str | None,
        parent: QWidget | None = None,
        *,
        editable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.record_id, self.editable = ctx, record_id, editable
        self.dirty = False
        self._loading = False
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        self.general_error = error_label(self)
        self.buttons: QDialogButtonBox | None = None
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        self.save_shortcut.activated.connect(self.save)
        self.save_shortcut.setEnabled(editable)

    def footer(self, layout: QVBoxLayout) -> None:
        """The general error line and the buttons, at the bottom of the dialog. Made last, so
        the buttons come last in the tab order and the first field has the focus."""
        standard = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(
            standard.Save | standard.Cancel if self.editable else standard.Close, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def field(self, key: str, widget: QWidget) -> QWidget:
        """The input with its error line under it, as one form row's field."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.errors[key] = error_label(box)
        column.addWidget(self.errors[key])
        self.inputs[key] = widget
        return box

    def watch(self, *signals: object) -> None:
        for signal in signals:
            signal.connect(self._changed)  # type: ignore[attr-defined]

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.dirty = True

    def loading(self) -> _Loading:
        """`with self.loading():` fills the form without making it dirty."""
        return _Loading(self)

    # --- saving ------------------------------------------------------------------------------

    def store(self, session: Session) -> str:
        raise NotImplementedError

    def save(self) -> bool:
        if not self.editable:
            return False
        self.clear_errors()
        try:
            with self.ctx.db.session() as session:
                record_id = self.store(session)
        except DomainError as exc:
            self.show_error(exc)
            return False
        self.record_id, self.dirty = record_id, False
        self.saved.emit(record_id)
        self.accept()
        return True

    def date_value(self, key: str, widget: DateField) -> date | None:
        """The typed date, or a refusal that names this field."""
        try:
            return widget.value()
        except DomainError as exc:
            raise DomainError(exc.message, key) from None

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear()
            label.hide()

    def show_error(self, exc: DomainError) -> None:
        label = self.errors.get(exc.field or "", self.general_error)
        label.setText(exc.message)
        label.show()
        widget = self.inputs.get(exc.field or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the unsaved-changes guard -----------------------------------------------------------

    def reject(self) -> None:
        if self.dirty and self.editable:
            answer = prompts.ask_unsaved(self)
            if answer is prompts.Unsaved.SAVE:
                self.save()
                return
            if answer is prompts.Unsaved.CANCEL:
                return
        self.dirty = False
        super().reject()


class _Loading:
    def __init__(self, dialog: RecordDialog) -> None:
        self.dialog = dialog

    def __enter__(self) -> None:
        self.dialog._loading = True

    def __exit__(self, *_exc: object) -> None:
        self.dialog._loading = False
