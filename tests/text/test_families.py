"""Word families across forms and across Kazakh and Russian."""

from __future__ import annotations

from sarap.text.families import family_key, query_keys, word_keys
from sarap.text.russian import lemma


def test_the_terrorism_family_across_kazakh_and_russian():
    kk = {family_key(w, "kk") for w in ("терроризм", "терроризмге", "терроризммен", "террористік")}
    ru = {family_key(w, "ru") for w in ("терроризма", "террористы", "террористический")}
    assert kk == ru == {"террор"}
    assert set(query_keys("терроризм")) == {"террор"}


def test_english_family():
    assert {family_key(w, "en") for w in ("terrorism", "terrorists", "terrorist")} == {"terror"}


def test_russian_lemmas():
    assert lemma("террористами") == "террорист"
    assert lemma("взорвали") == "взорвать"
    assert family_key("безопасности", "ru") == family_key("безопасный", "ru")


def test_script_decides_the_language_of_a_word():
    assert word_keys("terrorism", "kk") == ("terror",)
    assert word_keys("қауіпсіздігін", "ru") == ("қауіпсіз",)  # a Kazakh letter: Kazakh
    assert word_keys("2025", "kk") == ()


def test_compounds_carry_the_keys_of_their_parts():
    assert word_keys("іс-қимылға", "kk") == ("іс-қимыл", "іс", "қимыл")


def test_a_kazakh_query_word_does_not_reach_a_different_russian_root():
    from sarap.text.families import query_keys, word_keys

    assert query_keys("сот") == ("сот",)  # court, not «сотни»
    assert not set(query_keys("сот")) & set(word_keys("сотни", "ru"))
    assert set(query_keys("терроризм")) & set(word_keys("терроризма", "ru"))  # shared roots still meet
