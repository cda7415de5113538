"""Labelled sentences: the shipped sets (src/sarap/text/data/sentiment/{kk,ru,en}.tsv), the analysts'
corrections and additions (an append-only file in the data directory), and the fixed held-out split.

The shipped files are never edited by the program: a correction is a new row in the user file with
the same id and the new label, and the last row for an id wins. So the shipped data stay as
published, every change keeps who made it and when, and a retrain can be reproduced from the two
files (their sha256 goes into the model card).
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.core.errors import InvalidInput, Problem

LABELS = ("positive", "negative", "neutral")
LANGUAGES = ("kk", "ru", "en")
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "sentiment"
SHIPPED_COLUMNS = ("id", "text", "label", "note")
USER_COLUMNS = ("id", "lang", "text", "label", "note", "actor", "at")
USER_FILE = "labels.tsv"  # under <data dir>/sentiment/

TEST_SHARE = 0.3
SPLIT_SEED = 20250101


@dataclass(frozen=True)
class LabelledText:
    id: str
    lang: str
    text: str
    label: str
    note: str = ""
    origin: str = "shipped"  # "shipped", "corrected" (shipped text, analyst's label) or "user"


def shipped_path(lang: str) -> Path:
    return SHIPPED_DIR / f"{lang}.tsv"


def user_path(data_dir: Path) -> Path:
    return data_dir / "sentiment" / USER_FILE


def sha256_of(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise InvalidInput([Problem("no sentiment data for this language", column="lang", value=lang,
                                    expected=" or ".join(LANGUAGES))])
    return lang


def _rows(path: Path, columns: tuple[str, ...]) -> Iterable[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; the header must name exactly `columns`."""
    if not path.is_file():
        raise InvalidInput([Problem("no such file", file=str(path))])
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or tuple(header) != columns:
            raise InvalidInput([Problem("wrong header", file=str(path), row=1,
                                        value="\t".join(header or []), expected="\t".join(columns))])
        for number, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(columns):
                raise InvalidInput([Problem(f"{len(row)} columns", file=str(path), row=number,
                                            expected=f"{len(columns)} tab-separated columns")])
            yield number, dict(zip(columns, row, strict=True))


def _checked(path: Path, number: int, row: dict[str, str]) -> list[Problem]:
    problems = []
    if row["label"] not in LABELS:
        problems.append(Problem("unknown label", file=str(path), row=number, column="label",
                                value=row["label"], expected=", ".join(LABELS)))
    if not row["id"].strip():
        problems.append(Problem("empty id", file=str(path), row=number, column="id"))
    if "lang" in row and row["lang"] not in LANGUAGES:
        problems.append(Problem("unknown language", file=str(path), row=number, column="lang",
                                value=row["lang"], expected=" or ".join(LANGUAGES)))
    return problems


def read_shipped(lang: str, path: Path | None = None) -> list[LabelledText]:
    """The shipped labelled sentences of one language, every problem reported at once."""
    path = path or shipped_path(check_lang(lang))
    items: list[LabelledText] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, row in _rows(path, SHIPPED_COLUMNS):
        problems += _checked(path, number, row)
        if row["id"] in seen:
            problems.append(Problem("duplicate id", file=str(path), row=number, column="id", value=row["id"]))
        if not row["text"].strip():
            problems.append(Problem("empty text", file=str(path), row=number, column="text"))
        seen.add(row["id"])
        items.append(LabelledText(row["id"], lang, row["text"], row["label"], row["note"]))
    if problems:
        raise InvalidInput(problems)
    return items


def read_user(data_dir: Path) -> list[LabelledText]:
    """Every row of the user file in order (corrections and additions; later rows win)."""
    path = user_path(data_dir)
    if not path.is_file():
        return []
    items, problems = [], []
    for number, row in _rows(path, USER_COLUMNS):
        problems += _checked(path, number, row)
        items.append(LabelledText(row["id"], row["lang"], row["text"], row["label"], row["note"], "user"))
    if problems:
        raise InvalidInput(problems)
    return items


