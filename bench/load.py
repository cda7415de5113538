"""Load against a real `sarap serve` (loopback only): 20,000 generated events, 20 clients, 2 minutes
of mixed traffic (pages, filtered lists, API reads, token-authenticated API writes).

Reports per kind of request: count, 5xx, p50/p95/p99; writes acknowledged (201) and found in
the database afterwards; the server's resident memory over time. Targets (issue 19): 0 5xx,
p95 <= 1 s for pages and API reads, no write lost, memory flat.

    python bench/load.py [--events 20000] [--clients 20] [--seconds 120] [--database-url URL]

Without --database-url it uses a fresh SQLite file; with a PostgreSQL URL it uses (and empties)
that database's public schema. The figures depend on the machine: on a shared, busy one they are
an upper bound of what Sarap needs.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, insert, select, text

from sarap.auth import users
from sarap.core.db import Database
from sarap.events import regions
from sarap.events.models import Dataset, Event, Place

REGIONS = [r.code for r in regions.all_regions()]
CATEGORIES = ["armed_assault", "bombing", "arrest", "hostage_taking", "plot", "propaganda"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def prepare(url: str, n: int) -> str:
    """Migrated database with n events (bulk-inserted) and an editor's API token."""
    if url.startswith("postgresql"):
        _empty_postgres(url)
    db = Database(url)
    db.migrate()
    rng = random.Random(19)
    start = date(1991, 1, 1)
    with db.engine.begin() as conn:
        conn.execute(insert(Dataset), [{"name": "load", "version": 1, "title": {}, "meta": {}}])
        dataset_id = conn.scalar(select(Dataset.id))
        events, places = [], []
        for i in range(1, n + 1):
            day = start + timedelta(days=rng.randrange(12_400))
            events.append({"id": i, "dataset_id": dataset_id, "origin": f"load:{i}", "date_start": day,
                           "date_end": day, "date_precision": "day", "category": rng.choice(CATEGORIES),
                           "action_type": rng.choice(["verbal", "physical"]),
                           "side": rng.choice(["perpetrators", "counter_terrorism"]),
                           "summary": f"Generated event {i}", "certainty": "probable",
                           "access_level": "public", "deleted": False})
            places.append({"event_id": i, "position": 0, "region": rng.choice(REGIONS), "country": "KAZ"})
        conn.execute(insert(Event), events)
        conn.execute(insert(Place), places)
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT setval('events_id_seq', :n)"), {"n": n})
    db.analyze()
    with db.session() as session:
        user, _ = users.create_user(session, "loader", "atc", "editor", actor="bench",
                                    password="load-bench-password")
        token = users.create_token(session, user, "load", actor="bench")
    db.dispose()
    return token


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.created: list[int] = []
        self.failures: list[str] = []

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.status[kind][status] += 1


def _request(rng: random.Random, seed: int, n: int, events: int) -> tuple[str, str, str, dict]:
    """One request of the mix: kind, method, path, httpx keyword arguments."""
    roll = rng.random()
    region = rng.choice(REGIONS)
    year = rng.randrange(1991, 2024)
    if roll < 0.25:
        return "page /events?region", "GET", "/events", {"params": {"region": region}}
    if roll < 0.35:
        return "page /", "GET", "/", {}
    if roll < 0.45:
        return "page /events/{id}", "GET", f"/events/{rng.randrange(1, events)}", {}
    if roll < 0.70:
        return "api list (filters)", "GET", "/api/v1/events", {"params": {
            "region": region, "from": f"{year}-01-01", "to": f"{year + 3}-12-31",
            "action_type": rng.choice(["verbal", "physical"]), "limit": 50}}
    if roll < 0.85:
        return "api event", "GET", f"/api/v1/events/{rng.randrange(1, events)}", {}
    body = {"dataset": "load-writes", "origin": f"w:{seed}:{n}", "date": {"start": f"{year}-05-01"},
            "category": rng.choice(CATEGORIES), "action_type": "physical",
            "summary": f"written under load {seed}/{n}", "places": [{"region": region}]}
    return "api write", "POST", "/api/v1/events", {"json": body}


def client(base: str, token: str, until: float, seed: int, events: int, results: Results) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=60, headers=headers) as http:
        n = 0
        while time.monotonic() < until:
            n += 1
            kind, method, path, options = _request(rng, seed, n, events)
            began = time.perf_counter()
            try:
                response = http.request(method, path, **options)
                status = response.status_code
            except httpx.HTTPError as exc:
                status = 0
                with results.lock:
                    results.failures.append(f"{kind}: {type(exc).__name__}")
            results.add(kind, time.perf_counter() - began, status)
            if status == 201:
                with results.lock:
                    results.created.append(int(response.json()["id"]))
            elif status >= 400 and status != 404:
                with results.lock:
                    results.failures.append(f"{kind} {status}: {response.text[:200]}")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sarap-load-"))
    url = args.database_url or f"sqlite:///{work / 'sarap.db'}"
    token = prepare(url, args.events)
    port = _free_port()
    env = {**os.environ, "SARAP_DATABASE_URL": url, "SARAP_DATA_DIR": str(work / "data")}
    server = subprocess.Popen([sys.executable, "-m", "sarap.cli.main", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/api/v1/regions", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        results = Results()
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client, args=(base, token, until, i, args.events, results))
                   for i in range(args.clients)]
        memory: list[float] = [rss_mib(server.pid)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            time.sleep(5)
            memory.append(rss_mib(server.pid))
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    db = Database(url)
    with db.session(rollback=True) as session:
        stored = set(session.scalars(select(Event.id).where(Event.id.in_(results.created))))
        total = session.scalar(select(func.count()).select_from(Event))
    db.dispose()
    report(args, url, results, stored, total, memory)
    return 0


def report(args: argparse.Namespace, url: str, results: Results, stored: set[int], total: int,
           memory: list[float]) -> None:
    backend = url.split(":", 1)[0]
    requests = sum(len(v) for v in results.latency.values())
    print(f"backend {backend}; {args.events:,} events; {args.clients} clients; {args.seconds:g} s; "
          f"{requests:,} requests = {requests / args.seconds:.1f}/s")
    print(f"{'kind':24} {'n':>6} {'5xx':>5} {'other':>12} {'p50 s':>7} {'p95 s':>7} {'p99 s':>7}")
    for kind in sorted(results.latency):
        values, status = results.latency[kind], results.status[kind]
        five = sum(c for s, c in status.items() if s >= 500 or s == 0)
        other = ",".join(f"{s}:{c}" for s, c in sorted(status.items()) if s < 500 and s not in (200, 201))
        print(f"{kind:24} {len(values):>6} {five:>5} {other or '-':>12} {statistics.median(values):>7.3f} "
              f"{_pct(values, 0.95):>7.3f} {_pct(values, 0.99):>7.3f}")
    lost = len(results.created) - len(stored)
    print(f"writes acknowledged (201): {len(results.created)}; found afterwards: {len(stored)}; "
          f"lost: {lost}; events now {total:,}")
    thirds = max(1, len(memory) // 3)
    print(f"server RSS MiB: start {memory[0]:.0f}, first third max {max(memory[:thirds]):.0f}, "
          f"last third max {max(memory[-thirds:]):.0f}, end {memory[-1]:.0f}")
    if results.failures:
        print(f"failures: {len(results.failures)}; first: {results.failures[0]}")


if __name__ == "__main__":
    raise SystemExit(main())
