"""The registry's coded values and their kk/ru/en labels (vocabulary.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).parent / "vocabulary.yaml"


@cache
def vocabulary() -> dict[str, dict[str, dict[str, str]]]:
    data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(VOCABULARY_FILE.read_text("utf-8"))
    return data


def label(field: str, code: str | None, lang: str = "kk") -> str:
    if code is None:
        return ""
    labels = vocabulary()[field].get(code) or {}
    return labels.get(lang) or labels.get("en") or code
