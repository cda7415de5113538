"""Reading answers from interview transcripts (TXT, DOCX) and codings from CSV.

Transcript format (docs/survey-format.md): a line "№3 сарапшы" (or "Сарапшы №3", "Respondent 3")
starts a respondent; a line "Q1.2:" (text may follow the colon) starts the answer to question 1.2
of the guide, "Q-:" an answer to no particular question; lines up to the next marker are the answer.
Lines starting with '#' are comments. In a DOCX file each paragraph is a line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from sarap.core.errors import InvalidInput, Problem
from sarap.core.safeload import check_size, check_zip
from sarap.survey import store
from sarap.survey.models import Answer, Study

RESPONDENT = re.compile(
    r"^\s*(?:№\s*(?P<a>\d+)\s*сарапшы|сарапшы\s*№\s*(?P<b>\d+)|respondent\s*№?\s*(?P<c>\d+)"
    r"|респондент\s*№?\s*(?P<d>\d+))\s*:?\s*$", re.IGNORECASE)
QUESTION = re.compile(r"^\s*Q\s*(?P<code>-|[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)\s*:\s*(?P<rest>.*)$")


@dataclass
class ImportResult:
    files: int
    answers: int
    respondents: list[str]


def transcript_lines(path: Path) -> list[str]:
    """The file's lines; for DOCX its paragraphs (so "line" in messages is the paragraph number)."""
    if path.suffix.lower() == ".docx":
        try:
            import docx
        except ImportError as exc:  # pragma: no cover - python-docx is a dependency
            raise InvalidInput([Problem("python-docx is not installed", file=path.name)]) from exc
        check_zip(path, "DOCX")
        try:
            return [p.text for p in docx.Document(str(path)).paragraphs]
        except Exception as exc:  # a damaged or non-DOCX file: say so instead of a traceback
            raise InvalidInput([Problem(f"not a readable DOCX file ({exc.__class__.__name__})",
                                        file=path.name, expected="a Word .docx document")]) from exc
    check_size(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InvalidInput([Problem("text is not UTF-8", file=path.name, row=line,
                                    expected="a UTF-8 text file")]) from exc
    return text.splitlines()


def parse_transcript(name: str, lines: list[str], known_questions: set[str]
                     ) -> tuple[list[store.NewAnswer], list[Problem]]:
    answers: list[store.NewAnswer] = []
    problems: list[Problem] = []
    respondent: str | None = None
    question: str | None = None
    body: list[str] = []
    start: int | None = None

    def flush() -> None:
        text = "\n".join(body).strip()
        if respondent is not None and text:
            answers.append(store.NewAnswer(respondent=respondent, question=question, text=text,
                                           source_kind="transcript", source_file=name, source_line=start))

    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("#"):
            continue
        if (m := RESPONDENT.match(line)) is not None:
            flush()
            respondent = "№" + next(g for g in m.groups() if g)
            question, body, start = None, [], None
            continue
        if (m := QUESTION.match(line)) is not None:
            flush()
            code = m["code"]
            question = None if code == "-" else code
            body, start = [], None
            if question is not None and question not in known_questions:
                problems.append(Problem("unknown question", file=name, row=number, column="question",
                                        value=code, expected="a question code of the guide: "
                                        + ", ".join(sorted(known_questions)) + ", or Q-: for none"))
            if respondent is None:
                problems.append(Problem("a question before the first respondent line", file=name,
                                        row=number, expected="a line such as '№3 сарапшы' first"))
            line = m["rest"]
            if not line.strip():
                continue
        if line.strip():
            if respondent is None:
                problems.append(Problem("text before the first respondent line", file=name, row=number,
                                        value=line.strip()[:40],
                                        expected="a line such as '№3 сарапшы' or 'Respondent 3' first"))
                continue
            if start is None:
                start = number
        body.append(line)
    flush()
    if not answers and not problems:
        problems.append(Problem("no answers found", file=name,
                                expected="respondent lines ('№3 сарапшы') followed by answers ('Q1.2: …')"))
    return answers, problems


def import_transcripts(session: Session, study: Study, paths: list[Path], *, author: str) -> ImportResult:
    """All files or nothing: every problem in every file is reported before anything is written."""
    known = set(store.questions_by_code(study))
    found: list[store.NewAnswer] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            lines = transcript_lines(path)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        answers, trouble = parse_transcript(path.name, lines, known)
        found.extend(answers)
        problems.extend(trouble)
    if problems:
        raise InvalidInput(problems)
    store.add_answers(session, study, found, author=author)
    return ImportResult(len(paths), len(found), sorted({a.respondent for a in found}))


Report = Callable[[str, str, str], None]  # column, message, what was expected
CODING_COLUMNS = ("answer", "respondent", "question", "start", "end", "passage", "theme", "coder")


def read_codings_csv(study: Study, name: str, text: str) -> tuple[list[store.NewCoding], list[Problem]]:
    """Rows: theme, coder, the answer (`answer` id, or `respondent` + `question`), and the passage
    (`start`/`end` character offsets, or `passage` text found once in the answer; none: all of it)."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    problems: list[Problem] = []
    missing = [c for c in ("theme", "coder") if c not in header]
    if missing or not ({"answer"} <= set(header) or {"respondent", "question"} <= set(header)):
        return [], [Problem("missing columns", file=name, row=1, value=",".join(header),
                            expected="theme, coder, and answer or respondent+question; optional "
                            "start, end or passage")]
    by_key: dict[tuple[str, str | None], list[Answer]] = {}
    by_id = {a.id: a for a in study.answers}
    themes = store.themes_by_code(study)
    for a in study.answers:
        by_key.setdefault((a.respondent.code, a.question.code if a.question else None), []).append(a)
    codings: list[store.NewCoding] = []
    for row_number, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}

        def bad(column: str, message: str, expected: str, r: int = row_number,
                values: dict[str, str] = row) -> None:
            problems.append(Problem(message, file=name, row=r, column=column, value=values.get(column),
                                    expected=expected))

        if row.get("theme") not in themes:
            bad("theme", "unknown theme", "a code of the study's coding frame: " + ", ".join(themes))
        if not row.get("coder"):
            bad("coder", "no coder", "the coder's name or pseudonym")
        answer = _find_answer(row, by_id, by_key, bad)
        if answer is None:
            continue
        span = _find_span(row, answer, bad)
        if span is None:
            continue
        codings.append(store.NewCoding(answer.id, span[0], span[1], row.get("theme", ""),
                                       row.get("coder", ""), name, row_number))
    return codings, problems


def _find_answer(row: dict[str, str], by_id: dict[int, Answer],
                 by_key: dict[tuple[str, str | None], list[Answer]], report: Report) -> Answer | None:
    if row.get("answer"):
        if not row["answer"].isdigit() or int(row["answer"]) not in by_id:
            report("answer", "no such answer in this study", "an answer id (see 'sarap survey answers')")
            return None
        return by_id[int(row["answer"])]
    respondent = row.get("respondent", "")
    respondent = respondent if respondent.startswith("№") else f"№{respondent}"
    found = by_key.get((respondent, row.get("question") or None), [])
    if len(found) != 1:
        report("respondent", f"{len(found)} answers of this respondent to this question",
               "exactly one; give the answer id instead")
        return None
    return found[0]


def _find_span(row: dict[str, str], answer: Answer, report: Report) -> tuple[int, int] | None:
    if row.get("start") or row.get("end"):
        try:
            return int(row.get("start", "")), int(row.get("end", ""))
        except ValueError:
            report("start", "offsets must be whole numbers", "start and end as character offsets")
            return None
    passage = row.get("passage")
    if passage:
        if answer.text.count(passage) != 1:
            report("passage", f"found {answer.text.count(passage)} times in answer {answer.id}",
                   "text that occurs exactly once in the answer")
            return None
        start = answer.text.index(passage)
        return start, start + len(passage)
    return 0, len(answer.text)


def import_codings(session: Session, study: Study, path: Path, *, author: str) -> int:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem("text is not UTF-8", file=path.name,
                                    expected="a UTF-8 CSV file")]) from exc
    codings, problems = read_codings_csv(study, path.name, text)
    if problems:
        raise InvalidInput(problems)
    return len(store.add_codings(session, study, codings, author=author))
