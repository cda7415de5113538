from sarap.events import duplicates, records, store


def add(s, origin, start, region, summary, url):
    record, problems = records.validate({
        "origin": origin, "date": {"start": start}, "places": [{"region": region}],
        "category": "armed_assault", "action_type": "physical", "summary": summary,
        "sources": [{"url": url}]})
    assert not problems
    return store.create(s, record, author="t")


def test_same_attack_reported_twice_is_found_with_reasons(db):
    with db.session() as s:
        a = add(s, "a", "2011-11-12", "JMB", "Максат Кариев қарулы шабуыл жасап, 7 адамды өлтірді",
                "https://example.org/1")
        b = add(s, "b", "2011-11-13", "JMB", "Тараз: Максат Кариев қарулы шабуыл, 7 адам өлтірілді",
                "https://example.org/2")
        add(s, "c", "2011-11-12", "ATY", "Атырауда жарылыс болды", "https://example.org/3")
        add(s, "d", "2016-06-05", "AKT", "Ақтөбеде қару дүкеніне шабуыл", "https://example.org/4")
        found = duplicates.find_duplicates(store.find(s, store.EventFilter()))
        assert [(c.first.id, c.second.id) for c in found] == [(a.id, b.id)]
        assert found[0].reasons[0] == "dates overlap or lie within 3 days"
        assert any(r.startswith("same place: JMB") for r in found[0].reasons)
        assert any(r.startswith("similar text") for r in found[0].reasons)


def test_a_shared_source_url_flags_events_far_apart(db):
    """The dissertation's table reuses one article for two different rows: worth a look."""
    with db.session() as s:
        add(s, "a", "2012-07-11", "ALR", "Таусамалда үй жарылды", "https://example.org/same")
        add(s, "b", "2012-08-17", "ALR", "Арнайы операцияда 13 мәйіт табылды", "https://example.org/same")
        [found] = duplicates.find_duplicates(store.find(s, store.EventFilter()))
        assert "shared source: https://example.org/same" in found.reasons
