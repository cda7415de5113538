"""Periodisations as data: the dissertation's, and a user's own file with its errors."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from sarap.analysis import periods
from sarap.core.errors import InvalidInput, NotFound

SEED = Path("/work/shared/seeds/001_48552558eefd79c5.txt")


def test_the_dissertations_periodisations_are_shipped():
    shipped = periods.shipped()
    assert set(shipped) == {"dissertation-3.1", "karin-three-stages", "dissertation-1.1-five-stages"}
    karin = shipped["karin-three-stages"]
    assert [(p.code, p.start, p.end) for p in karin.periods] == [
        ("stage-1", date(1997, 1, 1), date(2005, 12, 31)),
        ("stage-2", date(2006, 1, 1), date(2010, 12, 31)),
        ("stage-3", date(2011, 1, 1), None)]
    narrative = shipped["dissertation-3.1"]
    assert narrative.period_of(date(2016, 6, 5)).code == "2011-2016"
    assert narrative.period_of(date(2025, 4, 7)).code == "since-2017"
    for periodisation in shipped.values():
        for period in periodisation.periods:
            assert set(period.labels) == {"kk", "ru", "en"}
            assert re.search(r"L\d+", period.source or ""), period.code


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not here")
def test_each_quote_is_on_the_seed_line_cited():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for periodisation in periods.shipped().values():
        for period in periodisation.periods:
            number = int(re.search(r"L(\d+)", period.source or "")[1])
            words = (period.quote or "").split()[:6]
            assert " ".join(words) in " ".join(lines[number - 1].split()), (period.code, number)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """
periodisations:
  decades:
    label: {en: Decades}
    periods:
      - {code: "1990s", label: {en: The 1990s}, start: 1990-01-01, end: 1999-12-31}
      - {code: "2010s", label: {en: The 2010s, kk: 2010 жылдар}, start: 2010-01-01}
"""


def test_a_users_own_periodisation(tmp_path):
    path = _write(tmp_path, GOOD)
    mine = periods.load_periodisation(path)
    assert mine.name == "decades" and mine.label() == "Decades"
    assert mine.period_of(date(2005, 1, 1)) is None  # a gap between periods
    assert mine.period_of(date(2030, 1, 1)).label("kk") == "2010 жылдар"
    assert periods.resolve(str(path)).name == "decades"
    assert periods.resolve(f"{path}#decades").name == "decades"
    assert periods.resolve(None).name == periods.DEFAULT


@pytest.mark.parametrize(("body", "field", "message"), [
    (GOOD.replace("start: 2010-01-01", "start: 1995-01-01"), "periodisations.decades.periods",
     "periods '1990s' and '2010s' overlap"),
    (GOOD.replace("end: 1999-12-31", "end: 1989-12-31"), "periodisations.decades.periods[0].end",
     "ends before it starts"),
    (GOOD.replace("start: 2010-01-01", "start: 2010-13-01"), "periodisations.decades.periods[1].start",
     "not a date"),
    (GOOD.replace("label: {en: The 1990s}, ", ""), "periodisations.decades.periods[0].label",
     "labels are required"),
    (GOOD.replace('code: "2010s"', 'code: "1990s"'), "periodisations.decades.periods",
     "the same period code twice"),
])
def test_bad_periodisations_name_file_and_field(tmp_path, body, field, message):
    with pytest.raises(InvalidInput) as caught:
        periods.load_periodisation(_write(tmp_path, body))
    problem = caught.value.problems[0]
    assert (problem.file, problem.column) == ("mine.yaml", field)
    assert message in str(problem)


def test_unreadable_or_unknown(tmp_path):
    with pytest.raises(InvalidInput, match=r"mine.yaml:3:\d+: not valid YAML"):
        periods.load_periodisation(_write(tmp_path, "periodisations:\n  a: [\n  b: c: d\n"))
    with pytest.raises(InvalidInput, match="no periodisations"):
        periods.load_periodisation(_write(tmp_path, "periods: []\n"))
    with pytest.raises(NotFound, match="shipped: dissertation-3.1"):
        periods.resolve("karin")
    with pytest.raises(NotFound, match="no periodisation file"):
        periods.resolve(str(tmp_path / "missing.yaml"))
