"""The study page and the coding form, through the real app and database."""

import re

from survey_client import SLUG

from app_client import csrf_of, login
from sarap.survey import store


def test_study_page_shows_guide_respondents_frequencies_chart_and_agreement(client):
    page = client.get(f"/survey/{SLUG}?lang=en")
    assert page.status_code == 200
    assert "In-depth expert interviews" in page.text
    assert "Can we say that systematic measures" in page.text            # the guide
    assert page.text.count('<tr><td>№') == 20                             # respondents
    assert "Law enforcement" in page.text
    assert "<svg" in page.text and "Answers in which each theme was coded" in page.text
    assert "demonstration by the Sarap team" in page.text
    kappa = re.search(r"Cohen&#39;s kappa</td><td class=\"value\">([0-9.]+)", page.text)
    assert kappa and kappa[1] == "0.804"
    kk = client.get(f"/survey/{SLUG}?lang=kk")
    assert "Сұхбат жоспары" in kk.text and "Коэн каппасы" in kk.text


def test_frequencies_by_sector_for_one_coder(client):
    page = client.get(f"/survey/{SLUG}?lang=en&by=sector&coder=sarap-demo-a")
    row = re.search(r"<td>NGO[^<]*</td><td>&nbsp;&nbsp;Gaps in the system "
                    r"<small><code>system.gaps</code></small></td>"
                    r"<td>(\d+)</td><td>(\d+)</td>", page.text)
    assert row and row.groups() == ("2", "1")


def test_an_official_study_is_hidden_from_visitors_and_shown_to_users(client):
    assert client.get("/survey/pilot").status_code == 404
    assert "Pilot interviews" not in client.get("/survey?lang=en").text
    login(client, "mvd_viewer")
    assert client.get("/survey/pilot?lang=en").status_code == 200


def test_an_editor_codes_a_passage_and_a_wrong_passage_is_named(client, db):
    with db.session() as s:
        study = store.study_named(s, SLUG)
        study.agency = "atc"  # the shipped study (system agency) is coded through a copy of one's own
        answer = next(a for a in study.answers if a.respondent.code == "№10")
    url = f"/survey/{SLUG}/answers/{answer.id}/code"
    assert client.get(url, follow_redirects=False).status_code == 303  # to the login page
    login(client, "atc_editor")
    form = client.get(url + "?lang=en")
    assert form.status_code == 200
    bad = client.post(url + "?lang=en", data={"csrf": csrf_of(form), "passage": "not in the answer",
                                              "theme": "threats.online"})
    assert bad.status_code == 400
    assert "must occur exactly once in the answer" in bad.text
    no_csrf = client.post(url, data={"passage": "", "theme": "threats.online"})
    assert no_csrf.status_code == 403
    done = client.post(url, data={"csrf": csrf_of(form), "passage": "Діни білімнің жеткіліксіздігі",
                                  "theme": "prevention.awareness"}, follow_redirects=False)
    assert done.status_code == 303
    with db.session() as s:
        codings = {(c.passage, c.theme.code, c.coder)
                   for a in store.study_named(s, SLUG).answers if a.id == answer.id for c in a.codings}
    assert ("Діни білімнің жеткіліксіздігі", "prevention.awareness", "atc_editor") in codings


def test_a_viewer_cannot_open_the_coding_form(client, db):
    with db.session() as s:
        answer = store.study_named(s, SLUG).answers[0]
    login(client, "mvd_viewer")
    assert client.get(f"/survey/{SLUG}/answers/{answer.id}/code").status_code == 403
