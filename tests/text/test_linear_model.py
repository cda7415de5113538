"""The shared linear text classifier: training, JSON persistence without pickle, explanations,
cross-validation and scores."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from sarap.text import linear_model as lm

GOOD = ["керемет қызмет, рахмет", "өте жақсы дүкен", "жақсы қосымша, ұнады", "рахмет, бәрі керемет",
        "тамаша жеткізу, жақсы", "керемет, ұнады маған"]
BAD = ["жаман қызмет, ұнамады", "өте жаман дүкен", "нашар қосымша, жаман", "ақша кетті, нашар",
       "жаман жеткізу, ұят", "нашар, ұнамады маған"]
NEUTRAL = ["дүкен сағат тоғызда ашылады", "қосымша жаңартылды", "тапсырыс ертең келеді",
           "мекенжайы Абай көшесі", "жеткізу екі күн", "сағат онда жабылады"]


def _binary() -> lm.LinearModel:
    return lm.train(GOOD + BAD, ["positive"] * 6 + ["negative"] * 6,
                    features=lm.Features(min_df=1, input="family_keys", lang="kk"), C=10.0)


def test_binary_model_separates_and_probabilities_sum_to_one() -> None:
    model = _binary()
    assert model.classes == ("negative", "positive")
    probs = model.predict_proba(["жақсы екен, рахмет", "жаман екен"])
    assert probs.shape == (2, 2)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert model.predict(["жақсы екен, рахмет", "жаман екен"]) == ["positive", "negative"]
    assert model.predict([]) == []


def test_multiclass_model_and_explanation_names_features_of_the_text() -> None:
    model = lm.train(GOOD + BAD + NEUTRAL, ["positive"] * 6 + ["negative"] * 6 + ["neutral"] * 6,
                     features=lm.Features(min_df=1), C=10.0)
    assert set(model.classes) == {"positive", "negative", "neutral"}
    assert model.predict(["өте жаман"]) == ["negative"]
    reasons = model.explain("өте жаман", k=3)
    assert reasons and all(push > 0 for _, push in reasons)
    assert any(name in ("w:жаман", "w:өте жаман") or name.startswith("c:") for name, _ in reasons)
    assert any("жаман" in name for name, _ in reasons)


@pytest.mark.parametrize("name", ["model.json", "model.json.gz"])
def test_saved_model_is_plain_json_and_predicts_the_same(tmp_path: Path, name: str) -> None:
    model = _binary()
    model.meta["card"] = {"data": "test sentences"}
    path = model.save(tmp_path / name)
    raw = path.read_bytes()
    data = json.loads(gzip.decompress(raw) if name.endswith(".gz") else raw)
    assert data["format"] == lm.FORMAT and data["classes"] == ["negative", "positive"]
    assert "scikit_learn" in data["versions"] and data["features"]["input"] == "family_keys"
    loaded = lm.load(path)
    texts = ["жақсы екен", "нашар екен", "бір нәрсе"]
    assert np.allclose(loaded.predict_proba(texts), model.predict_proba(texts), atol=1e-4)
    assert loaded.meta["card"] == {"data": "test sentences"}
    assert loaded.feature_names[0] == model.feature_names[0]


def test_family_keys_input_folds_kazakh_inflection() -> None:
    words = lm.Features(input="family_keys", lang="kk").words(["соттың", "сотқа"])
    assert words[0] == words[1]


def test_unreadable_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(lm.ModelFileError, match="bad.json"):
        lm.load(bad)
    with pytest.raises(lm.ModelFileError, match="missing.json"):
        lm.load(tmp_path / "missing.json")
    with pytest.raises(ValueError, match="unknown input"):
        lm.Features(input="nope")


def test_cross_validation_and_scores() -> None:
    texts = GOOD + BAD
    labels = ["positive"] * 6 + ["negative"] * 6
    result = lm.cross_validate(texts, labels, folds=3, features=lm.Features(min_df=1), C=10.0)
    assert len(result["macro_f1_per_fold"]) == 3 and 0.0 <= result["macro_f1_mean"] <= 1.0
    assert result["pooled"]["n"] == 12
    s = lm.scores(["a", "a", "b", "b"], ["a", "b", "b", "b"], ["a", "b"])
    assert s["confusion"]["matrix"] == [[1, 1], [0, 2]]
    assert s["per_class"]["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert s["accuracy"] == 0.75
    s = lm.scores(["a", "a", "b"], ["a", "neutral", "b"], ["a", "b"])  # outside the classes: a miss
    assert s["per_class"]["a"]["recall"] == 0.5 and s["confusion"]["other"] == [1, 0]
