"""Monitoring run from the browser's forms, through the real app and database: an editor uploads a
Telegram export, previews it (rows as stored, what would be passed over, errors of a bad CSV with
row and field), saves it and ingests it as a background job whose page reports read/stored/
duplicates/skipped and why; edits and pauses the source; checks a query live (column and caret,
count and marked examples); and pages through a topic's items with filters."""

from __future__ import annotations

import re
import time
import warnings

import pytest

from app_client import PASSWORD, csrf_of, logged_in
from sarap.auth import users
from sarap.core import jobs
from sarap.core.audit import AuditEntry
from sarap.monitor import store
from sarap.monitor.models import MonitorItem, MonitorSource
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def app(db, tmp_path):
    with db.session() as s:
        users.create_user(s, "atc_editor", "atc", "editor", actor="t", password=PASSWORD)
        users.create_user(s, "mvd_editor", "mvd", "editor", actor="t", password=PASSWORD)
        users.create_user(s, "atc_viewer", "atc", "viewer", actor="t", password=PASSWORD)
    return create_app(db, secret="test-secret", data_dir=tmp_path / "data")


def _wait(client: TestClient, job_id: int) -> dict:
    for _ in range(200):
        state = client.get(f"/api/v1/jobs/{job_id}").json()
        if state["finished"]:
            return state
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def _upload(client: TestClient, path, action: str, **fields: str):
    token = csrf_of(client.get("/monitor/sources/new"))
    data = {"csrf": token, "name": "channel", "kind": "telegram", "interval": "60",
            "access_level": "official", "action": action, **fields}
    with path.open("rb") as fh:
        return client.post("/monitor/sources", data=data, files={"file": (path.name, fh)},
                           follow_redirects=False)


def test_upload_preview_save_and_ingest_as_a_job(app, db, monitor_fixtures):
    editor = logged_in(app, "atc_editor")
    shown = _upload(editor, monitor_fixtures / "telegram_channel.json", "preview")
    assert shown.status_code == 200 and 'id="preview"' in shown.text
    assert re.search(r'id="preview-count">(\d+)<', shown.text)[1] == "4"
    assert "service messages" not in shown.text  # Kazakh by default
    assert "Өткізілді: қызметтік хабарлар" in shown.text  # two service messages would be passed over
    with db.session() as s:
        assert s.query(MonitorSource).count() == 0  # a preview saves nothing

    saved = _upload(editor, monitor_fixtures / "telegram_channel.json", "save_ingest")
    assert saved.status_code == 303 and saved.headers["location"].startswith("/jobs/")
    job_id = int(saved.headers["location"].rsplit("/", 1)[1])
    result = _wait(editor, job_id)
    assert result["state"] == "done", result
    assert (result["result"]["read"], result["result"]["added"]) == (4, 4)
    assert result["result"]["skipped_why"] == {"service": 2, "media_only": 1}
    page = editor.get(f"/jobs/{job_id}?lang=en")
    assert re.search(r'class="added">4<', page.text) and "Passed over: service messages" in page.text
    with db.session() as s:
        source = s.query(MonitorSource).one()
        assert source.agency == "atc" and s.query(MonitorItem).count() == 4

    # the job is its starter's; another user does not see it
    assert logged_in(app, "mvd_editor").get(f"/api/v1/jobs/{job_id}").status_code == 404

    # a second run stores nothing new
    token = csrf_of(editor.get(f"/monitor/sources/{source.id}"))
    again = editor.post(f"/monitor/sources/{source.id}/ingest", data={"csrf": token}, follow_redirects=False)
    second = _wait(editor, int(again.headers["location"].rsplit("/", 1)[1]))
    assert second["result"]["added"] == 0


