"""sync keys and bundles

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_peer",
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("age_recipient", sa.String(length=100), nullable=False),
        sa.Column("sign_public", sa.String(length=64), nullable=False),
        sa.Column("card_created", sa.String(length=10), nullable=False),
        sa.Column("imported_at", sa.String(length=27), nullable=False),
        sa.Column("imported_by", sa.String(length=40), nullable=False),
        sa.Column("verified_at", sa.String(length=27), nullable=True),
        sa.Column("verified_by", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_sync_peer")),
    )
    op.create_index(op.f("ix_sync_peer_unit_code"), "sync_peer", ["unit_code"], unique=False)
    op.create_table(
        "bundle_in",
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("sender_unit", sa.String(length=5), nullable=False),
        sa.Column("sender_key_id", sa.String(length=32), nullable=False),
        sa.Column("epoch", sa.String(length=40), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("bundle_hash", sa.String(length=64), nullable=False),
        sa.Column("prev_bundle_hash", sa.String(length=64), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("made_at", sa.String(length=27), nullable=False),
        sa.Column("received_at", sa.String(length=27), nullable=False),
        sa.Column("received_by", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("applied", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("bundle_id", name=op.f("pk_bundle_in")),
    )
    op.create_index(op.f("ix_bundle_in_sender_unit"), "bundle_in", ["sender_unit"], unique=False)
    op.create_index(op.f("ix_bundle_in_state"), "bundle_in", ["state"], unique=False)
    op.create_table(
        "bundle_out",
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("epoch", sa.String(length=40), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("bundle_hash", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("acked_at", sa.String(length=27), nullable=True),
        sa.Column("acked_seq", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("bundle_id", name=op.f("pk_bundle_out")),
    )


def downgrade() -> None:
    op.drop_table("bundle_out")
    op.drop_index(op.f("ix_bundle_in_state"), table_name="bundle_in")
    op.drop_index(op.f("ix_bundle_in_sender_unit"), table_name="bundle_in")
    op.drop_table("bundle_in")
    op.drop_index(op.f("ix_sync_peer_unit_code"), table_name="sync_peer")
    op.drop_table("sync_peer")
