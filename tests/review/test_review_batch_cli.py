"""`sarap review score`, `sarap review eval` and `sarap review import --skip-bad` on real files."""

import csv
import json

from sqlalchemy import func, select
from typer.testing import CliRunner

from sarap.cli.main import app
from sarap.core.db import Database
from sarap.review.models import ReviewItem

runner = CliRunner()
ROWS = [
    ("Давайте убьём их всех завтра!", "extremist"),
    ("Мы осуждаем теракт, сообщает пресс-служба.", "neutral"),
    ("", "neutral"),
    ("We will kill every one of you.", "extremist"),
    ("We pray together after Friday prayer.", "neutral"),
    ("اقتلوهم جميعا", "extremist"),
]


def sarap(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def _csv(path, rows, header=("post", "label")):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _queued(url):
    db = Database(url)
    db.migrate()
    with db.session() as s:
        n = s.scalar(select(func.count(ReviewItem.id)))
    db.dispose()
    return n


def test_score_prints_one_object_per_row_in_order_and_writes_nothing(cli_env, tmp_path):
    path = _csv(tmp_path / "posts.csv", ROWS)
    out = sarap("review", "score", "--file", path, "--column", "post", "--json")
    assert out.exit_code == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["row"] for r in lines] == [2, 3, 4, 5, 6, 7]
    assert all({"row", "score", "flagged", "category", "reasons"} <= set(r) for r in lines)
    assert [r["flagged"] for r in lines] == [True, False, False, True, False, False]
    assert lines[0]["category"] == "threat_to_life" and lines[0]["reasons"]["rules"]
    assert lines[2]["error"].startswith("empty") and lines[2]["score"] is None
    assert (
        lines[5]["category"] == "language_not_covered"
        and "Arabic" in lines[5]["reasons"]["language"]["reason"]["en"]
    )
    assert _queued(cli_env["SARAP_DATABASE_URL"]) == 0


def test_score_reads_json_lines_too(cli_env, tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text(
        "\n".join(json.dumps({"body": t}, ensure_ascii=False) for t, _ in ROWS[:2]) + "\nnot json\n",
        encoding="utf-8",
    )
    lines = [
        json.loads(x)
        for x in sarap("review", "score", "--file", path, "--column", "body", "--json").stdout.splitlines()
    ]
    assert [r["flagged"] for r in lines] == [True, False, False]
    assert "not JSON" in lines[2]["error"]


def test_eval_prints_precision_recall_f1_auc_and_the_confusion_matrix(cli_env, tmp_path):
    path = _csv(tmp_path / "labelled.csv", ROWS)
    data = json.loads(
        sarap(
            "review",
            "eval",
            path,
            "--text-column",
            "post",
            "--label-column",
            "label",
            "--positive",
            "extremist",
            "--json",
        ).stdout
    )
    assert data["n"] == 5 and data["positives"] == 3 and data["skipped"] == 1 and data["not_covered"] == 1
    assert data["confusion"] == {
        "true_positive": 2,
        "false_positive": 0,
        "false_negative": 1,
        "true_negative": 2,
    }
    assert (data["precision"], data["recall"]) == (1.0, round(2 / 3, 4)) and data["auc"] is not None
    shown = sarap(
        "review", "eval", path, "--text-column", "post", "--label-column", "label", "--positive", "extremist"
    ).stdout
    assert "precision 1.000" in shown and "AUC" in shown and "not flagged" in shown
    missing = sarap(
        "review", "eval", path, "--text-column", "text", "--label-column", "label", "--positive", "x"
    )
    assert missing.exit_code == 1 and "'text'" in missing.stderr


def test_an_empty_row_in_an_import_is_a_row_error_and_skip_bad_imports_the_rest(cli_env, tmp_path):
    path = _csv(
        tmp_path / "items.csv", [("Убейте их!",), ("",), ("Мирный митинг в субботу.",)], header=("text",)
    )
    refused = sarap("review", "import", path)
    assert refused.exit_code == 1 and "items.csv:3" in refused.stderr and "empty text" in refused.stderr
    assert _queued(cli_env["SARAP_DATABASE_URL"]) == 0
    done = json.loads(sarap("review", "import", path, "--skip-bad", "--json").stdout)
    assert (done["read"], done["added"], done["rejected"]) == (3, 2, 1)
    assert "items.csv:3" in done["errors"][0]
    assert (tmp_path / "items.rejected.csv").read_text(encoding="utf-8").startswith("row,problems,line")
    assert _queued(cli_env["SARAP_DATABASE_URL"]) == 2
