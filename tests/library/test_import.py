"""Importing TXT, DOCX, PDF and HTML files made here with the real libraries (python-docx, fpdf2);
errors name the file and what was expected, and a failed import leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import docx
import matplotlib
import pytest
from fpdf import FPDF
from sqlalchemy import func, select

from sarap.core.audit import AuditEntry
from sarap.core.errors import InvalidInput
from sarap.library import importing, search, store
from sarap.library.models import LibraryDocument

ITEMS = [
    "1-тарау. Жалпы ережелер",
    "      1. Осы Қағидалар терроризмге қарсы іс-қимыл тәртібін айқындайды.",
    "      2. Профилактика мыналарды қамтиды:",
    "      1) террористік қатерді бағалау;",
    "      2) терроризмнің алдын алу.",
    "      Ескерту. 2-тармаққа өзгеріс енгізілді - ҚР Үкіметінің 10.01.2020 № 2 қаулысымен.",
]


def _meta(slug: str, lang: str = "kk") -> store.DocumentMeta:
    return store.DocumentMeta(slug=slug, title={lang: "Сынақ құжаты"}, kind="decree", language=lang)


def _dejavu() -> str:
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


def _import(db, path: Path, slug: str) -> tuple[list[str], int]:
    with db.session() as session:
        doc = importing.import_file(session, path, _meta(slug), author="tester")
        return [u.key for u in doc.units if u.kind != "title"], len(doc.amendments)


def test_docx_with_structure_and_a_note(db, tmp_path):
    path = tmp_path / "rules.docx"
    document = docx.Document()
    for line in ITEMS:
        document.add_paragraph(line)
    document.save(str(path))
    keys, amendments = _import(db, path, "docx-rules")
    assert keys == ["chapter 1", "item 1", "item 2", "item 2 1)", "item 2 2)"]
    assert amendments == 1
    with db.session() as session:
        hits = search.search(session, "терроризм", document="docx-rules")
    assert {h.unit for h in hits} == {"item 1", "item 2"}


def test_pdf_text_layer_in_kazakh(db, tmp_path):
    path = tmp_path / "rules.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=_dejavu())
    pdf.set_font("DejaVu", size=11)
    for line in ITEMS:
        pdf.cell(text=line.strip() if not line.strip()[0].isdigit() else "      " + line.strip(),
                 new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    keys, amendments = _import(db, path, "pdf-rules")
    assert "item 2 2)" in keys and amendments == 1
    with db.session() as session:
        hits = search.search(session, "қатер", document="pdf-rules")
    assert [h.unit for h in hits] == ["item 2"]


def test_scanned_pdf_without_text_layer_is_a_clear_error(db, tmp_path):
    path = tmp_path / "scan.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 150, style="F")  # a page with a picture and no words, as a scan
    pdf.output(str(path))
    with db.session() as session, pytest.raises(InvalidInput) as caught:
        importing.import_file(session, path, _meta("scan"), author="tester")
    problem = caught.value.problems[0]
    assert problem.file == str(path) and "no text layer" in problem.message
    assert "OCR" in (problem.expected or "")


def test_html_keeps_paragraphs_and_drops_scripts(db, tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>x</title><script>var terror = 1;</script></head><body>"
                    "<p>Терроризмге қарсы &laquo;іс-қимыл&raquo;.</p><p>Екінші абзац.</p></body></html>",
                    encoding="utf-8")
    with db.session() as session:
        meta = store.DocumentMeta(slug="page", title={"kk": "Бет"}, kind="article")
        doc = importing.import_file(session, path, meta, author="tester")
        texts = [u.text for u in doc.units if u.kind == "paragraph"]
    assert texts == ["Терроризмге қарсы «іс-қимыл».", "Екінші абзац."]


def test_bad_input_changes_nothing(db, tmp_path):
    bad = tmp_path / "cp1251.txt"
    bad.write_bytes("Терроризм\nқарсы".encode() + "\nтекст".encode("cp1251"))
    with db.session() as session, pytest.raises(InvalidInput) as caught:
        importing.import_file(session, bad, _meta("bad"), author="tester")
    assert (caught.value.problems[0].file, caught.value.problems[0].row) == (str(bad), 3)
    good = tmp_path / "good.txt"
    good.write_text("\n".join(ITEMS), encoding="utf-8")
    wrong = store.DocumentMeta(slug="Bad Slug", title={"kk": "x"}, kind="statute", jurisdiction="Mars")
    with db.session() as session, pytest.raises(InvalidInput) as caught:
        importing.import_file(session, good, wrong, author="tester")
    assert {p.column for p in caught.value.problems} == {"slug", "kind", "jurisdiction"}
    with db.session() as session:
        assert session.scalar(select(func.count(LibraryDocument.id))) == 0
        assert session.scalar(select(func.count(AuditEntry.id))) == 0


def test_imports_are_audited_and_deletes_leave_the_index(db, tmp_path):
    path = tmp_path / "rules.txt"
    path.write_text("\n".join(ITEMS), encoding="utf-8")
    _import(db, path, "txt-rules")
    with db.session() as session:
        store.delete_document(session, "txt-rules", author="tester", reason="test")
    with db.session() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
        assert actions == ["library.document.create", "library.document.delete"]
        with pytest.raises(InvalidInput):
            search.search(session, "NOT x")
        assert search.search(session, "терроризм") == []
