"""The "Stays at the commune" section of Settings (dữ liệu chỉ lưu tại xã): the fields never
written into a bundle, so officers can tell people what the upper level does and does not see.

Read-only: the list is the shipped policy (resources/sync/stays_at_commune.json), the same one
the export applies, so the screen cannot promise more than the bundle keeps back.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from xasach.i18n import _
from xasach.services.sync_state import withheld_fields
from xasach.ui.sync.common import read_only_table, set_rows


class WithheldBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("withheldFields")
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.table = read_only_table(self, 3, "withheldTable")
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.table)

    def retranslate_ui(self) -> None:
        self.setTitle(_("Stays at the commune"))
        self.explain.setText(
            _(
                "These fields are kept only in the commune's data file. They are never written "
                "into a bundle, so the upper level never receives them; it gets the rest of the "
                "record without them."
            )
        )
        self.table.setHorizontalHeaderLabels([_("Field"), _("Where it is stored"), _("Why")])
        fields = withheld_fields()
        # The policy file carries both languages, so this list needs no catalog entries.
        set_rows(self.table, [(f.label, f"{f.table}.{f.column}", f.why) for f in fields])
        self.table.resizeRowsToContents()
        header_height = self.table.horizontalHeader().height()
        rows_height = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(header_height + rows_height + 2 * self.table.frameWidth() + 2)
