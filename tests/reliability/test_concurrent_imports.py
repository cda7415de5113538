"""Two `sarap events import` runs started at once into one database: both succeed, the second
waiting its turn (and saying so), on SQLite and PostgreSQL. Real processes, real databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from sarap.core.db import Database
from sarap.events.models import Event

ROWS = 600


def _events_file(path: Path, prefix: str) -> Path:
    lines = [json.dumps({"origin": f"{prefix}:{i}", "date": {"start": f"20{10 + i % 14}-0{1 + i % 9}"},
                         "category": "armed_assault", "action_type": "physical",
                         "summary": f"generated event {i}", "places": [{"region": "AKT"}]})
             for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _start(path: Path, dataset: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "sarap.cli.main", "events", "import", str(path),
                             "--dataset", dataset, "--json"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_three_imports_at_once_all_succeed(db: Database, db_url: str, tmp_path: Path):
    """Two of the same file into one dataset and another file into a second dataset."""
    env = {**os.environ, "SARAP_DATABASE_URL": db_url, "SARAP_USER": "tester",
           "SARAP_DATA_DIR": str(tmp_path / "data")}
    same = _events_file(tmp_path / "a.jsonl", "a")
    procs = [_start(same, "same", env), _start(same, "same", env),
             _start(_events_file(tmp_path / "b.jsonl", "b"), "other", env)]
    reports = []
    for proc in procs:
        out, errors = proc.communicate(timeout=300)
        assert proc.returncode == 0, errors
        assert "Traceback" not in errors
        reports.append(json.loads(out))
    assert sorted(r["created"] for r in reports[:2]) == [0, ROWS]  # the later one found it done
    assert sorted(r["unchanged"] for r in reports[:2]) == [0, ROWS]
    assert reports[2]["created"] == ROWS
    with db.session(rollback=True) as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 2 * ROWS
