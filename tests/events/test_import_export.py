import json
import shutil

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from sarap.core.errors import InvalidInput
from sarap.events import store
from sarap.events.exporters import native, table_a1
from sarap.events.importing import run_import
from sarap.events.models import Event


def count(db):
    with db.session() as s:
        return s.scalar(select(func.count(Event.id)))


def test_import_reads_lists_casualties_and_resolves_region_names(db, fixtures):
    report = run_import(db, fixtures / "events_good.csv", dataset="t", author="ana")
    assert (report.read, report.created, report.errors) == (3, 3, [])
    with db.session() as s:
        [attack] = store.find(s, store.EventFilter(text="gun shops"))
        assert [p.region for p in attack.places] == ["AKT"]
        assert [(a.name, a.kind, a.role) for a in attack.actors] == [
            ("Белгісіз топ", "group", "perpetrator"), ("Қарулы күштер", "state_body", "target")]
        assert (attack.killed_civilians, attack.killed_security, attack.killed_perpetrators) == (5, 3, 18)
        [law] = store.find(s, store.EventFilter(category="legislation"))
        assert [p.region for p in law.places] == ["AST", "ALA"]


def test_importing_twice_adds_nothing(db, fixtures):
    run_import(db, fixtures / "events_good.csv", dataset="t", author="ana")
    again = run_import(db, fixtures / "events_good.csv", dataset="t", author="ana")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert count(db) == 3


def test_malformed_file_gets_one_message_per_problem_and_changes_nothing(db, fixtures):
    run_import(db, fixtures / "events_good.csv", dataset="t", author="ana")
    report = run_import(db, fixtures / "events_bad.csv", dataset="t", author="ana")
    assert report.failed and report.created == 0
    messages = [(p.row, p.column) for p in report.errors]
    assert messages == [(2, "date_start"), (3, "region"), (4, "killed_civilians"),
                        (5, "action_type")]
    assert "November 2024 has no day 31" in str(report.errors[0])
    assert report.errors[1].value == "Атлантида"
    assert report.errors[0].file == "events_bad.csv"
    assert count(db) == 3


def test_skip_bad_imports_the_good_rows_and_writes_rejects(db, fixtures, tmp_path):
    shutil.copy(fixtures / "events_bad.csv", tmp_path / "bad.csv")
    report = run_import(db, tmp_path / "bad.csv", dataset="t", author="ana", skip_bad=True)
    assert (report.read, report.rejected, report.created) == (4, 4, 0)
    rejects = (tmp_path / "bad.rejected.csv").read_text(encoding="utf-8")
    assert "no day 31" in rejects and "Атлантида" in rejects
    assert rejects.splitlines()[0].startswith("row,problems,origin")


def test_missing_required_column_and_non_utf8_are_refused(db, fixtures):
    with pytest.raises(InvalidInput) as missing:
        run_import(db, fixtures / "events_missing_column.csv", dataset="t", author="a")
    assert [p.column for p in missing.value.problems] == ["action_type"]
    with pytest.raises(InvalidInput) as encoding:
        run_import(db, fixtures / "events_cp1251.csv", dataset="t", author="a")
    assert encoding.value.problems[0].row == 2
    assert "UTF-8" in str(encoding.value.problems[0])
    assert count(db) == 0


def test_dry_run_counts_and_writes_nothing(db, fixtures):
    report = run_import(db, fixtures / "events_good.csv", dataset="t", author="a", dry_run=True)
    assert report.created == 3
    assert count(db) == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_what_we_export_imports_back_the_same(db, fixtures, tmp_path, fmt):
    run_import(db, fixtures / "events_good.csv", dataset="t", author="a")
    path = tmp_path / f"out.{fmt}"
    with db.session() as s:
        events = store.find(s, store.EventFilter(dataset="t"))
        before = [native.event_json(e) for e in events]
        getattr(native, f"write_{fmt}")(events, path)
    report = run_import(db, path, dataset="copy", author="a")
    assert report.created == 3, report.errors
    with db.session() as s:
        after = [native.event_json(e) for e in store.find(s, store.EventFilter(dataset="copy"))]
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("id", "dataset")} for r in rows]  # noqa: E731
    assert strip(after) == strip(before)


def test_coded_table_in_the_layout_of_table_a1(db, fixtures, tmp_path):
    run_import(db, fixtures / "events_good.csv", dataset="t", author="a")
    with db.session() as s:
        events = store.find(s, store.EventFilter(dataset="t"))
        layout = table_a1.coded_table(events)
        table_a1.write_xlsx(layout, tmp_path / "a1.xlsx")
        table_a1.write_docx(layout, tmp_path / "a1.docx")
    sheet = load_workbook(tmp_path / "a1.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == tuple(table_a1.HEADERS)
    assert rows[3][1] == "2005 жылы 18 ақпан" and rows[3][4] == "Вербалды"
    assert rows[4][4] == "Физикалық" and rows[4][5] == "https://example.org/aktobe-2011"
    from docx import Document

    table = Document(str(tmp_path / "a1.docx")).tables[0]
    assert [c.text for c in table.rows[0].cells] == table_a1.HEADERS
    assert len(table.rows) == 2 + 3


def test_jsonl_lines_are_objects_with_origin(db, fixtures, tmp_path):
    run_import(db, fixtures / "events_good.csv", dataset="t", author="a")
    with db.session() as s:
        native.write_jsonl(store.find(s, store.EventFilter()), tmp_path / "e.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert [x["origin"] for x in lines] == ["t:3", "t:1", "t:2"]


def test_an_import_that_crashes_midway_leaves_nothing_and_resumes_cleanly(db, fixtures, monkeypatch):
    """A crash after two events were written (the process dies on the third) rolls all back;
    running the import again writes each event once."""
    real_create, calls = store.create, []

    def dies_on_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_create(*args, **kwargs)

    monkeypatch.setattr(store, "create", dies_on_third)
    with pytest.raises(KeyboardInterrupt):
        run_import(db, fixtures / "events_good.csv", dataset="t", author="a")
    monkeypatch.setattr(store, "create", real_create)
    assert count(db) == 0
    again = run_import(db, fixtures / "events_good.csv", dataset="t", author="a")
    assert again.created == 3 and count(db) == 3
