from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sarap.core.db import Base
from sarap.core.models import import_all_models


def test_migrations_build_exactly_the_models_schema(db):
    """A model changed without a migration fails here (on SQLite and on PostgreSQL)."""
    import_all_models()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrating_twice_is_harmless(db):
    db.migrate()
    db.migrate()
