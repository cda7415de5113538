"""The example study Sarap ships: the dissertation's guide, its 20 respondents' anonymised profiles,
the passages it quotes, a coding frame and a demonstration coding (src/sarap/survey/studies/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.survey import store
from sarap.survey.models import Study

STUDIES_DIR = Path(__file__).parent / "studies"
EXAMPLE = "dissertation-2025-interviews"


def example_path(name: str = EXAMPLE) -> Path:
    return STUDIES_DIR / f"{name}.yaml"


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def load_study_file(session: Session, path: Path, *, author: str,
                    replace: bool = False) -> tuple[Study, bool]:
    """Loads a study file (guide, respondents, themes, answers, demo codings); returns the study and
    whether it was loaded now (False: a study of that name was there and `replace` was not asked)."""
    data = read(path)
    source = path.name
    try:
        existing = store.study_named(session, data["slug"])
    except NotFound:
        existing = None
    if existing is not None:
        if not replace:
            return existing, False
        store.delete_study(session, existing, author=author)
    if data.get("demo_coding"):  # shown wherever the coding is, so nobody takes it for the author's
        data["provenance"] = {**(data.get("provenance") or {}), "demo_coding": data["demo_coding"]["label"]}
    study = store.create_study(session, data, author=author, source=source)
    file = (data.get("provenance") or {}).get("file", source)
    answers = store.add_answers(session, study, [
        store.NewAnswer(respondent=str(a["respondent"]), question=a.get("question"), text=a["text"],
                        source_kind="seed", source_file=file, source_line=a.get("seed_line"),
                        note=a.get("note"))
        for a in data.get("answers") or []], author=author)
    by_key = {a["key"]: made for a, made in zip(data.get("answers") or [], answers, strict=True)}
    demo = data.get("demo_coding")
    if demo:
        store.add_codings(session, study, _demo_codings(demo, by_key, source), author=author)
    return study, True


def _demo_codings(demo: dict[str, Any], answers: dict[str, Any], source: str) -> list[store.NewCoding]:
    coders: list[str] = demo["coders"]
    codings, problems = [], []
    for number, (key, passage, *themes) in enumerate(demo["passages"], start=1):
        answer = answers.get(key)
        where = f"demo_coding.passages[{number}]"
        if answer is None or answer.text.count(passage) != 1:
            problems.append(Problem("the passage must occur exactly once in its answer", file=source,
                                    column=where, value=passage[:60], expected=f"text of answer {key}"))
            continue
        start = answer.text.index(passage)
        for coder, theme in zip(coders, themes, strict=True):
            if theme:
                codings.append(store.NewCoding(answer.id, start, start + len(passage), theme, coder))
    if problems:
        raise InvalidInput(problems)
    return codings


def load_example(session: Session, *, author: str, replace: bool = False) -> tuple[Study, bool]:
    return load_study_file(session, example_path(), author=author, replace=replace)
