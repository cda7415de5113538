"""The lexicon baseline: family matching, negation in each language, the reasons it gives, and the
lexicon files themselves."""

from __future__ import annotations

import pytest

from sarap.core.errors import InvalidInput
from sarap.text.sentiment import lexicon, sentiment_batch
from sarap.text.sentiment.prepare import prepare_batch


def _one(text: str, lang: str) -> lexicon.LexiconResult:
    return lexicon.score(prepare_batch([text], [lang])[0])


def test_kazakh_entries_match_through_word_families():
    result = _one("Бұл шабуылды қатаң айыптаймыз, нағыз масқара.", "kk")
    assert result.label == "negative"
    assert {(m.words, m.term) for m in result.matches} == {("айыптаймыз", "айыптау"), ("масқара", "масқара")}
    assert result.score < -0.5


@pytest.mark.parametrize(("text", "lang", "word", "negator"), [
    ("Ешқандай қауіп жоқ, полицияға рахмет.", "kk", "қауіп", "жоқ"),
    ("Бұл жерде қауіпті емес, бәрі тыныш.", "kk", "қауіпті", "емес"),
    ("Бірде-бір адам зардап шеккен жоқ.", "kk", "зардап", "жоқ"),
    ("Ни один человек не пострадал, спасибо полиции.", "ru", "пострадал", "не"),
    ("Угрозы нет, всё спокойно.", "ru", "Угрозы", "нет"),
    ("Nobody was hurt, it was not a failure.", "en", "failure", "not"),
])
def test_negation_turns_an_entry_round_and_says_which_word_did(text, lang, word, negator):
    matches = {m.words: m for m in _one(text, lang).matches}
    assert matches[word].negated_by == negator
    found = matches[word]
    assert found.contribution == -(1 if found.polarity == "positive" else -1) * found.weight


def test_kazakh_verb_negation_flips_and_a_clause_break_stops_negation():
    assert _one("Біз бұл бастаманы құптамаймыз.", "kk").matches[0].negated_by == "құптамаймыз"
    # «жоқ» belongs to the next clause: «қорқыныш» stays negative
    result = _one("Қорқыныш, жоқ.", "kk")
    assert result.matches[0].negated_by is None and result.label == "negative"


def test_neutral_reports_have_no_evaluative_words():
    result = _one("Полиция іс бойынша үш күдіктіні ұстады, тергеу жалғасуда.", "kk")
    assert result.label == "neutral" and result.matches == () and result.score == 0.0


def test_prefix_terms_keep_the_negation_they_spell():
    result = _one("Полицияның кешігуі жол берілмейтін нәрсе.", "kk")
    assert result.label == "negative"
    assert result.matches[0].term == "жол берілмей*" and result.matches[0].negated_by is None


def test_every_lexicon_entry_names_its_origin_and_has_one_family():
    for lang in ("kk", "ru", "en"):
        entries = lexicon.load(lang)
        assert len(entries) >= 90
        assert all(e.origin.startswith("Sarap team") for e in entries)
        assert len({e.parts for e in entries}) == len(entries)
        assert {e.polarity for e in entries} == {1, -1}


def test_a_bad_lexicon_line_is_named(tmp_path):
    path = tmp_path / "kk.tsv"
    path.write_text("term\tpolarity\tweight\torigin\nжақсы\tgood\t1\tus\nжақсы\tpositive\t1\tus\n"
                    "жақсы\tpositive\t2\tus\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        lexicon.load("kk", path)
    text = str(caught.value)
    assert f"{path}:2, column 'polarity': unknown polarity (got 'good')" in text
    assert f"{path}:4, column 'term': same family as 'жақсы' on line 3" in text


def test_texts_in_other_languages_are_unscored_never_guessed():
    results = sentiment_batch(["ok", "Терроризм — бұл қасірет, and it is terrible", "Сұмдық жаңалық"],
                              [None, "mixed", None], method="lexicon")
    assert [r.label for r in results] == ["unscored", "unscored", "negative"]
    assert results[0].score is None and results[1].method is None
    assert results[2].method == "lexicon" and results[2].model == "lexicon-kk"
