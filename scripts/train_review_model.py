"""Build the review classifier shipped in src/sarap/review/data/model/ from public labelled data, fit
its calibration on held-out data, measure the *queue* (rules + list + classifier + counter-signals at
the threshold) on a further held-out part, and write the model and its card.

    python scripts/train_review_model.py --data /work/data-i16 [--out src/sarap/review/data/model]

Expected under --data (each brought from its public repository with the search tool's `fetch`):
  hatecheck_test_suite_cases.csv        paul-rottger/hatecheck-data: test_suite_cases.csv (CC BY 4.0)
  ethos_multi.csv                       intelligence-csd-auth-gr/Ethos-Hate-Speech-Dataset:
                                        ethos/ethos_data/Ethos_Dataset_Multi_Label.csv (GPL-3.0)
  Version1_sensitive_topics_val.csv     s-nlp/inappropriate-sensitive-topics (CC BY-NC-SA 4.0):
  Version2_sensitive_topics_val.csv       the validation splits and the crowd-sourced part of Version 1;
  Version1_sensitive_topics_Sensitive_topics_crowdsource_only.csv
  Version1_sensitive_topics_test.csv,   only to *remove* test texts from the data above: the test split
  Version2_sensitive_topics_test.csv      is kept for independent evaluation and never trained or tuned on
and scripts/review_data/kk_team_train.csv (written by the team, not public).

Not used, ever (kept for independent evaluation): the Kaggle "Digital/Social Media Extremism
Detection" set, the test split of s-nlp's sensitive topics, the "How ISIS uses Twitter" tweets.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from sarap.review import calibration, classifier
from sarap.review.batch import figures
from sarap.review.config import ReviewConfig
from sarap.review.scoring import Scorer

ROOT = Path(__file__).resolve().parents[1]
KK_TRAIN = ROOT / "scripts" / "review_data" / "kk_team_train.csv"
THREATS = {"threat_dir_h", "threat_norm_h"}
SPLITS = {"train": 0.7, "calibration": 0.15, "validation": 0.15}


def _read(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def _split(group: str) -> str:
    """A stable split by group (a HateCheck template, else the text): near-copies stay together."""
    h = int(hashlib.sha256(group.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "train" if h < SPLITS["train"] else "calibration" if h < 1 - SPLITS["validation"] else "validation"


def load(data: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in _read(data / "hatecheck_test_suite_cases.csv"):
        rows.append({"text": r["test_case"].strip(), "label": int(r["functionality"] in THREATS), "lang": "en",
                     "source": "hatecheck", "group": f"hc:{r['templ_id']}", "kind": r["functionality"]})
    for r in _read(data / "ethos_multi.csv", ";"):
        rows.append({"text": r["comment"].strip(), "label": int(float(r["violence"]) >= 0.5), "lang": "en",
                     "source": "ethos", "group": r["comment"], "kind": "ethos"})
    test = {r["text"].strip() for name in ("Version1_sensitive_topics_test.csv", "Version2_sensitive_topics_test.csv")
            if (data / name).is_file() for r in _read(data / name)}
    seen: set[str] = set()
    for name in ("Version1_sensitive_topics_val.csv", "Version2_sensitive_topics_val.csv",
                 "Version1_sensitive_topics_Sensitive_topics_crowdsource_only.csv"):
        for r in _read(data / name):
            text = r["text"].strip()
            if not text or text in test or text in seen:
                continue
            seen.add(text)
            topics = {k for k, v in r.items() if k != "text" and v and float(v) >= 0.5}
            kind = "terrorism" if "terrorism" in topics else (
                "religion_only" if topics == {"religion"} else "politics_only" if topics == {"politics"}
                else "other_topic" if topics else "none")
            rows.append({"text": text, "label": int("terrorism" in topics), "lang": "ru", "source": "s-nlp",
                         "group": text, "kind": kind})
    for r in _read(KK_TRAIN):
        rows.append({"text": r["text"], "label": int(r["label"]), "lang": "kk", "source": "team-written",
                     "group": r["text"], "kind": "team"})
    for r in rows:
        r["split"] = _split(r["group"])
    return rows


THRESHOLD_RULE = ("the threshold with the best F1 at equal class priors (precision = TPR / (TPR + FPR)) on the "
                  "calibration split, among those flagging at most 5% of its religion-only and politics-only texts")


def choose_threshold(rows: list[dict[str, Any]], scores: np.ndarray) -> float:
    y = np.array([r["label"] for r in rows])
    faith_politics = np.array([r["kind"] in ("religion_only", "politics_only") for r in rows])
    best, best_f1 = 0.5, -1.0
    for t in np.arange(0.2, 0.96, 0.01):
        flagged = scores >= t
        tpr = (flagged & (y == 1)).sum() / max((y == 1).sum(), 1)
        fpr = (flagged & (y == 0)).sum() / max((y == 0).sum(), 1)
        if faith_politics.any() and flagged[faith_politics].mean() > 0.05:
            continue
        precision = tpr / (tpr + fpr) if tpr + fpr else 0.0
        f1 = 2 * precision * tpr / (precision + tpr) if precision + tpr else 0.0
        if f1 > best_f1:
            best, best_f1 = round(float(t), 2), f1
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=classifier.MODEL_DIR)
    ap.add_argument("--threshold", type=float, default=None, help="default: chosen on the calibration split")
    ap.add_argument("--prior", type=float, default=calibration.PRIOR,
                    help="pseudo-observations' weight of the calibration's prior (calibration.PRIOR_WEIGHTS)")
    args = ap.parse_args()
    rows = load(args.data)
    part = {s: [r for r in rows if r["split"] == s] for s in SPLITS}
    print({s: (len(v), sum(r["label"] for r in v)) for s, v in part.items()}, file=sys.stderr)
    train = part["train"]
    model = classifier.train([r["text"] for r in train], [r["label"] for r in train])
    config = ReviewConfig(threshold=args.threshold or 0.5)
    scorer = Scorer.standalone(config, model=model, calibrated=calibration.RULES_ONLY)
    _, _, parts = scorer.parts_many([r["text"] for r in part["calibration"]])
    fitted_on = {"data": "calibration split (15%) of the public sets and the team-written Kazakh set",
                 "n": len(parts), "positives": sum(r["label"] for r in part["calibration"])}
    calib = calibration.fit(calibration.matrix(parts), [r["label"] for r in part["calibration"]],
                            prior=calibration.PRIOR_WEIGHTS, prior_strength=args.prior, fitted_on=fitted_on,
                            balanced=True)
    threshold = args.threshold or choose_threshold(part["calibration"], calib.probabilities(calibration.matrix(parts)))
    calib = calibration.Calibration(calib.weights, calib.intercept, threshold,
                                    {**calib.fitted_on, "threshold": THRESHOLD_RULE})
    config = ReviewConfig(threshold=threshold)
    scorer = Scorer.standalone(config, model=model, calibrated=calib)
    valid = part["validation"]
    scored = scorer.score_many([r["text"] for r in valid])
    scores = np.array([s.score for s in scored])
    measured: dict[str, Any] = {}
    for name, keep in {
        "en (HateCheck threats + ETHOS violence)": lambda r: r["lang"] == "en",
        "en HateCheck threat vs other hateful/non-hateful": lambda r: r["source"] == "hatecheck",
        "en ETHOS violence": lambda r: r["source"] == "ethos",
        "ru s-nlp terrorism topic": lambda r: r["lang"] == "ru",
        "kk team-written": lambda r: r["lang"] == "kk",
    }.items():
        idx = [i for i, r in enumerate(valid) if keep(r)]
        measured[name] = figures([valid[i]["label"] for i in idx], scores[idx].tolist(),
                                 (scores[idx] >= threshold).tolist())
    for kind in ("religion_only", "politics_only"):
        idx = [i for i, r in enumerate(valid) if r["kind"] == kind]
        measured[f"ru s-nlp {kind.replace('_', '-')}: flagged share"] = {
            "n": len(idx), "flagged": int((scores[idx] >= threshold).sum()),
            "share": round(float((scores[idx] >= threshold).mean()), 4) if idx else None}
    card = {
        "model": "review-classifier (shipped)", "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": {s: dict(Counter(f"{r['source']}:{r['label']}" for r in v)) for s, v in part.items()},
        "calibration": calib.to_dict(), "queue_at_threshold": measured, "threshold": threshold,
        "validation": "the validation split (15%, by template/text hash) of the same public sets: never used "
                      "for training or for fitting the calibration or the threshold",
        "features": {"word_ngrams": len(model.vectorisers["word"].vocabulary_),
                     "char_ngrams": len(model.vectorisers["char"].vocabulary_)},
    }
    model.meta.update({"calibration": calib.to_dict(), "card": card})
    path = model.save(args.out / classifier.SHIPPED.name)
    (args.out / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"file": str(path), "bytes": path.stat().st_size, **card}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
