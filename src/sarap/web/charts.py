"""Charts drawn as SVG on the server: no script, no external library, readable in any browser."""

from __future__ import annotations

from html import escape

COLOURS = {"verbal": "#2b6cb0", "physical": "#c53030"}


def stacked_bars(title: str, rows: list[tuple[int, dict[str, int]]], labels: dict[str, str],
                 x_label: str, y_label: str, width: int = 760, height: int = 300) -> str:
    """Stacked bars per year (rows: (year, {series: count})), with axes, labels and a legend."""
    left, bottom, top, right = 48, 40, 36, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((sum(v.values()) for _, v in rows), default=0) or 1
    bar_w = plot_w / max(len(rows), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" aria-labelledby="chart-title">',
             f'<title id="chart-title">{escape(title)}</title>',
             f'<text x="{left}" y="20" class="chart-title">{escape(title)}</text>']
    for step in range(0, peak + 1, max(1, peak // 4)):
        tick_y = top + plot_h - step / peak * plot_h
        parts.append(f'<text x="{left - 6}" y="{tick_y + 4:.1f}" class="tick" '
                     f'text-anchor="end">{step}</text><line x1="{left}" x2="{left + plot_w}" '
                     f'y1="{tick_y:.1f}" y2="{tick_y:.1f}" class="grid"/>')
    for i, (year, values) in enumerate(rows):
        x, y = left + i * bar_w, float(top + plot_h)
        for series in labels:
            h = values.get(series, 0) / peak * plot_h
            if h:
                y -= h
                parts.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(bar_w - 2, 1):.1f}" '
                             f'height="{h:.1f}" fill="{COLOURS.get(series, "#718096")}">'
                             f'<title>{year}: {escape(labels[series])} {values.get(series, 0)}'
                             '</title></rect>')
        if len(rows) <= 20 or i % 5 == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 14}" class="tick" '
                         f'text-anchor="middle">{year}</text>')
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle" '
                 f'class="axis-label">{escape(x_label)}</text>')
    parts.append(f'<text x="12" y="{top + plot_h / 2}" text-anchor="middle" class="axis-label" '
                 f'transform="rotate(-90 12 {top + plot_h / 2})">{escape(y_label)}</text>')
    for j, (series, name) in enumerate(labels.items()):
        x = width - right - 150 + j * 80
        parts.append(f'<rect x="{x}" y="10" width="10" height="10" fill="{COLOURS.get(series)}"/>'
                     f'<text x="{x + 14}" y="19" class="legend">{escape(name)}</text>')
    return "".join(parts) + "</svg>"
