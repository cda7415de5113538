"""Finding and reading a dataset folder written by `sarap monitor batch analyse`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sarap.core.errors import InvalidInput, Problem
from sarap.monitor.store import BATCH_MANIFEST


def manifest(dataset: Path) -> dict[str, Any]:
    path = dataset / BATCH_MANIFEST
    if not path.is_file():
        raise InvalidInput([Problem("not an analysed dataset", file=str(dataset),
                                    expected="a folder written by 'sarap monitor batch analyse'")])
    return dict(json.loads(path.read_text(encoding="utf-8")))


def write_manifest(dataset: Path, data: dict[str, Any]) -> None:
    (dataset / BATCH_MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def parquet_glob(dataset: Path) -> str:
    """The dataset's row files (day=…/…parquet), leaving out the duplicate marks."""
    manifest(dataset)
    return str(dataset / "day=*" / "*.parquet")


def marks_path(dataset: Path) -> str:
    return str(dataset / "_duplicates" / "marks.parquet")
