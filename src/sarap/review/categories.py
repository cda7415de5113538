"""The review categories (data/categories.yaml): codes, kk/ru/en labels and definitions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
NOT_VIOLATING = "not_violating"
ESCALATE = "escalate"


@dataclass(frozen=True)
class Category:
    code: str
    violating: bool
    tcap_tier: int | None
    label: dict[str, str]
    definition: dict[str, str]

    def label_in(self, lang: str) -> str:
        return self.label.get(lang) or self.label["en"]


@cache
def _raw() -> dict[str, Any]:
    with (DATA / "categories.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


@cache
def categories() -> tuple[Category, ...]:
    return tuple(Category(c["code"], bool(c["violating"]), c.get("tcap_tier"), c["label"],
                          {k: " ".join(v.split()) for k, v in c["definition"].items()})
                 for c in _raw()["categories"])


def principle(lang: str) -> str:
    text: dict[str, str] = _raw()["principle"]
    return " ".join((text.get(lang) or text["en"]).split())


def codes() -> tuple[str, ...]:
    return tuple(c.code for c in categories())


def violating_codes() -> tuple[str, ...]:
    return tuple(c.code for c in categories() if c.violating)


def outcomes() -> tuple[str, ...]:
    """What a reviewer may decide: a category (violating or not) or escalate."""
    return (*codes(), ESCALATE)


def get(code: str) -> Category:
    for category in categories():
        if category.code == code:
            return category
    raise KeyError(code)


def label(code: str | None, lang: str) -> str:
    if code is None:
        return "—"
    if code == ESCALATE:
        return {"kk": "Жоғары деңгейге жіберу", "ru": "Передать выше", "en": "Escalate"}.get(lang, "Escalate")
    if code == "language_not_covered":  # a routing label (coverage.py), not a category to decide
        return {"kk": "Тіл қамтылмаған", "ru": "Язык не охвачен", "en": "Language not covered"}.get(
            lang, "Language not covered")
    try:
        return get(code).label_in(lang)
    except KeyError:
        return code
