"""Long jobs run off the UI thread, report progress, and can be cancelled."""

import threading
import time

from xasach.ui.operations import Cancelled, run_job


def test_job_runs_off_the_ui_thread_and_returns_its_result(qtbot):
    ui_thread = threading.get_ident()
    seen = {}

    def work(progress):
        seen["thread"] = threading.get_ident()
        for i in range(3):
            progress(i + 1, 3)
        return 42

    run_job(None, "Đang làm…", work, lambda value: seen.setdefault("result", value))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42 and seen["thread"] != ui_thread


def test_cancel_stops_the_job_and_reports_cancelled(qtbot):
    errors = []
    started = threading.Event()

    def work(progress):
        started.set()
        for i in range(1000):
            time.sleep(0.005)
            progress(i, 1000)
        return "finished"

    progress = run_job(None, "…", work, lambda value: errors.append(value), errors.append)
    started.wait(5)
    progress.cancel()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], Cancelled)


def test_an_error_reaches_the_ui_thread(qtbot):
    errors = []

    def work(progress):
        raise ValueError("hỏng")

    run_job(None, "…", work, lambda value: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "hỏng"
