"""The dissertation's own table layout (Appendix A, table А.1), as XLSX and DOCX.

Cells are written from the coded fields (corrections applied), in Kazakh, in date order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sarap.core import spreadsheet
from sarap.core.partial_dates import season_of
from sarap.events.codebook import label
from sarap.events.models import Event

HEADERS = ["Қатысушылар", "Уақыты", "Орны", "Оқиға", "Әрекет түрі", "Ақпаратқа сілтеме"]
TITLE = "Кесте А.1 – Ивент анализ"
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


def row(event: Event) -> list[str]:
    places = "; ".join(p.text or p.settlement or p.region or p.country for p in event.places)
    return [
        ", ".join(a.name for a in event.actors) or "Белгісіз",
        kazakh_date(event.date_start, event.date_end, event.date_precision),
        places,
        event.summary,
        label("action_types", event.action_type, "kk"),
        "\n".join(s.url for s in event.sources if s.url),
    ]


def write_xlsx(events: Sequence[Event], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "А.1"
    sheet.append([TITLE])
    sheet.append(HEADERS)
    sheet.append([str(i) for i in range(1, 7)])
    for event in events:
        spreadsheet.append(sheet, row(event))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (28, 18, 24, 70, 12, 45), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=4):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)


def write_docx(events: Sequence[Event], path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph(TITLE)
    table = document.add_table(rows=2, cols=len(HEADERS))
    table.style = "Table Grid"
    for i, text in enumerate(HEADERS):
        table.rows[0].cells[i].text = text
        table.rows[1].cells[i].text = str(i + 1)
    for event in events:
        cells = table.add_row().cells
        for i, text in enumerate(row(event)):
            cells[i].text = text
    for paragraph in (p for r in table.rows for c in r.cells for p in c.paragraphs):
        for run in paragraph.runs:
            run.font.size = Pt(9)
    document.save(str(path))
