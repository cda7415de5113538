"""Sentiment (positive, negative, neutral) of kk, ru and en texts: a lexicon baseline, a classifier
trained on labelled sentences, analysts' corrections and retraining. See docs/sentiment.md."""

from sarap.text.sentiment.labels import LABELS, LANGUAGES, add_label, labelled
from sarap.text.sentiment.scoring import UNSCORED, SentimentResult, sentiment, sentiment_batch
from sarap.text.sentiment.training import retrain

__all__ = ["LABELS", "LANGUAGES", "UNSCORED", "SentimentResult", "add_label", "labelled", "retrain",
           "sentiment", "sentiment_batch"]
