from __future__ import annotations

from alembic import context

from sarap.core.db import Base
from sarap.core.migrations import include_name
from sarap.core.models import import_all_models

import_all_models()


# The caller (sarap.core.migrations.upgrade) holds the migration lock on this connection. Each
# migration runs in its own transaction together with its alembic_version update, on SQLite
# (transactional DDL, see sarap.core.db) as on PostgreSQL: a crash leaves the schema before or
# after that step, never half of it.
connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    include_name=include_name,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
