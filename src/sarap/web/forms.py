"""Validation problems shown next to the form fields they belong to."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def field_errors(problems: Iterable[Any], field_of: Callable[[str | None], str]) -> dict[str, str]:
    """Message (and what was expected) per form field; `field_of` maps a problem's column to it."""
    return {field_of(p.column): str(p.message) + (f"; expected {p.expected}" if p.expected else "")
            for p in problems}
