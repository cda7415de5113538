"""Training the shipped sentiment models from the public corpora, with their model cards.

Kazakh: KazSAnDRA polarity, trained on its train split, measured on its validation split (and by
cross-validation on train); the shipped model is then fitted on train + validation. Russian:
RuSentiment (its preselected and random posts, i.e. its train part) and RuSentiTweet (its train
split), five RuSentiment classes; neither has a validation split, so both are measured by k-fold
cross-validation: fold k holds out the k-th part of RuSentiment's random posts (its test split is
random posts too) and of RuSentiTweet, and trains on the rest with the preselected posts. Test
splits are never read: a file whose name says "test" is refused.

`sarap sentiment train-public --kazsandra DIR --rusentiment DIR --rusentitweet DIR` runs it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from sarap.core.errors import InvalidInput, Problem
from sarap.text import linear_model as lm
from sarap.text.sentiment import lexicon
from sarap.text.sentiment.prepare import prepare_batch
from sarap.text.sentiment.public import NATIVE_TO_SENTIMENT, Example, classes, read

SENTIMENT3 = ("positive", "negative", "neutral")
KAZSANDRA = {"name": "KazSAnDRA (polarity classification)", "source": "https://github.com/IS2AI/KazSAnDRA",
             "licence": "no licence file in the GitHub repository; published by IS2AI (Nazarbayev "
                        "University) for research, see the dataset card "
                        "huggingface.co/datasets/issai/kazsandra",
             "citation": "Yeshpanov & Varol, KazSAnDRA: Kazakh Sentiment Analysis Dataset of Reviews and "
                         "Attitudes, LREC-COLING 2024"}
RUSENTIMENT = {"name": "RuSentiment", "source": "https://github.com/strawberrypie/rusentiment (fork of "
               "text-machine-lab/rusentiment)", "licence": "CC BY-NC-SA 4.0 (non-commercial use)",
               "citation": "Rogers et al., RuSentiment, COLING 2018"}
RUSENTITWEET = {"name": "RuSentiTweet", "source": "https://github.com/sismetanin/rusentitweet",
                "licence": "no licence file in the repository; released with the paper (PeerJ Computer "
                           "Science, CC BY 4.0 article) for research",
                "citation": "Smetanin, RuSentiTweet, PeerJ Comput. Sci. 8:e1039, 2022"}

# The settings chosen on KazSAnDRA validation / cross-validation (see docs/sentiment.md for the
# alternatives tried and their figures).
SETTINGS: dict[str, dict[str, Any]] = {
    "kk": {"features": lm.Features(word_ngrams=(1, 2), char_ngrams=(2, 5), input="family_keys", lang="kk",
                                   min_df=2),
           "C": 1.0, "class_weight": "balanced"},
    "ru": {"features": lm.Features(word_ngrams=(1, 2), char_ngrams=(2, 5), input="family_keys", lang="ru",
                                   min_df=2),
           "C": 2.0, "class_weight": "balanced"},
}
Progress = Callable[[str], None]


def _file(directory: Path, *names: str) -> Path:
    for name in names:
        if "test" in name.lower():  # a guard: the test splits are for independent evaluation only
            raise ValueError(f"refusing to read a test split ({name})")
        if (directory / name).is_file():
            return directory / name
    raise InvalidInput([Problem("none of the expected files", file=str(directory),
                                expected=" or ".join(names))])


def lexicon_labels(texts: Sequence[str], lang: str) -> list[str]:
    return [lexicon.score(p).label for p in prepare_batch(texts, [lang] * len(texts))]


def _scores_binary(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    return lm.scores(gold, predicted, ["negative", "positive"])


def _mapped(labels: Sequence[str]) -> list[str]:
    return [NATIVE_TO_SENTIMENT.get(label, label) for label in labels]


def _count(examples: Sequence[Example]) -> dict[str, int]:
    return dict(sorted(Counter(e.label for e in examples).items()))


def _card_base(lang: str, task: str, data: list[dict[str, Any]], settings: dict[str, Any]) -> dict[str, Any]:
    return {"model": f"{lang}-public", "language": lang, "task": task,
            "created": datetime.now(UTC).isoformat(timespec="seconds"), "data": data,
            "not_used": "the test splits of KazSAnDRA, RuSentiment and RuSentiTweet (kept for independent "
                        "evaluation; never read)",
            "method": "TF-IDF word 1-2-grams over family keys + character 2-5-grams, logistic regression "
                      "(sarap.text.linear_model)",
            "settings": {"features": asdict(settings["features"]), "C": settings["C"],
                         "class_weight": settings["class_weight"]}}


def train_kazakh(directory: Path, *, folds: int = 3,
                 progress: Progress = print) -> tuple[lm.LinearModel, dict[str, Any]]:
    settings = SETTINGS["kk"]
    train_path = _file(directory, "01_pc_train_ib.csv", "03_pc_train_rus.csv")
    valid_path = _file(directory, "04_pc_valid.csv")
    train, valid = read(train_path, "kazsandra"), read(valid_path, "kazsandra")
    texts, labels = [e.text for e in train], [e.label for e in train]
    gold = [e.label for e in valid]
    progress(f"kk: training on {train_path.name} ({len(train)} reviews), measuring on {valid_path.name}")
    model = lm.train(texts, labels, **settings)
    shift, plain, on_valid = _best_shift(model, [e.text for e in valid], gold)
    progress(f"kk: validation macro-F1 {on_valid['macro_f1']:.3f} (intercept shift {shift:+.2f}; "
             f"{plain['macro_f1']:.3f} without); lexicon on validation")
    by_lexicon = _scores_binary(gold, lexicon_labels([e.text for e in valid], "kk"))
    progress(f"kk: lexicon {by_lexicon['macro_f1']:.3f}; {folds}-fold cross-validation on train")
    cv = lm.cross_validate(texts, labels, folds=folds, classes=["negative", "positive"], **settings)
    progress(f"kk: CV macro-F1 {cv['macro_f1_mean']:.3f}; final fit on train + validation")
    final = lm.train(texts + [e.text for e in valid], labels + gold, **settings)
    final.intercept = final.intercept + np.float32(shift)
    card = _card_base("kk", "polarity (negative, positive)", [
        {**KAZSANDRA, "files": {train_path.name: _count(train), valid_path.name: _count(valid)}}], settings)
    card.update({
        "classes": list(final.classes), "to_sentiment": {c: c for c in final.classes},
        "figures": {"validation": {"data": f"KazSAnDRA {valid_path.name}", "trained_on": train_path.name,
                                   "classifier": on_valid, "classifier_without_shift": plain,
                                   "lexicon": by_lexicon},
                    "cross_validation": {"data": f"KazSAnDRA {train_path.name}", **_cv_summary(cv)}},
        "selection": {"metric": "macro_f1", "classifier": on_valid["macro_f1"],
                      "lexicon": by_lexicon["macro_f1"], "on": "KazSAnDRA validation"},
        "trained_on": f"{train_path.name} + {valid_path.name} ({len(train) + len(valid)} reviews)",
        "intercept_shift": {"value": shift, "why": "the train split is undersampled to 50/50 while real "
                            "reviews are mostly positive; the shift toward positive that maximised "
                            "validation macro-F1 (the cross-validation figures are without it)"},
        "features": len(final.feature_names)})
    return final, card


def _best_shift(model: lm.LinearModel, texts: list[str], gold: list[str]) -> tuple[float, dict, dict]:
    """The intercept shift (toward positive) that maximises macro-F1 on `texts`: (shift, scores
    without it, scores with it)."""
    decision = model.decision(model.matrix(texts))[:, 0]
    positive = model.classes[1]
    negative = model.classes[0]

    def at(shift: float) -> dict[str, Any]:
        return _scores_binary(gold, [positive if d + shift > 0 else negative for d in decision])

    found = max((at(float(s))["macro_f1"], float(s)) for s in np.round(np.arange(-1.0, 2.51, 0.1), 2))
    return found[1], at(0.0), at(found[1])


def _cv_summary(cv: dict[str, Any]) -> dict[str, Any]:
    return {"folds": cv["folds"], "macro_f1_per_fold": cv["macro_f1_per_fold"],
            "macro_f1_mean": cv["macro_f1_mean"], "macro_f1_std": cv["macro_f1_std"], "pooled": cv["pooled"]}


def _cv_together(corpora: dict[str, list[Example]], always: list[Example], folds: int,
                 settings: dict[str, Any], progress: Progress) -> dict[str, dict[str, Any]]:
    """k-fold over several corpora at once: fold k holds out the k-th part of each corpus (stratified),
    and trains on the rest of all of them plus `always`. Per corpus: the pooled held-out scores over
    the native classes (with per-fold macro-F1) and mapped to positive/negative/neutral."""
    fold = {name: lm.folds_of([e.label for e in rows], folds) for name, rows in corpora.items()}
    predicted = {name: [""] * len(rows) for name, rows in corpora.items()}
    per_fold: dict[str, list[float]] = {name: [] for name in corpora}
    for k in range(folds):
        train = list(always)
        for name, rows in corpora.items():
            train += [e for e, f in zip(rows, fold[name], strict=True) if f != k]
        progress(f"ru: fold {k + 1} of {folds}: training on {len(train)} texts")
        model = lm.train([e.text for e in train], [e.label for e in train], **settings)
        for name, rows in corpora.items():
            held = [i for i, f in enumerate(fold[name]) if f == k]
            guess = model.predict([rows[i].text for i in held])
            for i, g in zip(held, guess, strict=True):
                predicted[name][i] = g
            per_fold[name].append(lm.scores([rows[i].label for i in held], guess,
                                            classes("rusentiment"))["macro_f1"])
    out = {}
    for name, rows in corpora.items():
        gold = [e.label for e in rows]
        native = lm.scores(gold, predicted[name], classes("rusentiment"))
        native["macro_f1_per_fold"] = per_fold[name]
        out[name] = {"classifier_5_classes": native,
                     "classifier_3_classes": lm.scores(_mapped(gold), _mapped(predicted[name]), SENTIMENT3)}
    return out


def train_russian(rusentiment: Path, rusentitweet: Path, *, folds: int = 3,
                  progress: Progress = print) -> tuple[lm.LinearModel, dict[str, Any]]:
    settings = SETTINGS["ru"]
    pre_path = _file(rusentiment, "rusentiment_preselected_posts.csv")
    random_path = _file(rusentiment, "rusentiment_random_posts.csv")
    tweet_path = _file(rusentitweet, "rusentitweet_train.csv")
    pre, rand = read(pre_path, "rusentiment"), read(random_path, "rusentiment")
    tweets = read(tweet_path, "rusentitweet")
    corpora = {"RuSentiment random posts": rand, "RuSentiTweet train": tweets}
    progress(f"ru: {folds}-fold cross-validation over RuSentiment's random posts and RuSentiTweet train "
             "together (the preselected posts always train)")
    figures: dict[str, Any] = _cv_together(corpora, pre, folds, settings, progress)
    for name, rows in corpora.items():
        by_lexicon = lm.scores(_mapped([e.label for e in rows]), lexicon_labels([e.text for e in rows], "ru"),
                               SENTIMENT3)
        figures[name]["lexicon_3_classes"] = by_lexicon
        progress(f"ru: {name}: macro-F1 5 classes {figures[name]['classifier_5_classes']['macro_f1']:.3f}, "
                 f"3 classes {figures[name]['classifier_3_classes']['macro_f1']:.3f}, "
                 f"lexicon {by_lexicon['macro_f1']:.3f}")
    everything = pre + rand + tweets
    progress(f"ru: final fit on {len(everything)} texts")
    final = lm.train([e.text for e in everything], [e.label for e in everything], **settings)
    classifier3 = min(f["classifier_3_classes"]["macro_f1"] for f in figures.values())
    lexicon3 = max(f["lexicon_3_classes"]["macro_f1"] for f in figures.values())
    card = _card_base("ru", "RuSentiment classes (positive, negative, neutral, speech, skip)", [
        {**RUSENTIMENT, "files": {pre_path.name: _count(pre), random_path.name: _count(rand)}},
        {**RUSENTITWEET, "files": {tweet_path.name: _count(tweets)}}], settings)
    card.update({
        "classes": list(final.classes), "to_sentiment": {c: NATIVE_TO_SENTIMENT[c] for c in final.classes},
        "figures": {"cross_validation": {"folds": folds, **figures}},
        "selection": {"metric": "macro_f1 over positive/negative/neutral (speech→positive, skip→neutral)",
                      "classifier": classifier3, "lexicon": lexicon3,
                      "on": "cross-validation on RuSentiment and RuSentiTweet train (worst of the "
                            "two for the classifier, best for the lexicon)"},
        "trained_on": f"{pre_path.name} + {random_path.name} + {tweet_path.name} ({len(everything)} texts)",
        "features": len(final.feature_names)})
    return final, card
