"""Content analysis on Decree No. 1404, checked against counts made by hand, and the Figure-3-style
count on a file a user supplies."""

from __future__ import annotations

from sarap.library import analysis, concepts, store
from sarap.library.seed import DATA

DECREE = DATA / "texts" / "decree-1404.txt"

# HAND COUNT of the terrorism family in seed 004 (Decree 1404 with the Rules), made by reading the
# text: every word beginning with «террор» (grep -o -i 'террор' found the candidates; each line was
# then read). None of the 16 «Ескерту» notes (lines 6–8, 12–14, 17–19, 40–45, 51–54, 58–60, 83–85,
# 98–100, 104–106, 115–117, 136–138, 214–216, 244–246, 256–258, 291–292) holds such a word, so the
# body count equals the file count. No «антитеррор…» or «лаңкес…» word occurs. Tally by form:
TERRORISM_FORMS = {"терроризмге": 33, "терроризм": 29, "террористік": 20, "терроризмнің": 2,
                   "терроризмді": 2, "террористер": 1, "террористерді": 1, "террористердің": 1}
# «терроризмге қарсы»: 33 «терроризмге», all but one followed by «қарсы» (the exception, item 12:
# «терроризмге ақпараттық-насихаттық қарсы іс-қимыл»), so 32.
COUNTER_TERRORISM = 32
# Prevention: «профилактика…» 8 times (профилактикасы 6, профилактикасының 1, профилактикасында 1)
# and the phrase «алдын алу» twice («алдын алу әдістері», «алдын алуды»); «алдын ала жоспарланады»
# ("planned in advance") is not prevention and is not counted. 8 + 2 = 10.
PREVENTION = 10
# Item 2 (lines 61–72), read word by word: Терроризмге, терроризм, террористік ×2, террористік,
# терроризм, терроризм, терроризм = 8. Item 3 (lines 73–82): Терроризмге, терроризмге,
# Терроризмге, терроризмге = 4.
ITEM_2, ITEM_3 = 8, 4


def _by(codes):
    return concepts.select(concepts.load(), codes)


def test_decree_counts_match_the_hand_count():
    count = analysis.count_file(DECREE, _by(["terrorism", "counter_terrorism", "prevention"]),
                                lang="kk", kind="decree")
    terrorism, counter, prevention = count.counts
    assert dict(terrorism.forms) == TERRORISM_FORMS
    assert terrorism.total == sum(TERRORISM_FORMS.values()) == 89
    assert counter.total == COUNTER_TERRORISM
    assert prevention.total == PREVENTION and "алдын ала" not in prevention.forms
    assert (terrorism.units["item 2"], terrorism.units["item 3"]) == (ITEM_2, ITEM_3)


def test_stored_decree_counts_the_same_and_kwic_shows_context(library):
    db, _ = library
    with db.session() as session:
        doc = store.get(session, "decree-1404")
        count = analysis.count_document(doc, _by(["terrorism"]))
        lines = concepts.kwic(analysis.document_units(doc), "kk", _by(["terrorism"])[0], width=3)
    assert count.counts[0].total == 89
    assert len(lines) == 89
    first = next(line for line in lines if line.unit == "item 2")
    assert (first.keyword, first.right) == ("Терроризмге", "қарсы іс-қимыл – мемлекеттік")  # 3 words


def test_compare_versions_of_an_act(library, tmp_path):
    """An earlier wording of the decree (here: the text without item 12, as a stand-in for an
    older version) compared with the current one: the difference is item 12's own count."""
    db, _ = library
    lines = DECREE.read_text(encoding="utf-8").splitlines()
    with db.session() as session:
        decree = store.get(session, "decree-1404")
        item12 = next(u for u in decree.units if u.key == "item 12")
        earlier = "\n".join(lines[:item12.first_line - 1] + lines[item12.last_line:])
        meta = store.DocumentMeta(slug="decree-1404-earlier", title={"kk": "1404 (ерте редакция)"},
                                  kind="decree", version_of="decree-1404", version_label="earlier")
        store.add_document(session, meta, earlier, author="tester")
    with db.session() as session:
        docs = analysis.versions(session, store.get(session, "decree-1404"))
        counts = [analysis.count_document(d, _by(["terrorism"])) for d in docs]
        table = analysis.compare_table(counts, "en")
        paths = analysis.chart(counts, "kk").save(tmp_path / "chart")
    assert [d.slug for d in docs] == ["decree-1404-earlier", "decree-1404"]
    assert [c.counts[0].total for c in counts] == [89 - 11, 89]  # item 12 holds 11
    assert table.rows[0][0] == "Terrorism" and table.rows[0][1] == 78
    assert [p.suffix for p in paths] == [".svg", ".png", ".csv"]
    assert "Терроризм" in paths[0].read_text(encoding="utf-8")


def test_figure_3_style_count_on_a_users_file(tmp_path):
    text = ("Осы Заңда терроризм ұғымы айқындалады. Террористік акт және терроризмге қарсы іс-қимыл. "
            "Террористік ұйымдар, террористік топтар; терроризмді қаржыландыру.")
    path = tmp_path / "law.txt"
    path.write_text(text, encoding="utf-8")
    count = analysis.count_file(path, _by(["terrorism"]), lang="kk", kind="article")
    assert dict(count.counts[0].forms) == {"терроризм": 1, "террористік": 3, "терроризмге": 1,
                                           "терроризмді": 1}
    table = analysis.forms_table(count, "kk")
    assert table.rows[-1] == ["Терроризм", "Σ", 6]
