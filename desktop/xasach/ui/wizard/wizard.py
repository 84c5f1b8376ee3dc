"""The first-run wizard (trình hướng dẫn lần đầu): from no data file to a logged-in database.

Welcome → unit → villages (communes only) → officer and administrator → summary (creates the
encrypted file off the UI thread: the key derivation is calibrated to take about a second) →
recovery sheet. Afterwards `database` is the logged-in Database the app opens its main window
with. A failure is a message on the summary page and leaves no file behind.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from xasach.i18n import _
from xasach.services.setup import MODE_COMMUNE
from xasach.store.database import Database
from xasach.ui.login_dialog import refusal_text
from xasach.ui.operations import Cancelled, run_job
from xasach.ui.wizard.creation import Created, SetupRequest, create_installation
from xasach.ui.wizard.finish_pages import RecoveryPage, SummaryPage, sheet_info
from xasach.ui.wizard.officer_page import OfficerPage
from xasach.ui.wizard.unit_page import UnitPage
from xasach.ui.wizard.villages_page import VillagesPage

WELCOME, UNIT, VILLAGES, OFFICER, SUMMARY, RECOVERY = range(6)
SIZE = (780, 580)  # fits 1366×768 with the taskbar


class WelcomePage(QWizardPage):
    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.labels = [QLabel(self) for _i in range(4)]
        layout = QVBoxLayout(self)
        for label in self.labels:
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Welcome to XaSach"))
        self.setSubTitle(_("The commune's drug-control registers, kept safely on this computer."))
        texts = (
            _(
                "XaSach keeps the commune's registers of drug users and addicts under management, "
                "of drug hotspots and of propaganda activities, prints the official forms and "
                "reports, and sends the figures to the upper level."
            ),
            _(
                "It works without the Internet. The data file is encrypted: only officers with a "
                "user name and password can open it."
            ),
            _(
                "These few steps create the data file: your unit, its villages and residential "
                "groups, the administrator, and a recovery sheet to print and keep in the safe."
            ),
            _("The data file will be: {path}").format(path=self.db_path),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)


class FirstRunWizard(QWizard):
    """Creates the data file at `db_path`; `database` is the logged-in Database once finished."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.database: Database | None = None
        self.created: Created | None = None
        self.busy = False
        self.setObjectName("firstRunWizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.welcome_page = WelcomePage(self.db_path, self)
        self.unit_page = UnitPage(self)
        self.villages_page = VillagesPage(self)
        self.officer_page = OfficerPage(self)
        self.summary_page = SummaryPage(
            self.request, self.unit_label, self.start_creation, lambda: self.created, self
        )
        self.recovery_page = RecoveryPage(self)
        pages = (
            (WELCOME, self.welcome_page),
            (UNIT, self.unit_page),
            (VILLAGES, self.villages_page),
            (OFFICER, self.officer_page),
            (SUMMARY, self.summary_page),
            (RECOVERY, self.recovery_page),
        )
        for page_id, page in pages:
            self.setPage(page_id, page)
        self.setStartId(WELCOME)
        self.currentIdChanged.connect(self._entered)
        self.resize(*SIZE)
        self.retranslate_ui()

    @property
    def recovery_code(self) -> str | None:
        return self.created.recovery_code if self.created else None

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("XaSach — First start"))
        buttons = (
            (QWizard.WizardButton.BackButton, _("< &Back")),
            (QWizard.WizardButton.NextButton, _("&Next >")),
            (QWizard.WizardButton.CommitButton, _("&Create the data file")),
            (QWizard.WizardButton.FinishButton, _("&Finish")),
            (QWizard.WizardButton.CancelButton, _("Cancel")),
        )
        for button, text in buttons:
            self.setButtonText(button, text)
        for page in (
            self.welcome_page,
            self.unit_page,
            self.villages_page,
            self.officer_page,
            self.summary_page,
            self.recovery_page,
        ):
            page.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def unit_label(self) -> str:
        choice = self.unit_page.choice()
        if choice is None:
            return ""
        if self.unit_page.mode() == MODE_COMMUNE:
            return choice.label
        return _("Upper level of {province}").format(province=choice.label)

    def request(self) -> SetupRequest:
        """What the pages hold now, as one request."""
        choice = self.unit_page.choice()
        mode = self.unit_page.mode()
        officer = self.officer_page
        return SetupRequest(
            path=self.db_path,
            mode=mode,
            unit_code=choice.code if choice else "",
            admin=officer.user_edit.text().strip(),
            password=officer.password_edit.text(),
            full_name=officer.full_name_edit.text().strip(),
            title=officer.title_edit.text().strip(),
            villages=tuple(self.villages_page.names()) if mode == MODE_COMMUNE else (),
        )

    def nextId(self) -> int:  # noqa: N802 — Qt's name
        if self.currentId() == UNIT and self.unit_page.mode() != MODE_COMMUNE:
            return OFFICER  # an upper-level office has no villages of its own
        return super().nextId()

    def _entered(self, page_id: int) -> None:
        if page_id == VILLAGES:
            choice = self.unit_page.choice()
            self.villages_page.set_unit_name(choice.name if choice else "")
        # Once the file exists, Cancel would only lose the recovery code: Finish is the way out.
        self.setOption(QWizard.WizardOption.NoCancelButton, page_id == RECOVERY)

    # --- creating the data file ---------------------------------------------------------------

    def start_creation(self) -> None:
        if self.busy or self.created is not None:
            return
        request = self.request()
        self.busy = self.summary_page.busy = True
        self.summary_page.show_progress(_("Creating the encrypted data file…"))
        for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CommitButton):
            self.button(button).setEnabled(False)
        run_job(
            self,
            _("Creating the data file"),
            lambda progress: create_installation(request, progress),
            self._created,
            self._failed,
        )

    def _done_busy(self) -> None:
        self.busy = self.summary_page.busy = False
        for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CommitButton):
            self.button(button).setEnabled(True)

    def _created(self, created: Created) -> None:
        self._done_busy()
        self.created, self.database = created, created.database
        self.summary_page.show_progress("")
        self.recovery_page.show_code(sheet_info(self.request(), created), created.recovery_code)
        for edit in (self.officer_page.password_edit, self.officer_page.repeat_edit):
            edit.clear()  # no longer needed: do not keep the password in memory longer
        self.next()

    def _failed(self, exc: BaseException) -> None:
        self._done_busy()
        if isinstance(exc, Cancelled):
            text = _("Cancelled. Nothing was created.")
        else:
            reason = refusal_text(exc) if isinstance(exc, Exception) else str(exc)
            text = _("The data file could not be created. Nothing was left on disk.\n{reason}")
            text = text.format(reason=reason)
        self.summary_page.show_error(text)

    def reject(self) -> None:
        if self.busy:
            return  # the job finishes (or is cancelled in its own dialog) first
        if self.created is not None:
            self.recovery_page.remind()
            return
        super().reject()
