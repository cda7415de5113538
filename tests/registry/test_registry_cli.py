"""`sarap registry …` as a user runs it, against the real test database."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from sarap.cli.main import app

runner = CliRunner()


def sarap(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_load_decree_then_bodies_measures_plans_exercises_report(cli_env, tmp_path):
    loaded = sarap("registry", "load-decree")
    assert loaded.exit_code == 0, loaded.output
    assert "4 chapters, 23 items; 25 bodies" in loaded.stdout
    assert "0 linked to existing events, 6 created" in loaded.stdout

    bodies = json.loads(sarap("registry", "bodies", "--json", "--lang", "en").stdout)
    atc = next(b for b in bodies if b["code"] == "atc")
    assert atc["name"] == "Anti-Terrorism Centre of the Republic of Kazakhstan" and atc["decree_item"] == "3"
    assert "Decree 1404" in sarap("registry", "bodies").stdout

    kinds = json.loads(sarap("registry", "measures", "--json").stdout)
    assert [k["code"] for k in kinds] == ["legal", "economic_social", "organisational", "educational",
                                          "propaganda"]

    added = sarap("registry", "plans", "add", "Азаматтарға жаднама тарату", "--kind", "organisational",
                  "--measure", "1", "--body", "commission-region", "--region", "Қарағанды облысы",
                  "--deadline", "2024-09-01")
    assert added.exit_code == 0, added.output
    plan_id = json.loads(sarap("registry", "plans", "list", "--json").stdout)[0]["id"]
    assert sarap("registry", "plans", "set-status", plan_id, "done", "-m", "өткізілді").exit_code == 0

    exercise = sarap("registry", "exercises", "add", "Дабыл-Антитеррор-2025", "--date", "2025-05-20",
                     "--scenario", "transport", "--region", "KGD", "--body", "hq-region")
    assert exercise.exit_code == 0, exercise.output
    event_id = int(exercise.stdout.split("its event is ")[1])
    shown = json.loads(sarap("events", "show", event_id, "--json").stdout)
    assert (shown["category"], shown["action_type"]) == ("exercise", "verbal")

    out = tmp_path / "kgd.csv"
    assert sarap("registry", "report", "--region", "KGD", "--from", "2024-01-01", "--to", "2025-12-31",
                 "--lang", "en", "-o", out).exit_code == 0
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[3] == ["Organisational measures", "0", "0", "1", "0", "1"]
    assert [r[0] for r in rows[9:]] == ["Дабыл-Антитеррор-2024", "Дабыл-Антитеррор-2025"]


def test_errors_name_the_field(cli_env):
    sarap("registry", "load-decree", "--no-examples")
    bad = runner.invoke(app, ["registry", "exercises", "add", "X", "--date", "2024-02-30",
                              "--scenario", "parade"])
    assert bad.exit_code == 1
    assert "column 'date'" in bad.output and "column 'scenario'" in bad.output
    missing = runner.invoke(app, ["registry", "plans", "add", "Y", "--kind", "legal", "--body", "nobody"])
    assert missing.exit_code == 1 and "no body with code 'nobody'" in missing.output
