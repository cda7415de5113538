"""The demonstration corpus: generated from the shipped texts through the real ingest, labelled as
generated, with two topics and an alert rule that finds its burst; removed by one command or the
admin's button, leaving real sources alone; `sarap seed` loads it only on the first run."""

from __future__ import annotations

from sqlalchemy import func, select
from typer.testing import CliRunner

from app_client import PASSWORD, csrf_of, logged_in
from sarap.auth import users
from sarap.cli import main
from sarap.cli.main import app as cli
from sarap.monitor import demo, store
from sarap.monitor.models import MonitorAlert, MonitorItem, MonitorSource, MonitorTopic
from sarap.web.app import create_app


def test_load_label_and_remove(db, tmp_path, monitor_fixtures, pseudonymiser):
    report = demo.load(db, tmp_path / "data", actor="t", n=300)
    assert report is not None and report.items > 250 and report.topics == 2 and report.alerts >= 1
    assert demo.load(db, tmp_path / "data", actor="t", n=300) is None  # once
    with db.session() as s:
        store.add_source(s, name="real", kind="telegram", actor="t",
                         location=str(monitor_fixtures / "telegram_channel.json"))
        generated = s.scalars(select(MonitorItem.extra)).all()
        assert all(e == {"generated": True} for e in generated)
        assert s.scalar(select(func.count()).where(MonitorItem.region.is_not(None))) > 50
        users.create_user(s, "boss", "sarap", "admin", actor="t", password=PASSWORD)
    app = create_app(db, secret="t", data_dir=tmp_path / "data")
    admin = logged_in(app, "boss")
    page = admin.get("/monitor?lang=en")
    assert 'id="demo-notice"' in page.text and "no real person wrote them" in page.text
    with db.session() as s:
        topic_id = next(t.id for t in store.topics(s) if t.name.startswith("Демо"))
    assert admin.get(f"/monitor/topics/{topic_id}").status_code == 200
    admin.post("/monitor/demo/remove", data={"csrf": csrf_of(page)})
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(MonitorItem)) == 0
        assert s.scalar(select(func.count()).select_from(MonitorTopic)) == 0
        assert s.scalar(select(func.count()).select_from(MonitorAlert)) == 0
        assert [n for (n,) in s.execute(select(MonitorSource.name))] == ["real"]
    assert 'id="demo-notice"' not in admin.get("/monitor").text


def test_seed_loads_it_on_the_first_run_only(cli_env, db, monkeypatch):
    monkeypatch.setattr(demo, "ITEMS", 120)
    runner = CliRunner()
    main._first_demo()
    with db.session() as s:
        assert demo.present(s)
    result = runner.invoke(cli, ["monitor", "demo", "remove"], catch_exceptions=False)
    assert result.exit_code == 0 and "removed the demonstration corpus" in result.stdout
    main._first_demo()  # removed once: it does not come back
    with db.session() as s:
        assert not demo.present(s)
