"""The file choosers and the notice of the import/export screens, in one module so tests can
answer them (monkeypatch `files.choose_open`, `files.choose_save`, `files.tell`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from xasach.i18n import _


def choose_open(parent: QWidget | None) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Choose the list to import"),
        "",
        _("Excel or CSV lists (*.xlsx *.xlsm *.csv *.txt);;All files (*)"),
    )
    return Path(name) if name else None


def choose_save(
    parent: QWidget | None, title: str, suggested: str, *, csv: bool = True
) -> Path | None:
    """A file name to write; the type chosen in the dialog adds its suffix when missing."""
    excel, text = _("Excel workbook (*.xlsx)"), _("CSV, UTF-8 (*.csv)")
    filters = f"{excel};;{text}" if csv else excel
    name, chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".csv" if chosen == text else ".xlsx")
    return path


def tell(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
