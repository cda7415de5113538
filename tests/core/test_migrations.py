from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sarap.core.db import Base
from sarap.core.models import import_all_models
from sarap.library import index
from sarap.library.index import FTS_PREFIX


def include_name(name, type_, parent_names):
    """The library's FTS5 tables are made outside the migrations (sarap.library.index)."""
    return not (type_ == "table" and name.startswith(FTS_PREFIX))


def test_migrations_build_exactly_the_models_schema(db):
    """A model changed without a migration fails here (on SQLite and on PostgreSQL)."""
    import_all_models()
    with db.session() as session:
        index.ensure(session)  # on SQLite: the FTS5 table and its shadow tables exist from now on
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_the_filter_leaves_out_only_the_library_fts_tables(db):
    with db.session() as session:
        made = index.ensure(session)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    removed = {d[1].name for d in diff if d[0] == "remove_table"}
    if made:  # SQLite: without the filter, the comparison sees them, and only them, as extra tables
        assert removed and all(name.startswith(FTS_PREFIX) for name in removed)
    else:
        assert removed == set()


def test_migrating_twice_is_harmless(db):
    db.migrate()
    db.migrate()
