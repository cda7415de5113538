"""Writing and reading studies. Every write is audited (sarap.core.audit) in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.survey.models import (
    ACCESS_LEVELS,
    Answer,
    Coding,
    Question,
    Respondent,
    Section,
    Study,
    Theme,
)

EXPERIENCE_BANDS = ("<5", "5–9", "10–14", "15–19", "20+", "unknown")


def studies(session: Session, where: Any = None) -> list[Study]:
    query = select(Study).order_by(Study.slug)
    if where is not None:
        query = query.where(where)
    return list(session.scalars(query))


def study_named(session: Session, slug: str) -> Study:
    found = session.scalar(select(Study).where(Study.slug == slug))
    if found is None:
        raise NotFound(f"no study named {slug!r}; see 'sarap survey list'")
    return found


def questions_by_code(study: Study) -> dict[str, Question]:
    return {q.code: q for s in study.sections for q in s.questions}


def respondents_by_code(study: Study) -> dict[str, Respondent]:
    return {r.code: r for r in study.respondents}


def themes_by_code(study: Study) -> dict[str, Theme]:
    return {t.code: t for t in study.themes}


def create_study(session: Session, data: dict[str, Any], *, author: str, source: str) -> Study:
    """Creates a study with its guide, respondents and coding frame from a plain mapping (the
    YAML layout of src/sarap/survey/studies/). Answers and codings are added separately."""
    problems = _check_study(data, source)
    if problems:
        raise InvalidInput(problems)
    study = Study(slug=data["slug"], title=data.get("title") or {}, description=data.get("description") or {},
                  provenance=data.get("provenance") or {}, agency=data.get("agency"),
                  access_level=data.get("access_level", "public"))
    for s_pos, sec in enumerate(data.get("sections") or []):
        section = Section(code=str(sec["code"]), position=s_pos, title=sec.get("title") or {})
        for q_pos, q in enumerate(sec.get("questions") or []):
            section.questions.append(Question(study=study, code=str(q["code"]), position=q_pos,
                                              text=q.get("text") or {}))
        study.sections.append(section)
    for r_pos, r in enumerate(data.get("respondents") or []):
        extra = {k: v for k, v in r.items() if k not in ("code", "sector", "role", "experience_band")}
        study.respondents.append(Respondent(
            code=str(r["code"]), position=r_pos, sector=r.get("sector", "not_stated"),
            role=r.get("role", "not_stated"), experience_band=str(r.get("experience_band", "unknown")),
            attributes=extra))
    made: dict[int, Theme] = {}
    for position, (parent, t) in enumerate(_walk_themes(data.get("themes") or [], None)):
        theme = Theme(code=t["code"], position=position, label=t.get("label") or {},
                      definition=t.get("definition") or {})
        made[id(t)] = theme
        if parent is not None:
            theme.parent = made[id(parent)]
        study.themes.append(theme)
    session.add(study)
    session.flush()
    audit.record(session, actor=author, action="survey.study.create", entity="survey_study",
                 entity_id=study.id, detail={"slug": study.slug, "source": source,
                                             "respondents": len(study.respondents),
                                             "themes": len(study.themes)})
    return study


def _walk_themes(themes: list[dict[str, Any]], parent: dict[str, Any] | None
                 ) -> Iterable[tuple[dict[str, Any] | None, dict[str, Any]]]:
    for t in themes:
        yield parent, t
        yield from _walk_themes(t.get("children") or [], t)


def _check_study(data: dict[str, Any], source: str) -> list[Problem]:
    problems: list[Problem] = []

    def need(cond: bool, field: str, value: object, expected: str) -> None:
        if not cond:
            problems.append(Problem("invalid value", file=source, column=field,
                                    value=None if value is None else str(value), expected=expected))

    need(isinstance(data.get("slug"), str) and bool(data.get("slug")), "slug", data.get("slug"),
         "a short name such as 'my-study'")
    need(data.get("access_level", "public") in ACCESS_LEVELS, "access_level", data.get("access_level"),
         " or ".join(ACCESS_LEVELS))
    seen: set[str] = set()
    for sec in data.get("sections") or []:
        for q in sec.get("questions") or []:
            code = str(q.get("code"))
            need(code not in seen, "sections.questions.code", code, "each question code once")
            seen.add(code)
    seen = set()
    for r in data.get("respondents") or []:
        code = str(r.get("code"))
        need(code not in seen, "respondents.code", code, "each respondent code once")
        need(str(r.get("experience_band", "unknown")) in EXPERIENCE_BANDS, "respondents.experience_band",
             r.get("experience_band"), ", ".join(EXPERIENCE_BANDS))
        need("name" not in r, "respondents.name", r.get("name"),
             "no names: respondents are described by anonymised attributes only")
        seen.add(code)
    seen = set()
    for _, t in _walk_themes(data.get("themes") or [], None):
        need(bool(t.get("code")) and t.get("code") not in seen, "themes.code", t.get("code"),
             "each theme code once")
        seen.add(str(t.get("code")))
    return problems


@dataclass(frozen=True)
class NewAnswer:
    respondent: str
    question: str | None
    text: str
    source_kind: str = "typed"
    source_file: str | None = None
    source_line: int | None = None
    note: str | None = None


def add_answers(session: Session, study: Study, answers: list[NewAnswer], *, author: str) -> list[Answer]:
    """Adds answers; a respondent code not yet in the study is added with unknown attributes."""
    questions, respondents = questions_by_code(study), respondents_by_code(study)
    problems = [Problem("unknown question", file=a.source_file, row=a.source_line, column="question",
                        value=a.question, expected="one of " + ", ".join(questions))
                for a in answers if a.question is not None and a.question not in questions]
    if problems:
        raise InvalidInput(problems)
    made = []
    for a in answers:
        respondent = respondents.get(a.respondent)
        if respondent is None:
            respondent = Respondent(code=a.respondent, position=len(respondents), attributes={})
            study.respondents.append(respondent)
            respondents[a.respondent] = respondent
        answer = Answer(respondent=respondent, question=questions.get(a.question or ""), text=a.text,
                        source_kind=a.source_kind, source_file=a.source_file, source_line=a.source_line,
                        note=a.note)
        study.answers.append(answer)
        made.append(answer)
    session.flush()
    audit.record(session, actor=author, action="survey.answers.add", entity="survey_study",
                 entity_id=study.id, detail={"answers": len(made),
                                             "files": sorted({a.source_file or "" for a in answers})})
    return made


@dataclass(frozen=True)
class NewCoding:
    answer_id: int
    start: int
    end: int
    theme: str
    coder: str
    file: str | None = None
    line: int | None = None


def add_codings(session: Session, study: Study, codings: list[NewCoding], *, author: str) -> list[Coding]:
    """Adds codings after checking each (answer of this study, span inside it, known theme);
    a coding that already exists is not added twice."""
    themes = themes_by_code(study)
    answers = {a.id: a for a in study.answers}
    problems: list[Problem] = []
    for c in codings:
        answer = answers.get(c.answer_id)
        if answer is None:
            problems.append(Problem("no such answer in this study", file=c.file, row=c.line,
                                    column="answer", value=str(c.answer_id),
                                    expected="an answer id of study " + study.slug))
        elif not 0 <= c.start < c.end <= len(answer.text):
            problems.append(Problem("passage outside the answer", file=c.file, row=c.line,
                                    column="start/end", value=f"{c.start}–{c.end}",
                                    expected=f"0 ≤ start < end ≤ {len(answer.text)}"))
        if c.theme not in themes:
            problems.append(Problem("unknown theme", file=c.file, row=c.line, column="theme",
                                    value=c.theme, expected="a code of the study's coding frame"))
        if not c.coder.strip():
            problems.append(Problem("no coder", file=c.file, row=c.line, column="coder", value=c.coder,
                                    expected="the coder's name or pseudonym"))
    if problems:
        raise InvalidInput(problems)
    existing = {(k.answer_id, k.span_start, k.span_end, k.theme_id, k.coder)
                for a in study.answers for k in a.codings}
    made = []
    for c in codings:
        theme = themes[c.theme]
        key = (c.answer_id, c.start, c.end, theme.id, c.coder)
        if key in existing:
            continue
        existing.add(key)
        coding = Coding(span_start=c.start, span_end=c.end, theme=theme, coder=c.coder)
        answers[c.answer_id].codings.append(coding)
        made.append(coding)
    session.flush()
    audit.record(session, actor=author, action="survey.codings.add", entity="survey_study",
                 entity_id=study.id, detail={"codings": len(made), "coders": sorted({c.coder for c in made})})
    return made


def delete_study(session: Session, study: Study, *, author: str) -> None:
    audit.record(session, actor=author, action="survey.study.delete", entity="survey_study",
                 entity_id=study.id, detail={"slug": study.slug})
    session.delete(study)
    session.flush()
