"""Tables write what they hold: CSV (readable by spreadsheets) and XLSX."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from sarap.analysis.tables import Table
from sarap.core.errors import InvalidInput


def _table() -> Table:
    return Table("Оқиғалар", ["year", "events", "ratio"], [[2011, 5, None], [2012, 6, 0.5]])


def test_csv_and_xlsx(tmp_path):
    table = _table()
    table.write(tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8-sig") as f:
        assert list(csv.reader(f)) == [["year", "events", "ratio"], ["2011", "5", ""],
                                       ["2012", "6", "0.5"]]
    table.write(tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet is not None
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Оқиғалар", None, None], ["year", "events", "ratio"], [2011, 5, None], [2012, 6, 0.5]]
    assert table.to_dict()["rows"][1] == {"year": 2012, "events": 6, "ratio": 0.5}
    assert table.column("events") == [5, 6]


def test_unknown_format_is_an_error(tmp_path):
    with pytest.raises(InvalidInput):
        _table().write(tmp_path / "t.pdf")
