"""Monitoring pages through the real app and database: the topics and sources a user may read, the
save-a-topic form (editors, CSRF, query errors with their column and caret), a topic's page with
its SVG charts, breakdowns, terms, sentiment, alerts acknowledged by editors, comparison, exports."""

from __future__ import annotations

import csv
import io
import re
import warnings
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select, update

from app_client import PASSWORD, csrf_of, logged_in
from sarap.auth import users
from sarap.core.audit import AuditEntry
from sarap.monitor import files, ingest, store
from sarap.monitor.models import MonitorAlert, MonitorItem, MonitorTopic
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SVG = "{http://www.w3.org/2000/svg}"




def svgs(html: str) -> dict[str, ET.Element]:
    """Every inline chart of a page, parsed as XML, by its id."""
    found = [ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", html, flags=re.S)]
    return {e.get("id"): e for e in found}


def texts(svg: ET.Element) -> list[str]:
    return [e.text or "" for e in svg.iter(f"{SVG}text")]


@pytest.fixture
def ids(db, monitor_fixtures, pseudonymiser):
    with db.session() as s:
        store.add_source(s, name="ys", kind="csv", location=str(monitor_fixtures / "youscan_export.csv"),
                         options=files.load_mapping(preset_name="youscan").to_dict(), actor="t")
        store.add_source(s, name="tg", kind="telegram", agency="atc", access_level="restricted",
                         location=str(monitor_fixtures / "telegram_channel.json"), actor="t")
        terror = store.add_topic(s, name="terror", query="терроризм", actor="t",
                                 alert_rules=[{"kind": "threshold", "min_count": 2, "cooldown": 0}])
        semin = store.add_topic(s, name="seminar", query="семинар OR встреча", actor="t")
        secret = store.add_topic(s, name="atc-only", query="вербовка", agency="atc",
                                 access_level="restricted", actor="t")
        for name, agency, role in (("atc_editor", "atc", "editor"), ("atc_viewer", "atc", "viewer"),
                                   ("mvd_viewer", "mvd", "viewer")):
            users.create_user(s, name, agency, role, actor="t", password=PASSWORD)
        found = {"terror": terror.id, "seminar": semin.id, "secret": secret.id}
    for name in ("ys", "tg"):
        ingest.ingest(db, name, pseudonymiser=pseudonymiser, actor="t")
    return found


@pytest.fixture
def app(db, ids):
    return create_app(db, secret="test-secret")


def test_the_list_shows_readable_topics_with_counts_and_sources_with_their_last_run(app, ids):
    anonymous = TestClient(app).get("/monitor?lang=en")
    assert anonymous.status_code == 200
    row = anonymous.text.split(f'href="/monitor/topics/{ids["terror"]}"')[1].split("</tr>")[0]
    assert "<code>терроризм</code>" in row and '<td class="mentions">5</td>' in row  # 5 of 6 public rows
    assert "atc-only" not in anonymous.text and ">tg<" not in anonymous.text
    assert re.search(r">ys</a></td><td>CSV file</td>.*?<td>6</td>.*?done.*?read 6, added 6", anonymous.text,
                     re.S)
    assert 'action="/monitor/topics"' not in anonymous.text  # no form without the editor role
    assert '<a href="/monitor">Monitoring</a>' in anonymous.text  # the menu link

    editor = logged_in(app, "atc_editor").get("/monitor?lang=en")
    assert "atc-only" in editor.text and ">tg</a></td><td>Telegram export</td>" in editor.text
    assert 'action="/monitor/topics"' in editor.text
    assert 'action="/monitor/topics"' not in logged_in(app, "atc_viewer").get("/monitor").text


def test_another_agencys_restricted_topic_answers_404(app, ids):
    outsider = logged_in(app, "mvd_viewer")
    for path in ("", "/series.csv", "/items.csv"):
        assert outsider.get(f"/monitor/topics/{ids['secret']}{path}").status_code == 404
    assert TestClient(app).get(f"/monitor/topics/{ids['secret']}").status_code == 404
    assert logged_in(app, "atc_viewer").get(f"/monitor/topics/{ids['secret']}").status_code == 200
    # nor can it be slipped into a comparison
    mixed = outsider.get(f"/monitor/topics/{ids['terror']}", params={"compare": ids["secret"]})
    assert mixed.status_code == 404


def test_a_period_without_items_draws_a_flat_chart_and_no_period_an_empty_one(app, db, ids):
    page = TestClient(app).get(f"/monitor/topics/{ids['terror']}",
                               params={"from": "2023-01-01", "to": "2023-01-31", "lang": "en"})
    assert page.status_code == 200
    chart = svgs(page.text)["chart-mentions"]
    assert "Time (day, UTC)" in texts(chart)
    values = [c.find(f"{SVG}title").text.rsplit(": ", 1)[1] for c in chart.iter(f"{SVG}circle")]
    assert values == ["0"] * 31
    assert '<span class="figure" id="count-mentions">0</span>' in page.text
    with db.session() as s:
        empty = store.add_topic(s, name="empty", query="терроризм", filters={"sources": ["none"]}, actor="t")
    page = TestClient(app).get(f"/monitor/topics/{empty.id}", params={"lang": "en"})
    assert "No items in this period" in texts(svgs(page.text)["chart-index"])
    assert TestClient(app).get("/monitor/topics/99999999999999").status_code == 404


def _new_topic(client: TestClient, csrf: str | None, **values: str) -> object:
    data = {"name": "terror-kk", "query": "терроризм", "languages": "kk", "threshold": "", **values}
    if csrf is not None:
        data["csrf"] = csrf
    return client.post("/monitor/topics?lang=en", data=data, follow_redirects=False)


def test_a_viewer_cannot_save_a_topic_and_a_form_without_csrf_is_refused(app, db):
    viewer = logged_in(app, "atc_viewer")
    assert _new_topic(viewer, csrf_of(viewer.get("/monitor"))).status_code == 403
    editor = logged_in(app, "atc_editor")
    assert _new_topic(editor, None).status_code == 403
    assert _new_topic(editor, "forged").status_code == 403
    with db.session() as s:
        assert s.scalar(select(MonitorTopic).where(MonitorTopic.name == "terror-kk")) is None


def test_an_editor_saves_a_topic_and_a_bad_query_is_shown_with_its_column_and_caret(app, db):
    editor = logged_in(app, "atc_editor")
    csrf = csrf_of(editor.get("/monitor"))
    bad = _new_topic(editor, csrf, query="терроризм AND (жастар")
    assert bad.status_code == 400
    error = bad.text.split('id="error-query"')[1].split("</div>")[0]
    column = int(re.search(r"column (\d+)", error)[1])
    caret = re.search(r'<pre class="caret">(.*?)</pre>', error, re.S)[1].split("\n")
    assert caret[0] == "терроризм AND (жастар" and caret[1] == " " * (column - 1) + "^"
    assert 'value="терроризм AND (жастар"' in bad.text  # what was typed is kept

    saved = _new_topic(editor, csrf, threshold="2", access_level="restricted", start="2024-03-01")
    assert saved.status_code == 303
    with db.session() as s:
        topic = s.scalar(select(MonitorTopic).where(MonitorTopic.name == "terror-kk"))
        assert (topic.agency, topic.access_level) == ("atc", "restricted")
        assert topic.filters == {"languages": ["kk"], "start": "2024-03-01"}
        assert [r["kind"] for r in topic.alert_rules] == ["anomaly", "threshold"]
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "monitor.topic_add",
                                                 AuditEntry.entity_id == str(topic.id))).actor == "atc_editor"
    page = editor.get(saved.headers["location"] + "?lang=en")
    assert page.status_code == 200 and "терроризм" in page.text
    assert _new_topic(editor, csrf, start="March").status_code == 400  # named field, not a crash


