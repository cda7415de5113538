"""Tokens keep what monitoring needs whole, with kinds and offsets for highlighting."""

from __future__ import annotations

from sarap.text.tokens import tokenise, tokenise_batch, words


def test_kinds_and_offsets():
    text = "Іс-қимыл 2025 ж. https://x.kz/a?b=1. #террор @user_1 info@mvd.kz"
    toks = tokenise(text)
    assert [(t.text, t.kind) for t in toks] == [
        ("Іс-қимыл", "word"), ("2025", "number"), ("ж", "word"), ("https://x.kz/a?b=1", "url"),
        ("#террор", "hashtag"), ("@user_1", "mention"), ("info@mvd.kz", "email")]
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert toks[0].lower == "іс-қимыл"


def test_punctuation_only_when_asked():
    assert [t.text for t in tokenise("Иә, солай.", keep_punct=True)] == ["Иә", ",", "солай", "."]
    assert words("Иә, СОЛАЙ.") == ["иә", "солай"]


def test_batch():
    assert [len(x) for x in tokenise_batch(["бір екі", "", "үш"])] == [2, 0, 1]
