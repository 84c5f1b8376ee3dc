"""A commune with a little demo data, built once per session and copied per test (printing
writes the document register and the audit trail)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from xasach.demo.generator import generate_demo
from xasach.services.auth import login
from xasach.store.database import Database
from xasach.store.keyslots import slot_path

from conftest import ADMIN, PASSWORD

TODAY = date(2026, 10, 15)


def copy_db(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    shutil.copyfile(slot_path(source), slot_path(target))
    return target


@pytest.fixture(scope="session")
def demo_template(template: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = copy_db(template[0], tmp_path_factory.mktemp("printing") / "demo.db")
    db = login(path, ADMIN, PASSWORD)
    try:
        generate_demo(db, persons=60, hotspots=8, activities=60, seed=7, today=TODAY)
    finally:
        db.close()
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """The demo commune, logged in as its administrator."""
    db = login(copy_db(demo_template, tmp_path / "demo.db"), ADMIN, PASSWORD)
    yield db
    db.close()


def pdf_text(path: Path) -> list[str]:
    """The text of each page, as a reader (or a search engine) extracts it."""
    return [page.extract_text() for page in PdfReader(path).pages]
