"""analyse_batch and `sarap text …`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sarap.cli.text import app
from sarap.text.pipeline import analyse, analyse_batch

runner = CliRunner()


def test_analyse_gives_text_language_tokens_and_keys():
    result = analyse("Terrorizmge qarsy küres #qauipsizdik https://x.kz")
    assert result.text.startswith("Терроризмге қарсы күрес")
    assert result.lang == "kk"
    first = result.tokens[0]
    assert (first.text, first.kind, first.keys) == ("Терроризмге", "word", ("террор",))
    assert [t.kind for t in result.tokens][-1] == "url"


def test_analyse_batch_is_per_text():
    out = analyse_batch(["Борьба с терроризмом и экстремизмом", "fight against terrorism today"])
    assert [a.lang for a in out] == ["ru", "en"]
    assert "террор" in out[0].keys and "terror" in out[1].keys


def test_cli_analyse_json():
    res = runner.invoke(app, ["analyse", "--json", "Терроризмге қарсы күрес"], catch_exceptions=False)
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert data[0]["lang"] == "kk" and data[0]["tokens"][0]["keys"] == ["террор"]


def test_cli_lang():
    res = runner.invoke(app, ["lang", "Борьба с терроризмом продолжается", "ok"], catch_exceptions=False)
    lines = res.output.splitlines()
    assert lines[0].startswith("ru") and lines[1].startswith("unknown")


def test_cli_stem_eval_prints_scores_and_errors():
    res = runner.invoke(app, ["stem-eval", "--errors"], catch_exceptions=False)
    assert res.exit_code == 0
    assert "precision 0.998" in res.output and "recall 0.882" in res.output
    assert "over-stemmed" in res.output and "under-stemmed" in res.output


def test_cli_stem_eval_missing_file_is_a_message(tmp_path):
    res = runner.invoke(app, ["stem-eval", "--tsv", str(tmp_path / "none.tsv")])
    assert res.exit_code == 1
    assert "none.tsv" in res.output and "no such file" in res.output


def test_cli_match_shows_hits_and_parse_errors():
    res = runner.invoke(app, ["match", "терроризм NOT экстремизм", "Терроризмге қарсы күрес",
                              "Экстремизм мен терроризм"], catch_exceptions=False)
    lines = res.output.splitlines()
    assert lines[1].startswith("yes") and "Терроризмге (терроризм)" in lines[1]
    assert lines[2].startswith("no")
    bad = runner.invoke(app, ["match", "(терроризм", "мәтін"])
    assert bad.exit_code == 1 and "column 11" in bad.output and "^" in bad.output
