"""Fuzzing every event reader with mutated fixtures: each case either reads (rows, possibly with
row errors) or is refused with an InvalidInput naming the file — never another exception, never
longer than 30 s. SARAP_FUZZ_CASES sets the cases per format (bench/fuzz_importers.py: more)."""

from __future__ import annotations

import io
import json
import os
import random
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sarap.core.errors import InvalidInput
from sarap.events import importing, records

# Readers and the validator touch no database: once, on the SQLite run, is enough.
pytestmark = pytest.mark.skipif(bool(os.environ.get("SARAP_TEST_DATABASE_URL")),
                                reason="no database involved; runs with the SQLite suite")

# Cases per format: 400 in the suite (about a minute here); bench/fuzz_importers.py runs 2,000+.
CASES = int(os.environ.get("SARAP_FUZZ_CASES", "400"))
FIXTURES = Path(__file__).parent.parent / "fixtures"
NASTY_TEXT = ["", " ", "²", "9" * 5000, "-1", "1e309", "nan", "inf", "\x00", "x" * 140_000, '"',
              '""', "\r", "\n", "🙂", "2011-02-30", "0000-00-00", "-9", "3.5", "[1,2]", "{}",
              "=cmd|' /C calc'!A0", "\ufeff", "\u202e", "NULL", "  AKT  ", "2011-13", "99999"]
NASTY_VALUES: list[Any] = [None, [], {}, [1], {"a": {}}, True, 1e308, -(2**63), 2**70, [[]], {"": None},
                           *NASTY_TEXT[:9]]


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    kind = rng.randrange(6)
    at = rng.randrange(len(data) + 1)
    if kind == 0:  # flip bytes
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            if out:
                out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == 1:  # cut off
        return data[:at]
    if kind == 2:  # delete a slice
        return data[:at] + data[at + rng.randint(1, 200):]
    if kind == 3:  # duplicate a slice
        return data[:at] + data[max(0, at - 300):at] + data[at:]
    if kind == 4:
        return data[:at] + rng.choice(NASTY_TEXT).encode("utf-8", "surrogatepass") + data[at:]
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 30))) + data[at:]


def _mutate_csv(rng: random.Random, text: str) -> bytes:
    import csv

    rows = list(csv.reader(io.StringIO(text)))
    for _ in range(rng.randint(1, 4)):
        r = rng.randrange(len(rows))
        if rows[r]:
            rows[r][rng.randrange(len(rows[r]))] = rng.choice(NASTY_TEXT)
    if rng.random() < 0.1:
        rows[0].append(rng.choice(rows[0]))  # a duplicated header column
    if rng.random() < 0.1:
        rows *= rng.randint(2, 5)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _poke(rng: random.Random, obj: Any, depth: int = 0) -> Any:
    """A copy of an event object with random fields replaced by ill-typed values."""
    if isinstance(obj, dict):
        out = {k: (rng.choice(NASTY_VALUES) if rng.random() < 0.15 else _poke(rng, v, depth + 1))
               for k, v in obj.items()}
        if rng.random() < 0.1:
            out[rng.choice(["casualties", "author_coding", "corrections", "date", "places", "actors",
                            "sources", "origin"])] = rng.choice(NASTY_VALUES)
        return out
    if isinstance(obj, list):
        return [_poke(rng, v, depth + 1) for v in obj]
    return obj


def _deep(rng: random.Random) -> bytes:
    n = rng.choice([50, 500, 5000, 100_000])
    return ("[" * n + "]" * n).encode() if rng.random() < 0.5 else ("- " * n + "x").encode()


def _alias_bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def _events() -> list[dict[str, Any]]:
    import yaml

    data = yaml.safe_load((Path(importing.__file__).parent / "datasets" /
                           "dissertation-2025.yaml").read_text(encoding="utf-8"))
    return list(data["events"])[:5]


def _object_case(fmt: str) -> Callable[[random.Random], bytes]:
    events = _events()

    def make(rng: random.Random) -> bytes:
        roll = rng.random()
        if roll < 0.05:
            return _deep(rng)
        if roll < 0.08 and fmt == "yaml":
            return _alias_bomb()
        poked = [_poke(rng, e) for e in rng.sample(events, rng.randint(1, len(events)))]
        if fmt == "jsonl":
            data = "\n".join(json.dumps(e, ensure_ascii=False, default=str) for e in poked).encode()
        elif fmt == "json":
            data = json.dumps({"events": poked}, ensure_ascii=False, default=str).encode()
        else:
            import yaml

            data = yaml.dump({"events": poked}, Dumper=yaml.CSafeDumper, allow_unicode=True).encode()
        return _mutate_bytes(rng, data) if roll > 0.7 else data
    return make


