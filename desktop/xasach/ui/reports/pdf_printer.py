"""Sending a finished PDF to a printer through Qt: each page rendered at the printer's
resolution, in the page's own orientation (lists are landscape, decisions portrait)."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRect, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Print every page of `document` on `printer`; returns the pages sent."""
    pages = document.pageCount()
    if pages <= 0:
        return 0
    printer.setFullPage(True)  # the PDF carries its own NĐ 30 margins
    _orient(printer, document, 0)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for page in range(pages):
            if page:
                _orient(printer, document, page)
                printer.newPage()
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            image = document.render(page, QSize(target.width(), target.height()))
            painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
    finally:
        painter.end()
    return pages


def _orient(printer: QPrinter, document: QPdfDocument, page: int) -> None:
    size = document.pagePointSize(page)
    landscape = size.width() > size.height()
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
    )
    printer.setPageLayout(layout)
