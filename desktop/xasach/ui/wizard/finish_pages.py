"""Wizard pages: the summary that creates the data file, and the recovery sheet after it.

The summary is the commit page: once the file exists there is no going back (its settings are
inside it). The recovery page shows the code exactly once; Finish stays disabled until the
officer confirms that the code is on paper and in the safe, because without it a forgotten
password means the data is gone for good.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from xasach.i18n import _
from xasach.services.setup import MODE_COMMUNE
from xasach.ui.login_dialog import message_label, show_message
from xasach.ui.recovery_sheet import RecoverySheet, SheetInfo
from xasach.ui.wizard.creation import Created, SetupRequest


def _value_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    return label


class SummaryPage(QWizardPage):
    """What will be created; Next ("Create the data file") starts the job via `start`."""

    def __init__(
        self,
        request: Callable[[], SetupRequest],
        unit_label: Callable[[], str],
        start: Callable[[], None],
        created: Callable[[], Created | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._request, self._unit_label, self._start, self._created = (
            request,
            unit_label,
            start,
            created,
        )
        self.busy = False
        self.setCommitPage(True)
        self._captions = [QLabel(self) for _i in range(5)]
        self.values = [_value_label(self) for _i in range(5)]
        form = QFormLayout()
        for caption, value in zip(self._captions, self.values, strict=True):
            form.addRow(caption, value)
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.message_label = message_label(self)
        self.message_label.setObjectName("setupMessage")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note_label)
        layout.addStretch(1)
        layout.addWidget(self.message_label)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Summary"))
        self.setSubTitle(_("Check what you entered. Go back to correct it."))
        captions = (_("Unit:"), _("Villages:"), _("Officer:"), _("Administrator:"), _("Data file:"))
        for caption, text in zip(self._captions, captions, strict=True):
            caption.setText(text)
        self.note_label.setText(
            _(
                "“Create the data file” makes the encrypted data file. It takes a few seconds. "
                "Then XaSach shows the recovery sheet: have the printer ready."
            )
        )
        if self.wizard() is not None:
            self.initializePage()

    def initializePage(self) -> None:  # noqa: N802 — Qt's name
        req = self._request()
        villages = ", ".join(req.villages) if req.mode == MODE_COMMUNE else _("none (upper level)")
        officer = req.full_name + (f" — {req.title}" if req.title.strip() else "")
        for label, text in zip(
            self.values,
            (self._unit_label(), villages, officer, req.admin, str(req.path)),
            strict=True,
        ):
            label.setText(text)

    def show_error(self, text: str) -> None:
        show_message(self.message_label, text)

    def show_progress(self, text: str) -> None:
        show_message(self.message_label, text, error=False)

    def validatePage(self) -> bool:  # noqa: N802 — Qt's name
        if self._created() is not None:
            return True
        if not self.busy:
            self._start()
        return False


class RecoveryPage(QWizardPage):
    """The recovery code, Print… and Save as PDF…, and the confirmation Finish waits for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheet: RecoverySheet | None = None
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.confirm_box = QCheckBox(self)
        self.confirm_box.setObjectName("recoveryConfirmed")
        font = QFont(self.confirm_box.font())
        font.setBold(True)
        self.confirm_box.setFont(font)
        self.confirm_box.toggled.connect(lambda _on: self.completeChanged.emit())
        self.message_label = message_label(self)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.intro_label)
        self._layout.addStretch(1)
        self._layout.addWidget(self.confirm_box)
        self._layout.addWidget(self.message_label)
        self.setFinalPage(True)
        self.retranslate_ui()

    def show_code(self, info: SheetInfo, code: str) -> None:
        if self.sheet is not None:
            return
        self.sheet = RecoverySheet(info, code, self)
        self.sheet.setObjectName("recoverySheet")
        self._layout.insertWidget(1, self.sheet)

    def retranslate_ui(self) -> None:
        self.setTitle(_("Recovery sheet"))
        self.setSubTitle(_("The data file is ready. Print this code now; it is shown only once."))
        self.intro_label.setText(
            _(
                "If every password is forgotten, this 30-digit code is the only way to open the "
                "data again. Anyone holding it can open the data too: keep it on paper, in the "
                "commune chief's safe — never on the computer."
            )
        )
        self.confirm_box.setText(
            _("I have printed or written down the recovery code and put it in the safe")
        )
        if self.sheet is not None:
            self.sheet.retranslate_ui()

    def remind(self) -> None:
        show_message(
            self.message_label,
            _("Put the recovery code in the safe and tick the box first: it is not shown again."),
        )

    def isComplete(self) -> bool:  # noqa: N802 — Qt's name
        return self.confirm_box.isChecked()


def sheet_info(req: SetupRequest, created: Created) -> SheetInfo:
    return SheetInfo(
        unit_name=created.unit_name,
        unit_code=req.unit_code,
        admin=req.admin,
        data_file=str(req.path),
        created=datetime.now(),
    )
