"""After "Prepare for e-mail": which file to attach, where it is, and the subject line to paste.

The folder is already open in Explorer; the officer drags the file into the e-mail. The
subject says which commune and which changes, so the upper level can tell bundles apart
without opening them. The file is encrypted: only the upper level can read it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xasach.i18n import _
from xasach.ui.sync.common import open_folder


class EmailDialog(QDialog):
    def __init__(self, path: Path, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(_("Send by e-mail"))
        intro = QLabel(
            _(
                "The bundle is ready. Attach this file to an e-mail to the upper level; it is "
                "encrypted, only the upper level can open it."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.file_label = QLabel(path.name, self)
        self.file_label.setObjectName("bundleFile")
        font = self.file_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.file_label.setFont(font)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label = QLabel(_("In the folder: {folder}").format(folder=path.parent), self)
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(_("&Open the folder"), self)
        self.open_button.clicked.connect(lambda: open_folder(path.parent))
        subject_caption = QLabel(_("Subject of the e-mail:"), self)
        self.subject_edit = QLineEdit(subject, self)
        self.subject_edit.setObjectName("emailSubject")
        self.subject_edit.setReadOnly(True)
        self.subject_edit.setCursorPosition(0)
        self.copy_button = QPushButton(_("&Copy"), self)
        self.copy_button.setObjectName("copySubject")
        self.copy_button.clicked.connect(self.copy_subject)
        self.copied_label = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.open_button)
        subject_row = QHBoxLayout()
        subject_row.addWidget(self.subject_edit, 1)
        subject_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.file_label)
        layout.addLayout(folder_row)
        layout.addSpacing(8)
        layout.addWidget(subject_caption)
        layout.addLayout(subject_row)
        layout.addWidget(self.copied_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)

    def copy_subject(self) -> None:
        QGuiApplication.clipboard().setText(self.subject_edit.text())
        self.copied_label.setText(_("Copied. Paste it into the subject of the e-mail."))
