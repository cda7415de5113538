"""The shipped dataset `dissertation-2025` against hand counts of the seed's table А.1."""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sarap.cli.main import app
from sarap.events import seed, stats, store

SEED = Path(__file__).parents[3] / "shared" / "seeds" / "001_48552558eefd79c5.txt"


@pytest.fixture
def seeded(db):
    report = seed.load(db, "dissertation-2025")
    assert report.errors == []
    return db


def appendix(session):
    return [e for e in store.find(session, store.EventFilter(dataset="dissertation-2025"))
            if e.origin.startswith("appendix-a:")]


def test_every_row_of_table_a1_is_there_in_table_order(seeded):
    with seeded.session() as s:
        rows = sorted(appendix(s), key=lambda e: int(e.origin.split(":")[1]))
        assert [int(e.origin.split(":")[1]) for e in rows] == list(range(1, 39))
        # Hand-checked first and last rows of the table.
        assert rows[0].author_coding["time"] == "1999 жылы 13 шілдеде қабылданды."
        assert rows[1].author_coding["participants"] == "6 қылмыскер"
        assert rows[-1].author_coding["place"] == "Меңдіқара ауданы Боровской ауылы"
        assert all(e.author_coding["link"].startswith("http") for e in rows)


@pytest.mark.skipif(not SEED.exists(), reason="shared/seeds is not beside the checkout")
def test_action_types_are_those_the_author_wrote(seeded):
    """Table А.1's 'Әрекет түрі' column, counted straight from the seed text: 22 verbal, 16 physical."""
    text = SEED.read_text(encoding="utf-8")
    table = text[text.index("Кесте А.1 – Ивент анализ"):text.index("Кесте 2 – Ивент анализ жалпы")]
    cells = re.findall(r"^\t(Вербалды|Физи\s*калық|Физикалық)\s*$", table, flags=re.M)
    assert (cells.count("Вербалды"), len(cells) - cells.count("Вербалды")) == (22, 16)
    with seeded.session() as s:
        rows = appendix(s)
        assert sum(e.action_type == "verbal" for e in rows) == 22
        assert sum(e.action_type == "physical" for e in rows) == 16


def test_stats_set_the_records_beside_the_three_printed_counts(seeded):
    with seeded.session() as s:
        result = stats.dataset_stats(s, "dissertation-2025")
    by_scope = {c["scope"]: c for c in result["counts"]}
    assert by_scope["appendix-a"] == {"scope": "appendix-a", "total": 38, "verbal": 22, "physical": 16}
    assert by_scope["all"]["total"] == 38 + by_scope["chapter-3.1"]["total"]
    printed = {p["id"]: (p["total"], p["verbal"], p["physical"], p["disagrees_on"])
               for p in result["printed"]}
    assert printed == {
        "table-7": (33, 16, 17, ["total", "verbal", "physical"]),
        "appendix-a-table-2": (38, 19, 17, ["verbal", "physical"]),
        "appendix-a-conclusion": (36, 17, 19, ["total", "verbal", "physical"]),
    }
    inconsistent = {p["id"]: p["inconsistent"] for p in result["printed"]}
    assert inconsistent == {"table-7": None, "appendix-a-conclusion": None,
                            "appendix-a-table-2": "verbal + physical = 19 + 17 = 36 ≠ total 38"}


def test_stats_command_flags_the_summary_that_does_not_add_up(seeded, monkeypatch):
    monkeypatch.setenv("SARAP_DATABASE_URL", seeded.url)
    result = CliRunner().invoke(app, ["events", "stats", "-d", "dissertation-2025"])
    assert result.exit_code == 0
    flagged = [line for line in result.stdout.splitlines() if line.startswith("inconsistent")]
    assert flagged == ["inconsistent Кесте 2 – Ивент анализ жалпы нәтижелері (seed line 1833): "
                       "verbal + physical = 19 + 17 = 36 ≠ total 38"]


