"""Alembic migrations, run programmatically: `upgrade(engine)` brings a database to every head
(each capability package has its own branch after 0002)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

HERE = Path(__file__).parent


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    command.upgrade(alembic_config(engine), revision)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Schema comparisons leave out the full-text tables that SQLite makes on first use, outside
    the migrations (sarap.core.fts: the library's and monitoring's): their names hold "_fts", and
    Alembic cannot reflect them."""
    return not (type_ == "table" and name is not None and "_fts" in name)