def test_the_topic_page_draws_its_charts_as_svg_with_title_and_axis_labels(app, ids):
    page = TestClient(app).get(f"/monitor/topics/{ids['terror']}?lang=en")
    charts = svgs(page.text)
    assert set(charts) == {"chart-mentions", "chart-index"}
    mentions = charts["chart-mentions"]
    assert mentions.find(f"{SVG}title").text == "Mentions over time: terror"
    assert "Number of mentions" in texts(mentions) and "Time (hour, UTC)" in texts(mentions)
    # 1–3 March 2024: under four days, so by hour; the mentions add up to the count shown
    circles = [c.find(f"{SVG}title").text for c in mentions.iter(f"{SVG}circle")]
    assert sum(float(c.rsplit(": ", 1)[1]) for c in circles) == 5
    index = charts["chart-index"]
    assert "Index, 0–100" in texts(index) and "100" in texts(index)
    assert '<span class="figure" id="count-mentions">5</span>' in page.text
    assert '<span class="figure" id="count-authors">4</span>' in page.text  # aidana wrote twice

    kazakh = svgs(TestClient(app).get(f"/monitor/topics/{ids['terror']}").text)["chart-mentions"]
    assert kazakh.find(f"{SVG}title").text == "Уақыт бойынша аталымдар: terror"
    assert "Аталымдар саны" in texts(kazakh)
    by_day = svgs(TestClient(app).get(f"/monitor/topics/{ids['terror']}?bucket=day&lang=ru").text)
    assert "Время (день, UTC)" in texts(by_day["chart-mentions"])


