"""The audit trail is append-only, hash-chained, and `audit verify` pinpoints an edit."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from xasach.cli import main
from xasach.services.people import create_person
from xasach.store import audit
from xasach.store.models import AuditEntry

from conftest import ADMIN, PASSWORD


def make_history(db, n=5):
    with db.session() as s:
        for i in range(n):
            create_person(s, full_name=f"Người thứ {i}")


def test_every_change_is_recorded_with_who_and_the_record_id(db):
    make_history(db, 2)
    with db.reader() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "create")).all()
    assert len(entries) == 2
    assert all(
        e.username == ADMIN and e.entity == "person" and len(e.entity_id) == 36 for e in entries
    )
    assert all("Người" not in e.detail for e in entries)  # ids, never the sensitive content


def test_clean_trail_verifies(db):
    make_history(db)
    with db.reader() as s:
        verdict = audit.verify(s)
    assert verdict.ok and verdict.entries >= 6


def test_sqlite_refuses_to_edit_or_delete_an_entry(db):
    make_history(db, 1)
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET username = 'x' WHERE seq = 1"))
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 1"))


def tamper(db, sql):
    """An insider with the key drops the guard and edits the trail."""
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER trg_audit_log_no_update"))
        conn.execute(text("DROP TRIGGER trg_audit_log_no_delete"))
        conn.execute(text(sql))


def test_an_edited_entry_is_pinpointed(db):
    make_history(db)
    tamper(db, "UPDATE audit_log SET username = 'someone_else' WHERE seq = 4")
    with db.reader() as s:
        verdict = audit.verify(s)
    assert not verdict.ok and verdict.first_broken == 4 and "edited" in verdict.reason


def test_a_removed_entry_is_pinpointed(db):
    make_history(db)
    tamper(db, "DELETE FROM audit_log WHERE seq = 3")
    with db.reader() as s:
        verdict = audit.verify(s)
    assert not verdict.ok and verdict.first_broken == 4


def test_audit_verify_command(db, capsys, monkeypatch):
    monkeypatch.setenv("XASACH_PASSWORD", PASSWORD)
    make_history(db)
    assert main(["--db", str(db.path), "--lang", "en", "audit", "verify"]) == 0
    assert "OK" in capsys.readouterr().out
    tamper(db, "UPDATE audit_log SET action = 'nothing' WHERE seq = 2")
    assert main(["--db", str(db.path), "--lang", "en", "audit", "verify"]) == 1
    assert "entry 2" in capsys.readouterr().out
