"""/api/v1/survey through the real app: studies, guide, frequencies and agreement, and access."""

from survey_client import SLUG

from app_client import login


def test_study_guide_respondents_and_themes(client):
    studies = {s["slug"]: s for s in client.get("/api/v1/survey/studies").json()}
    assert studies[SLUG]["respondents"] == 20 and "pilot" not in studies  # pilot is official
    study = client.get(f"/api/v1/survey/studies/{SLUG}").json()
    assert len(study["respondents"]) == 20
    assert all(set(r) == {"code", "sector", "role", "experience_band"} for r in study["respondents"])
    assert study["sections"] and study["themes"]


def test_frequencies_and_agreement_are_computed_from_codings(client):
    rows = client.get(f"/api/v1/survey/studies/{SLUG}/frequencies", params={"by": "section"}).json()
    assert rows and all(r["answers"] <= r["answers_in_group"] for r in rows)
    agreement = client.get(f"/api/v1/survey/studies/{SLUG}/agreement").json()
    assert agreement["multiply_coded"] == 39
    assert client.get(f"/api/v1/survey/studies/{SLUG}/frequencies", params={"by": "name"}).status_code == 422


def test_an_official_study_needs_a_login(client):
    assert client.get("/api/v1/survey/studies/pilot").status_code == 404
    login(client, "mvd_viewer")
    assert client.get("/api/v1/survey/studies/pilot").status_code == 200
