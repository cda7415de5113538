# Each ACLED layout as ACLED publishes it (header order, CRLF, quoting); the rows are invented
# (see test_gtd_acled_readers.py). Layouts: ACLED codebook 2019 (31 columns data_id..iso3, numeric
# inter codes 0–8) and the current export tool / API (disorder_type, civilian_targeting, tags).
import csv

import pytest

from sarap.events import records
from sarap.events.importers import acled
from sarap.events.importing import run_import

STANDARD_2019 = [
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
    "timestamp", "iso3"]
LAYOUT_FIXTURES = ["acled_2019_export.csv", "acled_kazakhstan.csv", "acled_api_kazakhstan.csv"]


def test_the_2019_standard_export_is_laid_out_as_published(fixtures):
    data = (fixtures / "acled_2019_export.csv").read_bytes()
    header = data.split(b"\r\n", 1)[0].decode().split(",")
    assert header == STANDARD_2019 and len(header) == 31
    assert data.count(b"\r\n") == 8 and b'"On 6 June 2020' in data


@pytest.mark.parametrize("name", LAYOUT_FIXTURES)
def test_every_row_of_every_published_layout_is_read_and_none_rejected(name, fixtures):
    rows = list(acled.read(fixtures / name))
    assert rows and all(r.problems == [] and r.record for r in rows)
    for row in rows:
        assert records.validate(row.record, file=name, row=row.row)[1] == []


@pytest.mark.parametrize("name", LAYOUT_FIXTURES)
def test_each_layout_imports_whole(name, db, fixtures):
    report = run_import(db, fixtures / name, dataset="acled", author="ana", fmt="acled")
    assert (report.failed, report.rejected, report.errors) == (False, 0, [])
    assert report.created == report.read > 0


def test_the_2019_export_short_dates_and_no_second_actor(fixtures):
    rows = {r.record["origin"]: r.record for r in acled.read(fixtures / "acled_2019_export.csv")}
    protest = rows["acled:KAZ302"]
    assert protest["date"] == {"text": "9-May-20", "start": "2020-05-09", "precision": "day"}
    assert [a["name"] for a in protest["actors"]] == ["Protesters (Kazakhstan)",
                                                      "Women (Kazakhstan)"]  # inter2 = 0
    assert rows["acled:KAZ306"]["date"]["start"] == "2021-03"  # time_precision 3
    assert rows["acled:KAZ304"]["category"] == "arrest"
    assert rows["acled:KAZ304"]["side"] == "counter_terrorism"
    # demonstrations are never terrorism: GTI and forecasts leave them out
    assert (protest["meets_definition"], rows["acled:KAZ301"]["meets_definition"]) == (False, False)
    assert rows["acled:KAZ305"]["meets_definition"] is None


def _one_row(fixtures, tmp_path, **cells):
    source = fixtures / "acled_2019_export.csv"
    with source.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        row = next(reader) | cells
        header = reader.fieldnames
    path = tmp_path / "one.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerow(row)
    [read] = acled.read(path)
    return read


@pytest.mark.parametrize("text", ["9-May-20", "09-May-20", "09 May 2020", "9 May 2020",
                                  "2020-05-09", "09-May-2020"])
def test_all_of_acleds_date_forms_read_the_same(text, fixtures, tmp_path):
    row = _one_row(fixtures, tmp_path, event_date=text, year="2020")
    assert row.problems == [] and row.record["date"]["start"] == "2020-05-09"


@pytest.mark.parametrize("value", ["²", "9" * 5000, "9", "-1", "State Farces", "1.5"])
def test_odd_inter_codes_are_row_errors_not_tracebacks(value, fixtures, tmp_path):
    row = _one_row(fixtures, tmp_path, inter1=value)
    assert row.record is None
    [problem] = row.problems
    assert (problem.row, problem.column, problem.message) == (2, "inter1", "unknown actor type")
    assert "0–8" in problem.expected


RUSSIA = "Military Forces of Russia (2000-)"


@pytest.mark.parametrize(("inter2", "actor2"), [("0", ""), ("", ""), ("8", RUSSIA),
                                               ("External/Other Forces", RUSSIA)])
def test_inter_codes_zero_to_eight_and_labels(inter2, actor2, fixtures, tmp_path):
    row = _one_row(fixtures, tmp_path, inter2=inter2, actor2=actor2)
    assert row.problems == []
    roles = ["participant"] + (["target"] if actor2 else [])  # actor1: rioters
    assert [a["role"] for a in row.record["actors"]] == roles
