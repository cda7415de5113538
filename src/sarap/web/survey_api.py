"""The JSON API of interview studies under /api/v1/survey: read-only, with the access rules of events."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from sarap.auth.access import readable_rows
from sarap.survey import analysis, store
from sarap.survey.models import Study
from sarap.web.sessions import current_user
from sarap.web.survey import readable_study

router = APIRouter(prefix="/api/v1/survey", tags=["survey"])


@router.get("/studies")
def list_studies(request: Request) -> list[dict[str, Any]]:
    with request.app.state.db.session() as session:
        found = store.studies(session, readable_rows(current_user(request, session), Study))
        return [{"slug": s.slug, "title": s.title, "respondents": len(s.respondents),
                 "answers": len(s.answers), "themes": len(s.themes)} for s in found]


@router.get("/studies/{slug}")
def get_study(request: Request, slug: str) -> dict[str, Any]:
    """The guide, the respondents' anonymised attributes and the coding frame."""
    with request.app.state.db.session() as session:
        study = readable_study(session, slug, current_user(request, session))
        return {
            "slug": study.slug, "title": study.title, "description": study.description,
            "provenance": study.provenance,
            "sections": [{"code": s.code, "title": s.title,
                          "questions": [{"code": q.code, "text": q.text} for q in s.questions]}
                         for s in study.sections],
            "respondents": [{"code": r.code, "sector": r.sector, "role": r.role,
                             "experience_band": r.experience_band} for r in study.respondents],
            "themes": [{"code": t.code, "parent": t.parent.code if t.parent else None, "label": t.label,
                        "definition": t.definition} for t in study.themes]}


@router.get("/studies/{slug}/frequencies")
def get_frequencies(request: Request, slug: str,
                    by: str = Query("all", pattern="^(" + "|".join(analysis.GROUPINGS) + ")$"),
                    coder: str | None = None) -> list[dict[str, Any]]:
    """Answers, respondents and passages in which each theme was coded, per group."""
    with request.app.state.db.session() as session:
        study = readable_study(session, slug, current_user(request, session))
        return [row.to_dict() for row in analysis.frequencies(study, by=by, coder=coder)]


@router.get("/studies/{slug}/agreement")
def get_agreement(request: Request, slug: str,
                  level: str = Query("theme", pattern="^(theme|parent)$")) -> dict[str, Any]:
    """Cohen's kappa, Fleiss' kappa and Krippendorff's alpha on the passages coded by several coders."""
    with request.app.state.db.session() as session:
        study = readable_study(session, slug, current_user(request, session))
        return analysis.study_agreement(study, level=level).to_dict()
