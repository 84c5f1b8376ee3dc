"""The Communes page (tình hình các xã): one line per commune — its key, its last bundle, the
change numbers held and missing, bundles in quarantine, and what its registers hold.

What needs the officer stands out in plain words and colour: missing numbers (ask the commune
to send again), bundles held in quarantine, a key not yet verified by phone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from xasach.domain.errors import DomainError
from xasach.i18n import N_, _, ngettext
from xasach.services.hub import CommuneLine, KeyState, communes_overview
from xasach.ui.context import AppContext
from xasach.ui.formatting import fmt_datetime, fmt_number
from xasach.ui.hub.lines_model import LinesModel, lines_table
from xasach.ui.page import Page
from xasach.ui.registers.paged_model import Column
from xasach.ui.registers.record_dialog import error_label

WARNING, ALERT = QColor("#ef6c00"), QColor("#b71c1c")


def _count(value: int) -> str:
    return fmt_number(value)


class CommunesModel(LinesModel):
    CODE, NAME, KEY, RECEIVED, QUARANTINED, HELD, PEOPLE, HOTSPOTS, ACTIVITIES, FILE = range(10)
    COLUMNS = (
        Column(N_("Code"), None, lambda c: c.code),
        Column(N_("Commune"), None, lambda c: c.name),
        Column(N_("Key"), None, lambda c: c.key_label),
        Column(N_("Last bundle received"), None, lambda c: fmt_datetime(c.last_received)),
        Column(N_("In quarantine"), None, lambda c: _count(c.quarantined), number=True),
        Column(N_("Change numbers"), None, lambda c: c.sequence_text),
        Column(N_("People"), None, lambda c: _count(c.people), number=True),
        Column(N_("Hotspots"), None, lambda c: _count(c.hotspots), number=True),
        Column(N_("Activities"), None, lambda c: _count(c.activities), number=True),
        Column(N_("Last file"), None, lambda c: c.last_file),
    )

    def _needs_action(self, line: CommuneLine, column: int) -> bool:
        """Missing change numbers, or bundles held in quarantine."""
        return (column == self.HELD and bool(line.missing)) or (
            column == self.QUARANTINED and line.quarantined > 0
        )

    def decorate(self, line: CommuneLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._needs_action(line, column):
                return ALERT
            if column == self.KEY and line.key != KeyState.VERIFIED:
                return ALERT if line.key == KeyState.NONE else WARNING
        if role == Qt.ItemDataRole.FontRole and self._needs_action(line, column):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == self.HELD and line.missing:
            return _(
                "Some changes of this commune have not arrived. Ask the commune to export "
                "its data again."
            )
        return None


class CommunesPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = CommunesModel(self)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.refusal_label = error_label(self)
        self.table = lines_table(self.model, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.table, 1)
        # A hidden page re-reads when shown (the workspace calls refresh): after an import of
        # many bundles only the page in view queries.
        ctx.bus.changed.connect(lambda _table: self.refresh() if self.isVisible() else None)
        self.refresh()

    def title(self) -> str:
        return _("Communes")

    def retranslate_ui(self) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.COLUMNS) - 1)
        self.model.set_lines(self.model.lines)
        self._summarise()

    def refresh(self) -> None:
        try:
            with self.ctx.db.reader() as session:
                lines = communes_overview(session)
            error = ""
        except DomainError as exc:
            lines, error = [], exc.message
        self.refusal_label.setText(error)
        self.refusal_label.setVisible(bool(error))
        self.model.set_lines(lines)
        self._summarise()

    def _summarise(self) -> None:
        lines: list[CommuneLine] = self.model.lines
        parts = [ngettext("{n} commune", "{n} communes", len(lines)).format(n=len(lines))]
        missing = sum(1 for c in lines if c.missing)
        held = sum(c.quarantined for c in lines)
        unverified = sum(1 for c in lines if c.key != KeyState.VERIFIED)
        if missing:
            parts.append(
                ngettext("{n} with changes missing", "{n} with changes missing", missing).format(
                    n=missing
                )
            )
        if held:
            parts.append(
                ngettext("{n} bundle in quarantine", "{n} bundles in quarantine", held).format(
                    n=held
                )
            )
        if unverified:
            parts.append(
                ngettext("{n} key not verified", "{n} keys not verified", unverified).format(
                    n=unverified
                )
            )
        self.summary_label.setText(" · ".join(parts))
