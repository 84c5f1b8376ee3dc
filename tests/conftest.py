"""Shared fixtures: one encrypted installation built through the migrations per test session,
copied per test (STYLE.md habit 4: tests use the same migrations as real users)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Key slots made by the tests use a fast Argon2id profile; tests/store/test_kdf.py checks the
# real calibration and its RFC 9106 floor.
os.environ.setdefault("XASACH_KDF_PROFILE", "test")

from xasach.i18n import set_language
from xasach.services.auth import login, setup_secure
from xasach.services.setup import MODE_COMMUNE
from xasach.store.database import Database
from xasach.store.keyslots import slot_path

COMMUNE_CODE = "00070"
COMMUNE_NAME = "Phường Hoàn Kiếm"
ADMIN = "admin"
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(database path, recovery code) of a fresh encrypted commune installation."""
    path = tmp_path_factory.mktemp("template") / "commune.db"
    result = setup_secure(
        path, mode=MODE_COMMUNE, unit_code=COMMUNE_CODE, admin=ADMIN, password=PASSWORD
    )
    return path, result.recovery_code


@pytest.fixture
def recovery_code(template: tuple[Path, str]) -> str:
    return template[1]


@pytest.fixture
def db_path(template: tuple[Path, str], tmp_path: Path) -> Path:
    source, _ = template
    target = tmp_path / "commune.db"
    shutil.copyfile(source, target)
    shutil.copyfile(slot_path(source), slot_path(target))
    return target


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """The installation, logged in as its administrator."""
    database = login(db_path, ADMIN, PASSWORD)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def _collect_on_ui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Qt tests run with the app's UI-thread garbage collector (see ui/main_thread_gc.py):
    a worker thread must never be the one that frees a widget. Once Qt is up, collection
    stays on the main thread for the rest of the session, so every test ends with one."""
    if {"qtbot", "qapp"} & set(request.fixturenames):
        from xasach.ui import main_thread_gc

        main_thread_gc.install(request.getfixturevalue("qapp"))
    yield
    if "xasach.ui.main_thread_gc" in sys.modules:
        sys.modules["xasach.ui.main_thread_gc"].collect_if_due()


@pytest.fixture(autouse=True)
def _vietnamese_by_default() -> Iterator[None]:
    """Each test starts in the default language, whatever the previous one chose."""
    set_language("vi")
    yield
    set_language("vi")
