"""Language identification: kk, ru, en, mixed, unknown."""

from __future__ import annotations

from sarap.text.language import identify, identify_batch


def test_the_three_languages():
    assert identify("Терроризмге қарсы іс-қимыл туралы заң қабылданды").lang == "kk"
    assert identify("Борьба с терроризмом остаётся приоритетом государства").lang == "ru"
    assert identify("The fight against terrorism in Kazakhstan continues").lang == "en"


def test_kazakh_without_kazakh_letters_is_found_by_the_model():
    assert identify("Терроризм мен экстремизм туралы баяндама жасады").lang == "kk"


def test_russian_text_with_a_kazakh_name_stays_russian():
    guess = identify("Президент подписал закон о противодействии терроризму, сообщает Ақорда")
    assert guess.lang == "ru"


def test_short_texts_are_unknown_unless_a_kazakh_letter_decides():
    assert identify("терроризм").lang == "unknown"
    assert identify("ok").lang == "unknown"
    assert identify("").lang == "unknown"
    assert identify("Қазақстан").lang == "kk"


def test_latin_and_cyrillic_halves_are_mixed():
    guess = identify("В Алматы прошли учения, terror attack simulation was held by police forces")
    assert guess.lang == "mixed"


def test_batch_keeps_order():
    texts = ["Борьба с терроризмом и экстремизмом", "", "Мемлекеттік органдар жұмысы"]
    assert [g.lang for g in identify_batch(texts)] == ["ru", "unknown", "kk"]
