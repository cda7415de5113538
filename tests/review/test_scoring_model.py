"""The calibrated scorer with the shipped model: each part can flag, counter-signals are phrases in
context, languages not covered are routed with a reason, the Kazakh team-written test set holds."""

import csv
import gzip
import json
from pathlib import Path

import pytest

from sarap.review import calibration, classifier
from sarap.review.config import ReviewConfig
from sarap.review.scoring import Scorer

KK_TEST = Path(__file__).parent / "data" / "kk_team_test.csv"


@pytest.fixture(scope="module")
def scorer():
    return Scorer.standalone(ReviewConfig())


def test_a_confident_classifier_alone_flags_a_text_no_rule_hits():
    # A model that has learned one marker (here an invented word) and the shipped calibration.
    texts = [f"zorbax call number {i}" for i in range(30)] + [f"a calm note number {i}" for i in range(30)]
    model = classifier.train(
        texts,
        [1] * 30 + [0] * 30,
        features=classifier.FEATURES.__class__(word_ngrams=(1, 1), char_ngrams=None, min_df=1),
        C=100.0,
    )
    scored = Scorer.standalone(ReviewConfig(), model=model).score("zorbax is the word today")
    assert scored.reasons["rules"] == [] and scored.rule_score == 0
    assert scored.flagged and scored.category == "threat_to_life"
    assert scored.reasons["category_from"] == "classifier"
    assert scored.reasons["contributions"]["model"] > 0
    assert any("zorbax" in f["feature"] for f in scored.reasons["features"])  # explained for the reviewer


def test_a_rule_hit_is_explained_with_its_span_and_its_share_of_the_score(scorer):
    scored = scorer.score("Let us kill them all tomorrow.")
    assert scored.flagged and scored.category == "threat_to_life"
    fired = {r["rule"]: r for r in scored.reasons["rules"]}
    assert fired["en.lets_violence"]["spans"][0][2] == "Let us kill"
    assert scored.reasons["contributions"]["rules"] > 0


@pytest.mark.parametrize(
    "text",
    [
        "Жұма намазынан кейін мешітте бауырларымызбен бірге дұға оқыдық.",
        "Рамазан айында ауыз бекітіп, кешке ифтарға жиналамыз.",
        "В пятницу мы молились в мечети и читали Коран всей семьёй.",
        "Христиане отмечают Пасху, в храмах прошли службы.",
        "We pray five times a day and fast during Ramadan.",
        "The imam spoke about mercy and forgiveness in his Friday sermon.",
        "Жамағат, намазға асығыңдар!",
    ],
)
def test_a_religion_only_text_is_not_flagged(scorer, text):
    scored = scorer.score(text)
    assert not scored.flagged, (scored.score, scored.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Мы против нового налога и выйдем на мирный митинг в субботу.",
        "Парламент сайлауына барып, дауыс беріңдер!",
        "The government must resign, we will vote them out in the election.",
    ],
)
def test_a_politics_only_text_is_not_flagged(scorer, text):
    assert not scorer.score(text).flagged


def test_the_kazakh_team_written_test_set_recall_and_false_positive_rate(scorer):
    with KK_TEST.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 100 and {r["kind"] for r in rows} >= {
        "violent_call",
        "news",
        "condemnation",
        "religion",
    }
    scored = scorer.score_many([r["text"] for r in rows])
    positives = [s.flagged for r, s in zip(rows, scored, strict=True) if r["label"] == "1"]
    negatives = [s.flagged for r, s in zip(rows, scored, strict=True) if r["label"] == "0"]
    assert sum(positives) / len(positives) >= 0.8
    assert sum(negatives) / len(negatives) <= 0.05
    religion = [s.flagged for r, s in zip(rows, scored, strict=True) if r["kind"] == "religion"]
    assert not any(religion)


def test_contact_us_in_a_recruitment_line_is_not_reporting(scorer):
    recruit = scorer.score("Біздің жамағатқа қосылыңдар! Жиһадқа дайын болғандар бізге хабарлассын.")
    assert "counter.report" not in {c["rule"] for c in recruit.reasons["counter_signals"]}
    assert recruit.flagged
    news = scorer.score("Полиция жиһадқа шақырған адамды ұстады, деп хабарлады ІІМ.")
    assert {"counter.report", "counter.court"} <= {c["rule"] for c in news.reasons["counter_signals"]}
    assert not news.flagged


def test_counter_signals_lower_the_score_of_the_same_call(scorer):
    call = scorer.score("Убейте их всех!")
    condemned = scorer.score("Мы осуждаем призывы «убейте их всех», сообщает пресс-служба.")
    assert call.flagged and not condemned.flagged and condemned.score < call.score / 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("اقتلوهم جميعا في كل مكان", "Arabic script"),
        ("هذا نص باللغة الفارسية", "Arabic script"),
        ("Hepsini öldürün, yarın saldırı yapacağız", "Latin script but not English"),
        ("这是一段中文文本", "script"),
    ],
)
def test_other_languages_are_routed_to_not_covered_with_a_reason(scorer, text, reason):
    scored = scorer.score(text)
    assert not scored.covered and scored.category == "language_not_covered" and not scored.flagged
    language = scored.reasons["language"]
    assert language["covered"] is False and reason in language["reason"]["en"]
    assert language["reason"]["kk"] and language["reason"]["ru"]


def test_the_shipped_model_is_plain_json_with_its_calibration_and_card():
    raw = classifier.SHIPPED.read_bytes()
    assert len(raw) <= 30 * 1024 * 1024
    data = json.loads(gzip.decompress(raw))
    assert data["format"].startswith("sarap-linear-text-model")
    card = data["meta"]["card"]
    assert {"calibration", "queue_at_threshold", "threshold", "data"} <= set(card)
    assert calibration.Calibration.from_dict(data["meta"]["calibration"]).threshold == card["threshold"]
    assert (classifier.MODEL_DIR / "MODEL_CARD.md").is_file()


def test_no_pickle_anywhere_in_the_review_package():
    package = Path(classifier.__file__).parent
    for path in package.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import pickle" not in source and "pickle.load" not in source and "joblib" not in source, path


def test_reviewers_decisions_continue_the_training_until_the_queue_flags_what_they_decided(
    db, config, reviewers
):
    from sarap.auth.models import User
    from sarap.review import training
    from sarap.review.queue import NewItem, add_item, decide

    cfg = config.__class__(data_dir=config.data_dir, require_confirmation=False)
    new_text = "Zorvath! The zorvath hour has come for the city"
    with db.session() as s:
        reviewer = s.get(User, reviewers["aru"])
        assert not Scorer(s, cfg).score(new_text).flagged  # nothing the shipped model or the rules know
        for i in range(24):
            item = add_item(
                s,
                NewItem(f"zorvath zorvath, the zorvath hour {i} has come for them"),
                actor="aru",
                origin="pasted",
                config=cfg,
            )
            decide(s, item, reviewer, "threat_to_life", "a coded call", config=cfg)
            calm = add_item(
                s,
                NewItem(f"The weather report {i} says rain in the morning"),
                actor="aru",
                origin="pasted",
                config=cfg,
            )
            decide(s, calm, reviewer, "not_violating", "weather", config=cfg)
        model = training.retrain(s, actor="aru")
        assert model.card["metrics"]["recall_violating"] >= 0.9  # what the queue catches, held out
        scored = Scorer(s, cfg).score(new_text)
        assert scored.model_version == model.version and scored.flagged and not scored.reasons["rules"]
