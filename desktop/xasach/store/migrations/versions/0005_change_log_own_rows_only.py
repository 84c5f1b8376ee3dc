"""change log only where rows are sent on

The change log is this installation's outbox. At the upper level every merged row would
otherwise be logged a second time (nothing is sent on from there yet), doubling the cost of
an import; so the triggers now stay silent in an upper-level installation.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 23:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SYNCED_TABLES = (
    "village",
    "person",
    "episode",
    "drug_test",
    "hotspot",
    "hotspot_event",
    "hotspot_person",
    "activity",
    "activity_village",
    "period_figures",
)
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
_COLUMNS = "table_name, row_id, op, row_version, unit_code, changed_at"
_SENDS = "COALESCE((SELECT value FROM setting WHERE key = 'mode'), 'commune') <> 'upper'"


def _triggers(table: str, guard: str) -> list[str]:
    insert_when = f"WHEN {guard}" if guard else ""
    update_when = "WHEN (NEW.version IS NOT OLD.version OR NEW.deleted_at IS NOT OLD.deleted_at)"
    if guard:
        update_when += f" AND {guard}"
    return [
        f"""CREATE TRIGGER trg_{table}_log_insert AFTER INSERT ON {table}
        {insert_when}
        BEGIN
            INSERT INTO change_log ({_COLUMNS})
            VALUES ('{table}', NEW.id, 'I', NEW.version, NEW.unit_code, {_NOW});
        END""",
        f"""CREATE TRIGGER trg_{table}_log_update AFTER UPDATE ON {table}
        {update_when}
        BEGIN
            INSERT INTO change_log ({_COLUMNS})
            VALUES ('{table}', NEW.id,
                    CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL
                         THEN 'D' ELSE 'U' END,
                    NEW.version, NEW.unit_code, {_NOW});
        END""",
        f"""CREATE TRIGGER trg_{table}_log_delete AFTER DELETE ON {table}
        {insert_when}
        BEGIN
            INSERT INTO change_log ({_COLUMNS})
            VALUES ('{table}', OLD.id, 'X', OLD.version, OLD.unit_code, {_NOW});
        END""",
    ]


def _replace(guard: str) -> None:
    for table in SYNCED_TABLES:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_log_{name}")
        for statement in _triggers(table, guard):
            op.execute(statement)


def upgrade() -> None:
    _replace(_SENDS)


def downgrade() -> None:
    _replace("")
