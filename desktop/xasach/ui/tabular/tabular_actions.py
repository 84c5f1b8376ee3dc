"""The "Import from Excel…" and "Export to Excel/CSV…" buttons a list page shows.

The page hands over its register and a function returning its current filter, so an export
holds exactly the rows the list shows. The export runs off the UI thread; an import opens the
wizard, and when it wrote rows the page hears it on the change bus like any other change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.i18n import _, ngettext
from xasach.services.tabular_export import ExportResult, export_list
from xasach.services.tabular_import import EDIT_PERMISSION, TABLES
from xasach.tabular.fields import Register
from xasach.ui.context import AppContext
from xasach.ui.operations import run_job
from xasach.ui.registers import prompts
from xasach.ui.tabular import files
from xasach.ui.tabular.import_dialog import ImportDialog

__all__ = ["Register", "TabularActions"]

#: File names offered when saving (Vietnamese, without accents: safe on every file system).
SUGGESTED = {
    Register.PEOPLE: "danh-sach-nguoi",
    Register.HOTSPOTS: "danh-sach-diem",
    Register.ACTIVITIES: "hoat-dong-tuyen-truyen",
}


class TabularActions(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        register: Register,
        current_filter: Callable[[], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.register, self.current_filter = ctx, register, current_filter
        self.dialog: ImportDialog | None = None
        self.last_export: ExportResult | None = None
        self.import_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.import_button.clicked.connect(self.open_import)
        self.export_button.clicked.connect(self.export)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.import_button)
        layout.addWidget(self.export_button)
        self.import_button.setEnabled(ctx.can(EDIT_PERMISSION[register]))
        self.export_button.setEnabled(ctx.can(Permission.EXPORT))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.import_button.setText(_("Import from Excel…"))
        self.import_button.setToolTip(
            _("Bring in a list kept in Excel or CSV: check every row before anything is saved.")
        )
        self.export_button.setText(_("Export to Excel/CSV…"))
        self.export_button.setToolTip(_("Save the list as it is filtered now, as .xlsx or .csv."))

    def open_import(self) -> ImportDialog | None:
        if not self.ctx.can(EDIT_PERMISSION[self.register]):
            return None
        dialog = ImportDialog(self.ctx, self.register, self)
        dialog.imported.connect(lambda: self.ctx.bus.changed.emit(TABLES[self.register]))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        QTimer.singleShot(0, dialog.choose_file)  # straight to the file, the dialog behind
        return dialog

    def _closed(self, dialog: ImportDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def export(self, path: Path | None = None) -> None:
        """Ask where (unless `path` is given), then write off the UI thread."""
        suggested = f"{SUGGESTED[self.register]}-{date.today():%Y%m%d}.xlsx"
        path = path or files.choose_save(self, _("Export the list"), suggested)
        if path is None:
            return
        flt = self.current_filter()

        def work(_progress: object) -> ExportResult:
            return export_list(self.ctx.db, self.register, path, flt)

        run_job(
            self, _("Writing {name}…").format(name=path.name), work, self._exported, self._failed
        )

    def _exported(self, result: ExportResult) -> None:
        self.last_export = result
        files.tell(
            self,
            _("Export"),
            ngettext(
                "{n} row written to {path}.", "{n} rows written to {path}.", result.rows
            ).format(n=result.rows, path=result.path),
        )

    def _failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        prompts.show_refusal(self, _("Export"), message)
