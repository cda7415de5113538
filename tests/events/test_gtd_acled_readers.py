# The gtd_*/acled_* fixtures are laid out as GTD and ACLED publish their files, but their rows are
# invented for the tests: dates and places follow known Kazakhstan incidents, figures are
# approximate and citations point at example.org. They are not GTD or ACLED data.
import pytest

from sarap.core.errors import InvalidInput
from sarap.events import records
from sarap.events.importers import acled, gtd


def by_origin(rows):
    return {r.record["origin"]: r for r in rows if r.record}


@pytest.fixture
def gtd_rows(fixtures):
    return by_origin(gtd.read(fixtures / "gtd_kazakhstan.csv"))


@pytest.fixture
def acled_rows(fixtures):
    return by_origin(acled.read(fixtures / "acled_kazakhstan.csv"))


def test_gtd_export_with_windows_line_endings_and_multiline_cells_reads(fixtures):
    data = (fixtures / "gtd_kazakhstan.csv").read_bytes()
    assert b"\r\n" in data and data.count(b"\r\n") == 9
    rows = list(gtd.read(fixtures / "gtd_kazakhstan.csv"))
    assert [r.row for r in rows] == list(range(2, 10))
    assert all(r.problems == [] for r in rows)
    assert "regional\noffice" in rows[0].record["summary"]
    assert len(rows[0].raw) == 135


def test_gtd_dates_keep_their_precision(gtd_rows):
    aktobe = gtd_rows["gtd:201105170001"].record["date"]
    assert aktobe == {"text": "iyear=2011 imonth=5 iday=17", "start": "2011-05-17",
                      "precision": "day"}
    assert gtd_rows["gtd:201209000001"].record["date"]["start"] == "2012-09"
    assert gtd_rows["gtd:201209000001"].record["date"]["precision"] == "month"
    assert gtd_rows["gtd:201200000001"].record["date"]["start"] == "2012"
    assert gtd_rows["gtd:201200000001"].record["date"]["precision"] == "year"
    extended = gtd_rows["gtd:201606050001"].record["date"]
    assert (extended["start"], extended["end"]) == ("2016-06-05", "2016-06-12")


def test_gtd_casualties_split_perpetrators_from_the_rest(gtd_rows):
    taraz = gtd_rows["gtd:201111120001"].record["casualties"]
    assert taraz["killed"] == {"perpetrators": 1, "unknown": 7}  # nkill 8, nkillter 1
    aktobe = gtd_rows["gtd:201606050001"].record["casualties"]
    assert aktobe["killed"] == {"perpetrators": 18, "unknown": 7}
    assert aktobe["injured"] == {"unknown": 38}  # nwoundte -99: not reported
    blank = gtd_rows["gtd:201200000001"].record["casualties"]
    assert blank == {"killed": {}, "injured": {}, "hostages": None}


def test_gtd_doubt_sets_certainty_and_definition(gtd_rows):
    def flags(origin):
        record = gtd_rows[origin].record
        return record["certainty"], record["meets_definition"]

    assert flags("gtd:201105170001") == ("confirmed", True)
    assert flags("gtd:201110310001") == ("disputed", None)
    assert flags("gtd:201200000001") == ("probable", None)
    assert "Lack of Intentionality" in gtd_rows["gtd:201110310001"].record["notes"]


def test_gtd_attack_types_become_categories(gtd_rows):
    categories = {o: r.record["category"] for o, r in gtd_rows.items()}
    assert categories["gtd:201105170001"] == "suicide_attack"  # bombing with suicide = 1
    assert categories["gtd:201111120001"] == "armed_assault"
    assert categories["gtd:201110310001"] == "bombing"
    assert categories["gtd:201209000001"] == "facility_attack"
    assert categories["gtd:201200000001"] == "other"
    assert "GTD attack type: Unknown" in gtd_rows["gtd:201200000001"].record["notes"]
    assert {r.record["action_type"] for r in gtd_rows.values()} == {"physical"}
    assert {r.record["side"] for r in gtd_rows.values()} == {"perpetrators"}


