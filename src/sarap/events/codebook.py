"""The event codebook (data/codebook.yaml): coded values with kk/ru/en labels and definitions."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CODEBOOK_FILE = Path(__file__).parent / "data" / "codebook.yaml"
LANGUAGES = ("kk", "ru", "en")


@cache
def codebook() -> dict[str, dict[str, dict[str, Any]]]:
    with CODEBOOK_FILE.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, dict[str, Any]]] = yaml.safe_load(fh)
    return data


def codes(field: str) -> tuple[str, ...]:
    """The allowed codes of one codebook list, e.g. codes("categories")."""
    return tuple(codebook()[field])


def label(field: str, code: str, lang: str = "kk") -> str:
    entry = codebook()[field].get(code)
    if entry is None:
        return code
    labels: dict[str, str] = entry.get("label", {})
    return labels.get(lang) or labels.get("en") or code


def default_side(category: str) -> str | None:
    side: str | None = codebook()["categories"].get(category, {}).get("side")
    return side


def is_attack(category: str | None) -> bool:
    """Whether an act of this category is a completed or attempted attack, what the GTI and the
    forecasts count: not counter-terrorism, and not a perpetrators' act marked `attack: false`
    (a foiled plot, an escape, involvement abroad, propaganda)."""
    entry = codebook()["categories"].get(category or "", {})
    return bool(entry.get("attack", entry.get("side") != "counter_terrorism"))
