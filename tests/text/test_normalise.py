"""Normalisation: what a user typing or pasting Kazakh gets back."""

from __future__ import annotations

from sarap.text.normalise import looks_like_latin_kazakh, normalise, normalise_batch


def test_latin_letters_inside_cyrillic_words_become_cyrillic():
    # Latin "i" for "і" (Russian keyboards) and Latin "T", "a" pasted from a PDF.
    assert normalise("2014 жылдың 3 шiлдесі") == "2014 жылдың 3 шілдесі"
    assert normalise("Tүркiстан облысында") == "Түркістан облысында"
    assert normalise("Қaзaқстaн") == "Қазақстан"


def test_latin_words_and_brands_stay_latin():
    assert normalise("iPhone сатылды") == "iPhone сатылды"
    assert normalise("COVID-19 пандемиясы") == "COVID-19 пандемиясы"


def test_kazakh_letter_stand_ins_are_repaired():
    assert normalise("әлеуметтік ə ӊ ҝ") == "әлеуметтік ә ң қ"
    assert normalise("ѳзара") == "өзара"


def test_invisible_characters_and_decomposed_letters():
    assert normalise("терро\u00adризм") == "терроризм"
    assert normalise("и\u0306") == "й"  # NFC


def test_latin_kazakh_2021_is_transliterated():
    assert normalise("Terrorizmge qarsy küres") == "Терроризмге қарсы күрес"
    assert normalise("Qazaqstan Respublikasy") == "Қазақстан Республикасы"
    assert normalise("bır danyşpan qazy üiıne kelıp") == "бір данышпан қазы үйіне келіп"
    # Addresses stay as written.
    assert normalise("Qarsy küres: https://qazaq.kz/a @qazaq") == "Қарсы күрес: https://qazaq.kz/a @qazaq"


def test_latin_text_without_letters_turkish_lacks_stays_latin():
    assert normalise("bır danyşpan kısı, üiıne kelıp") == "bır danyşpan kısı, üiıne kelıp"


def test_apostrophe_variant_is_transliterated():
    assert normalise("Ko'p adam qarsy s'yqty") == "Көп адам қарсы шықты"


def test_english_and_turkish_are_not_mistaken_for_latin_kazakh():
    assert not looks_like_latin_kazakh("The terrorist attack in Almaty was condemned")
    assert not looks_like_latin_kazakh("Türkiye'de terör saldırısı oldu")
    assert normalise("Fight against terrorism") == "Fight against terrorism"


def test_batch_is_the_same_as_one_by_one():
    texts = ["шiлде", "Terrorizmge qarsy", "plain English"]
    assert normalise_batch(texts) == [normalise(t) for t in texts]
