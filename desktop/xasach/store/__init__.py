"""Storage: SQLAlchemy models, the engine, Alembic migrations, search index and change log."""
