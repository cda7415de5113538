"""The near-duplicate threshold on the cases docs/monitoring.md quotes."""

from __future__ import annotations

from sarap.monitor import dedup
from sarap.monitor.textual import words_of

NEWS = ("Алматы облысында терроризмнің алдын алу бойынша жастармен кездесу өтті. Кездесуге мектеп "
        "оқушылары, ата-аналар және полиция қызметкерлері қатысты. Сарапшылар интернеттегі радикалды "
        "үгіт-насихатты қалай тануға болатынын түсіндірді.")
OTHER = ("Астанада терроризмге қарсы іс-қимыл бойынша оқу-жаттығу өтті. Оған полиция, ұлттық ұлан және "
         "төтенше жағдайлар қызметкерлері қатысты. Жаттығу кезінде кепілге алынған адамдарды босату "
         "сценарийі пысықталды.")


def _j(a: str, b: str) -> float:
    return dedup.jaccard(dedup.shingles(words_of(a.lower())), dedup.shingles(words_of(b.lower())))


def test_reposts_and_small_edits_are_near_duplicates_and_other_reports_are_not():
    assert round(_j(NEWS, NEWS + " Дереккөз: Жетісу жаңалықтары."), 2) == 0.88
    assert round(_j(NEWS, NEWS.replace("жастармен", "студенттермен")), 2) == 0.77
    assert _j(NEWS, OTHER) == 0.0
    for copy in (NEWS + " Дереккөз: Жетісу жаңалықтары.", NEWS.replace("жастармен", "студенттермен")):
        assert dedup.is_near(words_of(NEWS.lower()), words_of(copy.lower()))
    assert not dedup.is_near(words_of(NEWS.lower()), words_of(OTHER.lower()))


def test_a_small_edit_shares_a_band_so_it_is_found_without_comparing_every_pair():
    a = dedup.band_keys(words_of(NEWS.lower()))
    b = dedup.band_keys(words_of((NEWS + " Дереккөз: Жетісу жаңалықтары.").lower()))
    assert a is not None and b is not None and set(enumerate(a)) & set(enumerate(b))
    assert dedup.band_keys(["қысқа", "мәтін"]) is None  # too short: matched only exactly


def _sig(text: str) -> str:
    from sarap.text.pipeline import analyse_items

    return dedup.content_hash(analyse_items([text])[0].signature)


def test_exact_duplicates_differ_in_numbers_links_hashtags_and_emoji_but_not_in_case_or_spacing():
    post = "Сериал «Ұлы дала», 5-бөлім. Көріңіз: https://youtu.be/abc #серия 🎬"
    assert _sig(post) == _sig(post.replace("Сериал", "СЕРИАЛ").replace(" ", "   ").replace("«", '"'))
    assert _sig(post) != _sig(post.replace("5-бөлім", "6-бөлім"))
    assert _sig(post) != _sig(post.replace("abc", "xyz"))
    assert _sig(post) != _sig(post.replace("#серия", "#кино"))
    assert _sig(post) != _sig(post.replace("🎬", "🔥"))


def test_texts_differing_in_a_number_are_never_near_duplicates():
    from sarap.text.pipeline import analyse_items

    episode5, episode6, repost = analyse_items([NEWS + " 5-бөлім, 2024 жыл.", NEWS + " 6-бөлім, 2024 жыл.",
                                                NEWS + " 5-бөлім, 2024 жыл. Дереккөз: Жетісу."])
    assert not dedup.is_near(episode5.words, episode6.words, episode5.numbers, episode6.numbers)
    assert dedup.is_near(episode5.words, repost.words, episode5.numbers, repost.numbers)
