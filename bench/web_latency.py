"""Latency of the dashboard and the event list on 100,000 generated events (SQLite), against the
bare SQL those pages run, in the same process.

The SQL each page sends is captured while the page is served, then replayed on a plain sqlite3
connection to the same file; the ratio page/SQL is what the app adds (ORM, templates, HTTP).
Target: within 3x. Run: .venv/bin/python bench/web_latency.py [N_EVENTS]
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, insert

from sarap.core.db import Database
from sarap.events.models import Dataset, Event, Place
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REGIONS = ["AST", "ALA", "SHY", "AKT", "ATY", "MNG", "JMB", "KGD", "TRK", "ALR"]
CATEGORIES = ["armed_assault", "bombing", "arrest", "legislation", "exercise", "plot"]


def generate(db: Database, n: int) -> None:
    rng = random.Random(1404)
    with db.engine.begin() as conn:
        conn.execute(insert(Dataset), [{"name": "bench", "version": 1, "title": {}, "meta": {}}])
        start = date(1991, 1, 1)
        events, places = [], []
        for i in range(1, n + 1):
            day = start + timedelta(days=rng.randrange(0, 12_400))
            events.append({"id": i, "dataset_id": 1, "origin": f"b:{i}", "date_start": day,
                           "date_end": day, "date_precision": "day", "category": rng.choice(CATEGORIES),
                           "action_type": rng.choice(["verbal", "physical"]),
                           "side": rng.choice(["perpetrators", "counter_terrorism"]),
                           "summary": f"Generated event {i}", "certainty": "probable",
                           "access_level": rng.choice(["public"] * 8 + ["official", "restricted"]),
                           "deleted": False})
            places.append({"event_id": i, "position": 0, "region": rng.choice(REGIONS), "country": "KAZ"})
        conn.execute(insert(Event), events)
        conn.execute(insert(Place), places)


def timed(action, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - began)
    return best


def measure(db: Database, path: Path, url: str, repeat: int) -> tuple[float, float]:
    client = TestClient(create_app(db, secret="bench"))
    client.get(url)  # warm caches and compile templates
    captured: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    client.get(url)
    event.remove(db.engine, "before_cursor_execute", capture)
    page = timed(lambda: client.get(url), repeat)
    raw = sqlite3.connect(path)

    def replay() -> None:
        for statement, parameters in captured:
            raw.execute(statement, parameters).fetchall()  # type: ignore[arg-type]

    sql = timed(replay, repeat)
    raw.close()
    return page, sql


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        db = Database(f"sqlite:///{path}")
        db.migrate()
        generate(db, n)
        print(f"events: {n:,} (SQLite)")
        for name, url in (("dashboard /", "/"), ("event list /events", "/events"),
                          ("filtered list", "/events?region=ATY&action_type=physical")):
            page, sql = measure(db, path, url, repeat=5)
            print(f"{name}: page {page * 1000:.0f} ms, its SQL alone {sql * 1000:.0f} ms, "
                  f"ratio {page / sql:.2f}x (target ≤ 3x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
