"""What the window shows about where the data lives, and the frozen build's smoke hook.

Portable mode (a `XaSachData` folder beside XaSach.exe, e.g. on a USB stick) must be visible:
an officer who sees "Portable" knows the data travels with the stick and not with this PC.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from xasach.i18n import _
from xasach.paths import portable_data_dir, resources_dir

#: Environment variable read by `installer/smoke_test.py`: close every window after N ms.
SMOKE_QUIT_ENV = "XASACH_SMOKE_QUIT_MS"


class PortableBadge(QLabel):
    """Status-bar label "Portable: <folder>", retranslated when the language changes."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setObjectName("statusPortable")
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setText(_("Portable: {folder}").format(folder=self.folder))
        self.setToolTip(
            _(
                "XaSach runs from this folder (e.g. a USB stick) and keeps its data, encrypted, "
                "in {folder}. Close XaSach before you unplug the stick."
            ).format(folder=self.folder)
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "xasach.png"))


def use_portable_settings() -> Path | None:
    """In portable mode the officer's settings (language, auto-lock) go into an INI file in
    the portable data folder rather than this PC's registry; returns that folder."""
    folder = portable_data_dir()
    if folder is not None:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


def show_portable(window: QMainWindow) -> None:
    """Add the badge to the window's status bar when running portable."""
    folder = portable_data_dir()
    if folder is not None:
        window.statusBar().addPermanentWidget(PortableBadge(folder, window))


def quit_later_for_smoke_test(app: QApplication) -> None:
    """`XASACH_SMOKE_QUIT_MS=N`: after N ms, name the visible windows on stderr and close them
    (a login or wizard closes as if cancelled). Lets the frozen build's smoke test prove that
    Qt, its platform plugin and the first window start, with no one at the keyboard."""
    delay = os.environ.get(SMOKE_QUIT_ENV, "")
    if not delay.isdigit():
        return

    def close_all() -> None:
        shown = [w.metaObject().className() for w in app.topLevelWidgets() if w.isVisible()]
        if sys.stderr is not None:  # None in a Windows program without a console
            line = f"smoke: platform={app.platformName()} windows={','.join(shown)}"
            print(line, file=sys.stderr)
        app.closeAllWindows()

    QTimer.singleShot(int(delay), app, close_all)
