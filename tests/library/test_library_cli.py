"""`sarap library …` as a user runs it, against the real test database."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from sarap.cli.main import app

runner = CliRunner()


def sarap(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_seed_list_show_search_count_kwic_compare_export(cli_env, tmp_path):
    assert sarap("seed", "dissertation-2025").exit_code == 0
    seeded = sarap("library", "seed")
    assert seeded.exit_code == 0, seeded.output
    assert "38 documents added (3 with text)" in seeded.stdout and "12 linked" in seeded.stdout

    conventions = json.loads(sarap("library", "list", "--kind", "convention", "--jurisdiction", "ICAO",
                                   "--json").stdout)
    assert [c["id"] for c in conventions][:2] == ["tokyo-convention-1963", "hague-convention-1970"]

    shown = json.loads(sarap("library", "show", "decree-1404", "--json").stdout)
    assert sum(u["kind"] == "item" and not u["key"].startswith("preamble") for u in shown["units"]) == 23
    assert len(shown["amendments"]) == 16 and shown["event_id"]

    found = json.loads(sarap("library", "search", "терроризм", "--document", "decree-1404", "--json").stdout)
    assert found[0]["unit"] == "item 12" and "[терроризмнің]" in found[0]["snippet"]

    counted = json.loads(sarap("library", "count", "decree-1404", "--concepts", "terrorism", "--json").stdout)
    assert counted["concepts"][0]["total"] == 89

    kwic = json.loads(sarap("library", "kwic", "decree-1404", "extremism", "--json").stdout)
    assert sorted(k["keyword"].lower() for k in kwic) == ["экстремизмнен", "экстремизмнің", "экстремистік",
                                                          "экстремистік"]

    out = tmp_path / "compare.csv"
    compared = sarap("library", "compare", "decree-1404", "article-internal-affairs", "--concepts",
                     "terrorism,extremism", "-o", out, "--chart", tmp_path / "chart")
    assert compared.exit_code == 0, compared.output
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[1][:2] == ["Terrorism", "89"]
    assert (tmp_path / "chart" / "concepts.svg").exists()

    catalogue = tmp_path / "catalogue.xlsx"
    assert sarap("library", "export", catalogue).exit_code == 0 and catalogue.stat().st_size > 0


def test_count_on_a_users_file_and_errors(cli_env, tmp_path):
    path = tmp_path / "law.txt"
    path.write_text("Терроризм және террористік әрекет; терроризмге қарсы іс-қимыл.", encoding="utf-8")
    result = sarap("library", "count", path, "--concepts", "terrorism", "--doc-lang", "kk", "--json")
    assert json.loads(result.stdout)["concepts"][0]["forms"] == {"терроризм": 1, "террористік": 1,
                                                                  "терроризмге": 1}
    unknown = sarap("library", "count", path, "--concepts", "piracy")
    assert unknown.exit_code == 1 and "unknown concept" in unknown.output and "terrorism" in unknown.output
    scanned = tmp_path / "scan.doc"
    scanned.write_bytes(b"\xd0\xcf\x11\xe0")
    bad = sarap("library", "import", scanned, "--id", "x", "--title", "x", "--kind", "law")
    assert bad.exit_code == 1 and str(scanned) in bad.output and ".docx" in bad.output


def test_a_query_that_does_not_parse_shows_its_column(cli_env):
    result = runner.invoke(app, ["library", "search", "(терроризм OR экстремизм"])
    assert result.exit_code == 1
    assert "query, column 25: expected ) to close the ( at column 1" in result.output
    assert "(терроризм OR экстремизм\n" + " " * 26 + "^" in result.output
