"""The base of every page in the main window's navigation (Overview, People, Hotspots …)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from xasach.ui.context import AppContext


class Page(QWidget):
    """A page: a title for the navigation, visible strings set in `retranslate_ui`, and a
    guard so unsaved edits are never lost silently when the officer navigates away."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def title(self) -> str:
        raise NotImplementedError

    def retranslate_ui(self) -> None:
        """Set every visible string (re-run on a language change)."""

    def refresh(self) -> None:
        """Reload from the store (called when shown and when the bus says data changed)."""

    def confirm_leave(self) -> bool:
        """True when the page may be left (no unsaved changes, or the officer chose)."""
        return True
