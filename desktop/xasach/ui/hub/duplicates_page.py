"""The Duplicates page (hồ sơ trùng giữa các xã): files two communes keep for one person, for
review — the rule that matched, and "moved from X to Y" when one commune let the file go.

Nothing is merged here: the officer calls the communes, who correct their own files. The
check reads every file (about 1.5 s at 200,000), so it runs off the UI thread (`run_job`) when
the page is shown after data changed, or on "Check again".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from xasach.domain.errors import DomainError
from xasach.i18n import N_, _, ngettext
from xasach.services.hub_duplicates import (
    DuplicatePair,
    DuplicateReview,
    PairKind,
    PersonSide,
    cross_commune_duplicates,
)
from xasach.ui.context import AppContext
from xasach.ui.hub.lines_model import LinesModel, lines_table
from xasach.ui.operations import Progress, run_job
from xasach.ui.page import Page
from xasach.ui.registers.paged_model import Column
from xasach.ui.registers.record_dialog import error_label

DUPLICATE, MOVED, DELETED = QColor("#b71c1c"), QColor("#1565c0"), QColor("#757575")
#: A file's cell is as wide as its longer line, up to this (the tooltip shows all of it).
FILE_WIDTH = 400


def _file(side: PersonSide) -> str:
    """Two lines: "Đặng Văn Thắng, 09/03/1984" over "Phường Hoàn Kiếm · Post-rehab management"."""
    who = ", ".join(p for p in (side.full_name, side.birth) if p)
    return f"{who}\n{side.commune} · {side.state_label}"


class DuplicatesModel(LinesModel):
    FINDING, RULES, FILE_1, FILE_2 = range(4)
    COLUMNS = (
        Column(N_("Finding"), None, lambda p: p.label),
        Column(N_("Matched on"), None, lambda p: p.rules_label),
        Column(N_("File 1"), None, lambda p: _file(p.first)),
        Column(N_("File 2"), None, lambda p: _file(p.second)),
    )

    def decorate(self, line: DuplicatePair, column: int, role: int) -> Any:
        side = line.first if column == self.FILE_1 else line.second
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.FINDING:
                return MOVED if line.kind == PairKind.MOVED else DUPLICATE
            if column in (self.FILE_1, self.FILE_2) and side.deleted:
                return DELETED
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.FILE_1, self.FILE_2):
            parts = [side.full_name, side.birth, side.sex_label, side.id_masked, side.commune]
            return " · ".join(p for p in parts if p)
        return None


class DuplicatesPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = DuplicatesModel(self)
        self.review: DuplicateReview | None = None
        self.error = ""
        self.stale = True
        self.running = False
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.refusal_label = error_label(self)
        self.table = lines_table(self.model, self, whole=DuplicatesModel.FINDING, cap=FILE_WIDTH)
        # Each file on two lines: who, then where and in which state.
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 10)
        self.count_label = QLabel(self)
        self.check_button = QPushButton(self)
        self.check_button.clicked.connect(self.check)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        ctx.bus.changed.connect(self._on_changed)
        self.retranslate_ui()

    def title(self) -> str:
        return _("Duplicates")

    def retranslate_ui(self) -> None:
        self.intro_label.setText(
            _(
                "Files of different communes that look like one person: the same ID number, "
                "or the same name, birth and sex. Nothing is merged: ask the communes to "
                "check their files. “Moved” means one commune deleted or closed its file "
                "while the other still manages the person."
            )
        )
        self.check_button.setText(_("&Check again"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.COLUMNS) - 1)
        self._show_count()

    def refresh(self) -> None:
        """Shown: check again only if data changed since the last check."""
        if self.stale:
            self.check()

    def _on_changed(self, _table: str) -> None:
        self.stale = True
        if self.isVisible():
            self.check()

    def check(self) -> None:
        if self.running:
            return
        self.running, self.stale = True, False
        self.check_button.setEnabled(False)
        db = self.ctx.db

        def work(_progress: Progress) -> DuplicateReview:
            with db.reader() as session:
                return cross_commune_duplicates(session)

        run_job(self, _("Looking for files kept by two communes…"), work, self._done, self._failed)

    def _done(self, review: DuplicateReview) -> None:
        self.running, self.review, self.error = False, review, ""
        self.check_button.setEnabled(True)
        self.model.set_lines(review.pairs)
        self._show_count()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.check_button.setEnabled(True)
        self.error = exc.message if isinstance(exc, DomainError) else str(exc)
        self.model.set_lines([])
        self._show_count()

    def _show_count(self) -> None:
        self.refusal_label.setText(self.error)
        self.refusal_label.setVisible(bool(self.error))
        pairs: list[DuplicatePair] = self.model.lines
        moved = sum(1 for p in pairs if p.kind == PairKind.MOVED)
        duplicates = len(pairs) - moved
        text = ngettext("{n} possible duplicate", "{n} possible duplicates", duplicates).format(
            n=duplicates
        )
        text += " · " + ngettext("{n} move", "{n} moves", moved).format(n=moved)
        if self.review is not None and self.review.truncated:
            text += " · " + _("only the first {n} are shown").format(n=len(pairs))
        self.count_label.setText(text)
