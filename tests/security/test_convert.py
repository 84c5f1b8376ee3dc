"""A plain database from step 1 is encrypted in place, safely."""

import pytest
from sqlalchemy import select

from xasach.domain.roles import SYSTEM
from xasach.services.auth import login
from xasach.services.convert import encrypt_plain_database
from xasach.services.setup import MODE_COMMUNE, init_installation
from xasach.store.database import Database
from xasach.store.errors import StoreError
from xasach.store.models import Person

from conftest import ADMIN, PASSWORD


@pytest.fixture
def plain(tmp_path):
    path = tmp_path / "old.db"
    init_installation(path, mode=MODE_COMMUNE, unit_code="00070")
    db = Database.open(path)
    db.actor = SYSTEM
    with db.session() as s:
        s.add(Person(unit_code="00070", full_name="Nguyễn Văn Đức"))
    db.close()
    return path


def test_plain_database_is_encrypted_with_nothing_lost(plain):
    code = encrypt_plain_database(plain, admin=ADMIN, password=PASSWORD)
    assert len(code.replace(" ", "")) == 30
    assert not plain.read_bytes().startswith(b"SQLite format 3")
    assert "Nguyễn".encode() not in plain.read_bytes()
    assert sorted(p.name for p in plain.parent.iterdir()) == [
        "old.db",
        "old.db.keys",
        "old.db.lock",
    ]
    assert plain.with_name("old.db.lock").stat().st_size == 0  # the lock holds no data
    db = login(plain, ADMIN, PASSWORD)
    with db.reader() as s:
        assert s.scalars(select(Person.full_name)).all() == ["Nguyễn Văn Đức"]
    db.close()


def test_login_on_a_plain_database_says_to_encrypt_it(plain):
    with pytest.raises(StoreError) as err:
        login(plain, ADMIN, PASSWORD)
    assert "xasach encrypt" in err.value.message


def test_an_encrypted_database_is_not_encrypted_twice(plain):
    encrypt_plain_database(plain, admin=ADMIN, password=PASSWORD)
    with pytest.raises(StoreError):
        encrypt_plain_database(plain, admin=ADMIN, password=PASSWORD)
