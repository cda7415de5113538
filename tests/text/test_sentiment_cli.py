"""`sarap sentiment …` from the terminal."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from sarap.cli.main import app
from sarap.core.audit import AuditEntry
from sarap.core.db import Database

runner = CliRunner()


def test_score_shows_label_score_and_the_words_behind_it(cli_env):
    res = runner.invoke(app, ["sentiment", "score", "Ешқандай қауіп жоқ, полицияға рахмет!", "ok"],
                        catch_exceptions=False)
    assert res.exit_code == 0
    lines = res.output.splitlines()
    assert lines[0].startswith("positive +") and "kk, kk-public" in lines[0]  # the public-data model
    assert any(line.startswith("  feature: ") for line in lines)
    assert "«қауіп» = қауіп (negative 0.5, negated by «жоқ») → +0.5" in res.output
    assert "«рахмет» = рахмет (positive 1.5) → +1.5" in res.output
    assert any(line.startswith("unscored (unknown") for line in lines)


def test_eval_prints_per_class_scores_and_the_data_size(cli_env):
    res = runner.invoke(app, ["sentiment", "eval", "--lang", "en", "--json"], catch_exceptions=False)
    data = json.loads(res.output)
    assert data[0]["sizes"]["all"] == {"positive": 55, "negative": 55, "neutral": 55}
    assert set(data[0]["classifier"]["per_class"]) == {"positive", "negative", "neutral"}
    table = runner.invoke(app, ["sentiment", "eval", "--lang", "en"], catch_exceptions=False).output
    assert "165 labelled" in table and "macro" in table and "classifier" in table


def test_label_then_train_then_score_with_the_model(cli_env, db_url):
    res = runner.invoke(app, ["sentiment", "label", "ru-010", "neutral", "--note", "second reading"],
                        catch_exceptions=False)
    assert res.exit_code == 0 and res.output.startswith("ru-010 (ru) is now neutral")
    res = runner.invoke(app, ["sentiment", "train", "--lang", "ru"], catch_exceptions=False)
    assert res.exit_code == 0
    assert "ru-v1.json: 165 labelled sentences (1 corrected, 0 added)" in res.output
    res = runner.invoke(app, ["sentiment", "score", "--method", "local", "--json",
                                      "Какой позор, это ужасно и отвратительно!"],
                        catch_exceptions=False)
    result = json.loads(res.output)[0]
    assert result["model"] == "ru-v1" and result["label"] == "negative" and result["features"]
    listed = runner.invoke(app, ["sentiment", "labels", "--lang", "ru", "--changed"]).output
    assert listed.startswith("ru-010\tneutral\tcorrected")
    db = Database(db_url)
    with db.session() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
    db.dispose()
    assert actions == ["sentiment.label", "sentiment.train"]


def test_a_bad_label_is_a_message_not_a_traceback(cli_env):
    res = runner.invoke(app, ["sentiment", "label", "kk-001", "good"])
    assert res.exit_code == 1
    assert "unknown label (got 'good'); expected positive, negative, neutral" in res.output
