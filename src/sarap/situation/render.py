"""A situation report written out as HTML (one self-contained file, the map inline as SVG), DOCX
(python-docx) or PDF (WeasyPrint lays out the same HTML: text stays text, offline), in kk, ru or
en; the kind follows the file's suffix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from sarap.core.errors import InvalidInput, Problem
from sarap.core.i18n import LANGUAGES, format_date, number, percent, t
from sarap.events import regions
from sarap.events.codebook import label
from sarap.registry.vocabulary import label as vocab
from sarap.situation.report import SituationReport
from sarap.web.maps import choropleth

HERE = Path(__file__).parent
FORMATS = (".html", ".docx", ".pdf")
IDS_SHOWN = 40  # ids listed under a figure; the rest are counted ("… and 12 more")


def _helpers(report: SituationReport, lang: str) -> dict[str, Any]:
    def ids(found: list[int], prefix: str = "") -> str:
        shown = ", ".join(f"{prefix}{i}" for i in found[:IDS_SHOWN])
        more = len(found) - IDS_SHOWN
        return shown + (" " + t("sit_and_more", lang, n=number(more, lang)) if more > 0 else "")

    return {"t": lambda key, **v: t(key, lang, **v), "lang": lang, "num": lambda n: number(n, lang),
            "pct": lambda s: percent(s, lang), "label": lambda f, c: label(f, c, lang),
            "vocab": lambda f, c: vocab(f, c, lang), "ids": ids,
            "day": lambda d: format_date(d, d, "day", lang),
            "when": lambda e: format_date(e.date_start, e.date_end, e.date_precision, lang),
            "region_name": regions.get(report.region).name(lang)}


def _render(template: str, report: SituationReport, lang: str, base_url: str | None) -> str:
    if lang not in LANGUAGES:
        raise InvalidInput([Problem("unknown language", column="lang", value=lang, expected="kk, ru or en")])
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())
    region_map = choropleth(t("sit_map", lang), {}, lang, width=480, highlight=report.region)
    return env.get_template(template).render(r=report, map=region_map, base=base_url or "",
                                             links=base_url is not None, **_helpers(report, lang))


def html(report: SituationReport, lang: str, *, base_url: str | None = None) -> str:
    """The report as one self-contained HTML document; `base_url` makes record ids links."""
    return _render("situation.html", report, lang, base_url)


def body(report: SituationReport, lang: str) -> str:
    """The report's content alone, for a page of the web app (ids link to the records' pages)."""
    return _render("situation_body.html", report, lang, "")  # links relative to the app


def _docx(report: SituationReport, lang: str, path: Path) -> None:
    from docx import Document

    h = _helpers(report, lang)
    doc = Document()
    doc.add_heading(t("sit_title", lang, region=h["region_name"]), 0)
    doc.add_paragraph(t("sit_period", lang, start=h["day"](report.start), end=h["day"](report.end)))
    doc.add_heading(t("sit_events", lang), 1)
    doc.add_paragraph(t("sit_event_total", lang, n=number(report.event_count, lang)))
    doc.add_paragraph(t("sit_trend", lang, previous=number(report.previous_events.value, lang),
                        start=h["day"](report.previous_start), end=h["day"](report.previous_end)))
    for title, figures, field in ((t("sit_by_action_type", lang), report.by_action_type, "action_types"),
                                  (t("sit_by_side", lang), report.by_side, "sides")):
        doc.add_heading(title, 2)
        _figure_table(doc, [(label(field, f.key, lang), f) for f in figures], h)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("№", t("sit_date", lang), t("sit_type", lang),
                                                t("sit_side", lang), t("sit_summary", lang)), strict=True):
        cell.text = text
    for e in report.events:
        row = table.add_row().cells
        for cell, text in zip(row, (f"#{e.id}", h["when"](e), label("action_types", e.action_type, lang),
                                    label("sides", e.side, lang), e.summary), strict=True):
            cell.text = text
    doc.add_heading(t("sit_casualties", lang), 2)
    _figure_table(doc, [(t("sit_" + f.key, lang), f) for f in report.casualties], h)
    doc.add_heading(t("sit_information", lang), 1)
    doc.add_paragraph(t("sit_region_items", lang, n=number(report.region_items.value, lang)))
    _figure_table(doc, [(f"{line.name} ({line.query})", line.mentions) for line in report.topics], h)
    doc.add_paragraph(t("sit_alerts_n", lang, n=number(len(report.alerts), lang)) + " " +
                      h["ids"]([a.id for a in report.alerts], "#"))
    doc.add_heading(t("sit_sentiment", lang), 2)
    _figure_table(doc, [(t("mon_sent_" + f.key, lang), f) for f in report.sentiment], h)
    doc.add_heading(t("sit_review", lang), 1)
    if report.review is None:
        doc.add_paragraph(t("sit_review_hidden", lang))
    else:
        _figure_table(doc, [(t("rv_state_" + f.key, lang), f) for f in report.review], h)
    doc.add_heading(t("sit_prevention", lang), 1)
    _figure_table(doc, [(vocab("plan_statuses", f.key, lang), f) for f in report.plan_status], h)
    for p in report.plans:
        deadline = h["day"](p.deadline) if p.deadline else "—"
        doc.add_paragraph(f"#{p.id} {p.title} — {p.body.name(lang)}; {deadline}; "
                          f"{vocab('plan_statuses', p.status, lang)}", style="List Bullet")
    doc.add_heading(t("sit_exercises", lang), 2)
    for x in report.exercises:
        doc.add_paragraph(f"#{x.id} {x.name} — {vocab('scenarios', x.scenario, lang)}; {h['when'](x)}",
                          style="List Bullet")
    if not report.exercises:
        doc.add_paragraph(t("sit_none", lang))
    doc.add_heading(t("sit_assessment", lang), 1)
    doc.add_paragraph(t("sit_assessment_note", lang))
    doc.add_paragraph(t("sit_sources_note", lang))
    doc.save(str(path))


def _figure_table(doc: Any, rows: list[tuple[str, Any]], h: dict[str, Any]) -> None:
    table = doc.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    for name, figure in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = name, h["num"](figure.value), h["ids"](figure.ids, "#")


def write(report: SituationReport, path: Path, lang: str) -> Path:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput([Problem("unknown report format", column="-o", value=path.name,
                                    expected="a file ending in .html, .docx or .pdf")])
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".docx":
        _docx(report, lang, path)
    elif suffix == ".pdf":
        from weasyprint import HTML

        HTML(string=html(report, lang)).write_pdf(str(path))
    else:
        path.write_text(html(report, lang), encoding="utf-8")
    return path
