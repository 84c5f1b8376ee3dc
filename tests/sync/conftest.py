"""Fixtures for sync tests: two communes of Hà Nội and their upper level, keys exchanged.

Built once per test session through the real services (setup, demo data, key cards read and
verified), then copied per test like `tests/conftest.py` does, key slot files included:

- `commune`   — commune 00070 "Phường Hoàn Kiếm", logged in as ADMIN (a `Database`);
- `commune_b` — commune 00073 "Phường Cửa Nam", logged in as ADMIN;
- `upper`     — the upper level "01" (Thành phố Hà Nội), logged in as ADMIN;
- `sync_dir`  — an empty folder for bundles, receipts and key cards (a `Path`).

Each commune has enrolled and verified the upper level's card; the upper level has enrolled and
verified both communes' cards. Each commune holds a little demo data (nothing exported yet).

Session-wide, read-only: `sync_templates` (the template files and every side's `OwnKeys`, to
forge bundles and receipts with `bundle_format.seal` / `receipt_format.make_receipt`) and
`commune_bundle` / `commune_b_bundle` (the bytes of each commune's first bundle, encrypted to
the upper level; valid against every fresh `upper`).

Helpers: `snapshot(db)` (every row of every table, to prove a refusal changed nothing),
`open_copy(source, folder)`, `own_keys(db)`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from xasach.demo.generator import generate_demo
from xasach.services import sync_export, sync_keys
from xasach.services.auth import login, setup_secure
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.store.database import Database
from xasach.store.keyslots import slot_path
from xasach.sync.keys import OwnKeys

ADMIN = "admin"
PASSWORD = "mat-khau-thu-nghiem"
COMMUNE_CODE = "00070"
COMMUNE_NAME = "Phường Hoàn Kiếm"
COMMUNE_B_CODE = "00073"
COMMUNE_B_NAME = "Phường Cửa Nam"
UPPER_CODE = "01"
UPPER_NAME = "Thành phố Hà Nội"
#: Small on purpose: enough rows of every synced table, cheap to build and to export.
DEMO = {"persons": 12, "hotspots": 3, "activities": 4}


@dataclass(frozen=True)
class SyncTemplates:
    """The session's template installations (never opened by tests) and their keys."""

    commune: Path
    commune_b: Path
    upper: Path
    commune_keys: OwnKeys
    commune_b_keys: OwnKeys
    upper_keys: OwnKeys


def copy_installation(source: Path, target: Path) -> Path:
    """Copy a data file and its key slot file (login needs both)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    shutil.copyfile(slot_path(source), slot_path(target))
    return target


def open_copy(source: Path, folder: Path) -> Database:
    """A fresh copy of a template in `folder`, logged in as ADMIN (the caller closes it)."""
    return login(copy_installation(source, folder / source.name), ADMIN, PASSWORD)


def own_keys(db: Database) -> OwnKeys:
    with db.session() as s:
        return sync_keys.ensure_own_keys(s)


def snapshot(db: Database, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (virtual and shadow tables included), in a stable order."""
    with db.reader() as s:
        conn = s.connection()
        tables = [
            name
            for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if name not in skip
        ]
        return {
            t: sorted((tuple(r) for r in conn.exec_driver_sql(f'SELECT * FROM "{t}"')), key=repr)
            for t in tables
        }


def _build(folder: Path) -> SyncTemplates:
    paths = {
        COMMUNE_CODE: folder / "commune.db",
        COMMUNE_B_CODE: folder / "commune_b.db",
        UPPER_CODE: folder / "upper.db",
    }
    for (code, path), mode in zip(
        paths.items(), (MODE_COMMUNE, MODE_COMMUNE, MODE_UPPER), strict=True
    ):
        setup_secure(path, mode=mode, unit_code=code, admin=ADMIN, password=PASSWORD)
    dbs = {code: login(path, ADMIN, PASSWORD) for code, path in paths.items()}
    try:
        cards = folder / "cards"
        cards.mkdir()
        card = {code: sync_keys.export_card(db, cards) for code, db in dbs.items()}
        upper = dbs[UPPER_CODE]
        for seed, code in enumerate((COMMUNE_CODE, COMMUNE_B_CODE), start=1):
            generate_demo(dbs[code], **DEMO, seed=seed)
            sync_keys.import_card(dbs[code], card[UPPER_CODE], verified=True)
            sync_keys.import_card(upper, card[code], verified=True)
        keys = {code: own_keys(db) for code, db in dbs.items()}
    finally:
        for db in dbs.values():
            db.close()
    return SyncTemplates(
        paths[COMMUNE_CODE],
        paths[COMMUNE_B_CODE],
        paths[UPPER_CODE],
        keys[COMMUNE_CODE],
        keys[COMMUNE_B_CODE],
        keys[UPPER_CODE],
    )


@pytest.fixture(scope="session")
def sync_templates(tmp_path_factory: pytest.TempPathFactory) -> SyncTemplates:
    return _build(tmp_path_factory.mktemp("sync-templates"))


def _first_bundle(source: Path, folder: Path) -> bytes:
    db = open_copy(source, folder)
    try:
        result = sync_export.export_bundle(db, folder / "out")
        assert result is not None
        return result.path.read_bytes()
    finally:
        db.close()


@pytest.fixture(scope="session")
def commune_bundle(
    sync_templates: SyncTemplates, tmp_path_factory: pytest.TempPathFactory
) -> bytes:
    """Commune 00070's first bundle (all its demo data), as the upper level receives it."""
    return _first_bundle(sync_templates.commune, tmp_path_factory.mktemp("bundle-a"))


@pytest.fixture(scope="session")
def commune_b_bundle(
    sync_templates: SyncTemplates, tmp_path_factory: pytest.TempPathFactory
) -> bytes:
    """Commune 00073's first bundle."""
    return _first_bundle(sync_templates.commune_b, tmp_path_factory.mktemp("bundle-b"))


def _opened(source: Path, folder: Path) -> Iterator[Database]:
    db = open_copy(source, folder)
    yield db
    db.close()


@pytest.fixture
def commune(sync_templates: SyncTemplates, tmp_path: Path) -> Iterator[Database]:
    """Commune 00070 "Phường Hoàn Kiếm" (demo data, upper level enrolled and verified)."""
    yield from _opened(sync_templates.commune, tmp_path / "commune")


@pytest.fixture
def commune_b(sync_templates: SyncTemplates, tmp_path: Path) -> Iterator[Database]:
    """Commune 00073 "Phường Cửa Nam" (demo data, upper level enrolled and verified)."""
    yield from _opened(sync_templates.commune_b, tmp_path / "commune_b")


@pytest.fixture
def upper(sync_templates: SyncTemplates, tmp_path: Path) -> Iterator[Database]:
    """Upper level "01" (both communes' keys enrolled and verified, nothing imported)."""
    yield from _opened(sync_templates.upper, tmp_path / "upper")


@pytest.fixture
def sync_dir(tmp_path: Path) -> Path:
    """An empty folder for bundles, receipts and key cards."""
    folder = tmp_path / "sync"
    folder.mkdir()
    return folder
