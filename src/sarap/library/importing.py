"""Importing files into the library: read (readers.py), cut into units, store, index, audit, all
in the caller's one transaction, so a failed import leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from sarap.library import readers, store
from sarap.library.models import LibraryDocument
from sarap.text.language import LANGUAGES, identify


def guess_language(text: str) -> str:
    """kk, ru or en from the first few thousand characters; kk when the text does not say."""
    guess = identify(text[:5000])
    return guess.lang if guess.lang in LANGUAGES else "kk"


def import_file(session: Session, path: Path, meta: store.DocumentMeta, *, author: str,
                fmt: str | None = None, detect_language: bool = False) -> LibraryDocument:
    """Reads one file and stores it as a document with `meta`; errors name the file."""
    text = readers.read_text(path, fmt)
    if detect_language:
        meta.language = guess_language(text)
    meta.provenance = {"file": path.name, "format": readers.format_of(path, fmt), **meta.provenance}
    return store.add_document(session, meta, text, author=author, file_name=path.name, where=str(path))
