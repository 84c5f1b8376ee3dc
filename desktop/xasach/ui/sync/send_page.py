"""The commune's Sync page (gửi dữ liệu lên cấp trên): send what changed, take the receipt
back, and keep the upper level's key.

A bundle holds every change the upper level has not acknowledged yet, so sending twice is
harmless and a lost stick only means sending again. Writing a bundle encrypts the whole
change log: it runs off the UI thread (`run_job`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.services.sync_export import (
    ExportResult,
    SentBundle,
    SyncStatus,
    export_bundle,
    sync_status,
)
from xasach.services.sync_holdings import RECEIPT_SUFFIX
from xasach.services.sync_receipts import import_receipt
from xasach.ui.context import AppContext
from xasach.ui.formatting import fmt_datetime, fmt_number
from xasach.ui.login_dialog import message_label, refusal_text
from xasach.ui.operations import run_job
from xasach.ui.page import Page
from xasach.ui.sync.common import (
    EMAIL_FOLDER,
    data_folder,
    failure_text,
    open_folder,
    read_only_table,
    say,
    set_rows,
)
from xasach.ui.sync.email_dialog import EmailDialog
from xasach.ui.sync.keys_panel import KeysPanel


class SyncPage(Page):
    """`job_finished`: an export ended (written, nothing to send, or refused)."""

    job_finished = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.status: SyncStatus | None = None
        self.email_dialog: EmailDialog | None = None
        self.send_box, self.sent_box = QGroupBox(self), QGroupBox(self)
        self.upper_label, self.pending_label, self.last_label = (QLabel(self) for _i in range(3))
        for label in (self.upper_label, self.pending_label, self.last_label):
            label.setWordWrap(True)
        self.usb_button, self.email_button = QPushButton(self), QPushButton(self)
        self.receipt_button = QPushButton(self)
        self.usb_button.setObjectName("exportToFolder")
        self.email_button.setObjectName("exportForEmail")
        self.receipt_button.setObjectName("importReceipt")
        self.usb_button.clicked.connect(self.export_to_folder)
        self.email_button.clicked.connect(self.export_for_email)
        self.receipt_button.clicked.connect(self.import_receipt)
        self.message = message_label(self)
        self.message.hide()
        self.table = read_only_table(self, 5, "sentTable")
        self.table.setMinimumHeight(110)
        self.keys = KeysPanel(ctx, self)
        buttons = QHBoxLayout()
        for button in (self.usb_button, self.email_button, self.receipt_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        send = QVBoxLayout(self.send_box)
        for label in (self.upper_label, self.pending_label, self.last_label):
            send.addWidget(label)
        send.addLayout(buttons)
        send.addWidget(self.message)
        QVBoxLayout(self.sent_box).addWidget(self.table)
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.addWidget(self.send_box)
        column.addWidget(self.sent_box, 1)  # the list of bundles takes the height left
        column.addWidget(self.keys)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        QVBoxLayout(self).addWidget(scroll)
        ctx.bus.changed.connect(self._on_changed)
        self.retranslate_ui()

    def title(self) -> str:
        return _("Sync")

    def retranslate_ui(self) -> None:
        self.send_box.setTitle(_("Send to the upper level"))
        self.sent_box.setTitle(_("Bundles sent"))
        self.usb_button.setText(_("&Save to a USB stick or folder…"))
        self.email_button.setText(_("Prepare for &e-mail"))
        self.receipt_button.setText(_("Import &receipt…"))
        self.table.setHorizontalHeaderLabels(
            [_("File"), _("Made on"), _("Changes"), _("Records"), _("Acknowledged")]
        )
        self.keys.retranslate_ui()
        self.refresh()

    def _on_changed(self, _table: str) -> None:
        if self.isVisible():  # otherwise the workspace refreshes the page when it is shown
            self.refresh()

    def refresh(self) -> None:
        try:
            self.status = sync_status(self.ctx.db)
        except DomainError as exc:
            say(self.message, exc.message)
            return
        status = self.status
        if not status.upper:
            upper, problem = (
                _(
                    "Upper level: its key card is not imported yet. The administrator imports "
                    "it once, in Keys below."
                ),
                True,
            )
        elif not status.upper_verified:
            upper, problem = (
                _(
                    "Upper level: {name} — the key is not checked yet. Phone them, read the "
                    "fingerprint together, then press “Fingerprint checked” in Keys below."
                ).format(name=status.upper),
                True,
            )
        else:
            upper, problem = (
                _("Upper level: {name} — key checked.").format(name=status.upper),
                False,
            )
        say(self.upper_label, upper, error=problem)
        self.pending_label.setText(
            _("Changes not yet acknowledged by the upper level: {n} ({records} records)").format(
                n=fmt_number(max(0, status.last_seq - status.acked_seq)),
                records=fmt_number(status.unacknowledged),
            )
        )
        self.last_label.setText(self._last_sent_text(status))
        set_rows(self.table, [self._sent_row(b) for b in status.sent])
        self.keys.refresh()

    def _last_sent_text(self, status: SyncStatus) -> str:
        if not status.sent:
            return _("Nothing has been sent yet.")
        last = status.sent[0]
        if last.acked_at is not None:
            return _("Last sent: {date} ({file}), acknowledged on {acked}.").format(
                date=fmt_datetime(last.created_at),
                file=last.file_name,
                acked=fmt_datetime(last.acked_at),
            )
        return _(
            "Last sent: {date} ({file}), not acknowledged yet — import the receipt when the "
            "upper level sends it."
        ).format(date=fmt_datetime(last.created_at), file=last.file_name)

    @staticmethod
    def _sent_row(bundle: SentBundle) -> tuple[str, ...]:
        acked = bundle.acked_at
        return (
            bundle.file_name,
            fmt_datetime(bundle.created_at),
            f"{bundle.first_seq}–{bundle.last_seq}",
            fmt_number(bundle.records),
            _("yes, {date}").format(date=fmt_datetime(acked)) if acked else _("not yet"),
        )

    # --- actions -----------------------------------------------------------------------------

    def export_to_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Where to save the bundle (e.g. a USB stick)"), str(Path.home())
        )
        if folder:
            self._export(Path(folder), self._saved)

    def export_for_email(self) -> None:
        self._export(data_folder(self.ctx.db.path) / EMAIL_FOLDER, self._ready_for_email)

    def _export(self, folder: Path, done: Callable[[ExportResult], None]) -> None:
        say(self.message, _("Writing the bundle…"), error=False)
        for button in (self.usb_button, self.email_button):
            button.setEnabled(False)
        db = self.ctx.db

        def finished(result: ExportResult | None) -> None:
            self._job_ended()
            if result is None:
                say(
                    self.message,
                    _("Nothing new to send: the upper level has acknowledged every change."),
                    error=False,
                )
            else:
                done(result)
                self.ctx.bus.changed.emit("sync")
            self.refresh()
            self.job_finished.emit()

        def failed(exc: BaseException) -> None:
            self._job_ended()
            say(self.message, failure_text(exc))
            self.job_finished.emit()

        run_job(
            self, _("Writing the bundle…"), lambda _p: export_bundle(db, folder), finished, failed
        )

    def _job_ended(self) -> None:
        for button in (self.usb_button, self.email_button):
            button.setEnabled(True)

    def _saved(self, result: ExportResult) -> None:
        say(
            self.message,
            _(
                "Saved {file} in {folder}. Take it to the upper level; import their receipt "
                "when it comes back."
            ).format(file=result.path.name, folder=result.path.parent),
            error=False,
        )

    def _ready_for_email(self, result: ExportResult) -> None:
        say(
            self.message,
            _("Ready to attach: {file}").format(file=result.path.name),
            error=False,
        )
        open_folder(result.path.parent)
        self.email_dialog = EmailDialog(result.path, result.subject, self)
        self.email_dialog.open()

    def import_receipt(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the receipt from the upper level"),
            str(Path.home()),
            _("XaSach receipts (*{suffix})").format(suffix=RECEIPT_SUFFIX),
        )
        if not path:
            return
        try:
            outcome = import_receipt(self.ctx.db, Path(path))
        except Exception as exc:  # an unreadable file is a message, never a crash
            say(self.message, refusal_text(exc))
            return
        say(self.message, outcome.message, error=False)
        self.refresh()
        if outcome.changed:
            self.ctx.bus.changed.emit("sync")
