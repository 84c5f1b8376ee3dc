"""The key card check (kiểm tra mã xác nhận): before a card is trusted, the officer phones the
other office and both read the 30-digit fingerprint aloud, alternating groups.

The number must come from the official directory, never from the file or the e-mail that
brought the card: whoever forged the card would also answer that number. "Not now" still
enrols the card, unverified; bundles from it wait in quarantine until the check is done.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xasach.i18n import _
from xasach.ui.sync.common import fingerprint_label

GROUP_SHADES = ("#e3f0ff", "#fff3d6")  # "you read" and "they read", told apart at a glance


class Trust(Enum):
    """What the officer decided about a key card."""

    VERIFIED = "verified"  # the digits matched over the phone
    LATER = "later"  # enrol it now, check by phone later
    CANCEL = "cancel"  # do not import it


class FingerprintDialog(QDialog):
    """Shows the card's unit and fingerprint in big digits, with who reads which group."""

    def __init__(
        self, unit_name: str, unit_code: str, fingerprint: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choice = Trust.CANCEL
        self.groups = fingerprint.split()
        self.setWindowTitle(_("Check the key card by phone"))
        self.unit_label = QLabel(self)
        font = self.unit_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.unit_label.setFont(font)
        self.unit_label.setWordWrap(True)
        self.unit_label.setText(
            _("Key card of: {name} (unit code {code})").format(name=unit_name, code=unit_code)
        )
        self.how_label = self._text(
            _(
                "Phone {name} on a number from the official directory — never a number "
                "written in the file or in the message that brought it. Read the groups aloud "
                "in turn: you read the blue groups (1, 3, 5); they read the yellow groups "
                "(2, 4, 6) from “This office's fingerprint” in their XaSach. Trust the key "
                "only if every digit matches."
            ).format(name=unit_name)
        )
        self.group_labels = [fingerprint_label(self, 2.2) for _group in self.groups]
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for index, (label, digits) in enumerate(zip(self.group_labels, self.groups, strict=True)):
            label.setText(digits)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAutoFillBackground(True)
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.Window, QColor(GROUP_SHADES[index % 2]))
            palette.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
            label.setPalette(palette)
            label.setContentsMargins(10, 6, 10, 6)
            reader = QLabel(self)
            reader.setAlignment(Qt.AlignmentFlag.AlignCenter)
            reader.setText(
                (_("{n}. you read") if index % 2 == 0 else _("{n}. they read")).format(n=index + 1)
            )
            grid.addWidget(label, 0, index)
            grid.addWidget(reader, 1, index)
        self.later_note = self._text(
            _(
                "Cannot phone now? “Not now” keeps the card unchecked: nothing is sent to it "
                "and nothing received from it is used until someone presses “Fingerprint "
                "checked”."
            )
        )
        self.buttons = QDialogButtonBox(self)
        self.trust_button = self._button(
            _("Fingerprint checked — trust this key"), Trust.VERIFIED, accept=True
        )
        self.later_button = self._button(_("Not now"), Trust.LATER, accept=True)
        self.cancel_button = self._button(_("Cancel"), Trust.CANCEL, accept=False)
        self.trust_button.setObjectName("trustKey")
        self.later_button.setObjectName("trustLater")
        self.cancel_button.setDefault(True)  # a stray Enter must not trust a key
        layout = QVBoxLayout(self)
        layout.addWidget(self.unit_label)
        layout.addWidget(self.how_label)
        layout.addSpacing(8)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addWidget(self.later_note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(720)

    def _text(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _button(self, text: str, choice: Trust, *, accept: bool) -> QPushButton:
        role = (
            QDialogButtonBox.ButtonRole.AcceptRole
            if accept
            else QDialogButtonBox.ButtonRole.RejectRole
        )
        button = self.buttons.addButton(text, role)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: Trust) -> None:
        self.choice = choice
        if choice is Trust.CANCEL:
            self.reject()
        else:
            self.accept()


def ask_trust(parent: QWidget | None, unit_name: str, unit_code: str, fingerprint: str) -> Trust:
    """Show the check and return the officer's decision (tests replace this function)."""
    dialog = FingerprintDialog(unit_name, unit_code, fingerprint, parent)
    dialog.exec()
    return dialog.choice