def test_a_bad_csv_previews_its_error_with_row_and_field(app, monitor_fixtures):
    editor = logged_in(app, "atc_editor")
    shown = _upload(editor, monitor_fixtures / "youscan_bad_date.csv", "preview", kind="csv",
                    preset="youscan")
    assert shown.status_code == 200
    error = re.search(r'class="field-error preview-error">(.*?)</p>', shown.text, re.S)[1]
    assert error.startswith("youscan_bad_date.csv, ") and "3" in error and "«published" in error


def test_edit_and_pause_a_source_only_in_the_owning_agency(app, db, monitor_fixtures):
    editor = logged_in(app, "atc_editor")
    saved = _upload(editor, monitor_fixtures / "telegram_channel.json", "save")
    source_id = int(saved.headers["location"].rsplit("/", 1)[1])
    token = csrf_of(editor.get(f"/monitor/sources/{source_id}"))
    bad = editor.post(f"/monitor/sources/{source_id}", data={"csrf": token, "interval": "0"})
    assert bad.status_code == 400 and 'id="error-interval"' in bad.text
    done = editor.post(f"/monitor/sources/{source_id}",
                       data={"csrf": token, "interval": "15", "paused": "on"}, follow_redirects=False)
    assert done.status_code == 303
    with db.session() as s:
        source = s.get(MonitorSource, source_id)
        assert source.interval_minutes == 15 and source.options["paused"] is True
        assert not store.is_due(s, source)
        assert s.query(AuditEntry).filter_by(action="monitor.source_edit").count() == 1
    other = logged_in(app, "mvd_editor")
    token = csrf_of(other.get("/monitor/sources/new"))
    refused = other.post(f"/monitor/sources/{source_id}", data={"csrf": token, "interval": "5"})
    assert refused.status_code == 403
    viewer = logged_in(app, "atc_viewer")
    assert viewer.get("/monitor/sources/new").status_code == 403


def test_live_query_check_and_topic_items_with_filters(app, db, monitor_fixtures):
    editor = logged_in(app, "atc_editor")
    saved = _upload(editor, monitor_fixtures / "telegram_channel.json", "save_ingest")
    _wait(editor, int(saved.headers["location"].rsplit("/", 1)[1]))
    bad = editor.get("/api/v1/monitor/query-check", params={"q": "терроризм AND ("}).json()
    assert bad["ok"] is False and bad["column"] >= 14
    with db.session() as s:
        words = s.query(MonitorItem.text).first()[0].split()
    word = next(w.strip(".,!?«»") for w in words if len(w) > 5)
    good = editor.get("/api/v1/monitor/query-check", params={"q": word}).json()
    assert good["ok"] and good["count"] >= 1 and "<mark>" in good["examples"][0]["html"]

    token = csrf_of(editor.get("/monitor"))
    made = editor.post("/monitor/topics", data={"csrf": token, "name": "t1", "query": word,
                                                "access_level": "official"}, follow_redirects=False)
    topic_id = int(made.headers["location"].rsplit("/", 1)[1])
    items = editor.get(f"/monitor/topics/{topic_id}/items?lang=en")
    assert items.status_code == 200 and items.text.count('class="item"') == good["count"]
    assert "<mark>" in items.text
    none = editor.get(f"/monitor/topics/{topic_id}/items?lang=en&language=en")
    assert none.text.count('class="item"') == 0
    wrong = editor.get(f"/monitor/topics/{topic_id}/items?lang=kk&from=2024-11-31")
    assert wrong.status_code == 400 and 'class="field-error bad-filter"' in wrong.text
    assert wrong.text.count('class="item"') == 0  # a bad date filters nothing: no list


def test_jobs_left_running_by_a_stopped_server_end_as_interrupted(db):
    with db.session() as s:
        s.add(jobs.Job(kind="x", title="x", owner="u", state="running", result={},
                       created_at=__import__("datetime").datetime.now()))
    assert jobs.mark_interrupted(db) == 1
    with db.session() as s:
        job = s.query(jobs.Job).one()
        assert job.state == "failed" and "interrupted" in job.message