def labelled(lang: str, data_dir: Path | None = None) -> list[LabelledText]:
    """The labelled sentences of one language: shipped ones with the analysts' corrections applied,
    then the analysts' own sentences. Without a data directory: the shipped ones as they are."""
    items = {item.id: item for item in read_shipped(lang)}
    if data_dir is not None:
        for row in read_user(data_dir):
            if row.lang != lang:
                continue
            if row.id in items and items[row.id].origin != "user":
                items[row.id] = replace(items[row.id], label=row.label, origin="corrected")
            else:
                items[row.id] = row
    return list(items.values())


def held_out_ids(lang: str) -> frozenset[str]:
    """The held-out ids: TEST_SHARE of each label's shipped sentences, drawn with a fixed seed. Drawn
    from the shipped labels, so the split never moves when analysts correct or add labels (added
    sentences always go to training)."""
    by_label: dict[str, list[str]] = {label: [] for label in LABELS}
    for item in read_shipped(lang):
        by_label[item.label].append(item.id)
    chosen: set[str] = set()
    for label, ids in by_label.items():
        ids = sorted(ids)
        random.Random(f"{SPLIT_SEED}:{lang}:{label}").shuffle(ids)
        chosen.update(ids[:round(len(ids) * TEST_SHARE)])
    return frozenset(chosen)


def split(items: list[LabelledText], lang: str) -> tuple[list[LabelledText], list[LabelledText]]:
    """(training part, held-out part) of one language's labelled sentences."""
    held_out = held_out_ids(lang)
    return [i for i in items if i.id not in held_out], [i for i in items if i.id in held_out]


def add_label(data_dir: Path, item_id: str, label: str, *, actor: str, lang: str | None = None,
              text: str | None = None, note: str = "", session: Session | None = None) -> LabelledText:
    """Correct the label of a labelled sentence (shipped or added), or add a new sentence when the id
    is new (then `lang` and `text` are needed). Appends one row to the user file; with a database
    session, the change is also written to the audit log."""
    if label not in LABELS:
        raise InvalidInput([Problem("unknown label", column="label", value=label,
                                    expected=", ".join(LABELS))])
    known = _find(data_dir, item_id)
    if known is not None:
        if lang is not None and lang != known.lang:
            raise InvalidInput([Problem(f"{item_id} is a {known.lang} sentence", column="lang", value=lang,
                                        expected=known.lang)])
        lang, text = known.lang, text or known.text
    else:
        problems = []
        if lang is None or lang not in LANGUAGES:
            problems.append(Problem(f"{item_id} is a new id, so its language is needed", column="lang",
                                    value=lang, expected=" or ".join(LANGUAGES)))
        if not text or not text.strip():
            problems.append(Problem(f"{item_id} is a new id, so its text is needed", column="text"))
        if problems:
            raise InvalidInput(problems)
    assert lang is not None and text is not None
    for field, value in (("id", item_id), ("text", text), ("note", note)):
        if "\t" in value or "\n" in value:
            raise InvalidInput([Problem("tabs and line breaks are not allowed", column=field, value=value)])
    row = {"id": item_id, "lang": lang, "text": text, "label": label, "note": note, "actor": actor,
           "at": datetime.now(UTC).isoformat(timespec="seconds")}
    _append(user_path(data_dir), row)
    if session is not None:
        audit.record(session, actor=actor, action="sentiment.label", entity="sentiment_label",
                     entity_id=item_id, detail={"lang": lang, "label": label,
                                                "was": known.label if known else None})
    return LabelledText(item_id, lang, text, label, note, "corrected" if known and known.origin != "user"
                        else "user")


def _find(data_dir: Path, item_id: str) -> LabelledText | None:
    prefix = item_id.split("-", 1)[0]
    langs = [prefix] if prefix in LANGUAGES else list(LANGUAGES)
    for lang in langs:
        for item in labelled(lang, data_dir):
            if item.id == item_id:
                return item
    return None


def _append(path: Path, row: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.is_file()
    with path.open("a", encoding="utf-8", newline="") as fh:
        if new:
            fh.write("\t".join(USER_COLUMNS) + "\n")
        fh.write("\t".join(row[c] for c in USER_COLUMNS) + "\n")
