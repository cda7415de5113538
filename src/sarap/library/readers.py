"""Text out of files: TXT, DOCX (python-docx), PDF (its text layer, pypdf) and HTML.

Each reader returns plain text with one paragraph per line, which is what the structure parser
and the paragraph splitter read. A file that cannot give text is an error that names the file and
says what was expected: a scanned PDF without a text layer is not silently imported as empty.
"""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from pathlib import Path

from sarap.core.errors import InvalidInput, Problem
from sarap.core.safeload import check_size, check_zip

FORMATS = ("txt", "docx", "pdf", "html")
SUFFIXES = {".txt": "txt", ".text": "txt", ".docx": "docx", ".pdf": "pdf", ".html": "html",
            ".htm": "html", ".xhtml": "html"}
MIN_PDF_LETTERS = 20  # fewer letters than this in a whole PDF: there is no usable text layer


def _fail(path: Path, message: str, expected: str, value: str | None = None) -> InvalidInput:
    return InvalidInput([Problem(message, file=str(path), value=value, expected=expected)])


def format_of(path: Path, given: str | None = None) -> str:
    if given:
        if given not in FORMATS:
            raise _fail(path, "unknown format", "one of " + ", ".join(FORMATS), given)
        return given
    found = SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise _fail(path, "cannot tell the format from the file name", "a file ending in .txt, .docx, "
                    ".pdf, .html or .htm (or give --format)", path.suffix or "(no suffix)")
    return found


def read_text(path: Path, fmt: str | None = None) -> str:
    """The file's text, one paragraph per line."""
    if not path.is_file():
        raise _fail(path, "no such file", "an existing file")
    kind = format_of(path, fmt)
    reader = {"txt": _txt, "docx": _docx, "pdf": _pdf, "html": _html}[kind]
    text = reader(path)
    if not text.strip():
        raise _fail(path, "the file holds no text", f"a {kind.upper()} file with text in it")
    return text


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem("the text is not UTF-8", file=str(path),
                                    row=data[: exc.start].count(b"\n") + 1, value=f"byte {exc.start}",
                                    expected="UTF-8 text (save the file as UTF-8)")]) from None


def _txt(path: Path) -> str:
    return _decode(path, path.read_bytes()).replace("\r\n", "\n").replace("\r", "\n")


def _docx(path: Path) -> str:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    check_size(path)
    check_zip(path, "DOCX")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError,
            NotImplementedError, AttributeError, TypeError, OSError):  # lxml: XMLSyntaxError
        raise _fail(path, "not a readable DOCX file", "a Word document (.docx: a ZIP with "
                    "word/document.xml); old .doc files must be saved as .docx first") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:  # tables after the body: one row per line, cells by tabs
        for row in table.rows:
            lines.append("\t".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


def _pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    check_size(path)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise _fail(path, "the PDF is encrypted", "a PDF without a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, NotImplementedError, OSError) as exc:  # pypdf on a damaged file
        raise _fail(path, "not a readable PDF", "a PDF file", str(exc)[:200]) from None
    text = "\n".join(pages)
    if sum(ch.isalpha() for ch in text) < MIN_PDF_LETTERS:
        raise _fail(path, f"the PDF has no text layer ({len(pages)} pages, no words): a scan?",
                    "a PDF with a text layer; run OCR on a scanned document first")
    return text


class _HtmlText(HTMLParser):
    """Text of an HTML page: block elements become line breaks, scripts and styles are dropped."""

    BLOCKS = frozenset(("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section",
                        "article", "blockquote", "pre", "dt", "dd", "table", "ul", "ol", "header", "footer"))
    SKIP = frozenset(("script", "style", "noscript", "template", "head"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(" ".join(data.split()) if data.strip() else " ")


def _html(path: Path) -> str:
    parser = _HtmlText()
    parser.feed(_decode(path, path.read_bytes()))
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
