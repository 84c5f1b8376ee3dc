"""The start-up and weekly checks find a damaged file and report it instead of raising."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from xasach.domain.roles import SYSTEM
from xasach.services.auth import login
from xasach.store import health
from xasach.store.database import Database
from xasach.store.engine import create_store_engine
from xasach.store.keyslots import slot_path
from xasach.store.models import Person

from conftest import ADMIN, PASSWORD

PAGE = 4096


@pytest.fixture(scope="module")
def filled_source(
    template: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, bytes]:
    """(path, key) of a closed database with enough people to span a few hundred pages,
    built once per module."""
    path = tmp_path_factory.mktemp("health") / "commune.db"
    shutil.copyfile(template[0], path)
    shutil.copyfile(slot_path(template[0]), slot_path(path))
    db = login(path, ADMIN, PASSWORD)
    db.actor = SYSTEM
    with db.session(audit_rows=False) as s:
        for i in range(1500):
            s.add(Person(unit_code="00070", full_name=f"Nguyễn Thị Ánh Tuyết {i:05d}"))
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    assert db.key is not None
    return path, db.key


@pytest.fixture
def filled(filled_source: tuple[Path, bytes], tmp_path: Path) -> tuple[Path, bytes]:
    """A copy of the filled database for one test to damage."""
    source, key = filled_source
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    return path, key


def unchecked(path: Path, key: bytes | None) -> Database:
    """A Database on the file without Database.open's own refusal of damaged files."""
    return Database(path, create_store_engine(path, key), key)


def damage(path: Path, offset: int, length: int = 64) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(os.urandom(length))


def test_sound_database_has_no_problems(filled):
    db = unchecked(*filled)
    try:
        assert health.quick_check(db) == []
        assert health.full_check(db) == []
        assert health.quick_check(db.engine) == []
    finally:
        db.close()


@pytest.mark.parametrize("fraction", [0.25, 0.5, 0.75])
def test_bytes_overwritten_in_the_middle_are_reported(filled, fraction):
    path, key = filled
    size = path.stat().st_size
    assert size > 100 * PAGE
    damage(path, int(size * fraction))
    db = unchecked(path, key)
    try:
        quick = health.quick_check(db)
        full = health.full_check(db)
    finally:
        db.close()
    assert quick and all(isinstance(p, str) and p for p in quick)
    assert any("HMAC" in p for p in full), full


def test_random_damage_never_raises(filled, tmp_path):
    """Damage anywhere (the header, the schema, data pages) is a list of problems, never an
    exception; and with the wrong key, too."""
    path, key = filled
    size = path.stat().st_size
    rng = random.Random(20260)
    offsets = [0, 16, PAGE + 10, 3 * PAGE + 100] + [rng.randrange(size) for _ in range(8)]
    for n, offset in enumerate(offsets):
        copy = tmp_path / f"damaged-{n}.db"
        shutil.copyfile(path, copy)
        damage(copy, offset, rng.choice([1, 16, 200]))
        db = unchecked(copy, key)
        try:
            assert health.quick_check(db), offset
            assert health.full_check(db), offset
        finally:
            db.close()
    wrong = unchecked(path, bytes(32))
    try:
        assert health.quick_check(wrong) and health.full_check(wrong)
    finally:
        wrong.close()


def test_unencrypted_database_is_checked_too(tmp_path):
    engine = create_store_engine(tmp_path / "plain.db")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
    try:
        assert health.quick_check(engine) == [] and health.full_check(engine) == []
    finally:
        engine.dispose()
