"""Every record has an owner: shipped data is changed only by its curators, an update cannot move a
record to another agency, a transfer is an admin's audited act, restricted stays readable by its
own agency; the CLI applies the same rules and audits restricted reads."""

import json

from security_world import client
from sqlalchemy import select
from typer.testing import CliRunner

from sarap.auth.access import SYSTEM_AGENCY
from sarap.cli.main import app as cli
from sarap.core.audit import AuditEntry
from sarap.events import store
from sarap.events.models import Dataset

runner = CliRunner()


def bearer(world, name):
    return {"Authorization": f"Bearer {world['tokens'][name]}"}


def test_an_editor_of_another_agency_cannot_change_or_delete_a_shipped_event(world):
    web, shipped = client(world["app"]), world["ids"]["shipped"]
    before = web.get(f"/api/v1/events/{shipped}").json()
    changed = {**before, "agency": "agencyb", "access_level": "restricted", "summary": "taken over"}
    put = web.put(f"/api/v1/events/{shipped}", json=changed, headers=bearer(world, "b_editor"))
    gone = web.delete(f"/api/v1/events/{shipped}", headers=bearer(world, "b_editor"))
    assert put.status_code in (403, 404) and gone.status_code in (403, 404)
    after = web.get(f"/api/v1/events/{shipped}")
    assert after.status_code == 200 and after.json() == before and after.json()["access_level"] == "public"
    # nor can an editor add events to the shipped dataset and so change its recomputed counts
    new = {**before, "agency": None, "origin": "new", "dataset": "dissertation-2025"}
    added = web.post("/api/v1/events", json=new, headers=bearer(world, "b_editor"))
    assert added.status_code == 403 and "fork" in added.text
    with world["db"].session() as s:
        dataset = s.scalar(select(Dataset).where(Dataset.name == "dissertation-2025"))
        assert dataset.agency == SYSTEM_AGENCY


def test_shipped_data_changes_through_a_curator_or_a_fork(world, cli_env):
    web, shipped = client(world["app"]), world["ids"]["shipped"]
    named = runner.invoke(cli, ["datasets", "curators", "dissertation-2025", "--add", "b_editor"])
    assert named.exit_code == 0 and "curators b_editor" in named.stdout
    record = web.get(f"/api/v1/events/{shipped}").json()
    fixed = web.put(f"/api/v1/events/{shipped}", json={**record, "notes": "curated"},
                    headers=bearer(world, "b_editor"))
    assert fixed.status_code == 200 and fixed.json()["agency"] == SYSTEM_AGENCY
    forked = runner.invoke(cli, ["--as", "atc_editor", "datasets", "fork", "dissertation-2025", "atc-copy"])
    assert forked.exit_code == 0 and "agency atc" in forked.stdout
    with world["db"].session() as s:
        copies = store.find(s, store.EventFilter(dataset="atc-copy"))
        shipped_count = len(store.find(s, store.EventFilter(dataset="dissertation-2025")))
        assert len(copies) == shipped_count > 60 and {e.agency for e in copies} == {"atc"}
        copy_id = copies[0].id
    own = web.put(f"/api/v1/events/{copy_id}", json={**record, "agency": None, "summary": "ours now"},
                  headers=bearer(world, "atc_editor"))
    assert own.status_code == 200


def test_an_update_cannot_move_a_record_and_a_transfer_is_an_admins_audited_act(world):
    web, own = client(world["app"]), world["ids"]["atc_public"]
    record = web.get(f"/api/v1/events/{own}").json()
    moved = web.put(f"/api/v1/events/{own}", json={**record, "agency": "agencyb"},
                    headers=bearer(world, "atc_editor"))
    assert moved.status_code == 422 and "transfer" in moved.text
    refused = web.post(f"/api/v1/events/{own}/transfer", json={"agency": "agencyb"},
                       headers=bearer(world, "atc_editor"))
    taken = web.post(f"/api/v1/events/{own}/transfer", json={"agency": "agencyb"},
                     headers=bearer(world, "b_admin"))
    assert refused.status_code == 403 and taken.status_code == 403
    given = web.post(f"/api/v1/events/{own}/transfer", json={"agency": "agencyb", "reason": "handover"},
                     headers=bearer(world, "atc_admin"))
    assert given.status_code == 200 and given.json()["agency"] == "agencyb"
    with world["db"].session() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "event.transfer"))
        assert (entry.actor, entry.detail["from"], entry.detail["to"]) == ("atc_admin", "atc", "agencyb")


def test_setting_a_record_restricted_keeps_it_readable_by_its_agency(world):
    web, own = client(world["app"]), world["ids"]["atc_public"]
    record = web.get(f"/api/v1/events/{own}").json()
    saved = web.put(f"/api/v1/events/{own}", json={**record, "access_level": "restricted"},
                    headers=bearer(world, "atc_editor"))
    assert saved.status_code == 200
    assert web.get(f"/api/v1/events/{own}", headers=bearer(world, "atc_viewer")).status_code == 200
    assert web.get(f"/api/v1/events/{own}", headers=bearer(world, "b_editor")).status_code == 404
    assert web.get(f"/api/v1/events/{own}").status_code == 404


def test_cli_show_refuses_another_agencys_restricted_record_and_audits_restricted_reads(world, cli_env):
    secret = world["ids"]["atc_restricted"]
    refused = runner.invoke(cli, ["--as", "b_editor", "events", "show", str(secret)])
    operator = runner.invoke(cli, ["events", "show", str(secret)])  # an unregistered local operator
    assert refused.exit_code == 1 and f"no event with id {secret}" in refused.stderr
    assert operator.exit_code == 1
    shown = runner.invoke(cli, ["--as", "atc_viewer", "events", "show", str(secret), "--json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == secret
    listed = runner.invoke(cli, ["--as", "b_editor", "events", "list", "-d", "atc-own", "--json"])
    listed = json.loads(listed.stdout)
    assert {e["access_level"] for e in listed} == {"official", "public"}
    with world["db"].session() as s:
        reads = s.scalars(select(AuditEntry).where(AuditEntry.action == "event.read")).all()
        seen = [(r.actor, r.entity_id, r.detail) for r in reads]
        assert seen == [("atc_viewer", str(secret), {"via": "cli"})]


def test_cli_writes_follow_the_same_rules(world, cli_env, tmp_path):
    shipped = world["ids"]["shipped"]
    shown = runner.invoke(cli, ["events", "show", str(shipped), "--json"]).stdout
    path = tmp_path / "e.json"
    path.write_text(shown, encoding="utf-8")
    refused = runner.invoke(cli, ["--as", "b_editor", "events", "edit", str(shipped), str(path)])
    deleted = runner.invoke(cli, ["--as", "b_editor", "events", "delete", str(shipped)])
    assert refused.exit_code == deleted.exit_code == 1 and "another agency" in refused.stderr


def test_the_access_policy_knows_nothing_of_events():
    import subprocess
    import sys

    code = "import sys, sarap.auth.access; sys.exit('sarap.events.models' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
