"""The shipped public-data sentiment models, batch scoring of files and evaluation on the public
corpora's layouts (fixtures we wrote in those layouts; the real figures are in the model cards)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sarap.cli.main import app
from sarap.text.sentiment import classifier, public_training, sentiment_batch
from sarap.text.sentiment.scoring import beats_lexicon

runner = CliRunner()
SHIPPED = ("kk", "ru")


@pytest.fixture
def data(fixtures: Path) -> Path:
    return fixtures / "sentiment"


@pytest.mark.parametrize("lang", SHIPPED)
def test_shipped_models_are_small_plain_json_with_a_card(lang: str) -> None:
    path = classifier.PUBLIC_DIR / f"{lang}-public.json.gz"
    body = json.loads(gzip.decompress(path.read_bytes()))  # JSON, not a pickle
    assert body["format"] == "sarap-linear-text-model/1"
    card = json.loads((classifier.PUBLIC_DIR / f"{lang}-public.card.json").read_text(encoding="utf-8"))
    assert card["data"] and all(d["licence"] and d["source"].startswith("https://") for d in card["data"])
    assert "test splits" in card["not_used"]
    assert card["selection"]["classifier"] > 0.5 and card["figures"]
    total = sum(p.stat().st_size for p in classifier.PUBLIC_DIR.iterdir())
    assert total <= 30 * 1024 * 1024


def test_auto_uses_the_model_that_beat_the_lexicon_and_keeps_the_words() -> None:
    results = sentiment_batch(["Өте жаман қызмет, ақша кетті", "Керемет, маған қатты ұнады, рахмет!",
                               "Ужасно, опять всё сломалось, ненавижу"], ["kk", "kk", "ru"])
    assert [r.label for r in results] == ["negative", "positive", "negative"]
    for r in results:
        model = classifier.load_public(r.lang)
        assert model is not None and beats_lexicon(model.card) and r.model == f"{r.lang}-public"
        assert r.features and r.matches  # model features and the lexicon's words as the explanation
    assert sentiment_batch(["С днём рождения, счастья!"], ["ru"])[0].native in ("speech", "positive")


def _json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_score_a_csv_file_prints_one_object_per_row_in_order(cli_env: dict, data: Path) -> None:
    res = runner.invoke(app, ["sentiment", "score", "--file", str(data / "texts.csv"), "--column", "body",
                              "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.stderr
    rows = _json_lines(res.stdout)
    assert [r["row"] for r in rows] == [1, 2, 3, 4]
    assert [r["label"] for r in rows] == ["negative", "positive", "unscored", "negative"]
    assert all(-1 <= r["score"] <= 1 for r in rows if r["label"] != "unscored")
    assert rows[2]["score"] is None and rows[2]["reason"]
    assert [r["lang"] for r in rows[:2]] == ["kk", "kk"] and rows[3]["lang"] == "ru"


def test_score_json_lines_with_a_forced_language(cli_env: dict, data: Path) -> None:
    res = runner.invoke(app, ["sentiment", "score", "--file", str(data / "texts.jsonl"), "--column", "body",
                              "--lang", "kk", "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.stderr
    rows = _json_lines(res.stdout)
    assert [(r["row"], r["line"], r["label"]) for r in rows] == [(1, 1, "negative"), (2, 2, "positive"),
                                                                 (3, 4, "unscored")]
    assert all(r["lang"] == "kk" for r in rows)


def test_bad_rows_are_errors_naming_file_row_and_column(cli_env: dict, tmp_path: Path) -> None:
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text('id,body\n1,"fine"\n2,too,many\n', encoding="utf-8")
    res = runner.invoke(app, ["sentiment", "score", "--file", str(bad_csv), "--column", "body", "--json"])
    assert res.exit_code == 1 and res.stdout == ""
    assert "bad.csv:3, column 'body': 3 fields, the header has 2" in res.stderr
    res = runner.invoke(app, ["sentiment", "score", "--file", str(bad_csv), "--column", "text"])
    assert res.exit_code == 1 and "bad.csv:1, column 'text': no such column" in res.stderr
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text('{"text": "ok"}\n{"text": 5}\nnot json\n[1]\n', encoding="utf-8")
    res = runner.invoke(app, ["sentiment", "score", "--file", str(bad_jsonl)])
    assert res.exit_code == 1 and "Traceback" not in res.stderr
    assert "bad.jsonl:2, column 'text': not a text" in res.stderr
    assert "bad.jsonl:3: not JSON" in res.stderr and "bad.jsonl:4: not a JSON object" in res.stderr
    res = runner.invoke(app, ["sentiment", "score", "--file", str(tmp_path / "none.csv")])
    assert res.exit_code == 1 and "none.csv: no such file" in res.stderr


def test_eval_on_the_kazsandra_layout(cli_env: dict, data: Path) -> None:
    res = runner.invoke(app, ["sentiment", "eval", str(data / "kazsandra_pc.csv"), "--format", "kazsandra",
                              "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.stderr
    result = json.loads(res.stdout)
    scores = result["classes"]
    assert set(scores["per_class"]) == {"negative", "positive"} and result["rows"] == 10
    assert sum(map(sum, scores["confusion"]["matrix"])) == 10
    assert scores["macro_f1"] >= 0.8 and result["models"] == {"kk-public": 10}
    table = runner.invoke(app, ["sentiment", "eval", str(data / "kazsandra_pc.csv"), "--format",
                                "kazsandra"]).stdout
    assert "macro" in table and "→ negative" in table and "precision" in table


@pytest.mark.parametrize("fmt", ["rusentiment", "rusentitweet"])
def test_eval_on_the_rusentiment_layouts_reports_five_and_three_classes(cli_env: dict, data: Path,
                                                                        fmt: str) -> None:
    res = runner.invoke(app, ["sentiment", "eval", str(data / f"{fmt}.csv"), "--format", fmt, "--json"],
                        catch_exceptions=False)
    assert res.exit_code == 0, res.stderr
    result = json.loads(res.stdout)
    assert set(result["classes"]["per_class"]) == {"positive", "negative", "neutral", "speech", "skip"}
    assert set(result["sentiment"]["per_class"]) == {"positive", "negative", "neutral"}
    assert result["sentiment"]["per_class"]["negative"]["recall"] >= 0.5


def test_eval_errors_name_row_and_column(cli_env: dict, tmp_path: Path) -> None:
    bad = tmp_path / "rs.csv"
    bad.write_text("label,text\npositive,ok\ngood,hm\nneutral,\n", encoding="utf-8")
    res = runner.invoke(app, ["sentiment", "eval", str(bad), "--format", "rusentiment"])
    assert res.exit_code == 1
    assert "rs.csv:3, column 'label': unknown label (got 'good')" in res.stderr
    assert "rs.csv:4, column 'text': empty text" in res.stderr
    res = runner.invoke(app, ["sentiment", "eval", str(bad)])
    assert res.exit_code == 1 and "which layout" in res.stderr


def test_the_training_command_rebuilds_a_model_and_its_card(tmp_path: Path, data: Path) -> None:
    corpus = tmp_path / "kazsandra"
    corpus.mkdir()
    header, *rows = (data / "kazsandra_pc.csv").read_text(encoding="utf-8").splitlines()
    (corpus / "03_pc_train_rus.csv").write_text("\n".join([header] + rows * 3) + "\n", encoding="utf-8")
    shutil.copy(data / "kazsandra_pc.csv", corpus / "04_pc_valid.csv")
    res = runner.invoke(app, ["sentiment", "train-public", "--kazsandra", str(corpus), "--out",
                              str(tmp_path / "models"), "--folds", "2"], catch_exceptions=False)
    assert res.exit_code == 0, res.stderr
    card = json.loads((tmp_path / "models" / "kk-public.card.json").read_text(encoding="utf-8"))
    assert card["figures"]["validation"]["classifier"]["n"] == 10
    assert len(card["figures"]["cross_validation"]["macro_f1_per_fold"]) == 2
    assert card["figures"]["validation"]["lexicon"]["n"] == 10 and "licence" in card["data"][0]
    assert classifier.load_public("kk", tmp_path / "models") is not None
    with pytest.raises(ValueError, match="test split"):
        public_training._file(corpus, "05_pc_test.csv")


@pytest.mark.parametrize(("lang", "words"), [
    ("kk", ["жақсы", "жаман", "рахмет", "керемет", "ұнамады", "нашар"]),
    ("ru", ["спасибо", "ужасно", "люблю", "поздравляю", "грустно"])])
def test_the_text_pipeline_still_gives_the_keys_the_models_learnt(lang: str, words: list[str]) -> None:
    """The word features are family keys: if the stemmer changes them, the shipped models lose
    those features and must be rebuilt (`sarap sentiment train-public`)."""
    model = classifier.load_public(lang)
    assert model is not None
    known = set(model.linear.feature_names.tolist())
    keys = model.linear.features.words(words)
    assert [k for k in keys if f"w:{k}" not in known] == []
