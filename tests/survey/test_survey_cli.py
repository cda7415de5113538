"""`sarap survey …` as a user runs it: load the example, import, code, frequencies, agreement, export."""

import csv
import json

import docx
from openpyxl import load_workbook
from typer.testing import CliRunner

from sarap.cli.main import app

runner = CliRunner()


def sarap(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_load_example_then_frequencies_and_agreement(cli_env):
    loaded = sarap("survey", "load-example")
    assert loaded.exit_code == 0
    assert "20 respondents, 16 answers, 78 codings" in loaded.stdout
    assert "already loaded" in sarap("survey", "load-example").stdout

    listed = json.loads(sarap("survey", "list", "--json").stdout)
    assert listed[0]["slug"] == "dissertation-2025-interviews"
    assert listed[0]["coders"] == ["sarap-demo-a", "sarap-demo-b"]

    rows = json.loads(sarap("survey", "frequencies", "dissertation-2025-interviews", "--by", "role",
                            "--coder", "sarap-demo-a", "--json").stdout)
    officers = {r["theme"]: r["answers"] for r in rows if r["group"] == "officer"}
    # officers quoted: №12 (1.3) and №15 (2.1); both have a positive-assessment passage for coder A
    assert officers["system.effective"] == 2

    report = json.loads(sarap("survey", "agreement", "dissertation-2025-interviews", "--json").stdout)
    assert round(report["cohen"]["value"], 4) == 0.8043
    assert round(report["alpha"]["value"], 4) == 0.8063
    text = sarap("survey", "agreement", "dissertation-2025-interviews").stdout
    assert "cohen_kappa" in text and "0.804" in text

    bad = sarap("survey", "frequencies", "dissertation-2025-interviews", "--by", "gender")
    assert bad.exit_code == 1
    assert "column '--by': unknown grouping (got 'gender')" in bad.stderr


def test_import_code_and_export(cli_env, fixtures, tmp_path):
    sarap("survey", "load-example")
    slug = "dissertation-2025-interviews"
    transcript = tmp_path / "new.txt"
    transcript.write_text("№5 сарапшы\nQ3.2: ШЫҰ аясындағы ынтымақтастық күшейді.\n", encoding="utf-8")
    dry = sarap("survey", "import", slug, transcript, "--dry-run")
    assert "would import 1 answers" in dry.stdout
    assert "imported 1 answers" in sarap("survey", "import", slug, transcript).stdout
    answers = json.loads(sarap("survey", "answers", slug, "--respondent", "№5", "--json").stdout)
    assert [(a["question"], a["source"]) for a in answers] == [("3.2", "new.txt:2")]
    coded = sarap("survey", "code", slug, "--answer", answers[0]["id"],
                  "--theme", "international.cooperation", "--coder", "sarap-demo-a",
                  "--passage", "ШЫҰ аясындағы ынтымақтастық")
    assert "added 1 codings" in coded.stdout

    bad = sarap("survey", "import", slug, fixtures / "survey" / "interview-bad.txt")
    assert bad.exit_code == 1
    assert "interview-bad.txt:1: text before the first respondent line" in bad.stderr

    out = tmp_path / "result.csv"
    assert sarap("survey", "export", slug, out).exit_code == 0
    with (tmp_path / "result-frequencies.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    coop = [r for r in rows if r["grouping"] == "all" and r["theme"] == "international.cooperation"]
    assert coop[0]["answers"] == "1"
    with (tmp_path / "result-agreement.csv").open(encoding="utf-8") as handle:
        agreement = {(r["level"], r["measure"]): r["value"] for r in csv.DictReader(handle)}
    assert agreement[("theme", "cohen_kappa")] == "0.8043"

    assert sarap("survey", "export", slug, tmp_path / "result.xlsx").exit_code == 0
    book = load_workbook(tmp_path / "result.xlsx")
    assert book.sheetnames == ["frequencies", "cooccurrence", "agreement", "disagreements"]
    assert book["disagreements"].max_row == 8  # header + 7 passages the demo coders disagree on

    assert sarap("survey", "export", slug, tmp_path / "report.docx", "--lang", "kk").exit_code == 0
    document = docx.Document(str(tmp_path / "report.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Тереңдетілген эксперттік сұхбат" in text
    assert "«Кибертерроризм үлкен қауіп төндіреді.» (№2, 3.1, seeds/001_48552558eefd79c5.txt:1407" in text
    assert len(document.tables) >= 3
