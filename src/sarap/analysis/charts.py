"""Figures for reports and papers, labelled in kk, ru or en and saved as SVG and PNG.

Each chart keeps the table it was drawn from, and `Chart.save` writes that table beside the
pictures as CSV, so every bar and line can be checked. SVG keeps its words as text (not outlines)
so that they can be searched, translated and edited; the output is byte-for-byte reproducible.
Matplotlib's object API is used without pyplot, so drawing holds no global state between charts.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

import matplotlib
import yaml
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Polygon
from matplotlib.ticker import MaxNLocator

from sarap.analysis.forecast import ForecastReport
from sarap.analysis.periods import Periodisation
from sarap.analysis.tables import Table
from sarap.events import regions

matplotlib.use("Agg")  # no screen on servers
TEXT_FILE = Path(__file__).parent / "data" / "text.yaml"
COLOURS = {"verbal": "#2b6cb0", "physical": "#c53030", "killed": "#742a2a", "injured": "#dd6b20",
           "hostages": "#718096", "observed": "#1a202c", "forecast": "#c53030"}
STYLE: Any = {  # typed loosely: matplotlib types its keys as literals
    "svg.fonttype": "none", "svg.hashsalt": "sarap", "font.family": "DejaVu Sans",
    "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}
MAP_BOUNDS = (46.0, 40.5, 88.6, 55.5)  # lon/lat box of Kazakhstan
# Centres of the three cities of republican significance lie inside their regions' shapes, so
# their labels are moved aside to stay readable.
LABEL_OFFSETS = {"ALA": (1.6, -0.9), "AST": (0.0, -0.9), "SHY": (-1.4, -0.6)}


@cache
def _text() -> dict[str, dict[str, str]]:
    return yaml.safe_load(TEXT_FILE.read_text(encoding="utf-8"))


def text(key: str, lang: str) -> str:
    return _text()[key].get(lang) or _text()[key]["en"]


@dataclass
class Chart:
    name: str  # file stem: timeline, verbal_physical, casualties, regions, forecast
    title: str
    figure: Figure
    data: Table  # the numbers drawn

    def save(self, folder: Path) -> list[Path]:
        """Writes NAME.svg, NAME.png and NAME.csv into the folder; returns their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / f"{self.name}.{suffix}" for suffix in ("svg", "png", "csv")]
        self._draw(paths[0], "svg")
        self._draw(paths[1], "png")
        self.data.to_csv(paths[2])
        return paths

    def svg(self) -> str:
        out = io.StringIO()
        self._draw(out, "svg")
        return out.getvalue()

    def png(self) -> bytes:
        out = io.BytesIO()
        self._draw(out, "png")
        return out.getvalue()

    def _draw(self, target: Path | IO[Any], fmt: str) -> None:
        # No dates or software versions in the files, so the same data give the same bytes.
        metadata = {"Title": self.title, "Date": None} if fmt == "svg" else {"Software": None}
        with matplotlib.rc_context(STYLE):
            self.figure.savefig(target, format=fmt, dpi=150, metadata=metadata)


def _figure(title: str, width: float = 8.0, height: float = 3.6) -> tuple[Figure, Axes]:
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(width, height), layout="constrained")
        axes = figure.add_subplot()
        axes.set_title(title, loc="left", fontsize=11, fontweight="bold")
    return figure, axes


def _label_axes(axes: Axes, x_label: str, y_label: str) -> None:
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", color="#e2e8f0", linewidth=0.6)
    axes.set_axisbelow(True)


def _year_ticks(axes: Axes, years: list[int]) -> None:
    step = 1 if len(years) <= 16 else 5 if len(years) <= 60 else 10
    axes.set_xticks([y for y in years if y % step == 0 or step == 1])


def _shade_periods(axes: Axes, periodisation: Periodisation, years: list[int], lang: str) -> None:
    """Alternate bands for the periods, each named at the top of the plot."""
    if not years:
        return
    first, last = years[0] - 0.5, years[-1] + 0.5
    for i, period in enumerate(periodisation.periods):
        start = max(first, period.start.year - 0.5)
        end = min(last, (period.end.year if period.end else years[-1]) + 0.5)
        if start >= end:
            continue
        axes.axvspan(start, end, color="#edf2f7" if i % 2 == 0 else "#f7fafc", zorder=0)
        # Years only: the periods' names are too long to sit side by side (the report lists them).
        years_text = f"{period.start.year}–{period.end.year if period.end else ''}"
        axes.text((start + end) / 2, 1.0, years_text, transform=axes.get_xaxis_transform(),
                  ha="center", va="bottom", fontsize=7, color="#4a5568")


def timeline(by_year: Table, lang: str = "kk", periodisation: Periodisation | None = None) -> Chart:
    """Events per year as a line, with the periods shaded behind it."""
    title = text("timeline", lang)
    figure, axes = _figure(title)
    years, counts = by_year.column("year"), by_year.column("events")
    if periodisation:
        _shade_periods(axes, periodisation, years, lang)
        axes.set_title(f"{title}\n", loc="left", fontsize=11, fontweight="bold")
    axes.plot(years, counts, marker="o", markersize=3, color=COLOURS["observed"], label=text("events", lang))
    _label_axes(axes, text("year", lang), text("events", lang))
    _year_ticks(axes, years)
    axes.set_ylim(bottom=0)
    return Chart("timeline", title, figure, by_year)


