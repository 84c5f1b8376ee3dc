"""Python's cyclic garbage collector, run only on the UI thread.

Why: CPython collects cycles in whichever thread happens to allocate when a threshold is
crossed. If that is a worker thread (a backup, a login, the first-run set-up) and the cycle
holds a Qt widget, the widget's C++ destructor runs off the UI thread and the process dies
with a segmentation fault (seen in CI during the wizard's set-up job). So while the app runs,
automatic collection is off and a timer on the UI thread does the same work at the same
thresholds (the pattern pyqtgraph's GarbageCollector uses).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


def collect_if_due() -> int:
    """Collect the oldest generation whose count passed its threshold; objects freed.

    Must be called on the UI thread. Mirrors what the interpreter would have done itself.
    """
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    for generation in (2, 1, 0):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            return gc.collect(generation)
    return 0


class MainThreadCollector(QObject):
    """Turns automatic collection off and collects from a UI-thread timer instead."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(collect_if_due)
        self._timer.start()

    def stop(self) -> None:
        """Collect once more here and give collection back to the interpreter."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()


def install(parent: QObject) -> MainThreadCollector:
    """One collector per application (idempotent: a second call returns the first)."""
    existing = parent.findChild(MainThreadCollector)
    if isinstance(existing, MainThreadCollector):
        return existing
    return MainThreadCollector(parent)
