"""What happened to each bundle file, in plain words: the preview before "Apply" and the
outcome after it share this table, so the officer compares like with like."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget, QWidget

from xasach.i18n import N_, _
from xasach.services.sync_import import ALREADY, DONE, HELD, REFUSED, WOULD_APPLY, ImportOutcome
from xasach.ui.formatting import fmt_number
from xasach.ui.sync.common import fit_columns, read_only_table, set_rows

STATUS_WORDS = {
    WOULD_APPLY: N_("Ready to apply"),
    DONE: N_("Applied"),
    ALREADY: N_("Already imported"),
    HELD: N_("Held in quarantine"),
    REFUSED: N_("Refused"),
}
STATUS_COLOURS = {DONE: "#1b5e20", HELD: "#8a5300", REFUSED: "#b00020"}
RESULT_COLUMN = 4


def outcome_table(parent: QWidget) -> QTableWidget:
    table = read_only_table(parent, 6, "outcomeTable")
    table.setMinimumHeight(130)
    # A refusal's reason is read in full, not from a tooltip: rows grow with the wrapped text.
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def retranslate(table: QTableWidget) -> None:
    table.setHorizontalHeaderLabels(
        [
            _("File"),
            _("Commune"),
            _("Changes"),
            _("New / updated / unchanged"),
            _("Result"),
            _("Details"),
        ]
    )
    fit_columns(table)


def status_word(status: str) -> str:
    return _(STATUS_WORDS.get(status, status))


def show_outcomes(
    table: QTableWidget, outcomes: list[ImportOutcome], names: dict[str, str]
) -> None:
    """One row per file; `names` turns unit codes into commune names where the key is known."""
    rows = []
    for o in outcomes:
        merged = o.merge
        counts = (
            " / ".join(
                fmt_number(sum(part.values()))
                for part in (merged.inserted, merged.updated, merged.kept)
            )
            if merged is not None
            else ""
        )
        rows.append(
            (
                o.file,
                names.get(o.unit, o.unit),
                f"{o.first_seq}–{o.last_seq}" if o.last_seq else "",
                counts,
                status_word(o.status),
                o.message,
            )
        )
    set_rows(table, rows)
    for row, o in enumerate(outcomes):
        colour = STATUS_COLOURS.get(o.status)
        item = table.item(row, RESULT_COLUMN)
        if colour and item is not None:
            item.setForeground(QColor(colour))


def summary(outcomes: list[ImportOutcome]) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_WORDS, 0)
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    return counts


def changed_tables(outcomes: list[ImportOutcome]) -> set[str]:
    """The tables an import wrote to, for the change bus."""
    tables: set[str] = set()
    for o in outcomes:
        if o.status == DONE and o.merge is not None:
            for part in (o.merge.inserted, o.merge.updated):
                tables.update(t for t, n in part.items() if n)
    return tables
