"""Test databases are real: a fresh SQLite file per test, or, when SARAP_TEST_DATABASE_URL is
set (scripts/with-postgres does), a fresh schema on a real PostgreSQL server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from sarap.core.db import Database

FIXTURES = Path(__file__).parent / "fixtures"


def _fresh_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = os.environ.get("SARAP_TEST_DATABASE_URL")
    if url:
        _fresh_postgres(url)
        return url
    return f"sqlite:///{tmp_path / 'sarap.db'}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for running `sarap` against the test database."""
    monkeypatch.setenv("SARAP_DATABASE_URL", db_url)
    monkeypatch.setenv("SARAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SARAP_USER", "tester")
    return {"SARAP_DATABASE_URL": db_url}


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
