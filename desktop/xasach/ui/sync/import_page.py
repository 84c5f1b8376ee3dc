"""The upper level's Import page (nhận dữ liệu từ các xã): check the communes' bundles, show
what each would change, then apply them and write a receipt for each commune.

Nothing is written by the preview (the service rolls its dry run back); "Apply" runs the same
checks again, since files may have changed meanwhile. Receipts go to a folder the officer
chooses (this Windows user's setting), by default next to the data file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Signal
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

from xasach.i18n import _, ngettext
from xasach.services.sync_export import BUNDLE_SUFFIX
from xasach.services.sync_import import (
    ALREADY,
    DONE,
    HELD,
    REFUSED,
    WOULD_APPLY,
    ImportOutcome,
    import_paths,
    retry_quarantined,
)
from xasach.ui.context import AppContext
from xasach.ui.login_dialog import message_label
from xasach.ui.operations import run_job
from xasach.ui.page import Page
from xasach.ui.sync import outcome_table as outcomes_view
from xasach.ui.sync.common import RECEIPTS_FOLDER, data_folder, failure_text, open_folder, say
from xasach.ui.sync.held_box import HeldBox
from xasach.ui.sync.keys_panel import KeysPanel

RECEIPTS_KEY = "sync/receipts_folder"


class ImportPage(Page):
    """`job_finished`: a preview, an import or a retry ended (tests wait for it)."""

    job_finished = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, settings: QSettings | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.settings = settings if settings is not None else QSettings()
        self.paths: list[Path] = []
        self.outcomes: list[ImportOutcome] = []
        self.import_box = QGroupBox(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.files_button, self.folder_button = QPushButton(self), QPushButton(self)
        self.apply_button = QPushButton(self)
        self.files_button.setObjectName("chooseBundles")
        self.folder_button.setObjectName("chooseBundleFolder")
        self.apply_button.setObjectName("applyBundles")
        self.apply_button.setEnabled(False)
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button.clicked.connect(self.choose_folder)
        self.apply_button.clicked.connect(self.apply)
        self.table = outcomes_view.outcome_table(self)
        self.message = message_label(self)
        self.message.hide()
        self.receipts_label = QLabel(self)
        self.receipts_label.setWordWrap(True)
        self.change_receipts_button, self.open_receipts_button = (
            QPushButton(self),
            QPushButton(self),
        )
        self.change_receipts_button.clicked.connect(self.choose_receipts_folder)
        self.open_receipts_button.clicked.connect(lambda: open_folder(self.receipts_folder()))
        self.keys = KeysPanel(ctx, self)
        self.keys.peer_verified.connect(self.retry_held)
        self.held = HeldBox(ctx, self)
        self._build_layout()
        ctx.bus.changed.connect(self._on_changed)
        self.retranslate_ui()

    def _build_layout(self) -> None:
        choose = QHBoxLayout()
        choose.addWidget(self.files_button)
        choose.addWidget(self.folder_button)
        choose.addStretch(1)
        choose.addWidget(self.apply_button)
        receipts = QHBoxLayout()
        receipts.addWidget(self.receipts_label, 1)
        receipts.addWidget(self.change_receipts_button)
        receipts.addWidget(self.open_receipts_button)
        box = QVBoxLayout(self.import_box)
        box.addWidget(self.intro)
        box.addLayout(choose)
        box.addWidget(self.table, 1)
        box.addWidget(self.message)
        box.addLayout(receipts)
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.addWidget(self.import_box, 2)  # the tables share the height left, 2 : 1
        column.addWidget(self.held)
        column.addWidget(self.keys, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        QVBoxLayout(self).addWidget(scroll)

    def title(self) -> str:
        return _("Import")

    def retranslate_ui(self) -> None:
        self.import_box.setTitle(_("Bundles from the communes"))
        self.intro.setText(
            _(
                "Choose the bundle files (.xsb) the communes sent. XaSach first shows what each "
                "would change; nothing is written until you press “Apply”."
            )
        )
        self.files_button.setText(_("Import &bundles…"))
        self.folder_button.setText(_("Import a whole &folder…"))
        self.apply_button.setText(_("&Apply"))
        self.change_receipts_button.setText(_("C&hange…"))
        self.open_receipts_button.setText(_("&Open folder"))
        outcomes_view.retranslate(self.table)
        self.keys.retranslate_ui()
        self.held.retranslate_ui()
        self.refresh()

    def _on_changed(self, table: str) -> None:
        if table == "sync_peer" and self.outcomes:
            self._show(self.outcomes)  # a commune's name may have just become known

    def refresh(self) -> None:
        self.receipts_label.setText(
            _("Receipts for the communes are saved in: {folder}").format(
                folder=self.receipts_folder()
            )
        )
        self.keys.refresh()
        self.held.refresh()

    def receipts_folder(self) -> Path:
        chosen = self.settings.value(RECEIPTS_KEY, "")
        if chosen:
            return Path(str(chosen))
        return data_folder(self.ctx.db.path) / RECEIPTS_FOLDER

    def choose_receipts_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Folder for the receipts"), str(self.receipts_folder())
        )
        if folder:
            self.settings.setValue(RECEIPTS_KEY, folder)
            self.refresh()

    # --- preview and apply -------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Choose the bundles from the communes"),
            str(Path.home()),
            _("XaSach bundles (*{suffix})").format(suffix=BUNDLE_SUFFIX),
        )
        if files:
            self.preview([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Choose the folder with the bundles"), str(Path.home())
        )
        if folder:
            self.preview([Path(folder)])

    def preview(self, paths: list[Path]) -> None:
        """A dry run of every file: what it would change, or why it would be refused."""
        self.paths = paths
        self.apply_button.setEnabled(False)
        db = self.ctx.db
        self._run(
            _("Checking the bundles…"),
            lambda: import_paths(db, paths, dry_run=True),
            self._previewed,
        )

    def _previewed(self, outcomes: list[ImportOutcome]) -> None:
        self._show(outcomes)
        if not outcomes:
            say(self.message, _("No bundle files (.xsb) were found there."))
            return
        counts = outcomes_view.summary(outcomes)
        ready = counts[WOULD_APPLY] + counts[HELD]
        self.apply_button.setEnabled(ready > 0)
        checked = ngettext("Checked {n} file:", "Checked {n} files:", len(outcomes))
        text = checked.format(n=len(outcomes)) + " "
        text += _(
            "{ready} ready to apply, {held} to be held until the commune's key is checked, "
            "{already} already imported, {refused} refused."
        ).format(
            ready=counts[WOULD_APPLY],
            held=counts[HELD],
            already=counts[ALREADY],
            refused=counts[REFUSED],
        )
        if ready:
            text += " " + _("Nothing has been changed yet: press “Apply”.")
        say(self.message, text, error=False)

    def apply(self) -> None:
        if not self.paths:
            return
        self.apply_button.setEnabled(False)
        db, paths, folder = self.ctx.db, self.paths, self.receipts_folder()
        self._run(
            _("Importing the bundles…"),
            lambda: import_paths(db, paths, receipts=folder),
            self._applied,
        )

    def _applied(self, outcomes: list[ImportOutcome]) -> None:
        self._show(outcomes)
        self.held.refresh()
        self.paths = []
        self._announce(outcomes)
        counts = outcomes_view.summary(outcomes)
        text = _(
            "{applied} applied, {held} held in quarantine, {already} already imported, "
            "{refused} refused."
        ).format(
            applied=counts[DONE],
            held=counts[HELD],
            already=counts[ALREADY],
            refused=counts[REFUSED],
        )
        if counts[DONE]:
            text += " " + self._receipts_text()
        say(self.message, text, error=counts[REFUSED] > 0 and not counts[DONE])

    def retry_held(self, unit: str) -> None:
        """A commune's key was just checked: apply the bundles that waited for it."""
        db, folder = self.ctx.db, self.receipts_folder()
        name = next((p.unit_name for p in self.keys.peers if p.unit_code == unit), unit)

        def done(outcomes: list[ImportOutcome]) -> None:
            if not outcomes:
                return
            self._show(outcomes)
            self.held.refresh()
            self._announce(outcomes)
            applied = outcomes_view.summary(outcomes)[DONE]
            text = _("The key of {name} is trusted: {n} held bundles were applied.").format(
                name=name, n=applied
            )
            if applied:
                text += " " + self._receipts_text()
            say(self.message, text, error=applied < len(outcomes))

        self._run(
            _("Applying the held bundles…"),
            lambda: retry_quarantined(db, unit, receipts=folder),
            done,
        )

    def _receipts_text(self) -> str:
        return _(
            "Receipts are in {folder}: send each commune the receipt whose name starts with its "
            "unit code."
        ).format(folder=self.receipts_folder())

    # --- plumbing ----------------------------------------------------------------------------

    def _names(self) -> dict[str, str]:
        return {p.unit_code: p.unit_name for p in self.keys.peers}

    def _show(self, outcomes: list[ImportOutcome]) -> None:
        self.outcomes = outcomes
        outcomes_view.show_outcomes(self.table, outcomes, self._names())

    def _announce(self, outcomes: list[ImportOutcome]) -> None:
        for table in sorted(outcomes_view.changed_tables(outcomes)):
            self.ctx.bus.changed.emit(table)
        self.ctx.bus.changed.emit("sync")

    def _run(self, title: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        for button in (self.files_button, self.folder_button):
            button.setEnabled(False)
        say(self.message, title, error=False)

        def finished(result: Any) -> None:
            self._idle()
            done(result)
            self.job_finished.emit()

        def failed(exc: BaseException) -> None:
            self._idle()
            say(self.message, failure_text(exc))
            self.job_finished.emit()

        run_job(self, title, lambda _progress: work(), finished, failed)

    def _idle(self) -> None:
        for button in (self.files_button, self.folder_button):
            button.setEnabled(True)
