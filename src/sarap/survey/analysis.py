"""Theme frequencies, co-occurrence and coder agreement, computed from the coded passages.

A passage is an answer's character span. Frequencies count distinct answers (and respondents) in
which a theme was coded; a parent theme counts an answer when any theme below it was coded there.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sarap.analysis import agreement
from sarap.survey.models import Answer, Study, Theme

GROUPINGS = ("all", "question", "section", "sector", "role", "experience_band", "respondent")


@dataclass(frozen=True)
class CodedPassage:
    answer_id: int
    start: int
    end: int
    theme: str
    coder: str
    respondent: str
    sector: str
    role: str
    experience_band: str
    question: str | None
    section: str | None


def coded_passages(study: Study, coders: Iterable[str] | None = None) -> list[CodedPassage]:
    wanted = None if coders is None else set(coders)
    rows = []
    for answer in study.answers:
        for c in answer.codings:
            if wanted is not None and c.coder not in wanted:
                continue
            r, q = answer.respondent, answer.question
            rows.append(CodedPassage(answer.id, c.span_start, c.span_end, c.theme.code, c.coder, r.code,
                                     r.sector, r.role, r.experience_band, q.code if q else None,
                                     q.section.code if q else None))
    return rows


def coders(study: Study) -> list[str]:
    counts = Counter(c.coder for a in study.answers for c in a.codings)
    return sorted(counts)


def ancestors(themes: Iterable[Theme]) -> dict[str, list[str]]:
    """Each theme code with itself and the codes above it, nearest first."""
    by_id = {t.id: t for t in themes}
    chains: dict[str, list[str]] = {}
    for t in by_id.values():
        chain: list[str] = []
        node: Theme | None = t
        while node is not None:
            chain.append(node.code)
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        chains[t.code] = chain
    return chains


def _group_of(p: CodedPassage | Answer, by: str) -> str:
    if isinstance(p, Answer):
        q, r = p.question, p.respondent
        values = {"question": q.code if q else None, "section": q.section.code if q else None,
                  "sector": r.sector, "role": r.role, "experience_band": r.experience_band,
                  "respondent": r.code}
    else:
        values = {"question": p.question, "section": p.section, "sector": p.sector, "role": p.role,
                  "experience_band": p.experience_band, "respondent": p.respondent}
    if by == "all":
        return "all"
    return values[by] or "—"


@dataclass
class FrequencyRow:
    group: str
    theme: str
    answers: int
    respondents: int
    passages: int
    answers_in_group: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def frequencies(study: Study, *, by: str = "all", coder: str | None = None,
                include_parents: bool = True) -> list[FrequencyRow]:
    """Theme frequencies per group (`by`: one of GROUPINGS), for one coder or (None) any coder."""
    if by not in GROUPINGS:
        raise ValueError(f"group by one of {', '.join(GROUPINGS)}")
    chains = ancestors(study.themes)
    answers: dict[tuple[str, str], set[int]] = defaultdict(set)
    respondents: dict[tuple[str, str], set[str]] = defaultdict(set)
    passages: dict[tuple[str, str], set[tuple[int, int, int]]] = defaultdict(set)
    for p in coded_passages(study, None if coder is None else [coder]):
        group = _group_of(p, by)
        for code in chains[p.theme] if include_parents else [p.theme]:
            answers[(group, code)].add(p.answer_id)
            respondents[(group, code)].add(p.respondent)
            passages[(group, code)].add((p.answer_id, p.start, p.end))
    in_group = Counter(_group_of(a, by) for a in study.answers)
    order = {t.code: i for i, t in enumerate(study.themes)}
    groups = _guide_order(study)
    rows = [FrequencyRow(g, t, len(ids), len(respondents[(g, t)]), len(passages[(g, t)]), in_group[g])
            for (g, t), ids in answers.items()]
    return sorted(rows, key=lambda r: (groups.get(r.group, len(groups)), _natural(r.group),
                                       order.get(r.theme, 0)))


def _guide_order(study: Study) -> dict[str, int]:
    """Sections and questions in the guide's order (so '0' and 'G' come before block 1)."""
    codes = [code for s in study.sections for code in (s.code, *(q.code for q in s.questions))]
    return {code: i for i, code in enumerate(codes)}