def test_gtd_places_actors_and_sources(gtd_rows):
    aktobe = gtd_rows["gtd:201105170001"].record
    assert aktobe["places"][0] | {"text": None} == {
        "region": "Aktobe", "country": "KAZ", "settlement": "Aktobe", "text": None,
        "latitude": 50.283333, "longitude": 57.166667, "geo_precision": "settlement"}
    assert aktobe["actors"] == [
        {"name": "Unknown", "kind": "unknown", "role": "perpetrator"},
        {"name": "Regional KNB office", "kind": "state_body", "role": "target"}]
    assert aktobe["sources"][0]["url"] == "https://example.org/wire/2011-05-17-aktobe"
    abroad = gtd_rows["gtd:201608300001"].record
    assert (abroad["places"][0]["region"], abroad["places"][0]["country"]) == (None, "KGZ")
    assert abroad["summary"] == "Bombing/Explosion on Embassy in Bishkek, Kyrgyzstan"


def test_region_names_stay_raw_and_resolve_centrally(gtd_rows, acled_rows):
    raw = {o: r.record["places"][0]["region"] for o, r in {**gtd_rows, **acled_rows}.items()}
    assert raw["gtd:201209000001"] == "Almaty (Province)"
    assert raw["gtd:201111120001"] == "Zhambyl"
    assert raw["acled:KAZ2201"] == "Mangystau"
    for origin, row in {**gtd_rows, **acled_rows}.items():
        record, problems = records.validate(row.record, file="f", row=row.row)
        assert problems == [], origin
        raw[origin] = record["places"][0]["region"]
    assert (raw["gtd:201209000001"], raw["gtd:201111120001"]) == ("ALR", "JMB")
    assert (raw["acled:KAZ2201"], raw["acled:KAZ1101"]) == ("MNG", "ATY")


def test_gtd_bad_cells_are_named_by_row_and_column(fixtures):
    rows = list(gtd.read(fixtures / "gtd_bad.csv"))
    found = [(p.row, p.column, p.value) for r in rows for p in r.problems]
    assert found == [(2, "iday", "31"), (3, "imonth", "13"), (4, "nkill", "-5"),
                     (5, "latitude", "123"), (6, "eventid", "2011050301")]
    assert "November 2011 has no day 31" in str(rows[0].problems[0])
    assert rows[1].problems[0].message == "month out of range"
    assert rows[1].problems[0].expected == "0 (unknown) or 1–12"
    assert all(r.record is None for r in rows[:5])
    assert rows[0].problems[0].file == "gtd_bad.csv"
    unknown_codes = rows[5].record["casualties"]  # -9, -99: "unknown", not errors
    assert unknown_codes == {"killed": {}, "injured": {}, "hostages": None}


def test_an_unknown_country_name_is_a_problem(fixtures, tmp_path):
    text = (fixtures / "gtd_kazakhstan.csv").read_text(encoding="utf-8")
    (tmp_path / "gtd.csv").write_text(text.replace("Kyrgyzstan", "Atlantis"), encoding="utf-8")
    [problem] = [p for r in gtd.read(tmp_path / "gtd.csv") for p in r.problems]
    assert (problem.row, problem.column, problem.value) == (9, "country_txt", "Atlantis")


@pytest.mark.parametrize(("reader", "fixture", "column"), [
    (gtd, "gtd_kazakhstan.csv", "iday"), (acled, "acled_kazakhstan.csv", "fatalities")])
def test_a_missing_required_column_is_refused(reader, fixture, column, fixtures, tmp_path):
    lines = (fixtures / fixture).read_text(encoding="utf-8").split("\r\n")
    header = lines[0].split(",")
    header[header.index(column)] = "renamed"
    (tmp_path / fixture).write_text("\r\n".join([",".join(header), *lines[1:]]), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        list(reader.read(tmp_path / fixture))
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, column)]


def test_acled_dates_and_time_precision(acled_rows):
    assert acled_rows["acled:KAZ1601"].record["date"] == {
        "text": "05 June 2016", "start": "2016-06-05", "precision": "day"}
    week = acled_rows["acled:KAZ1101"].record
    assert week["date"]["precision"] == "day"
    assert "time_precision 2" in week["notes"]
    month = acled_rows["acled:KAZ1801"].record["date"]
    assert (month["start"], month["precision"]) == ("2018-03", "month")


