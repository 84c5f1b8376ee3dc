"""Bundles held in quarantine (gói đang tạm giữ), on the Import page: whatever session
received them, with the reason, so none waits unnoticed. They are applied when their commune's
key is verified; a bundle held for another reason waits for a fresh export."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from xasach.i18n import _
from xasach.services.sync_holdings import HeldBundle, held_bundles
from xasach.ui.context import AppContext
from xasach.ui.sync.common import fit_columns, fit_rows, read_only_table, set_rows


class HeldBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("heldBundles")
        self.empty = QLabel(self)
        self.table = read_only_table(self, 4, "heldTable")
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        self.held: list[HeldBundle] = []

    def retranslate_ui(self) -> None:
        self.setTitle(_("Held in quarantine"))
        self.empty.setText(_("No bundle is waiting."))
        self.table.setHorizontalHeaderLabels([_("File"), _("Commune"), _("Received"), _("Why")])
        self.refresh()

    def refresh(self) -> None:
        self.held = held_bundles(self.ctx.db)
        rows = [
            (
                h.file_name,
                h.unit,
                h.received_at.astimezone().strftime("%d/%m/%Y %H:%M"),
                h.reason,
            )
            for h in self.held
        ]
        set_rows(self.table, rows)
        fit_columns(self.table)
        fit_rows(self.table, max(1, min(len(rows), 4)))
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
