"""Fixtures of the import/export tests: the commune's villages and one person already on file,
as the sample office files in tests/fixtures/ expect (tools/make_tabular_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from xasach.services.people import create_person
from xasach.services.villages import add_villages

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VILLAGES = ("Thôn Đông Hưng", "Thôn Tây Sơn", "Tổ dân phố 3")


@pytest.fixture
def commune(db):
    """The villages of the sample files and "Trần Thị Lan" (1985) already on file."""
    with db.session() as s:
        lines = add_villages(s, VILLAGES)
        create_person(s, full_name="Trần Thị Lan", birth_year=1985, sex="F")
    return {line.name: line.id for line in lines}


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def other_db(template, tmp_path):
    """A second, empty installation of the same commune (to import an export into)."""
    import shutil

    from xasach.services.auth import login
    from xasach.store.keyslots import slot_path

    from conftest import ADMIN, PASSWORD

    source, _code = template
    target = tmp_path / "other" / "commune.db"
    target.parent.mkdir()
    shutil.copyfile(source, target)
    shutil.copyfile(slot_path(source), slot_path(target))
    database = login(target, ADMIN, PASSWORD)
    with database.session() as s:
        add_villages(s, VILLAGES)
    yield database
    database.close()
