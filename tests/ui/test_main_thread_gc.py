"""The cyclic collector runs on the UI thread only (a worker freeing a widget crashes Qt)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from xasach.ui import main_thread_gc


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _allocate_cycles_in_worker() -> None:
    def churn() -> None:
        junk = []
        for _ in range(50_000):  # far past every generation's threshold
            item: list[object] = []
            item.append(item)
            junk.append(item)

    worker = threading.Thread(target=churn)
    worker.start()
    worker.join()


def test_a_worker_thread_never_collects_and_the_ui_thread_does(
    qapp: QApplication, qtbot: QtBot
) -> None:
    main_thread_gc.install(qapp)
    assert not gc.isenabled()
    cycle = _Cycle()
    freed = weakref.ref(cycle)
    del cycle
    _allocate_cycles_in_worker()
    assert freed() is not None, "a worker thread ran the collector"
    qtbot.waitUntil(lambda: freed() is None, timeout=3000)  # the UI-thread timer did


def test_a_cyclic_widget_is_freed_on_the_ui_thread(qapp: QApplication, qtbot: QtBot) -> None:
    main_thread_gc.install(qapp)
    widget = QWidget()
    widget.me = widget  # type: ignore[attr-defined]  # a cycle through the wrapper
    freed_in: list[threading.Thread] = []
    widget.destroyed.connect(lambda: freed_in.append(threading.current_thread()))
    del widget
    _allocate_cycles_in_worker()
    assert freed_in == []
    qtbot.waitUntil(lambda: freed_in != [], timeout=3000)
    assert freed_in == [threading.main_thread()]


def test_install_is_idempotent_and_stop_gives_collection_back(qapp: QApplication) -> None:
    first = main_thread_gc.install(qapp)
    assert main_thread_gc.install(qapp) is first
    parent = QWidget()
    was_enabled = gc.isenabled()
    own = main_thread_gc.MainThreadCollector(parent)
    assert not gc.isenabled()
    own.stop()
    assert gc.isenabled() == was_enabled
    gc.disable()  # the session's collector stays in charge


def test_collect_if_due_collects_only_past_a_threshold() -> None:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        cycle = _Cycle()
        freed = weakref.ref(cycle)
        del cycle
        assert main_thread_gc.collect_if_due() == 0
        assert freed() is not None  # below every threshold: nothing collected yet
        keep = [[] for _ in range(gc.get_threshold()[0] + 10)]
        assert main_thread_gc.collect_if_due() >= 1
        assert freed() is None
        del keep
    finally:
        if was_enabled:
            gc.enable()
