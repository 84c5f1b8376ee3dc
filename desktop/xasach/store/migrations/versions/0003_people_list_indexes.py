"""people list indexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 22:29:08.128865
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain CREATE INDEX, not batch mode: a batch "move and copy" would drop the person
    # table's change-log and search triggers.
    where = sa.text("deleted_at IS NULL")
    op.create_index("ix_person_list_name", "person", ["search_folded", "id"], sqlite_where=where)
    op.create_index(
        "ix_person_list_status", "person", ["status", "search_folded", "id"], sqlite_where=where
    )
    op.create_index(
        "ix_person_list_village",
        "person",
        ["village_id", "search_folded", "id"],
        sqlite_where=where,
    )


def downgrade() -> None:
    for name in ("ix_person_list_village", "ix_person_list_status", "ix_person_list_name"):
        op.drop_index(name, table_name="person")
