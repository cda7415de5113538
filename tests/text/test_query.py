"""The topic query language: families, phrases, prefixes, proximity, errors, round trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sarap.text.pipeline import analyse, analyse_batch
from sarap.text.query import (
    And,
    Near,
    Not,
    Or,
    Phrase,
    Prefix,
    QuerySyntaxError,
    Word,
    make_and,
    make_or,
    match,
    match_batch,
    matches,
    matches_batch,
    parse,
    to_text,
)

KK = analyse("Террористік топтар Алматыда шабуыл жасады, терроризмге қарсы күрес жалғасуда.")
KK2 = analyse("Экстремизммен күресу туралы заң қабылданды #терроризм")
RU = analyse("Суд вынес приговор террористам; борьба с терроризмом продолжается.")
EN = analyse("Police said the terrorists were detained in Almaty.")


@pytest.mark.parametrize("text", [
    "Терроризм туралы", "Терроризмге қарсы", "терроризммен күрес", "террористік әрекет",
    "Против терроризма", "Террористы задержаны",
])
def test_a_bare_word_finds_its_family_in_kazakh_and_russian(text):
    assert matches("терроризм", analyse(text))


def test_english_family_and_hashtags():
    assert matches("terrorism", EN)
    assert matches("терроризм", KK2)  # via #терроризм
    assert not matches("terrorism", RU)


def test_exact_phrase_needs_the_exact_forms_in_order():
    assert matches('"терроризмге қарсы"', KK)
    assert not matches('"терроризм қарсы"', KK)
    assert not matches('"қарсы терроризмге"', KK)


def test_prefix_wildcard():
    assert matches("террор*", RU)
    assert matches("экстрем*", KK2)
    assert not matches("экстрем*", KK)


def test_near_counts_words_in_either_order():
    assert matches("шабуыл NEAR/2 террор*", KK)  # Террористік топтар Алматыда шабуыл: 3 apart
    assert not matches('"террористік" NEAR/2 шабуыл', KK)
    assert matches('"террористік" NEAR/3 шабуыл', KK)
    assert matches("борьба NEAR/2 терроризм", RU)


def test_boolean_operators_and_precedence():
    assert matches("экстремизм OR терроризм", KK)
    assert not matches("экстремизм AND терроризм", KK)
    assert matches("терроризм NOT экстремизм", KK)
    assert not matches("терроризм NOT экстремизм", KK2)
    assert matches("(Алматы OR Астана) AND шабуыл", KK)
    assert parse("a OR b AND c") == Or((Word("a"), And((Word("b"), Word("c")))))
    assert parse("NOT a b") == And((Not(Word("a")), Word("b")))


def test_hits_give_terms_and_spans_for_highlighting():
    result = match("терроризм AND шабуыл", KK)
    shown = [(h.term, KK.text[h.start:h.end]) for h in result.hits]
    assert shown == [("терроризм", "Террористік"), ("шабуыл", "шабуыл"), ("терроризм", "терроризмге")]
    assert match("терроризм NOT шабуыл", KK).hits == ()


def test_batches():
    batch = analyse_batch([KK.text, KK2.text, RU.text, EN.text])
    assert matches_batch("террор*", batch) == [True, True, True, False]
    assert [len(m.hits) for m in match_batch("күрес", batch)] == [1, 1, 0, 0]


@pytest.mark.parametrize("query, column, says", [
    ("терроризм AND", 14, "found the end of the query"),
    ("(терроризм OR экстремизм", 25, "expected ) to close the ( at column 1"),
    ('шабуыл "терроризмге қарсы', 8, "never closed"),
    ("a NEAR/x b", 3, "NEAR/n"),
    ("т*", 1, "at least 2 letters"),
    ("те*р", 1, "only at the end"),
    ("a ) b", 3, "no ( to close"),
    ("", 1, "empty"),
    ('""', 1, "empty phrase"),
    ("(a OR b) NEAR/2 c", 1, "not a group"),
    ("a NEAR/2 b NEAR/2 c", 12, "one NEAR at a time"),
])
def test_parse_errors_point_at_the_column(query, column, says):
    with pytest.raises(QuerySyntaxError) as err:
        parse(query)
    assert err.value.column == column
    message = str(err.value)
    assert says in message and f"column {column}" in message
    assert message.splitlines()[-1] == "  " + " " * (column - 1) + "^"


# Words as a query keeps them: one script each, lower case.
_word_text = st.one_of(st.text(alphabet="абвгдеқәіңұүөтерроризм-", min_size=2, max_size=8),
                       st.text(alphabet="terorism-xyzq", min_size=2, max_size=8)).filter(
    lambda w: not w.startswith("-"))
_terms = st.one_of(
    _word_text.map(Word),
    _word_text.map(Prefix),
    st.lists(_word_text, min_size=1, max_size=3).map(lambda ws: Phrase(tuple(ws))),
)
_nears = st.builds(Near, _terms, _terms, st.integers(min_value=0, max_value=20))
_queries = st.recursive(
    st.one_of(_terms, _nears),
    lambda children: st.one_of(
        children.map(Not),
        st.lists(children, min_size=2, max_size=3).map(make_and),
        st.lists(children, min_size=2, max_size=3).map(make_or),
    ),
    max_leaves=8,
)


@given(_queries)
def test_parse_print_parse_gives_the_same_query(query):
    assert parse(to_text(query)) == query


def test_a_hyphenated_query_word_asks_for_the_compound_not_its_parts():
    text = analyse_batch(["Оқ-дәрі қоймасы тексерілді."])[0]
    assert not matches("оқу-жаттығулар", text)  # «оқу» and «оқ» share a stem, the compounds do not
    assert matches("оқ-дәрі", text) and matches("дәрі", text)
