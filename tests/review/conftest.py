"""Review tests: the hand-written kk/ru/en texts, a config with its own data directory, reviewers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sarap.auth import users
from sarap.review.config import ReviewConfig

TEXTS = Path(__file__).parents[1] / "fixtures" / "review" / "texts.yaml"
PASSWORD = "correct horse battery"


def load_texts() -> list[dict[str, Any]]:
    return yaml.safe_load(TEXTS.read_text(encoding="utf-8"))["texts"]


@pytest.fixture
def texts() -> list[dict[str, Any]]:
    return load_texts()


@pytest.fixture
def config(tmp_path: Path) -> ReviewConfig:
    return ReviewConfig(data_dir=tmp_path / "data")


@pytest.fixture
def reviewers(db):
    """Two reviewers and a viewer of one agency; returns their ids."""
    with db.session() as s:
        ids = {}
        for name, role in (("aru", "reviewer"), ("bolat", "reviewer"), ("vera", "viewer")):
            user, _ = users.create_user(s, name, "atc", role, actor="t", password=PASSWORD)
            s.flush()
            ids[name] = user.id
    return ids
