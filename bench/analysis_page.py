"""CPU per view of the analysis page on the seed data: the page and the forecast image it shows, as a
browser loads them, against the target of 1 s. The first view computes the forecast and its
back-tests; later views of the same data reuse them (sarap.analysis.forecast caches per series).

Run: .venv/bin/python bench/analysis_page.py [--views 5]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

from sarap.core.db import Database
from sarap.events import seed
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def view(client: TestClient) -> float:
    start = time.process_time()
    for path in ("/analysis", "/analysis/charts/forecast.png"):
        assert client.get(path).status_code == 200, path
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--views", type=int, default=5)
    views = parser.parse_args().views
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'sarap.db'}")
        db.migrate()
        for name in seed.shipped():
            seed.load(db, name)
        client = TestClient(create_app(db, secret="b" * 32, data_dir=Path(tmp)))
        client.get("/")  # the app warmed up outside the views
        first = view(client)
        later = [view(client) for _ in range(views)]
    best, worst = min(later), max(later)
    print(f"analysis page + forecast image, seed data: first view {first:.2f} s CPU "
          f"(computes the forecast), later views {best:.2f}–{worst:.2f} s CPU (target ≤ 1 s: "
          f"{'met' if worst <= 1 else 'NOT met'}); first/later ratio {first / max(best, 1e-9):.0f}×")


if __name__ == "__main__":
    main()
