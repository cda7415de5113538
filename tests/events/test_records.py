from sarap.events import records


def test_every_problem_is_reported_with_its_field():
    _, problems = records.validate({
        "date": {"start": "2024-11-31"},
        "places": [{"region": "Атлантида"}],
        "category": "riot",
        "action_type": "physical",
        "summary": "x",
        "casualties": {"killed": {"civilians": -1}},
        "sources": [{"url": "ftp://x"}],
    })
    by_field = {p.column: p for p in problems}
    assert "no day 31" in by_field["date.start"].message
    assert by_field["places[0].region"].value == "Атлантида"
    assert by_field["category"].expected.startswith("one of armed_assault")
    assert by_field["casualties.killed.civilians"].message == "a count cannot be negative"
    assert "sources[0].url" in by_field


def test_side_defaults_from_the_category_and_region_names_become_codes():
    record, problems = records.validate({
        "date": {"text": "2016 жылы көктем"}, "category": "plot", "action_type": "physical",
        "summary": "Plot", "places": [{"region": "Қарағанды облысы"}]})
    assert problems == []
    assert record["side"] == "perpetrators"
    assert record["date"] == {"text": "2016 жылы көктем", "start": "2016-03-01",
                              "end": "2016-05-31", "precision": "season"}
    assert record["places"][0]["region"] == "KGD"
    assert record["places"][0]["country"] == "KAZ"


def test_a_region_of_kazakhstan_cannot_be_abroad():
    _, problems = records.validate({"date": {"start": "2010"}, "category": "foreign_fighting",
                                    "action_type": "physical", "summary": "x",
                                    "places": [{"region": "AST", "country": "RUS"}]})
    assert problems[0].column == "places[0].region"


def test_missing_required_fields_are_named_with_what_is_expected():
    _, problems = records.validate({"date": {"start": "2011"}})
    assert {p.column: p.expected for p in problems if p.column != "side"} == {
        "category": "a category code (sarap codebook)", "action_type": "verbal or physical",
        "summary": "a description of what happened"}


def test_implausibly_large_counts_are_refused():
    _, problems = records.validate({"date": {"start": "2011"}, "category": "bombing",
                                    "action_type": "physical", "summary": "x",
                                    "casualties": {"killed": {"unknown": 10**19}}})
    assert problems[0].message == "implausibly large"
