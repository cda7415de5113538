"""The dissertation's table layout (Appendix A, table А.1), as XLSX and DOCX, in two kinds:

- the author's table (`author_table`): the rows of table А.1 itself, in the author's order, with
  the author's cells verbatim (`author_coding`), optionally with our corrections in a last column;
- the coded-data table (`coded_table`): any events, in date order, with cells written from the
  coded fields (corrections applied), in Kazakh.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sarap.core.errors import InvalidInput, Problem
from sarap.core.partial_dates import season_of
from sarap.events.codebook import label
from sarap.events.models import Event

HEADERS = ["Қатысушылар", "Уақыты", "Орны", "Оқиға", "Әрекет түрі", "Ақпаратқа сілтеме"]
AUTHOR_CELLS = ("participants", "time", "place", "event", "action_type", "link")
CORRECTIONS_HEADER = "Түзетулер (Sarap) / Corrections"
TITLE = "Кесте А.1 – Ивент анализ"
CODED_TITLE = "Кодталған деректер (Кесте А.1 үлгісімен) – Coded events in the layout of table А.1"
TABLE_ROW = re.compile(r"appendix-a:(\d+)")
KK_MONTHS = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
             "қыркүйек", "қазан", "қараша", "желтоқсан"]  # fmt: skip
KK_SEASONS = {"spring": "көктем", "summer": "жаз", "autumn": "күз", "winter": "қыс"}


def kazakh_date(start: date, end: date, precision: str) -> str:
    if precision == "year":
        return f"{start.year} жылы"
    if precision == "season":
        return f"{end.year} жылы {KK_SEASONS[season_of(start.month)]}"
    month = KK_MONTHS[start.month - 1]
    if precision == "month":
        return f"{start.year} жылы {month}"
    if end != start and (end.year, end.month) == (start.year, start.month):
        return f"{start.year} жылы {start.day}-{end.day} {month}"
    return f"{start.year} жылы {start.day} {month}"


def coded_row(event: Event) -> list[str]:
    places = "; ".join(p.text or p.settlement or p.region or p.country for p in event.places)
    return [
        ", ".join(a.name for a in event.actors) or "Белгісіз",
        kazakh_date(event.date_start, event.date_end, event.date_precision),
        places,
        event.summary,
        label("action_types", event.action_type, "kk"),
        "\n".join(s.url for s in event.sources if s.url),
    ]


def correction_text(event: Event) -> str:
    return "\n".join(f"{c.get('field')}: {c.get('author_value')} → {c.get('value')} ({c.get('reason')})"
                     for c in event.corrections or [])


@dataclass(frozen=True)
class Layout:
    title: str
    headers: list[str]
    rows: list[list[str]]


OMITTED = "[жеке тұлға / individual]"


def author_table(events: Sequence[Event], corrections: bool = False,
                 omit: Collection[str] = ()) -> Layout:
    """The rows of table А.1 among `events`, in the author's order, with the author's cells;
    the names in `omit` (individuals left out of the export) are replaced in every cell."""
    numbered = sorted((int(m[1]), e) for e in events
                      if e.author_coding and (m := TABLE_ROW.fullmatch(e.origin or "")))
    if not numbered:
        raise InvalidInput([Problem(
            "none of the events is a row of the author's table А.1",
            expected="events with origin appendix-a:N and the author's cells (dataset "
                     "dissertation-2025), or --format coded-table-xlsx / coded-table-docx")])
    rows = [[_omitted(str((e.author_coding or {}).get(k) or ""), omit) for k in AUTHOR_CELLS]
            + ([_omitted(correction_text(e), omit)] if corrections else []) for _, e in numbered]
    return Layout(TITLE, HEADERS + ([CORRECTIONS_HEADER] if corrections else []), rows)


def _omitted(cell: str, names: Collection[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        cell = cell.replace(name, OMITTED)
    return cell


def coded_table(events: Sequence[Event], corrections: bool = False,
                omit: Collection[str] = ()) -> Layout:
    ordered = sorted(events, key=lambda e: (e.date_start, e.id or 0))
    rows = [[_omitted(c, omit) for c in coded_row(e) + ([correction_text(e)] if corrections else [])]
            for e in ordered]
    return Layout(CODED_TITLE, HEADERS + ([CORRECTIONS_HEADER] if corrections else []), rows)


def write_xlsx(layout: Layout, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "А.1"
    sheet.append([layout.title])
    sheet.append(layout.headers)
    sheet.append([str(i) for i in range(1, len(layout.headers) + 1)])
    for line in layout.rows:
        sheet.append(line)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFG", (28, 18, 24, 70, 12, 45, 60), strict=False):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=4):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)


def write_docx(layout: Layout, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph(layout.title)
    table = document.add_table(rows=2, cols=len(layout.headers))
    table.style = "Table Grid"
    for i, text in enumerate(layout.headers):
        table.rows[0].cells[i].text = text
        table.rows[1].cells[i].text = str(i + 1)
    for line in layout.rows:
        cells = table.add_row().cells
        for i, text in enumerate(line):
            cells[i].text = text
    for paragraph in (p for r in table.rows for c in r.cells for p in c.paragraphs):
        for run in paragraph.runs:
            run.font.size = Pt(9)
    document.save(str(path))
