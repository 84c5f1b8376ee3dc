"""document register and report notes

Printing keeps two local tables (never synced): the per-year register of document numbers
(sổ đăng ký văn bản, NĐ 30/2020) and the free-text sections of periodic reports.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_register",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=40), nullable=False),
        sa.Column("symbol", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("ref_key", sa.String(length=80), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("issued_at", sa.String(length=27), nullable=False),
        sa.Column("issued_by", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_register")),
        sa.UniqueConstraint("year", "series", "number", name="uq_document_register_number"),
    )
    op.create_index("ix_document_register_ref", "document_register", ["form", "ref_key"])
    op.create_table(
        "report_note",
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("section", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("updated_by", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("period", "section", name=op.f("pk_report_note")),
    )


def downgrade() -> None:
    op.drop_table("report_note")
    op.drop_index("ix_document_register_ref", table_name="document_register")
    op.drop_table("document_register")
