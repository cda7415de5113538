"""Exports of a study's results: CSV (one file per table), XLSX (one sheet per table) and a DOCX
report with the guide, the respondents, the tables and the coded quotations."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sarap.core import spreadsheet
from sarap.core.errors import SarapError
from sarap.survey import analysis
from sarap.survey.models import Study

FREQUENCY_GROUPS = ("all", "section", "question", "sector", "role")


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[list[Any]]


def _label(value: dict[str, str], lang: str) -> str:
    return value.get(lang) or value.get("en") or next(iter(value.values()), "")


def tables(study: Study, *, coder: str | None = None, lang: str = "en") -> list[Table]:
    labels = {t.code: _label(t.label, lang) for t in study.themes}
    freq = Table("frequencies", ["grouping", "group", "theme", "label", "answers", "respondents", "passages",
                                 "answers_in_group"], [])
    for by in FREQUENCY_GROUPS:
        for r in analysis.frequencies(study, by=by, coder=coder):
            freq.rows.append([by, r.group, r.theme, labels.get(r.theme, ""), r.answers, r.respondents,
                              r.passages, r.answers_in_group])
    co = analysis.cooccurrence(study, coder=coder)
    cooc = Table("cooccurrence", ["theme", *co.themes],
                 [[t, *row] for t, row in zip(co.themes, co.counts, strict=True)])
    agree = Table("agreement", ["level", "measure", "value", "observed", "expected", "items", "coders"], [])
    disagree = Table("disagreements", ["answer", "respondent", "question", "start", "end", "passage",
                                       *analysis.coders(study)], [])
    for level in ("theme", "parent"):
        report = analysis.study_agreement(study, level=level)
        for result in (report.cohen, report.fleiss, report.alpha):
            if result is not None:
                agree.rows.append([level, result.measure, _number(result.value), _number(result.observed),
                                   _number(result.expected), result.items, result.coders])
        if level == "theme":
            for d in report.disagreements:
                disagree.rows.append([d["answer"], d["respondent"], d["question"], d["start"], d["end"],
                                      d["passage"], *(d["values"].get(c, "") for c in disagree.header[6:])])
    return [freq, cooc, agree, disagree]


def _number(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def write_csv(study: Study, path: Path, **options: Any) -> list[Path]:
    """One UTF-8 CSV per table, named <stem>-<table>.csv beside `path`."""
    written = []
    for table in tables(study, **options):
        target = path.with_name(f"{path.stem}-{table.name}.csv")
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = spreadsheet.csv_writer(handle)
            writer.writerow(table.header)
            writer.writerows(["" if v is None else v for v in row] for row in table.rows)
        written.append(target)
    return written


def write_xlsx(study: Study, path: Path, **options: Any) -> list[Path]:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in tables(study, **options):
        sheet = book.create_sheet(table.name)
        sheet.append(table.header)
        for row in table.rows:
            spreadsheet.append(sheet, row)
        sheet.freeze_panes = "A2"
    book.save(str(path))
    return [path]


def write_docx(study: Study, path: Path, *, coder: str | None = None, lang: str = "en") -> list[Path]:
    import docx

    document = docx.Document()
    document.add_heading(_label(study.title, lang), level=0)
    if study.description:
        document.add_paragraph(_label(study.description, lang))
    for key, value in (study.provenance or {}).items():
        document.add_paragraph(f"{key}: {value}", style="List Bullet")

    document.add_heading("Guide", level=1)
    for section in study.sections:
        document.add_heading(f"{section.code}. {_label(section.title, lang)}", level=2)
        for q in section.questions:
            document.add_paragraph(f"{q.code}  {_label(q.text, lang)}")

    document.add_heading("Respondents", level=1)
    _docx_table(document, ["code", "sector", "role", "experience"],
                [[r.code, r.sector, r.role, r.experience_band] for r in study.respondents])

    labels = {t.code: _label(t.label, lang) for t in study.themes}
    document.add_heading("Theme frequencies", level=1)
    coders = analysis.coders(study)
    document.add_paragraph(f"Coder: {coder or 'any of ' + ', '.join(coders)}. Answers (respondents) in "
                           "which each theme was coded; a parent theme counts an answer once.")
    _docx_table(document, ["theme", "label", "answers", "respondents"],
                [[r.theme, labels.get(r.theme, ""), r.answers, r.respondents]
                 for r in analysis.frequencies(study, coder=coder)])

    document.add_heading("Agreement between coders", level=1)
    for level in ("theme", "parent"):
        report = analysis.study_agreement(study, level=level)
        rows = [[level, a.measure, _fmt(a.value), a.items, a.coders]
                for a in (report.cohen, report.fleiss, report.alpha) if a is not None]
        if rows:
            _docx_table(document, ["level", "measure", "value", "passages", "coders"], rows)

    document.add_heading("Quotations by theme", level=1)
    by_theme: dict[str, list[tuple[str, str, str]]] = {}
    seen: set[tuple[str, int, int, int]] = set()
    for p in analysis.coded_passages(study, None if coder is None else [coder]):
        if (p.theme, p.answer_id, p.start, p.end) in seen:
            continue
        seen.add((p.theme, p.answer_id, p.start, p.end))
        answer = next(a for a in study.answers if a.id == p.answer_id)
        where = f"{p.respondent}, {p.question or '—'}"
        if answer.source_file:
            where += f", {answer.source_file}:{answer.source_line}"
        by_theme.setdefault(p.theme, []).append((answer.text[p.start:p.end], where, p.coder))
    for theme in study.themes:
        quotes = by_theme.get(theme.code)
        if not quotes:
            continue
        document.add_heading(f"{theme.code} — {labels[theme.code]}", level=2)
        for text, where, who in quotes:
            document.add_paragraph(f"«{text}» ({where}; {who})", style="Intense Quote")
    document.save(str(path))
    return [path]


def _fmt(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.3f}"


def _docx_table(document: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "docx": write_docx}


def export(study: Study, path: Path, *, fmt: str | None = None, **options: Any) -> list[Path]:
    kind = (fmt or path.suffix.lstrip(".")).lower()
    if kind not in WRITERS:
        raise SarapError(f"unknown export format {kind!r}; expected csv, xlsx or docx")
    result: list[Path] = WRITERS[kind](study, path, **options)
    return result
