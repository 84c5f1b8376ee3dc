"""The recovery sheet (phiếu mã khôi phục): the 30-digit code that sets a new password when
every password is forgotten, printed once and kept in the commune chief's safe.

The code is shown large, in 6 groups of 5 digits in a fixed-width font (no 1/l or 0/O doubt
when it is typed back years later), and not selectable: a copy on the clipboard is a copy on
the computer. The printed sheet is a QTextDocument, so Qt's printing and PDF output embed
whatever system font covers Vietnamese — no font of our own is needed for one page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, Signal
from PySide6.QtGui import QFont, QFontDatabase, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xasach.i18n import _

GROUP = 5
SHEET_FONT = "Times New Roman"  # falls back to a serif with Vietnamese glyphs where absent


def code_groups(code: str) -> list[str]:
    """The code's digits in groups of 5, whatever spacing it came with."""
    digits = "".join(ch for ch in code if ch.isdigit())
    return [digits[i : i + GROUP] for i in range(0, len(digits), GROUP)]


@dataclass(frozen=True)
class SheetInfo:
    """What the sheet says besides the code: whose data file, which administrator, when."""

    unit_name: str
    unit_code: str
    admin: str
    data_file: str
    created: datetime


_SHEET = """<h2 align='center'>{title}</h2><p align='center'><i>{confidential}</i></p>
<table>{table}</table><p>{code_caption}</p>
<p align='center' style="font-family:'DejaVu Sans Mono','Consolas',monospace; font-size:24pt;
font-weight:bold">{code}</p><ul>{steps}</ul><br/>
<table width='100%'><tr><td align='center' width='50%'><b>{prepared}</b><br/><i>{sign}</i>
<br/><br/><br/><br/></td><td align='center' width='50%'><b>{kept}</b><br/><i>{sign}</i></td>
</tr></table>"""


def sheet_html(info: SheetInfo, code: str) -> str:
    """The sheet as rich text: translated plain strings, escaped, poured into a fixed layout
    (no markup inside the messages, STYLE.md habit 5)."""
    e = html.escape
    groups = code_groups(code)
    rows = [
        (_("Unit"), f"{info.unit_name} ({info.unit_code})"),
        (_("Data file"), info.data_file),
        (_("Administrator"), info.admin),
        (_("Made on"), info.created.strftime("%d/%m/%Y %H:%M")),
    ]
    steps = [
        _(
            "If every password is forgotten, this code sets a new one: in the login window choose "
            "“Forgot your password?”, or run “xasach user passwd {admin} --recovery”."
        ).format(admin=info.admin),
        _(
            "Anyone holding this code can open all the data. Keep this sheet sealed in the "
            "commune chief's safe. Never keep the code on the computer, in a photo or in an "
            "e-mail."
        ),
        _("If the sheet is lost, tell the administrator at once."),
    ]
    return _SHEET.format(
        title=e(_("XASACH RECOVERY SHEET")),
        confidential=e(_("Confidential — keep in the safe")),
        table="".join(
            f"<tr><td style='padding-right:12px'><b>{e(k)}:</b></td><td>{e(v)}</td></tr>"
            for k, v in rows
        ),
        code_caption=e(_("Recovery code (30 digits):")),
        code="<br/>".join("&nbsp;&nbsp;&nbsp;".join(groups[i : i + 3]) for i in (0, 3)),
        steps="".join(f"<li>{e(s)}</li>" for s in steps),
        prepared=e(_("Prepared by")),
        kept=e(_("Kept in the safe by")),
        sign=e(_("(signature, full name)")),
    )


def sheet_document(info: SheetInfo, code: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultFont(QFont(SHEET_FONT, 13))
    doc.setHtml(sheet_html(info, code))
    return doc


def _a4(printer: QPrinter) -> None:
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(30, 20, 20, 20),  # Decree 30/2020: left 30–35 mm, right 15–20 mm
            QPageLayout.Unit.Millimeter,
        )
    )


def _print(doc: QTextDocument, printer: QPrinter) -> None:
    """Lay the sheet out on the printer's printable area (without a page size, Qt adds 2 cm
    margins of its own inside ours, and a page number)."""
    doc.documentLayout().setPaintDevice(printer)  # lay out in the printer's own units
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(printer.pageLayout().paintRectPixels(printer.resolution()).size()))
    doc.print_(printer)


def save_sheet_pdf(info: SheetInfo, code: str, path: Path) -> Path:
    """Write the sheet as an A4 PDF at `path`."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(_("XaSach recovery sheet"))
    _a4(printer)
    _print(sheet_document(info, code), printer)
    if not path.exists():  # Qt reports a failed PDF only by not writing it
        raise OSError(_("the folder cannot be written to"))
    return path


def print_sheet(parent: QWidget | None, info: SheetInfo, code: str) -> bool:
    """Qt's print dialog, then print; False when the officer cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _a4(printer)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _print(sheet_document(info, code), printer)
    return True


class RecoveryCodeView(QFrame):
    """The 30 digits, large, on one line as on the sheet: six groups read left to right."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("recoveryCodeView")
        row = QHBoxLayout(self)
        row.setSpacing(22)
        row.setContentsMargins(16, 14, 16, 14)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(22)
        font.setBold(True)
        self.group_labels: list[QLabel] = []
        row.addStretch(1)
        for group in code_groups(code):
            label = QLabel(group, self)
            label.setFont(font)
            label.setAccessibleName(" ".join(group))  # screen readers read digit by digit
            row.addWidget(label)
            self.group_labels.append(label)
        row.addStretch(1)

    def text(self) -> str:
        return " ".join(label.text() for label in self.group_labels)


class RecoverySheet(QWidget):
    """The code and two ways to put it on paper; `printed` when either succeeded."""

    printed = Signal()

    def __init__(self, info: SheetInfo, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info, self._code = info, code
        self.code_view = RecoveryCodeView(code, self)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("printSheet")
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("saveSheetPdf")
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.saved_to: Path | None = None
        self._problem: str | None = None
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.code_view)
        layout.addLayout(buttons)
        layout.addWidget(self.note_label)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.print_button.setText(_("&Print…"))
        self.pdf_button.setText(_("Save as P&DF…"))
        if self._problem:
            note = _("The PDF could not be saved: {reason}").format(reason=self._problem)
        elif self.saved_to:
            note = _("Saved to {path}. Print it, then delete the file.").format(path=self.saved_to)
        else:
            note = _(
                "A PDF is for printing on another computer: save it on a USB stick, print it, "
                "then delete the file."
            )
        self.note_label.setText(note)

    def print_sheet(self) -> bool:
        done = print_sheet(self, self.info, self._code)
        if done:
            self.printed.emit()
        return done

    def save_pdf(self) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the recovery sheet as PDF"),
            f"xasach-recovery-{self.info.unit_code}.pdf",
            _("PDF files (*.pdf)"),
        )
        if not name:
            return None
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        try:
            save_sheet_pdf(self.info, self._code, path)
        except OSError as exc:
            self._problem = exc.strerror or str(exc)
            self.retranslate_ui()
            return None
        self.saved_to, self._problem = path, None
        self.retranslate_ui()
        self.printed.emit()
        return path