def _csv_case(fixture: str) -> Callable[[random.Random], bytes]:
    text = (FIXTURES / fixture).read_text(encoding="utf-8")

    def make(rng: random.Random) -> bytes:
        return _mutate_csv(rng, text) if rng.random() < 0.6 else _mutate_bytes(rng, text.encode())
    return make


def _xlsx_case() -> Callable[[random.Random], bytes]:
    from openpyxl import Workbook

    text = (FIXTURES / "events_good.csv").read_text(encoding="utf-8")
    templates: list[bytes] = []
    rng0 = random.Random(1)
    for _ in range(40):  # writing a workbook is slow: mutate cells in 40, then bytes in each case
        import csv

        book = Workbook()
        try:
            rows = list(csv.reader(io.StringIO(_mutate_csv(rng0, text).decode())))
        except csv.Error:
            continue
        for row in rows:
            book.active.append([c.replace("\x00", "") for c in row])
        out = io.BytesIO()
        book.save(out)
        templates.append(out.getvalue())

    def make(rng: random.Random) -> bytes:
        data = rng.choice(templates)
        return data if rng.random() < 0.2 else _mutate_bytes(rng, data)
    return make


MAKERS: dict[str, Callable[[], Callable[[random.Random], bytes]]] = {
    "csv": lambda: _csv_case("events_good.csv"),
    "gtd": lambda: _csv_case("gtd_kazakhstan.csv"),
    "acled": lambda: _csv_case("acled_kazakhstan.csv"),
    "jsonl": lambda: _object_case("jsonl"),
    "json": lambda: _object_case("json"),
    "yaml": lambda: _object_case("yaml"),
    "xlsx": _xlsx_case,
}


class _Hang(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise _Hang


def _cases(fmt: str) -> Iterator[tuple[int, bytes]]:
    make = MAKERS[fmt]()
    rng = random.Random(f"sarap-fuzz-{fmt}")
    for i in range(CASES):
        yield i, make(rng)


@pytest.mark.parametrize("fmt", list(MAKERS))
def test_mutated_files_are_read_or_refused_with_a_message(fmt, tmp_path):
    path = tmp_path / f"case.{ 'yaml' if fmt == 'yaml' else fmt}"
    outcomes = {"read": 0, "refused": 0}
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for i, data in _cases(fmt):
            path.write_bytes(data)
            signal.alarm(30)
            try:
                importing._check_rows(path, fmt, None, importing.MAX_ERRORS)
                outcomes["read"] += 1
            except InvalidInput as exc:
                assert exc.problems and all(str(p) for p in exc.problems)
                outcomes["refused"] += 1
            except _Hang:
                (tmp_path / "hang.bin").write_bytes(data)
                pytest.fail(f"{fmt} case {i} ran over 30 s")
            except Exception as exc:  # the bug this test is for
                raise AssertionError(f"{fmt} case {i}: {type(exc).__name__}: {exc!s:.300}; "
                                     f"input starts {data[:200]!r}") from exc
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert outcomes["read"] and outcomes["refused"], outcomes  # both paths were exercised


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20)
EVENT_KEYS = ["origin", "date", "places", "category", "action_type", "side", "summary", "actors",
              "casualties", "property_damage", "sources", "certainty", "meets_definition", "agency",
              "access_level", "notes", "author_coding", "corrections"]


@settings(max_examples=CASES // 2, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.fixed_dictionaries({}, optional={k: JSONISH for k in EVENT_KEYS}))
def test_the_validator_returns_problems_for_any_shape(raw):
    """The one validator that files and the API share: any JSON shape gives a record or
    problems, and an accepted record survives what its page does with it."""
    record, problems = records.validate(raw)
    assert (record is None) == bool(problems)
    if record is not None:
        assert record["author_coding"] is None or all(isinstance(k, str) for k in record["author_coding"])
        for correction in record["corrections"] or []:
            assert isinstance(correction["field"], str)
        json.dumps(record, default=str)