def test_breakdowns_terms_and_sentiment_split(app, db, ids):
    page = TestClient(app).get(f"/monitor/topics/{ids['terror']}?lang=en").text
    platform = page.split('id="by-platform"')[1].split("</table>")[0]
    assert re.search(r"<td>facebook</td>\s*<td>2</td><td>2</td><td>100.0%</td><td>1</td>", platform)
    language = page.split('id="by-language"')[1].split("</table>")[0]
    assert "<td>Kazakh</td>" in language and "<td>Russian</td>" in language
    assert 'id="by-source"' in page and 'id="by-region"' in page
    assert "The matched items have no sentiment yet." in page

    with db.session() as s:
        s.execute(update(MonitorItem).where(MonitorItem.external_id.in_(("ys-1", "ys-4")))
                  .values(sentiment="positive"))
    scored = TestClient(app).get(f"/monitor/topics/{ids['terror']}?lang=en").text
    table = scored.split('class="sentiment"')[1].split("</table>")[0]
    assert "<th>positive</th><td>2</td>" in table and "<th>unscored</th><td>3</td>" in table


def test_alerts_are_raised_and_acknowledged_by_editors_only_with_csrf(app, db, ids):
    editor, viewer = logged_in(app, "atc_editor"), logged_in(app, "atc_viewer")
    topic_url = f"/monitor/topics/{ids['terror']}"
    token = csrf_of(editor.get(topic_url))
    viewer_token = csrf_of(viewer.get(topic_url))
    assert viewer.post(f"{topic_url}/alerts/run", data={"csrf": viewer_token}).status_code == 403
    ran = editor.post(f"{topic_url}/alerts/run", data={"csrf": token}, follow_redirects=False)
    assert ran.status_code == 303
    with db.session() as s:
        raised = s.scalars(select(MonitorAlert).order_by(MonitorAlert.window_start)).all()
    # threshold 2 a day over the items every reader of this public topic may read: 1 March has
    # 3 public mentions (a restricted Telegram one does not count), 2 March has 2
    assert [(a.window_start.day, a.value) for a in raised] == [(1, 3.0), (2, 2.0)]
    page = editor.get(topic_url + "?lang=en").text
    assert page.count(">Acknowledge</button>") == 2
    first = raised[0].id
    assert editor.post(f"/monitor/alerts/{first}/ack", data={}).status_code == 403
    assert viewer.post(f"/monitor/alerts/{first}/ack", data={"csrf": token}).status_code == 403
    done = editor.post(f"/monitor/alerts/{first}/ack", data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("#alerts")
    with db.session() as s:
        assert s.get(MonitorAlert, first).acknowledged_by == "atc_editor"
        audited = s.scalar(select(AuditEntry).where(AuditEntry.action == "monitor.alert_ack"))
        assert (audited.entity_id, audited.actor) == (str(first), "atc_editor")
    page = editor.get(topic_url + "?lang=en").text
    assert page.count(">Acknowledge</button>") == 1
    listed = editor.get("/monitor?lang=en").text.split(f'href="{topic_url}"')[1].split("</tr>")[0]
    assert "2024-03-02" in listed and "open" in listed


def test_comparison_puts_several_topics_on_one_index_chart(app, ids):
    page = TestClient(app).get(f"/monitor/topics/{ids['terror']}",
                                   params={"compare": ids["seminar"], "lang": "en", "bucket": "day"})
    chart = svgs(page.text)["chart-compare"]
    assert chart.find(f"{SVG}title").text == "Topics compared: interest index"
    assert {"terror", "seminar"} <= set(texts(chart))  # the legend
    assert len(list(chart.iter(f"{SVG}polyline"))) == 2
    peaks = [max(float(c.find(f"{SVG}title").text.rsplit(": ", 1)[1]) for c in chart.iter(f"{SVG}circle")
                 if c.find(f"{SVG}title").text.startswith(name)) for name in ("terror", "seminar")]
    # by day: terror is every item of 1 March (3/3), seminar two of them (2/3), on one scale
    assert peaks == [100, 67]


def test_csv_exports_of_the_series_and_of_the_matched_items_keep_authors_pseudonymised(app, ids):
    client = TestClient(app)
    series = list(csv.DictReader(io.StringIO(
        client.get(f"/monitor/topics/{ids['terror']}/series.csv", params={"bucket": "day"}).text)))
    assert [(r["start"][:10], r["mentions"], r["total"]) for r in series] == [
        ("2024-03-01", "3", "3"), ("2024-03-02", "2", "2"), ("2024-03-03", "0", "1")]
    answer = client.get(f"/monitor/topics/{ids['terror']}/items.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    items = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(items) == 5 and "aidana_k_1999" not in answer.text and "user_88231" not in answer.text
    authors = {r["author"] for r in items}
    assert "ak_orda_press" in authors  # an official account keeps its handle
    assert all(re.fullmatch(r"[0-9a-f]{32}", a) for a in authors - {"ak_orda_press", "Жетісу жаңалықтары"})
