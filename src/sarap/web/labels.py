"""Names for the fields of an event's history and labels for their coded values, so a revision reads
«Әрекет түрі: Вербалды» rather than `action_type: verbal`."""

from __future__ import annotations

import re
from typing import Any

from sarap.core.i18n import catalog, t
from sarap.events.codebook import codebook, label

# the codebook list that holds a field's values, by the last part of its path
CODED = {"access_level": "access_levels", "action_type": "action_types", "side": "sides",
         "category": "categories", "certainty": "certainties", "precision": "date_precisions",
         "kind": "actor_kinds", "role": "actor_roles", "geo_precision": "geo_precisions"}
# field names that have their own message under another id
NAMES = {"start": "hist_start", "end": "hist_end", "precision": "hist_precision", "country": "hist_country",
         "url": "hist_url", "outlet": "hist_outlet", "language": "hist_language", "name": "hist_name",
         "kind": "hist_kind", "property_damage": "hist_property_damage", "origin": "hist_origin",
         "meets_definition": "hist_meets_definition", "civilians": "hist_civilians",
         "security": "hist_security", "perpetrators": "hist_perpetrators", "unknown": "hist_unknown",
         "latitude": "hist_latitude", "longitude": "hist_longitude", "event": "hist_event"}


def _parts(path: str) -> list[str]:
    return [re.sub(r"\[\d+\]$", "", p) for p in path.split(".")]


def field_name(path: str, lang: str) -> str:
    """The path's parts as the language names them, e.g. «Орындар › Өңір»; empty when unknown."""
    names = []
    for part in _parts(path):
        key = NAMES.get(part, part)
        if key not in catalog(lang)._catalog:  # type: ignore[attr-defined]
            return ""
        names.append(t(key, lang))
    return " › ".join(names)


def coded(path: str, value: Any, lang: str) -> str | None:
    """A coded value's label (or yes/no), None for free text."""
    if isinstance(value, bool):
        return t("hist_yes" if value else "hist_no", lang)
    parts = _parts(path)
    if parts[0] == "author_coding":
        return None
    field = CODED.get(parts[-1])
    if field and isinstance(value, str) and value in codebook()[field]:
        return label(field, value, lang)
    return None
