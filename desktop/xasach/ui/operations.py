"""Long jobs off the UI thread, with a progress dialog and Cancel (STYLE.md habit 2).

`run_job(parent, title, work, on_done)` runs `work(progress)` in a worker thread; `progress`
is a `Progress` the job calls with (done, total) and checks for cancellation. The result (or
the error) comes back on the UI thread. Anything that may take over ~200 ms goes through here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from xasach.i18n import _


class Cancelled(Exception):  # noqa: N818 - reads as what happened
    """The officer pressed Cancel; the job stopped and changed nothing."""


class Progress:
    """Handed to a job: report progress, and stop when asked."""

    def __init__(self, report: Callable[[int, int], None]) -> None:
        self._report = report
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._report(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(bool, object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.signals = _Signals()
        self.progress = Progress(self.signals.progress.emit)
        self.work = work

    def run(self) -> None:
        try:
            result, ok = self.work(self.progress), True
        except BaseException as exc:  # handed to the UI thread, never lost in the pool
            result, ok = exc, False
        self.signals.finished.emit(ok, result)


def run_job(
    parent: QWidget | None,
    title: str,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    show_after_ms: int = 200,
) -> Progress:
    """Start `work` in the thread pool; returns its Progress (tests may cancel through it)."""
    job = _Job(work)
    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(show_after_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(job.progress.cancel)

    @Slot(int, int)
    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)

    @Slot(bool, object)
    def finished(ok: bool, value: object) -> None:
        dialog.close()
        dialog.deleteLater()
        if ok:
            on_done(value)
        elif on_error is not None and isinstance(value, BaseException):
            on_error(value)

    job.signals.progress.connect(progressed, Qt.ConnectionType.QueuedConnection)
    job.signals.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
    dialog._job = job  # type: ignore[attr-defined]  # keep the signals alive with the dialog
    QThreadPool.globalInstance().start(job)
    return job.progress
