from sqlalchemy import inspect, text

from xasach.store import migrate
from xasach.store.models import Base


def test_database_is_at_the_head_revision(db):
    assert migrate.current_revision(db.engine) == migrate.head_revision()


def test_migrations_build_every_mapped_table(db):
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert {"person_search", "person_search_map", "alembic_version"} <= tables


def test_migrations_match_the_models(db):
    """Autogenerate finds nothing to do: models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_object": migrate.include_object}),
            Base.metadata,
        )
    assert diff == []


def test_connection_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA trusted_schema")).scalar() == 0


def test_downgrade_and_upgrade_round_trip(db):
    from alembic import command

    with db.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "base")
    assert "person" not in inspect(db.engine).get_table_names()
    migrate.upgrade(db.engine)
    assert "person" in inspect(db.engine).get_table_names()
