"""Forwarded-from names of Telegram posts are hashed like authors; the registry API reveals nothing
about another agency's restricted events and links no public exercise to them."""

from pathlib import Path

from security_world import client, new_event
from sqlalchemy import select

from sarap.monitor import ingest, store
from sarap.monitor.models import MonitorItem
from sarap.monitor.pseudonyms import Pseudonymiser

TELEGRAM = Path(__file__).parents[1] / "fixtures" / "monitor" / "telegram_channel.json"


def test_forwarded_from_names_are_pseudonymised(db):
    keys = Pseudonymiser(b"k" * 32)
    with db.session() as s:
        store.add_source(s, name="tg", kind="telegram", location=str(TELEGRAM), actor="t")
    ingest.ingest(db, "tg", pseudonymiser=keys, actor="t")
    with db.session() as s:
        forwarded = [i.extra for i in s.scalars(select(MonitorItem)) if "forwarded_from" in i.extra]
    assert forwarded and all("Жетісу" not in str(extra) for extra in forwarded)
    assert forwarded[0]["forwarded_from"] == keys.key_of("telegram", "Жетісу жаңалықтары")
    assert forwarded[0]["forwarded_from_public"] is False


def test_the_exercises_api_does_not_reveal_or_link_another_agencys_restricted_events(world):
    with world["db"].session() as s:
        physical = new_event(s, "b-secret-physical", "agencyb", "restricted").id
    web = client(world["app"])
    token = {"Authorization": f"Bearer {world['tokens']['atc_editor']}"}
    body = {"name": "Дабыл", "when": "2021-03-04", "region": "ATY"}
    missing = web.post("/api/v1/registry/exercises", json={**body, "event_id": 2**30}, headers=token)
    hidden = web.post("/api/v1/registry/exercises", json={**body, "event_id": physical}, headers=token)
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    own = world["ids"]["atc_restricted"]
    opened = web.post("/api/v1/registry/exercises", json={**body, "event_id": own, "access_level": "public"},
                      headers=token)
    assert opened.status_code == 422 and "more open" in opened.text
