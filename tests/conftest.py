"""Shared fixtures: one database built through the migrations per test session, copied per test
(STYLE.md habit 4: tests use the same migrations as real users)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from xasach.i18n import set_language
from xasach.services.setup import MODE_COMMUNE, init_installation
from xasach.store.database import Database

COMMUNE_CODE = "00070"
COMMUNE_NAME = "Phường Hoàn Kiếm"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "commune.db"
    init_installation(path, mode=MODE_COMMUNE, unit_code=COMMUNE_CODE)
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "commune.db"
    shutil.copyfile(template_db, target)
    return target


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database.open(db_path)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def _vietnamese_by_default() -> Iterator[None]:
    """Each test starts in the default language, whatever the previous one chose."""
    set_language("vi")
    yield
    set_language("vi")
