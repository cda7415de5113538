from __future__ import annotations

from alembic import context

from sarap.core.db import Base
from sarap.core.migrations import include_name
from sarap.core.models import import_all_models

import_all_models()


engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=include_name,
    )
    context.run_migrations()