def _stacked(name: str, table: Table, series: list[str], lang: str, y_label: str) -> Chart:
    title = text(name, lang)
    figure, axes = _figure(title)
    years = table.column("year")
    bottom = [0] * len(years)
    for key in series:
        values = table.column(key)
        axes.bar(years, values, bottom=bottom, color=COLOURS[key], label=text(key, lang), width=0.8)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    _label_axes(axes, text("year", lang), y_label)
    _year_ticks(axes, years)
    axes.legend(frameon=False, loc="upper left")
    return Chart(name, title, figure, table)


def verbal_physical(by_year: Table, lang: str = "kk") -> Chart:
    """Verbal and physical acts per year as stacked bars."""
    return _stacked("verbal_physical", by_year, ["verbal", "physical"], lang, text("events", lang))


def casualties(by_year: Table, lang: str = "kk") -> Chart:
    """Killed, injured (every victim group) and hostages per year as stacked bars."""
    return _stacked("casualties", by_year, ["killed", "injured", "hostages"], lang, text("people", lang))


def _project(lon: float, lat: float) -> tuple[float, float]:
    # Equirectangular at 48°N, the country's middle latitude: shapes keep their look without tiles.
    return lon * math.cos(math.radians(48)), lat


def _centre(rings: list[list[list[float]]]) -> tuple[float, float]:
    """The centre of the region's largest ring's bounding box: a label position inside most shapes."""
    ring = max(rings, key=len)
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2


def region_map(by_region: Table, lang: str = "kk") -> Chart:
    """The 20 regions shaded by their number of events, each named with its count."""
    title = text("regions", lang)
    figure, axes = _figure(title, width=8.0, height=5.0)
    counts = dict(zip(by_region.column("region"), by_region.column("events"), strict=True))
    peak = max((counts.get(r.code, 0) for r in regions.all_regions()), default=0) or 1
    colours = matplotlib.colormaps["Blues"]
    for code, rings in regions.shapes().items():
        count = counts.get(code, 0)
        fill = colours(0.08 + 0.82 * count / peak) if count else "#f7fafc"
        for ring in rings:
            axes.add_patch(Polygon([_project(lon, lat) for lon, lat, *_ in ring], closed=True,
                                   facecolor=fill, edgecolor="#ffffff", linewidth=0.6))
        lon, lat = _centre(rings)
        d_lon, d_lat = LABEL_OFFSETS.get(code, (0.0, 0.0))
        name = regions.get(code).name(lang).rsplit(" ", 1)  # the last word ("облысы") on its own line
        axes.text(*_project(lon + d_lon, lat + d_lat), "\n".join([*name, str(count)]),
                  ha="center", va="center", fontsize=6, color="#1a202c", gid=f"region-{code}")
    west, south, east, north = MAP_BOUNDS
    axes.set_xlim(_project(west, 0)[0], _project(east, 0)[0])
    axes.set_ylim(south, north)
    axes.set_aspect("equal")
    axes.set_axis_off()
    return Chart("regions", title, figure, by_region)


def _forecast_table(report: ForecastReport) -> Table:
    model = report.chosen_model
    rows: list[list[Any]] = [[label, count, None, None, None, None, None, None]
                             for label, count in report.series.pairs()]
    rows += [[f.label, None, round(f.point, 3), f.median, *f.interval80, *f.interval95]
             for f in model.forecasts]
    return Table(f"forecast ({model.model})", ["period", "observed", "point", "median", "low80",
                                               "high80", "low95", "high95"], rows)


def forecast_fan(report: ForecastReport, lang: str = "kk") -> Chart:
    """The observed series and the chosen model's forecast with its 80% and 95% intervals."""
    title = text("forecast", lang)
    figure, axes = _figure(title)
    table = _forecast_table(report)
    labels = table.column("period")
    n = len(report.series.counts)
    axes.plot(range(n), report.series.counts, marker="o", markersize=3, color=COLOURS["observed"],
              label=text("observed", lang))
    ahead = report.chosen_model.forecasts
    xs = [n - 1, *range(n, n + len(ahead))]
    last = report.series.counts[-1] if n else 0

    def band(index: int) -> list[float]:
        return [last, *(row[index] for row in table.rows[n:])]

    axes.fill_between(xs, band(6), band(7), color=COLOURS["forecast"], alpha=0.15,
                      label=text("interval95", lang), step=None)
    axes.fill_between(xs, band(4), band(5), color=COLOURS["forecast"], alpha=0.3,
                      label=text("interval80", lang))
    axes.plot(xs, band(3), color=COLOURS["forecast"], linestyle="--", marker="o", markersize=3,
              label=text("median", lang))
    step = max(1, len(labels) // 15)
    axes.set_xticks(range(0, len(labels), step), [str(x) for x in labels[::step]], rotation=45,
                    ha="right")
    _label_axes(axes, text("year" if report.series.freq == "year" else "period", lang), text("events", lang))
    axes.set_ylim(bottom=0)
    axes.legend(frameon=False, loc="upper left")
    axes.text(1.0, 1.0, f"{text('model', lang)}: {report.chosen} · {text('trust', lang)}: {report.trust}",
              transform=axes.transAxes, ha="right", va="bottom", fontsize=7, color="#4a5568")
    return Chart("forecast", title, figure, table)

