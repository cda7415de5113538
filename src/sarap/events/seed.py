"""The datasets Sarap ships (events/datasets/*.yaml) and loading them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sarap.core.db import Database
from sarap.core.errors import NotFound
from sarap.events.importing import ImportReport, run_import

DATASETS_DIR = Path(__file__).parent / "datasets"
META_KEYS = ("source", "printed_summaries", "corrections")


def shipped() -> dict[str, Path]:
    return {p.stem: p for p in sorted(DATASETS_DIR.glob("*.yaml"))}


def load(db: Database, name: str, *, author: str = "sarap seed") -> ImportReport:
    """Loads (or brings up to date) a shipped dataset; running it again changes nothing."""
    path = shipped().get(name)
    if path is None:
        raise NotFound(f"no shipped dataset {name!r}; shipped: {', '.join(shipped())}")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = {
        "title": data.get("title") or {},
        "version": int(data.get("version", 1)),
        "description": data.get("description"),
        "meta": {k: data[k] for k in META_KEYS if k in data},
    }
    return run_import(db, path, dataset=data.get("name", name), author=author, fmt="yaml",
                      dataset_fields=fields)
