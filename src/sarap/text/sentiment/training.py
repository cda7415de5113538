"""Retraining: one language's model from the shipped labels plus the analysts' ones, written as the
next version with its model card (what it learnt from, how well it did on the held-out part)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sklearn
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.text.sentiment import classifier
from sarap.text.sentiment.evaluate import evaluate, sizes
from sarap.text.sentiment.labels import check_lang, labelled, sha256_of, shipped_path, user_path


def retrain(lang: str, data_dir: Path, *, actor: str, session: Session | None = None) -> dict[str, Any]:
    """Measures a model fitted on the training part against the held-out part, then fits the saved
    model on all labelled sentences of the language. Returns the model card."""
    items = labelled(check_lang(lang), data_dir)
    measured = evaluate(lang, data_dir)
    model = classifier.train([i.text for i in items], [i.label for i in items], lang)
    card: dict[str, Any] = {
        "language": lang,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "created_by": actor,
        "data": {"per_class": sizes(items), "total": len(items),
                 "shipped": sum(1 for i in items if i.origin == "shipped"),
                 "corrected": sum(1 for i in items if i.origin == "corrected"),
                 "added": sum(1 for i in items if i.origin == "user"),
                 "files": {str(shipped_path(lang)): sha256_of(shipped_path(lang)),
                           str(user_path(data_dir)): sha256_of(user_path(data_dir))}},
        "metrics": {"note": "held-out part (fixed seeded split); the saved model is then fitted on all "
                            "labelled sentences", "sizes": measured.sizes,
                    "classifier": measured.classifier.to_dict(), "lexicon": measured.lexicon.to_dict()},
        "features": classifier.LOCAL_SETTINGS,
        "scikit_learn": sklearn.__version__,
    }
    saved, _, _ = classifier.save(model, lang, data_dir, card)
    if session is not None:
        audit.record(session, actor=actor, action="sentiment.train", entity="sentiment_model",
                     entity_id=saved.name, detail={"lang": lang, "items": len(items),
                                                   "macro_f1": measured.classifier.macro_f1})
    return saved.card