def test_acled_types_map_to_category_action_and_side(acled_rows):
    def coded(origin):
        r = acled_rows[origin].record
        return r["category"], r["action_type"], r["side"], r["actors"][0]["role"]

    assert coded("acled:KAZ1601") == ("counter_terrorist_operation", "physical",
                                      "counter_terrorism", "responder")  # state forces' clash
    assert coded("acled:KAZ1602") == ("armed_assault", "physical", "perpetrators", "perpetrator")
    assert coded("acled:KAZ1101") == ("bombing", "physical", "perpetrators", "perpetrator")
    assert coded("acled:KAZ2202") == ("arrest", "physical", "counter_terrorism", "responder")
    assert coded("acled:KAZ2201") == ("other", "verbal", "perpetrators", "participant")
    assert {r.record["certainty"] for r in acled_rows.values()} == {"confirmed"}
    flags = {o: r.record["meets_definition"] for o, r in acled_rows.items()}
    assert flags.pop("acled:KAZ2201") is False  # a protest is not terrorism
    assert set(flags.values()) == {None}


def test_acled_fatalities_sources_and_actors(acled_rows):
    assert acled_rows["acled:KAZ1102"].record["casualties"] == {"killed": {"unknown": 8}}
    assert acled_rows["acled:KAZ2201"].record["casualties"] == {"killed": {"unknown": 0}}
    assert acled_rows["acled:KAZ1602"].record["sources"] == [
        {"outlet": "Example Wire"}, {"outlet": "Example Daily"}]
    assert [a["role"] for a in acled_rows["acled:KAZ1602"].record["actors"]] == [
        "perpetrator", "target"]
    assert acled_rows["acled:KAZ1801"].record["places"][0]["geo_precision"] == "district"


def test_acled_api_output_with_iso_dates_and_actor_type_labels(fixtures):
    [row] = acled.read(fixtures / "acled_api_kazakhstan.csv")
    assert row.problems == []
    assert row.record["date"]["start"] == "2022-01-11"
    assert (row.record["side"], row.record["actors"][0]["kind"]) == ("counter_terrorism",
                                                                      "state_body")


def test_acled_bad_cells_are_named_by_row_and_column(fixtures):
    rows = list(acled.read(fixtures / "acled_bad.csv"))
    found = [(p.row, p.column, p.value) for r in rows for p in r.problems]
    assert found == [(2, "event_date", "31 November 2021"), (3, "year", "2012"),
                     (4, "fatalities", "-1"), (5, "sub_event_type", "Remote violence")]
    assert rows[1].problems[0].expected == "2011 (from event_date)"
    assert all(r.record is None for r in rows)


@pytest.mark.parametrize(("encoding", "name"), [("cp1252", "Aktöbe “centre”"), ("latin-1", "Aktöbe\x81")])
def test_gtd_extracts_in_latin_1_read(encoding, name, fixtures, tmp_path):
    text = (fixtures / "gtd_kazakhstan.csv").read_text(encoding="utf-8")
    old = text.replace("Aktobe,Aktobe,50.283333", f"Aktobe,{name},50.283333", 1)
    (tmp_path / "gtd.csv").write_bytes(old.encode(encoding))
    rows = {r.record["origin"]: r for r in gtd.read(tmp_path / "gtd.csv") if r.record}
    assert len(rows) == 8
    assert rows["gtd:201105170001"].record["places"][0]["settlement"] == name


def test_gtd_approximate_dates_and_unknown_day_are_kept(fixtures, tmp_path):
    text = (fixtures / "gtd_kazakhstan.csv").read_text(encoding="utf-8")
    text = text.replace("201105170001,2011,5,17,,", "201105170001,2011,5,0,\"May 16-18, 2011\",", 1)
    (tmp_path / "gtd.csv").write_text(text, encoding="utf-8")
    record = next(r.record for r in gtd.read(tmp_path / "gtd.csv") if r.row == 2)
    assert record["date"] == {"text": "iyear=2011 imonth=5 iday=0", "start": "2011-05",
                              "precision": "month"}
    assert "Approximate date: May 16-18, 2011" in record["notes"]
