"""Any valid event survives the flat (CSV/XLSX) form unchanged: a property test."""

from hypothesis import given, settings
from hypothesis import strategies as st

from sarap.events import flat, records
from sarap.events.codebook import codes
from sarap.events.models import VICTIM_GROUPS

# Text without the list separator and without surrounding spaces (cells are trimmed).
words = st.text(alphabet="абвгдеәіңғүұқөһ ABCxyz0123.,-«»", min_size=1, max_size=30).map(
    str.strip).filter(bool)
counts = st.one_of(st.none(), st.integers(0, 500))

place = st.fixed_dictionaries({
    "region": st.sampled_from(["AST", "ALA", "ATY", "MNG", "TRK"]),
    "settlement": st.one_of(st.none(), words),
    "latitude": st.one_of(st.none(), st.floats(40, 56).map(lambda x: round(x, 4))),
    "longitude": st.one_of(st.none(), st.floats(46, 87).map(lambda x: round(x, 4))),
    "geo_precision": st.one_of(st.none(), st.sampled_from(codes("geo_precisions"))),
})
actor = st.fixed_dictionaries({"name": words, "kind": st.sampled_from(codes("actor_kinds")),
                               "role": st.sampled_from(codes("actor_roles"))})
source = st.fixed_dictionaries({
    "url": st.one_of(st.none(), words.map(lambda w: "https://example.org/" + w.replace(" ", "-"))),
    "language": st.one_of(st.none(), st.sampled_from(codes("languages"))),
    "published": st.one_of(st.none(), st.sampled_from(["2011", "2011-05", "2011-05-17"])),
})
event = st.fixed_dictionaries({
    "origin": words,
    "date": st.fixed_dictionaries({"start": st.sampled_from(["1999-07-13", "2003-11", "2017",
                                                             "2016-spring"]),
                                   "text": st.one_of(st.none(), words)}),
    "places": st.lists(place, max_size=3),
    "category": st.sampled_from(codes("categories")),
    "action_type": st.sampled_from(codes("action_types")),
    "side": st.sampled_from(codes("sides")),
    "summary": words,
    "actors": st.lists(actor, max_size=3),
    "casualties": st.fixed_dictionaries({
        "killed": st.fixed_dictionaries({g: counts for g in VICTIM_GROUPS}),
        "injured": st.fixed_dictionaries({g: counts for g in VICTIM_GROUPS}),
        "hostages": counts}),
    "sources": st.lists(source, max_size=2),
    "certainty": st.sampled_from(codes("certainties")),
    "meets_definition": st.sampled_from([True, False, None]),
    "access_level": st.sampled_from(codes("access_levels")),
    "notes": st.one_of(st.none(), words),
})


@settings(max_examples=150, deadline=None)
@given(event)
def test_flat_row_round_trip(raw):
    record, problems = records.validate(raw)
    assert problems == []
    back, problems = records.validate(flat.to_object(flat.to_row(record)),
                                      column_of=flat.column_of)
    assert problems == []
    assert back == record
