"""Alembic environment: always run on a connection the store hands over (never a URL), in
batch mode so SQLite can alter tables."""

from __future__ import annotations

from alembic import context

from xasach.store.migrate import include_object
from xasach.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic` run by hand, which we do not
    raise RuntimeError("XaSach migrations run through xasach.store.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
