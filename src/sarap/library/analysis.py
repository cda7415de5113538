"""Content analysis of stored documents and of files a user supplies: counts per document and per
unit, comparisons between documents and between versions of one act, tables and bar charts."""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib.figure import Figure
from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.analysis.charts import STYLE, Chart
from sarap.analysis.tables import Table
from sarap.library import readers, terms
from sarap.library.concepts import Concept, TextCount, count_units
from sarap.library.importing import guess_language
from sarap.library.models import LibraryDocument
from sarap.library.units import layout

HEADERS = {
    "kk": {"concept": "ұғым", "form": "сөз формасы", "count": "саны", "unit": "бөлік", "words": "сөз саны",
           "per_1000": "1000 сөзге", "title": "Ұғымдардың жиілігі"},
    "ru": {"concept": "понятие", "form": "словоформа", "count": "число", "unit": "единица",
           "words": "слов", "per_1000": "на 1000 слов", "title": "Частота понятий"},
    "en": {"concept": "concept", "form": "word form", "count": "count", "unit": "unit", "words": "words",
           "per_1000": "per 1000 words", "title": "Concept frequencies"},
}


def _h(lang: str, key: str) -> str:
    return HEADERS.get(lang, HEADERS["en"])[key]


def document_units(doc: LibraryDocument) -> list[tuple[str, str]]:
    """The units whose words make up the document's body: everything indexed but the title
    entry (which repeats the title in other languages); «Ескерту» notes are not units at all."""
    return [(u.key, u.text) for u in doc.units if u.indexed and u.kind != "title"]


def count_document(doc: LibraryDocument, concepts: list[Concept]) -> TextCount:
    return count_units(doc.slug, document_units(doc), doc.language, concepts)


def count_file(path: Path, concepts: list[Concept], *, lang: str | None = None, kind: str = "law",
               fmt: str | None = None) -> TextCount:
    """A Figure-3-style count on any file: read, normalised, cut into units as on import."""
    text = terms.clean(readers.read_text(path, fmt))
    language = lang or guess_language(text)
    shape = layout(text, kind, path.name)
    return count_units(path.name, [(u.key, u.text) for u in shape.units if u.indexed], language, concepts)


def versions(session: Session, doc: LibraryDocument) -> list[LibraryDocument]:
    """The act's stored wordings, oldest first, ending with the current one."""
    current = session.get(LibraryDocument, doc.version_of_id) if doc.version_of_id else doc
    assert current is not None
    earlier = session.scalars(select(LibraryDocument).where(LibraryDocument.version_of_id == current.id))
    ordered = sorted(earlier, key=lambda d: (d.adopted is None, d.adopted or 0, d.version_label or "", d.id))
    return [*ordered, current]


# -- tables --------------------------------------------------------------------------------------

def forms_table(count: TextCount, lang: str = "en") -> Table:
    """Per concept and word form, as Figure 3 lists them (терроризмге – 5 …), then the total."""
    columns = [_h(lang, "concept"), _h(lang, "form"), _h(lang, "count")]
    table = Table(f"{_h(lang, 'title')}: {count.name}", columns)
    for c in count.counts:
        for form, n in sorted(c.forms.items(), key=lambda kv: (-kv[1], kv[0])):
            table.rows.append([c.concept.name(lang), form, n])
        table.rows.append([c.concept.name(lang), "Σ", c.total])
    return table


def units_table(count: TextCount, lang: str = "en") -> Table:
    """Rows: units with at least one occurrence; columns: concepts."""
    codes = [c.concept for c in count.counts]
    table = Table(f"{_h(lang, 'title')}: {count.name}", [_h(lang, "unit"), *(c.name(lang) for c in codes)])
    seen: list[str] = []
    for occ in count.hits:
        if occ.unit not in seen:
            seen.append(occ.unit)
    for unit in seen:
        table.rows.append([unit, *(c.units.get(unit, 0) for c in count.counts)])
    return table


def compare_table(counts: list[TextCount], lang: str = "en") -> Table:
    """Concepts down, texts across: the count and the rate per 1000 words of each text."""
    columns = [_h(lang, "concept")]
    for c in counts:
        columns += [f"{c.name}: {_h(lang, 'count')}", f"{c.name}: {_h(lang, 'per_1000')}"]
    table = Table(_h(lang, "title"), columns)
    for i, concept_count in enumerate(counts[0].counts if counts else []):
        row: list[object] = [concept_count.concept.name(lang)]
        for c in counts:
            row += [c.counts[i].total, c.per_thousand(c.counts[i].concept.code)]
        table.rows.append(row)
    table.rows.append([_h(lang, "words"), *[v for c in counts for v in (c.words, "")]])
    return table


def chart(counts: list[TextCount], lang: str = "en", name: str = "concepts") -> Chart:
    """Grouped horizontal bars: one group per concept, one bar per text."""
    table = compare_table(counts, lang)
    concepts = [c.concept.name(lang) for c in counts[0].counts] if counts else []
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(8.0, 0.5 + 0.45 * max(1, len(concepts)) * max(1, len(counts))),
                        layout="constrained")
        axes = figure.add_subplot()
        axes.set_title(_h(lang, "title"), loc="left", fontsize=11, fontweight="bold")
        height = 0.8 / max(1, len(counts))
        for j, text_count in enumerate(counts):
            values = [c.total for c in text_count.counts]
            positions = [i + j * height for i in range(len(concepts))]
            bars = axes.barh(positions, values, height=height, label=text_count.name)
            axes.bar_label(bars, padding=2, fontsize=8)
        axes.set_yticks([i + height * (len(counts) - 1) / 2 for i in range(len(concepts))], concepts)
        axes.invert_yaxis()
        axes.set_xlabel(_h(lang, "count"))
        if len(counts) > 1:
            axes.legend(loc="lower right", fontsize=8)
    return Chart(name, _h(lang, "title"), figure, table)
