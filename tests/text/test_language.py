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


def test_links_mentions_hashtags_and_episode_codes_do_not_vote():
    post = ("Новый выпуск подкаста уже доступен, смотрите https://www.youtube.com/watch?v=dQw4w9WgXcQ "
            "@podcast_channel #podcast #news S1 E5")
    assert identify(post).lang == "ru"
    assert identify("Учёные нашли кратер\n\nhttps://naked-science.ru/article/geology/v-kitae").lang == "ru"
    assert identify("Смотрите [здесь](https://t.me/+6fyKjmOWmW5lYzMy) 🕹 серия S01E05").lang == "ru"


def test_a_russian_post_with_latin_names_stays_russian():
    guess = identify("⚡️ Великобритания отправила Украине партию крылатых ракет Storm Shadow, — Bloomberg.")
    assert guess.lang == "ru"


def test_short_texts_are_unknown_not_mixed():
    assert identify("Вумен математика").lang == "unknown"
    assert identify("Клиенты и брокеры. @banksta").lang == "unknown"
    assert identify("Шынын айтсам.").lang == "unknown"
    assert identify("Бауырлас елдер қуанды").lang == "kk"  # a Kazakh-only letter decides


def test_long_cyrillic_without_kazakh_letters_is_russian_without_the_model():
    guess = identify("Президент встретился с министрами и обсудил вопросы экономики и безопасности страны")
    assert (guess.lang, guess.reason) == ("ru", "no Kazakh letters in a long text")
