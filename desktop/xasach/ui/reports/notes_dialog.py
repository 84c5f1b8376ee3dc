"""The periodic report's free-text sections (phần nhận xét, đánh giá), written before printing.

Saved in the store per period, so a report can be printed again later with the same words.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from xasach.i18n import _


class NotesDialog(QDialog):
    """One text box per section; `notes()` after accept."""

    def __init__(
        self,
        sections: list[tuple[str, str]],
        notes: dict[str, str],
        period_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Report text for {period}").format(period=period_label))
        self.resize(720, 620)
        self.edits: dict[str, QPlainTextEdit] = {}
        body = QWidget(self)
        form = QVBoxLayout(body)
        intro = QLabel(
            _(
                "These sections are printed in the report as written. Numbers are filled in "
                "from the data; write here what the numbers cannot say."
            ),
            body,
        )
        intro.setWordWrap(True)
        form.addWidget(intro)
        for key, label in sections:
            title = QLabel(f"<b>{label}</b>", body)
            edit = QPlainTextEdit(body)
            edit.setObjectName(f"note_{key}")
            edit.setPlainText(notes.get(key, ""))
            edit.setMinimumHeight(90)
            title.setBuddy(edit)
            form.addWidget(title)
            form.addWidget(edit)
            self.edits[key] = edit
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def notes(self) -> dict[str, str]:
        return {key: edit.toPlainText().strip() for key, edit in self.edits.items()}
