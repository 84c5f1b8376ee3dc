"""The audit viewer: entries newest first with translated labels, filters and paging done in
SQL, the chain check, and no way in for a role that may not see the trail."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select, text

from xasach.domain.roles import PermissionDenied
from xasach.services.auth import add_user, login
from xasach.services.people import create_person
from xasach.store.models import AuditEntry
from xasach.ui import audit_viewer as viewer_module
from xasach.ui.audit_viewer import ACTION_LABELS, AuditTableModel, AuditViewer, action_label
from xasach.ui.main_window import MainWindow

from conftest import ADMIN, COMMUNE_CODE, COMMUNE_NAME, PASSWORD

POLICE = "congan.xa"


def make_history(db, n: int = 3) -> None:
    with db.session() as s:
        for i in range(n):
            create_person(s, full_name=f"Người thứ {i}")


def entry_count(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


@pytest.fixture
def police_db(db):
    add_user(db, POLICE, PASSWORD, "police")
    police = login(db.path, POLICE, PASSWORD)
    yield police
    police.close()


@pytest.fixture
def viewer(qtbot, db):
    make_history(db)
    viewer = AuditViewer(db)
    qtbot.addWidget(viewer)
    return viewer


@pytest.fixture
def filters_seen(monkeypatch):
    """The AuditFilter each query was given: proof the filtering happens in SQL."""
    seen = []
    real = viewer_module.audit_entries

    def spy(db, flt, **kwargs):
        seen.append(flt)
        return real(db, flt, **kwargs)

    monkeypatch.setattr(viewer_module, "audit_entries", spy)
    return seen


def column(viewer: AuditViewer, col: int) -> list[str]:
    model = viewer.model
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


def test_every_entry_is_listed_newest_first_with_translated_labels(viewer, db):
    seqs = [int(s) for s in column(viewer, AuditTableModel.SEQ)]
    assert len(seqs) == entry_count(db) and seqs == sorted(seqs, reverse=True)
    assert column(viewer, AuditTableModel.ACTION)[-1] == "Cài đặt ban đầu"  # setup comes first
    assert "Đăng nhập" in column(viewer, AuditTableModel.ACTION)
    assert "Người" in column(viewer, AuditTableModel.ENTITY)
    assert all(
        re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", t) for t in column(viewer, AuditTableModel.TIME)
    )
    headers = [
        viewer.model.headerData(c, viewer_module.Qt.Orientation.Horizontal) for c in range(6)
    ]
    assert headers[:3] == ["STT", "Thời gian", "Người dùng"]


def test_every_action_name_has_a_vietnamese_label():
    for action in ACTION_LABELS:
        assert action_label(action) != ACTION_LABELS[action], action
    assert action_label("something_new") == "something_new"


def test_filtering_by_user_happens_in_sql(qtbot, db, police_db, filters_seen):
    viewer = AuditViewer(db)
    qtbot.addWidget(viewer)
    viewer.user_box.setEditText(POLICE)
    viewer.reload()
    assert filters_seen[-1].username == POLICE
    assert column(viewer, AuditTableModel.USER) == [POLICE]  # the police officer's login
    assert POLICE in [viewer.user_box.itemText(i) for i in range(viewer.user_box.count())]


def test_filtering_by_action_happens_in_sql(viewer, filters_seen):
    viewer.action_box.setCurrentIndex(viewer.action_box.findData("create"))
    viewer.reload()
    assert filters_seen[-1].action == "create"
    assert column(viewer, AuditTableModel.ACTION) == ["Thêm mới"] * 3


def test_a_filter_change_reloads_by_itself(qtbot, viewer):
    viewer.action_box.setCurrentIndex(viewer.action_box.findData("login"))
    qtbot.waitUntil(lambda: column(viewer, AuditTableModel.ACTION) == ["Đăng nhập"])


def test_dates_filter_whole_local_days(viewer, db, filters_seen):
    today = QDate.currentDate()
    viewer.since_check.setChecked(True)
    viewer.since_edit.setDate(today.addDays(1))
    viewer.reload()
    assert viewer.model.rowCount() == 0
    assert filters_seen[-1].since.tzinfo is not None
    viewer.since_edit.setDate(today)
    viewer.until_check.setChecked(True)
    viewer.until_edit.setDate(today)
    viewer.reload()
    assert viewer.model.rowCount() == entry_count(db)
    assert filters_seen[-1].until > datetime.now(UTC)
    assert viewer.since_edit.displayFormat() == "dd/MM/yyyy"


def test_pages_load_on_request(qtbot, db):
    make_history(db, 4)
    viewer = AuditViewer(db, page_size=3)
    qtbot.addWidget(viewer)
    assert viewer.model.rowCount() == 3 and viewer.more_button.isEnabled()
    while viewer.more_button.isEnabled():
        viewer.more_button.click()
    seqs = [int(s) for s in column(viewer, AuditTableModel.SEQ)]
    assert len(seqs) == entry_count(db) == len(set(seqs))
    assert str(entry_count(db)) in viewer.count_label.text()


def wait_for_verdict(qtbot, viewer: AuditViewer) -> str:
    viewer.verify_button.click()
    qtbot.waitUntil(lambda: viewer.verify_button.isEnabled(), timeout=10_000)
    return viewer.verdict_label.text()


def test_verify_reports_an_intact_chain_with_its_count(qtbot, viewer, db):
    verdict = wait_for_verdict(qtbot, viewer)
    assert "nguyên vẹn" in verdict and str(entry_count(db)) in verdict


def test_verify_names_the_first_edited_entry(qtbot, viewer, db):
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER trg_audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET username = 'someone_else' WHERE seq = 2"))
    verdict = wait_for_verdict(qtbot, viewer)
    assert "mục 2" in verdict and "bị sửa" in verdict


def test_a_non_administrator_is_refused_by_the_service(police_db):
    with pytest.raises(PermissionDenied):
        AuditViewer(police_db)


def test_the_menu_shows_the_audit_trail_to_administrators_only(qtbot, db, police_db):
    admin = MainWindow(COMMUNE_NAME, COMMUNE_CODE, db.path, db=db)
    police = MainWindow(COMMUNE_NAME, COMMUNE_CODE, db.path, db=police_db)
    qtbot.addWidget(admin)
    qtbot.addWidget(police)
    assert admin.audit_action.isVisible() and admin.tools_menu.menuAction().isVisible()
    assert not police.audit_action.isVisible()
    assert not police.tools_menu.menuAction().isVisible()


def test_opening_it_anyway_as_a_non_administrator_is_a_message(qtbot, police_db, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args))
    window = MainWindow(COMMUNE_NAME, COMMUNE_CODE, police_db.path, db=police_db)
    qtbot.addWidget(window)
    assert window.open_audit_viewer() is None
    ((_parent, _title, message),) = shown
    assert "quản trị" in message.lower()


def test_the_administrator_opens_one_viewer_from_the_menu(qtbot, db):
    window = MainWindow(COMMUNE_NAME, COMMUNE_CODE, db.path, db=db)
    qtbot.addWidget(window)
    window.audit_action.trigger()
    viewer = window.audit_viewer
    assert viewer is not None and viewer.isVisible()
    assert window.open_audit_viewer() is viewer
    assert ADMIN in column(viewer, AuditTableModel.USER)
    viewer.close()
    make_history(db, 1)
    assert window.open_audit_viewer() is viewer and viewer.isVisible()
    assert column(viewer, AuditTableModel.ACTION)[0] == "Thêm mới"  # re-read on opening
