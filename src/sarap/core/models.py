"""Where every package's tables are registered, so that migrations see one schema."""

from __future__ import annotations

import importlib

MODEL_MODULES = ("sarap.core.audit", "sarap.core.jobs",
                 "sarap.events.models", "sarap.auth.models", "sarap.survey.models",
                 "sarap.registry.models", "sarap.monitor.models",
                 "sarap.library.models",
                 "sarap.review.models")


def import_all_models() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
