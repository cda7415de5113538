"""Review settings: the `[review]` section of sarap.toml, overridden by SARAP_REVIEW_* variables.

    [review]
    threshold = 0.5              # override the calibrated model's threshold (see docs/review.md)
    require_confirmation = true  # a violating decision needs a second, different reviewer
    retention_days = 90          # text of items decided "not violating" is purged after this
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sarap.core.errors import InvalidInput, Problem


@dataclass(frozen=True)
class ReviewConfig:
    threshold: float | None = None  # None: the threshold calibrated with the model (calibration.py)
    require_confirmation: bool = True
    retention_days: int = 90
    route_uncovered: bool = True  # monitored texts in languages not covered enter the queue, unflagged
    data_dir: Path = Path("data")  # where the author-pseudonym key lives (shared with monitoring)


_TYPES: dict[str, type] = {"threshold": float, "require_confirmation": bool, "retention_days": int,
                           "route_uncovered": bool}


def _value(name: str, raw: Any, where: str) -> Any:
    kind = _TYPES[name]
    try:
        if kind is bool:
            if isinstance(raw, bool):
                return raw
            if str(raw).lower() in ("1", "true", "yes", "on", "0", "false", "no", "off"):
                return str(raw).lower() in ("1", "true", "yes", "on")
            raise ValueError(raw)
        return kind(raw)
    except (TypeError, ValueError):
        raise InvalidInput([Problem("invalid setting", file=where, column=name, value=str(raw),
                                    expected=f"a {kind.__name__}")]) from None


def load_config(data_dir: Path) -> ReviewConfig:
    config = ReviewConfig(data_dir=data_dir)
    path = Path(os.environ.get("SARAP_CONFIG", "sarap.toml"))
    section: dict[str, Any] = {}
    if path.is_file():
        with path.open("rb") as fh:
            section = tomllib.load(fh).get("review") or {}
    values = {k: _value(k, v, str(path)) for k, v in section.items() if k in _TYPES}
    for name in _TYPES:
        env = os.environ.get(f"SARAP_REVIEW_{name.upper()}")
        if env is not None:
            values[name] = _value(name, env, f"SARAP_REVIEW_{name.upper()}")
    return replace(config, **values)