def test_corrections_keep_the_authors_text(seeded):
    with seeded.session() as s:
        rows = {e.origin: e for e in appendix(s)}
        karaganda = rows["appendix-a:35"]
        assert karaganda.author_coding["time"] == "2024 жыл 31 қараша"  # 31 November: no such day
        assert karaganda.date_start.isoformat() == "2024-10-31"
        assert karaganda.corrections[0]["field"] == "date.start"
        code = rows["appendix-a:18"]
        assert code.date_start.year == 2014 and code.sources == []
        dataset = store.dataset_named(s, "dissertation-2025")
        assert {c["origin"] for c in dataset.meta["corrections"]} >= {
            "appendix-a:18", "appendix-a:34", "appendix-a:35"}


def test_narrated_events_are_added_once(seeded):
    with seeded.session() as s:
        narrated = [e for e in store.find(s, store.EventFilter(dataset="dissertation-2025"))
                    if e.origin.startswith("chapter-3.1:")]
        places = {(e.date_start.isoformat(), e.places[0].country) for e in narrated}
        assert ("2010-09-19", "TJK") in places  # the Rasht valley
        assert ("2011-12-03", "KAZ") in places  # Boraldai, separate from the 8 November row
        assert ("2012-09-12", "KAZ") in places  # Kulsary
        assert not any(e.date_start.isoformat() == "2016-06-05" for e in narrated)  # in the table


def test_seed_is_idempotent_and_the_cli_lists_origins(seeded, cli_env):
    again = seed.load(seeded, "dissertation-2025")
    assert (again.created, again.updated) == (0, 0)
    result = CliRunner().invoke(app, ["events", "list", "--dataset", "dissertation-2025", "--json"])
    events = json.loads(result.stdout)
    assert len(events) == again.read
    assert all(e["origin"] for e in events)


@pytest.mark.parametrize("corrections", [False, True])
def test_the_author_table_export_has_38_rows_with_the_authors_cells(seeded, tmp_path, corrections):
    from docx import Document
    from openpyxl import load_workbook

    from sarap.events.exporters import table_a1

    with seeded.session() as s:
        everything = store.find(s, store.EventFilter(dataset="dissertation-2025"))
        cells = {int(e.origin.split(":")[1]): e.author_coding for e in appendix(s)}
        layout = table_a1.author_table(everything, corrections=corrections)
        table_a1.write_xlsx(layout, tmp_path / "a1.xlsx")
        table_a1.write_docx(layout, tmp_path / "a1.docx")
    expected = [[cells[n][k] for k in table_a1.AUTHOR_CELLS] for n in range(1, 39)]
    sheet = list(load_workbook(tmp_path / "a1.xlsx").active.iter_rows(values_only=True))
    assert sheet[0][0] == "Кесте А.1 – Ивент анализ"
    body = [list(r) for r in sheet[3:]]
    assert len(body) == 38 and [r[:6] for r in body] == expected
    assert body[0][0] == "ҚР  аумағында"  # verbatim, the author's double space included
    docx_rows = Document(str(tmp_path / "a1.docx")).tables[0].rows[2:]
    assert [[c.text for c in r.cells][:6] for r in docx_rows] == expected
    if corrections:
        assert sheet[1][6] == table_a1.CORRECTIONS_HEADER
        assert "2024-10-31" in body[34][6]  # row 35: 31 November → 31 October
        assert body[1][6] is None  # row 2 has no correction
    else:
        assert len(sheet[1]) == 6


def test_the_author_table_leaves_out_individuals_when_asked(seeded, cli_env, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "a1.xlsx"
    result = CliRunner().invoke(app, ["events", "export", str(out), "-f", "table-a1-xlsx", "-d",
                                      "dissertation-2025", "--omit-individuals"])
    assert result.exit_code == 0 and "wrote 38 rows" in result.stdout
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert not any("Рахимжан Махатов" in c for r in rows for c in r if c)
    assert rows[3 + 7][0] == "[жеке тұлға / individual]"  # row 8's participants cell
