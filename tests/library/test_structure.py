"""The structure parser on Decree No. 1404 (seed 004), checked by hand against the seed's lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sarap.library.structure import parse

SEED = Path("/work/shared/seeds/004_f5664908e2d106e5.txt")
DECREE = Path(__file__).parents[2] / "src" / "sarap" / "registry" / "decree_1404_kk.txt"


@pytest.fixture(scope="module")
def decree():
    return parse(DECREE.read_text(encoding="utf-8"), name=DECREE.name)


def test_shipped_decree_text_is_the_seed():
    if SEED.exists():
        assert DECREE.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8")


def test_decree_1404_has_4_chapters_and_23_items(decree):
    assert [c.label for c in decree.chapters] == ["1", "2", "3", "4"]
    assert [[i.label for i in c.children] for c in decree.chapters] == [
        ["1", "2", "3", "4", "5"], [str(n) for n in range(6, 14)], [str(n) for n in range(14, 20)],
        ["20", "21", "22", "23"]]
    assert len(decree.items()) == 23
    # The decree's own three items (before the Rules) are kept apart and not counted.
    assert [u.key for u in decree.preamble_items] == ["preamble item 1", "preamble item 2",
                                                      "preamble item 3"]


def test_chapter_headings_join_wrapped_lines(decree):
    assert decree.chapters[0].heading == "Жалпы ережелер"
    third = decree.chapters[2].heading
    assert third.startswith("Мемлекеттік органдардың террористік іс-әрекетті анықтау")
    assert third.endswith("жүзеге асыру тәртібі")  # seed line 210


def test_sub_items_with_their_lines(decree):
    assert [len(decree.find(f"item {n}").children) for n in (10, 11, 12, 21)] == [6, 3, 5, 5]
    drills = decree.find("item 10 3)")
    assert (drills.first_line, drills.last_line) == (150, 152)
    assert "оқу-жаттығулар мен жаттықтырулар" in drills.flat_text
    # Item 12's purposes are unnumbered paragraphs: they are the item's text, not sub-items.
    assert "терроризмнің қауіптілігін түсіндіру;" in decree.find("item 12").text
    assert decree.find("item 12 1)").text.startswith("1) халықтың құндылық")


def test_item_spans_and_text_across_page_breaks(decree):
    eight = decree.find("item 8")
    assert (eight.first_line, eight.last_line) == (123, 135)
    assert "көші-қон процестері мен ақпараттық-коммуникациялық" in eight.flat_text
    assert (decree.find("item 23").first_line, decree.find("item 23").last_line) == (293, 300)


def test_notes_leave_the_body_text(decree):
    for unit in decree.units():
        assert "Ескерту" not in unit.text, unit.key
    assert decree.find("item 5").last_line == 97  # the note on lines 98–100 is not item 5's
    # The signature and the Rules' approval heading are not item 3 of the decree.
    assert decree.find("preamble item 3").last_line == 23


def test_amendment_entries_hand_checked(decree):
    by_unit = {a.unit: a for a in decree.amendments}
    assert len(decree.amendments) == 16  # «Ескерту» occurs 16 times in the seed
    item3 = by_unit["item 3"]
    assert (item3.date, item3.decree_number, item3.change) == (date(2023, 10, 19), "928", "amended")
    assert (item3.first_line, item3.last_line) == (83, 85)
    item22 = by_unit["item 22"]
    assert (item22.date, item22.decree_number, item22.change) == (date(2020, 10, 23), "701", "new wording")
    item8 = by_unit["item 8"]
    assert (item8.date, item8.decree_number) == (date(2025, 6, 16), "443")
    rules = by_unit["appendix"]  # "Қағида жаңа редакцияда … 26.08.2013 қаулысымен (№ 857 …"
    assert (rules.date, rules.decree_number) == (date(2013, 8, 26), "857")
    assert by_unit["chapter 2 title"].decree_number == "443"
    assert by_unit["preamble"].date == date(2023, 10, 19)
    assert by_unit["preamble item 1"].decree_number == "443"  # the decree's item 1, not the Rules'
    assert by_unit["item 1"].first_line == 58
    assert by_unit["item 3"].raw.startswith("Ескерту. 3-тармаққа өзгеріс енгізілді")
    unamended = {f"item {n}" for n in (2, 4, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 23)}
    assert unamended.isdisjoint(by_unit)


RUSSIAN = """\
Глава 1. Общие положения
      1. Настоящие Правила определяют порядок.
      Сноска. Пункт 1 с изменением, внесенным постановлением Правительства РК от 10.01.2020 № 2.
      2. Профилактика включает:
      1) правовые меры;
      2) меры, принятые до
2. января (перенос строки, не пункт);
      3. Текст пункта.
Глава 2. Заключительные положения
      4. Последний пункт.
      Сноска. Пункт 4 исключен постановлением Правительства РК от 31.11.2021 № 5.
"""


def test_russian_text_numbering_and_notes():
    doc = parse(RUSSIAN, name="ru.txt")
    assert [c.heading for c in doc.chapters] == ["Общие положения", "Заключительные положения"]
    assert [i.label for i in doc.items()] == ["1", "2", "3", "4"]  # "2. января" is a wrapped line
    assert "2. января" in doc.find("item 2 2)").text
    first = doc.amendments[0]
    assert (first.unit, first.date, first.decree_number) == ("item 1", date(2020, 1, 10), "2")
    assert "Сноска" not in doc.find("item 1").text
    # 31 November does not exist: the entry keeps no date and the problem names the line.
    last = doc.amendments[1]
    assert (last.unit, last.date, last.change) == ("item 4", None, "deleted")
    assert [(p.file, p.row, p.value) for p in doc.problems] == [("ru.txt", 11, "31.11.2021")]


def test_year_first_dates_as_in_the_issue():
    doc = parse("      1. Текст.\n      Ескерту. 1-тармаққа өзгеріс енгізілді - ҚР Үкіметінің 2020.01.10 № 2 "
                "қаулысымен.\n")
    assert [(a.unit, a.date, a.decree_number) for a in doc.amendments] == [
        ("preamble item 1", date(2020, 1, 10), "2")]
