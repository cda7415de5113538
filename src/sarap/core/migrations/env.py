from __future__ import annotations

from alembic import context

from sarap.core.db import Base
from sarap.core.models import import_all_models
from sarap.library.index import FTS_PREFIX

import_all_models()


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Schema comparisons leave out the library's FTS5 table and its shadow tables: SQLite makes
    them outside the migrations (see sarap.library.index), and Alembic cannot reflect them."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_PREFIX))


engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=include_name,
    )
    context.run_migrations()
