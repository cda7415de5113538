"""The read-only monitoring API: a topic's series and index, within what the caller may read."""

from __future__ import annotations

import warnings

from sarap.auth import users
from sarap.monitor import files, ingest, store
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def test_series_and_index_count_only_items_and_topics_the_caller_may_read(db, monitor_fixtures,
                                                                           pseudonymiser):
    with db.session() as s:
        store.add_source(s, name="ys", kind="csv", location=str(monitor_fixtures / "youscan_export.csv"),
                         options=files.load_mapping(preset_name="youscan").to_dict(), actor="t")
        store.add_source(s, name="tg", kind="telegram", agency="atc", access_level="restricted",
                         location=str(monitor_fixtures / "telegram_channel.json"), actor="t")
        store.add_topic(s, name="terror", query="терроризм", actor="t")
        store.add_topic(s, name="atc-only", query="вербовка", agency="atc", access_level="restricted",
                        actor="t")
        analyst, _ = users.create_user(s, "analyst", "atc", "viewer", actor="t",
                                       password="correct horse battery")
        token = users.create_token(s, analyst, "test", actor="t")
    for name in ("ys", "tg"):
        ingest.ingest(db, name, pseudonymiser=pseudonymiser, actor="t")
    client = TestClient(create_app(db, secret="s"))

    anonymous = client.get("/api/v1/monitor/topics/terror/series", params={"bucket": "day"}).json()
    # public items only: five of the six YouScan rows mention the family; the Telegram ones are restricted
    assert (anonymous["mentions"], anonymous["total"], anonymous["bucket"]) == (5, 6, "day")
    inside = client.get("/api/v1/monitor/topics/terror/series", params={"bucket": "day"},
                        headers={"Authorization": f"Bearer {token}"}).json()
    # one more Telegram mention; its forward of the news is a duplicate of a YouScan row, not counted
    assert inside["mentions"] == 6 and inside["total"] == 9

    period = {"from": "2024-03-01", "to": "2024-03-03", "bucket": "day"}
    index = client.get("/api/v1/monitor/topics/terror/index", params=period).json()
    assert [p["start"][:10] for p in index["index"]] == ["2024-03-01", "2024-03-02", "2024-03-03"]
    assert max(p["index"] for p in index["index"]) == 100

    assert [t["name"] for t in client.get("/api/v1/monitor/topics").json()] == ["terror"]
    assert client.get("/api/v1/monitor/topics/atc-only/series").status_code == 404
    bad = client.get("/api/v1/monitor/topics/terror/series", params={"from": "March"})
    assert bad.status_code == 422 and bad.json()["problems"][0]["column"] == "from"
