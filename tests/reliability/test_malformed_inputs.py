"""The malformed inputs of issue 19, one by one: each is refused with a message that names the
file (and row and column where there is one), within seconds and bounded memory."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sarap.core.errors import InvalidInput
from sarap.events import flat, importing
from sarap.events.models import Dataset

GOOD = {"origin": "o:1", "date": {"start": "2011-05-17"}, "category": "armed_assault",
        "action_type": "physical", "summary": "x", "places": [{"region": "AKT"}]}
BOMB = "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
    f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]" for i in range(1, 9)])


PEAK = ("import atexit, resource, runpy, sys; atexit.register(lambda: sys.stderr.write("
        "f'PEAK_KIB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')); "
        "sys.argv = ['sarap', *sys.argv[1:]]; runpy.run_module('sarap.cli.main', run_name='__main__')")


def _import_in_child(path: Path, db_url: str, tmp_path: Path) -> tuple[int, str, float, float]:
    """`sarap events import` in its own process: exit code, output, seconds, peak MiB."""
    env = {**os.environ, "SARAP_DATABASE_URL": db_url, "SARAP_USER": "t",
           "SARAP_DATA_DIR": str(tmp_path / "data")}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", PEAK, "events", "import", str(path),
                           "--dataset", "d"], env=env, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - start
    peak = int(proc.stderr.rsplit("PEAK_KIB ", 1)[1].split()[0]) / 1024
    return proc.returncode, proc.stdout + proc.stderr, seconds, peak


def test_the_yaml_alias_bomb_is_refused_in_seconds(db, db_url, tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB + "\n", encoding="utf-8")
    assert len(path.read_bytes()) < 600
    code, output, seconds, peak = _import_in_child(path, db_url, tmp_path)
    assert code == 1 and "alias" in output and "Traceback" not in output
    assert seconds < 30 and peak < 200, (seconds, peak)


def test_a_million_bad_rows_are_refused_in_seconds_and_bounded_memory(db, db_url, tmp_path):
    path = tmp_path / "million.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("category,action_type,side,summary,date_start\n")
        fh.write("x,y,s,z,w\n" * 1_000_000)
    code, output, seconds, peak = _import_in_child(path, db_url, tmp_path)
    assert code == 1 and "stopped reading after 1,000 bad rows" in output, output[-500:]
    assert "Traceback" not in output
    assert seconds < 60 and peak < 200, (seconds, peak)


def _refused(path: Path, fmt: str | None = None) -> list[str]:
    try:
        report = importing.run_import(None, path, dataset="d", author="t", fmt=fmt)  # type: ignore[arg-type]
    except InvalidInput as exc:
        return [str(p) for p in exc.problems]
    assert report.errors, "expected errors"
    return [str(p) for p in report.errors]


def test_csv_faults_are_file_and_row_errors(tmp_path):
    header = "origin,date_start,category,action_type,side,summary"
    row = "a,2011,armed_assault,physical,perpetrators"
    cases = {
        "long.csv": f'{header}\n{row},"{"x" * 140_000}"\n',
        "twice.csv": f"{header},summary\n{row},x,y\n",
        "cut.csv": f"{header}\n{row},x\nb,2012,armed_a",
        "quote.csv": f'{header}\n{row},"never closed\n',
    }
    expected = {"long.csv": "longer than 131,072", "twice.csv": "appears twice",
                "cut.csv": "cut off", "quote.csv": "not valid CSV"}
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        problems = _refused(path)
        assert any(expected[name] in p and name in p for p in problems), (name, problems)


def test_nested_type_errors_are_row_errors_not_poison_records(tmp_path):
    bad = [{**GOOD, "origin": "k", "casualties": {"killed": [1, 2]}},
           {**GOOD, "origin": "a", "author_coding": ["not", "a", "mapping"]},
           {**GOOD, "origin": "c", "corrections": {"field": "x"}},
           {**GOOD, "origin": "s", "summary": {"deep": "object"}},
           {**GOOD, "origin": "n", "notes": "a\x00b"},
           {**GOOD, "origin": "x" * 300}]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in bad) + "\n" + "[" * 100_000 + "\n",
                    encoding="utf-8")
    problems = _refused(path)
    for needle in ("casualties.killed", "author_coding", "corrections", "'summary'", "NUL",
                   "at most 200 characters", "nested more than"):
        assert any(needle in p for p in problems), (needle, problems)


def test_broken_workbooks_are_file_errors(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(flat.REQUIRED_COLUMNS))
    buffer = io.BytesIO()
    book.save(buffer)
    good = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    for name, damage in (("corrupt.xlsx", b"<worksheet><sheetData><row><c"), ("nosheet.xlsx", None)):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as out:
            for member in good.namelist():
                if member == "xl/worksheets/sheet1.xml":
                    if damage is not None:
                        out.writestr(member, damage)
                    continue
                out.writestr(member, good.read(member))
        problems = _refused(path)
        assert problems and all(name in p for p in problems), problems


def test_an_import_that_writes_nothing_makes_no_dataset(db, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({**GOOD, "category": "nope"}) + "\n", encoding="utf-8")
    report = importing.run_import(db, path, dataset="empty", author="t", skip_bad=True)
    assert report.rejected == 1 and report.imported == 0
    with db.session(rollback=True) as session:
        assert session.scalar(select(func.count()).select_from(Dataset)
                              .where(Dataset.name == "empty")) == 0


@pytest.mark.parametrize("name", ["x" * 101, "a\x00b"])
def test_sqlite_refuses_what_postgresql_refuses(db, tmp_path, name):
    path = tmp_path / "good.jsonl"
    path.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        importing.run_import(db, path, dataset=name, author="t")
    assert "datasets.name" in str(caught.value)
