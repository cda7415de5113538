"""A choropleth of the 20 regions drawn as SVG from the bundled GeoJSON: no tiles, no script."""

from __future__ import annotations

import math
from html import escape

from sarap.events import regions

BOUNDS = (46.4, 40.5, 87.4, 55.5)  # lon/lat box of Kazakhstan
SHADES = ("#edf2f7", "#bee3f8", "#90cdf4", "#4299e1", "#2b6cb0", "#1a365d")


def _project(lon: float, lat: float, width: float, height: float) -> tuple[float, float]:
    west, south, east, north = BOUNDS
    x = (lon - west) / (east - west) * width
    y = (north - lat) / (north - south) * height
    return x, y


def _shade(count: int, peak: int) -> str:
    if count <= 0 or peak <= 0:
        return SHADES[0]
    step = math.ceil(count / peak * (len(SHADES) - 1))
    return SHADES[min(step, len(SHADES) - 1)]


def choropleth(title: str, counts: dict[str, int], lang: str, *, width: int = 640,
               highlight: str | None = None) -> str:
    """Regions shaded by count (or one region highlighted); each shape's <title> names it."""
    west, south, east, north = BOUNDS
    aspect = (north - south) / ((east - west) * math.cos(math.radians(48)))
    height = round(width * aspect)
    peak = max(counts.values(), default=0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height + 30}" '
             f'width="100%" class="map"><title>{escape(title)}</title>']
    for code, rings in regions.shapes().items():
        name = regions.get(code).name(lang)
        count = counts.get(code, 0)
        fill = ("#c53030" if code == highlight else SHADES[0]) if highlight else _shade(count, peak)
        path = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in
                                        (_project(lon, lat, width, height) for lon, lat, *_ in ring)) + " Z"
                        for ring in rings)
        label = name if highlight else f"{name}: {count}"
        parts.append(f'<path d="{path}" fill="{fill}" stroke="#fff" stroke-width="0.8" '
                     f'data-region="{code}"><title>{escape(label)}</title></path>')
    if not highlight:
        for i, shade in enumerate(SHADES):
            parts.append(f'<rect x="{10 + i * 22}" y="{height + 8}" width="20" height="12" fill="{shade}"/>')
        parts.append(f'<text x="{10 + len(SHADES) * 22 + 6}" y="{height + 18}" '
                     f'class="legend">0 – {peak}</text>')
    return "".join(parts) + "</svg>"
