"""The situation report of a region and period, as the CLI writes it (HTML, DOCX, PDF) and as the
page shows it, against the real database with the shipped events, the Decree 1404 registry and its
exercises: the same events as `sarap events list` with the same filters, each figure with its ids,
nothing the reader may not see, a bad date named on the page."""

from __future__ import annotations

import io
import json
import re
import warnings
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader
from typer.testing import CliRunner

from app_client import PASSWORD, logged_in
from sarap.auth import users
from sarap.cli.main import app as cli
from sarap.events import records, store
from sarap.events import seed as events_seed
from sarap.registry import decree, exercises
from sarap.registry import store as registry_store
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PERIOD = ("--region", "ATY", "--from", "2011-01-01", "--to", "2012-12-31")
AS_ANALYST = ("--as", "atc_analyst")  # the CLI acts as a named user: the analyst's agency owns the arrest
runner = CliRunner()


def sarap(*args):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def loaded(db, cli_env):
    events_seed.load(db, "dissertation-2025")
    with db.session() as s:
        decree.load(s, author="t")
        exercises.load_examples(s, author="t")
        users.create_user(s, "atc_analyst", "atc", "reviewer", actor="t", password=PASSWORD)
        users.create_user(s, "mvd_analyst", "mvd", "viewer", actor="t", password=PASSWORD)
        record, problems = records.validate({
            "date": {"start": "2012-05-01"}, "places": [{"region": "ATY"}], "category": "arrest",
            "action_type": "physical", "side": "counter_terrorism", "summary": "restricted arrest",
            "agency": "atc", "access_level": "restricted"})
        assert not problems
        secret = store.create(s, record, author="t").id
        body = registry_store.bodies_tree(s)[0].body.code
        plan = registry_store.add_plan(s, title="Мектептерде профилактикалық кездесулер", kind=
                                       registry_store.measure_kinds(s)[0].code, body_code=body,
                                       author="t", region="ATY", deadline=date(2012, 6, 1),
                                       access_level="public")
    return {"secret": secret, "plan": plan.id}


def test_the_report_states_the_events_that_events_list_lists(loaded, tmp_path):
    listed = json.loads(sarap(*AS_ANALYST, "events", "list", *PERIOD, "--json").stdout)
    ids = sorted(e["id"] for e in listed)
    assert loaded["secret"] in ids and len(ids) >= 5

    assert sarap("report", "situation", *PERIOD, *AS_ANALYST, "-o", tmp_path / "r.html").exit_code == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert re.search(r'id="event-total" data-count="(\d+)"', page)[1] == str(len(ids))
    assert sorted(int(i) for i in re.findall(r"<tr><td>#(\d+)", page.split('id="event-table"')[1]
                                             .split("</table>")[0])) == ids
    assert "Мектептерде профилактикалық кездесулер" in page and "Талдаушының бағасы" in page

    docx = sarap("report", "situation", *PERIOD, *AS_ANALYST, "--lang", "ru", "-o", tmp_path / "r.docx")
    assert docx.exit_code == 0
    text = "\n".join(p.text for p in Document(str(tmp_path / "r.docx")).paragraphs)
    assert f"Событий за период: {len(ids)}" in text

    result = sarap("report", "situation", *PERIOD, *AS_ANALYST, "--lang", "en", "-o", tmp_path / "r.pdf")
    assert result.exit_code == 0, result.output
    pdf = PdfReader(io.BytesIO((tmp_path / "r.pdf").read_bytes()))
    content = "\n".join(p.extract_text() for p in pdf.pages)
    assert f"Events in the period: {len(ids)}" in content and all(f"#{i}" in content for i in ids)


def test_a_reader_sees_only_what_they_may_read(loaded, tmp_path):
    out = tmp_path / "mvd.html"
    assert sarap("report", "situation", *PERIOD, "--as", "mvd_analyst", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert f"#{loaded['secret']}<" not in page and "restricted arrest" not in page
    assert "Қарау кезегін тек қараушы" in page  # no review counts without the reviewer role


def test_the_page_builds_the_same_report_and_offers_the_files(loaded, db):
    app = create_app(db, secret="t")
    params = "region=ATY&from=2011-01-01&to=2012-12-31"
    analyst = logged_in(app, "atc_analyst")
    shown = analyst.get(f"/report/situation?{params}&lang=en")
    assert shown.status_code == 200
    listed = json.loads(sarap(*AS_ANALYST, "events", "list", *PERIOD, "--json").stdout)
    assert re.search(r'id="event-total" data-count="(\d+)"', shown.text)[1] == str(len(listed))
    assert f'href="/events/{loaded["secret"]}"' in shown.text  # the analyst's agency owns it
    anonymous = TestClient(app).get(f"/report/situation?{params}")
    assert f'href="/events/{loaded["secret"]}"' not in anonymous.text
    assert analyst.get(f"/report/situation.pdf?{params}").content.startswith(b"%PDF")
    assert analyst.get(f"/report/situation.docx?{params}").content.startswith(b"PK")

    wrong = TestClient(app).get("/report/situation?region=ATY&from=31.11.2024&to=2012-12-31&lang=kk")
    assert wrong.status_code == 400 and 'id="error-from"' in wrong.text and "<html" in wrong.text
    assert 'id="event-total"' not in wrong.text
