"""The questions a register screen asks, in one module so tests can answer them.

Tests replace these functions (monkeypatch `prompts.confirm`, `prompts.ask_unsaved`); callers
therefore look them up through the module (`prompts.confirm(...)`), never import the names.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from xasach.i18n import _


class Unsaved(Enum):
    """The officer's answer when a form with changes is being closed."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes/No, No by default: a stray Enter must not delete anything."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_unsaved(parent: QWidget | None) -> Unsaved:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("You have changed this form. Save the changes?"))
    save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Unsaved.SAVE
    if clicked is discard:
        return Unsaved.DISCARD
    return Unsaved.CANCEL


def show_refusal(parent: QWidget | None, title: str, text: str) -> None:
    """A service said no (a rule, a role): tell the officer, change nothing."""
    QMessageBox.warning(parent, title, text)
