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
