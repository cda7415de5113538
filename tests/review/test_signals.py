"""Rules, counter-signals and the classifier on the hand-written kk/ru/en texts."""

from pathlib import Path

import pytest
import yaml

from sarap.review import training
from sarap.review.queue import NewItem, add_item, decide
from sarap.review.scoring import Scorer


def load_texts():
    path = Path(__file__).parents[1] / "fixtures" / "review" / "texts.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["texts"]


VIOLATING = [t for t in load_texts() if t["flag"]]
MENTIONS = [t for t in load_texts() if t.get("kind") in ("condemn", "report", "prevention")]
EVERYDAY = [t for t in load_texts() if t.get("kind") == "everyday"]


@pytest.fixture
def scorer(db, config):
    with db.session() as s:
        yield Scorer(s, config)


@pytest.mark.parametrize("case", VIOLATING, ids=[t["id"] for t in VIOLATING])
def test_rules_flag_synthetic_violating_texts_with_their_category_and_spans(scorer, case):
    scored = scorer.score(case["text"])
    assert scored.flagged and scored.category == case["expected"]
    for fired in scored.reasons["rules"]:
        for start, end, text in fired["spans"]:
            assert scored.text[start:end] == text  # the span a reviewer sees highlighted


@pytest.mark.parametrize("case", MENTIONS, ids=[t["id"] for t in MENTIONS])
def test_texts_that_condemn_report_or_prevent_are_not_flagged(scorer, case):
    scored = scorer.score(case["text"])
    assert not scored.flagged
    assert scored.reasons["counter_signals"], "a counter-signal explains the low score"


@pytest.mark.parametrize("case", EVERYDAY, ids=[t["id"] for t in EVERYDAY])
def test_faith_politics_and_charity_are_not_flagged(scorer, case):
    scored = scorer.score(case["text"])
    assert not scored.flagged and scored.score < scorer.threshold - 0.1


def test_condemning_lowers_the_score_of_the_same_call(scorer):
    call = "Оларды өлтіріңдер!"
    plain = scorer.score(call)
    condemned = scorer.score(f"Біз «{call}» деген үндеуді айыптаймыз, бұл терроризм.")
    reported = scorer.score(f"Сот «{call}» деп жазған тұрғынға үкім шығарды, деп хабарлады прокуратура.")
    assert plain.flagged
    assert condemned.score < plain.score / 3 and not condemned.flagged
    assert reported.score < plain.score / 3 and not reported.flagged
    rule = next(r for r in condemned.reasons["rules"] if r["rule"] == "kk.violence_strong")
    assert rule["quoted"] is True
    assert {c["rule"] for c in condemned.reasons["counter_signals"]} >= {"counter.condemn"}


def test_a_name_that_is_also_ordinary_speech_counts_only_when_written_as_a_name(scorer):
    name = scorer.score("«Мұсылман бауырлары» ұйымына даңқ!")
    speech = scorer.score("Мұсылман бауырларымызға даңқ!")  # "brothers" in lower case: not the name
    assert "muslim-brotherhood" in name.reasons["organisations"]
    assert speech.reasons["organisations"] == [] and not speech.flagged and speech.score < name.score


def test_classifier_trained_on_decisions_explains_itself(db, config, reviewers):
    from sarap.auth.models import User

    with db.session() as s:
        reviewer = s.get(User, reviewers["aru"])
        cfg = config.__class__(data_dir=config.data_dir, require_confirmation=False)
        for case in load_texts():
            item = add_item(s, NewItem(case["text"]), actor="aru", origin="pasted", config=cfg)
            decide(s, item, reviewer, case["expected"], "training", config=cfg)
        model = training.retrain(s, actor="aru")
        card = model.card
        assert card["version"] == 1 and card["data"]["items"] == len(load_texts())
        assert card["data"]["violating"] == len(VIOLATING)
        assert card["metrics"]["method"].startswith("stratified 5-fold")
        assert 0 <= card["metrics"]["f1_violating"] <= 1
        scored = Scorer(s, cfg).score("Убивайте их! Слава героям!")
        assert scored.model_version == 1 and scored.flagged and scored.model_score is not None
        assert scored.reasons["contributions"]["local"] > 0  # the model trained on the decisions pushes up
        assert scored.reasons["features"] and all(f["weight"] > 0 for f in scored.reasons["features"])
        calm = Scorer(s, cfg).score("Мы осуждаем насилие, сообщает пресс-служба.")
        assert calm.model_score is not None and calm.model_score < scored.model_score
        assert training.retrain(s, actor="aru").version == 2