def _natural(text: str) -> tuple[Any, ...]:
    """Sorts '№2' before '№10'."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text))


@dataclass
class Cooccurrence:
    themes: list[str]
    counts: list[list[int]]  # answers in which both themes were coded; the diagonal: the theme at all

    def pairs(self) -> list[tuple[str, str, int]]:
        return [(a, b, self.counts[i][j]) for i, a in enumerate(self.themes)
                for j, b in enumerate(self.themes) if i < j and self.counts[i][j]]


def cooccurrence(study: Study, *, coder: str | None = None) -> Cooccurrence:
    per_answer: dict[int, set[str]] = defaultdict(set)
    for p in coded_passages(study, None if coder is None else [coder]):
        per_answer[p.answer_id].add(p.theme)
    used = {t for themes in per_answer.values() for t in themes}
    themes = [t.code for t in study.themes if t.code in used]
    index = {t: i for i, t in enumerate(themes)}
    counts = [[0] * len(themes) for _ in themes]
    for coded in per_answer.values():
        for a in coded:
            for b in coded:
                counts[index[a]][index[b]] += 1
    return Cooccurrence(themes, counts)


@dataclass
class AgreementReport:
    coders: list[str]
    passages: int  # passages coded by anyone
    multiply_coded: int  # passages coded by at least two coders
    level: str
    cohen: agreement.Agreement | None = None
    fleiss: agreement.Agreement | None = None
    alpha: agreement.Agreement | None = None
    disagreements: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"coders": self.coders, "passages": self.passages, "multiply_coded": self.multiply_coded,
                "level": self.level,
                **{k: getattr(self, k).to_dict() if getattr(self, k) else None
                   for k in ("cohen", "fleiss", "alpha")},
                "disagreements": self.disagreements}


def passage_values(study: Study, *, level: str = "theme", only: list[str] | None = None
                   ) -> tuple[list[str], dict[tuple[int, int, int], dict[str, str]]]:
    """Each passage with each coder's value: the theme coded (level 'theme') or its top-level theme
    (level 'parent'); a coder who gave one span several themes has their sorted join as the value."""
    chains = ancestors(study.themes)
    given: dict[tuple[int, int, int], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for p in coded_passages(study, only):
        value = p.theme if level == "theme" else chains[p.theme][-1]
        given[(p.answer_id, p.start, p.end)][p.coder].add(value)
    names = sorted({c for by_coder in given.values() for c in by_coder})
    return names, {key: {c: "+".join(sorted(v)) for c, v in by_coder.items()}
                   for key, by_coder in given.items()}


def study_agreement(study: Study, *, level: str = "theme", only: list[str] | None = None) -> AgreementReport:
    """Cohen's kappa (when exactly two coders), Fleiss' kappa over the passages with the most common
    number of coders, Krippendorff's alpha over every passage (missing codings allowed)."""
    if level not in ("theme", "parent"):
        raise ValueError("level is 'theme' or 'parent'")
    names, values = passage_values(study, level=level, only=only)
    multi = {k: v for k, v in values.items() if len(v) >= 2}
    report = AgreementReport(names, len(values), len(multi), level)
    if not multi:
        return report
    if len(names) == 2:
        a, b = names
        report.cohen = agreement.cohen_kappa([(v[a], v[b]) for v in multi.values()])
    sizes = Counter(len(v) for v in multi.values())
    m = max(sizes, key=lambda s: (sizes[s], s))
    report.fleiss = agreement.fleiss_kappa([list(v.values()) for v in multi.values() if len(v) == m])
    report.alpha = agreement.krippendorff_alpha_nominal([[v.get(c) for c in names] for v in values.values()])
    texts = {a.id: a for a in study.answers}
    for (answer_id, start, end), by_coder in sorted(multi.items()):
        if len(set(by_coder.values())) > 1:
            answer = texts[answer_id]
            report.disagreements.append({
                "answer": answer_id, "respondent": answer.respondent.code,
                "question": answer.question.code if answer.question else None,
                "start": start, "end": end, "passage": answer.text[start:end], "values": by_coder})
    return report
