"""Precision, recall and F1 per class and macro-F1 of the lexicon baseline and of the classifier,
on the fixed held-out part of each language's labelled sentences (labels.split)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sarap.text.sentiment import classifier, lexicon
from sarap.text.sentiment.labels import LABELS, LabelledText, check_lang, labelled, split
from sarap.text.sentiment.prepare import prepare_batch


@dataclass(frozen=True)
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Scores:
    per_class: dict[str, ClassScores]
    macro_f1: float
    accuracy: float

    def to_dict(self) -> dict[str, Any]:
        return {"per_class": {k: v.__dict__ for k, v in self.per_class.items()},
                "macro_f1": self.macro_f1, "accuracy": self.accuracy}


@dataclass(frozen=True)
class Evaluation:
    lang: str
    sizes: dict[str, dict[str, int]]  # "all", "train", "test" → label → count
    lexicon: Scores
    classifier: Scores

    def to_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "sizes": self.sizes, "lexicon": self.lexicon.to_dict(),
                "classifier": self.classifier.to_dict()}


def scores(gold: list[str], predicted: list[str]) -> Scores:
    per_class = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        said = sum(1 for p in predicted if p == label)
        support = sum(1 for g in gold if g == label)
        precision = tp / said if said else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = ClassScores(round(precision, 4), round(recall, 4), round(f1, 4), support)
    macro = sum(c.f1 for c in per_class.values()) / len(LABELS)
    accuracy = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / len(gold) if gold else 0.0
    return Scores(per_class, round(macro, 4), round(accuracy, 4))


def sizes(items: list[LabelledText]) -> dict[str, int]:
    return {label: sum(1 for i in items if i.label == label) for label in LABELS}


def evaluate(lang: str, data_dir: Path | None = None) -> Evaluation:
    """Both methods on the held-out part; the classifier is fitted on the training part only. With a
    data directory, the analysts' corrections and added sentences are used (added ones train only)."""
    items = labelled(check_lang(lang), data_dir)
    train, test = split(items, lang)
    test_texts = prepare_batch([i.text for i in test], [lang] * len(test))
    gold = [i.label for i in test]
    by_lexicon = [lexicon.score(p).label for p in test_texts]
    model = classifier.train([i.text for i in train], [i.label for i in train], lang)
    by_model = model.predict([i.text for i in test])
    return Evaluation(lang, {"all": sizes(items), "train": sizes(train), "test": sizes(test)},
                      scores(gold, by_lexicon), scores(gold, by_model))
