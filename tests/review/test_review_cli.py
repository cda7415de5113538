"""`sarap review …` as a reviewer runs it, against the real test database."""

import json

from typer.testing import CliRunner

from sarap.auth import users
from sarap.cli.main import app
from sarap.core.db import Database

runner = CliRunner()
THREAT = "Убивайте их всех! Завтра взрывайте вокзал."


def sarap(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, input=input)


def test_categories_and_organisations(cli_env):
    listed = json.loads(sarap("review", "categories", "--json", "--lang", "kk").stdout)
    assert [c["code"] for c in listed][-1] == "not_violating"
    orgs = json.loads(sarap("review", "organisations", "list", "--json").stdout)
    assert len(orgs) >= 20 and orgs[0]["ban_date"] == "2006-10"
    edited = sarap("review", "organisations", "edit", "aum-shinrikyo", "--set", "ban_date=2005",
                   "-m", "year from the decision")
    assert edited.exit_code == 0 and "revision 2" in edited.stdout
    bad = sarap("review", "organisations", "edit", "aum-shinrikyo", "--set", "ban_date=2005-13", "-m", "x")
    assert bad.exit_code == 1 and "column 'ban_date'" in bad.stderr and "calendar date" in bad.stderr
    history = sarap("review", "organisations", "history", "aum-shinrikyo").stdout
    assert "#2 by tester" in history and "year from the decision" in history


def test_add_decide_confirm_metrics_report_retrain_purge(cli_env, tmp_path):
    db = Database(cli_env["SARAP_DATABASE_URL"])
    db.migrate()
    with db.session() as s:
        users.create_user(s, "aru", "atc", "reviewer", actor="t", password="correct horse battery")
        users.create_user(s, "bolat", "atc", "reviewer", actor="t", password="correct horse battery")
    db.dispose()
    added = json.loads(sarap("review", "add", THREAT, "--author", "@someone", "--json").stdout)
    assert added["flagged"] and added["suggested"] == "threat_to_life"
    assert "@someone" not in json.dumps(added)
    shown = sarap("review", "show", added["id"]).stdout
    assert "ru.imperative_violence" in shown and "«Убивайте»" in shown
    calm_text = "Мы осуждаем теракт, сообщает пресс-служба."
    calm = json.loads(sarap("review", "add", "-", "--json", input=calm_text).stdout)
    assert not calm["flagged"]

    refused = sarap("review", "decide", added["id"], "threat_to_life", "-m", "call")  # tester has no account
    assert refused.exit_code == 1 and "no user 'tester'" in refused.stderr
    assert "awaiting_confirmation" in sarap("review", "decide", added["id"], "threat_to_life", "-m",
                                            "call to kill", "--as", "aru").stdout
    same = sarap("review", "confirm", added["id"], "threat_to_life", "--as", "aru")
    assert same.exit_code == 1 and "different reviewer" in same.stderr
    assert "violating" in sarap("review", "confirm", added["id"], "threat_to_life", "--as", "bolat").stdout
    sarap("review", "decide", calm["id"], "not_violating", "-m", "news", "--as", "bolat")

    m = json.loads(sarap("review", "metrics", "--json").stdout)
    assert m["precision"]["threat_to_life"] == {"flagged_decided": 1, "confirmed": 1, "precision": 1.0}
    assert m["double_reviewed"] == 1

    html, csv_file = tmp_path / "r.html", tmp_path / "r.csv"
    assert sarap("review", "report", "--html", html, "--csv", csv_file).exit_code == 0
    assert "decided,threat_to_life,items,1" in csv_file.read_text(encoding="utf-8")
    assert THREAT not in html.read_text(encoding="utf-8")

    short = sarap("review", "retrain")
    assert short.exit_code == 1 and "expected at least 2 items decided violating" in short.stderr
    more = [json.loads(sarap("review", "add", text, "--json").stdout)["id"]
            for text in ("Kill them all! Attack the station tomorrow.", "We condemn the attack.")]
    sarap("review", "decide", more[0], "threat_to_life", "-m", "call", "--as", "bolat")
    sarap("review", "confirm", more[0], "threat_to_life", "--as", "aru")
    sarap("review", "decide", more[1], "not_violating", "-m", "condemns", "--as", "aru")
    trained = json.loads(sarap("review", "retrain", "--json").stdout)
    assert trained["version"] == 1 and trained["data"]["items"] == 4
    assert (tmp_path / "data" / "review" / "model-cards" / "model-v1.md").is_file()

    assert "purged the text of 0" in sarap("review", "purge").stdout
    assert "purged the text of 2" in sarap("review", "purge", "--now", "2999-01-01T00:00").stdout
    assert json.loads(sarap("review", "show", calm["id"], "--json").stdout)["text"] is None
