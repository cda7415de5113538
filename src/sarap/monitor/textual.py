"""The one place where monitoring calls the shared text pipeline (sarap.text).

Monitoring asks it for: the analysis of a batch of raw texts (normalised text, language, words,
family keys: sarap.text.pipeline), and topic queries (sarap.text.query: word families, "exact
phrases", prefix*, NEAR/n, AND/OR/NOT).

Stored items keep their normalised text, language and family keys (`terms`). A query made only of
bare words, AND, OR and NOT is answered from the stored keys alone; phrases, prefixes and NEAR need
the words in order, so the stored text is tokenised again (with the stored language, without
identifying it again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sarap.text import families, fast_tokens, language, normalise, pipeline, tokens
from sarap.text import query as tq

WORD_KINDS = (tokens.WORD, tokens.HASHTAG)


@dataclass(frozen=True)
class Analysis:
    text: str  # normalised
    language: str  # kk, ru, en, mixed or unknown
    words: tuple[str, ...]  # lower-cased words, in order
    keys: frozenset[str]  # family keys of the words and hashtags


@lru_cache(maxsize=500_000)
def _word_keys(word: str, lang: str) -> tuple[str, ...]:
    return families.word_keys(word, lang)


def _analysis(text: str, lang: str) -> Analysis:
    words: list[str] = []
    keys: set[str] = set()
    for piece, kind, _ in fast_tokens.pieces(text):
        if kind == tokens.WORD:
            word = piece.lower()
            words.append(word)
            keys.update(_word_keys(word, lang))
        elif kind == tokens.HASHTAG:  # #терроризм belongs to the family of терроризм
            keys.update(_word_keys(piece.lower()[1:].replace("_", "-"), lang))
    return Analysis(text, lang, tuple(words), frozenset(keys))


def analyse_batch(texts: Sequence[str]) -> list[Analysis]:
    """Normalise, identify the language and find the family keys of a batch of raw texts: what
    sarap.text.pipeline.analyse_batch gives, made for throughput. Tokens come from fast_tokens
    (razdel's tokens, found mostly by regular expressions) without Token objects, and the keys of a
    word are remembered per language (a collection repeats its vocabulary)."""
    normalised = normalise.normalise_batch(texts)
    return [_analysis(text, guess.lang)
            for text, guess in zip(normalised, language.identify_batch(normalised), strict=True)]


def words_of(text: str) -> list[str]:
    return fast_tokens.words(text)


@lru_cache(maxsize=100_000)
def _query_keys(word: str) -> frozenset[str]:
    return frozenset(families.query_keys(word))


def query_keys(word: str) -> frozenset[str]:
    """The family keys a bare query word matches (sarap.text.families.query_keys), remembered."""
    return _query_keys(word)


def _keys_only(node: tq.Node) -> bool:
    """True when the stored family keys are enough to answer the query."""
    if isinstance(node, tq.Word):
        return bool(_query_keys(node.text))
    if isinstance(node, tq.Not):
        return _keys_only(node.item)
    if isinstance(node, tq.And | tq.Or):
        return all(_keys_only(i) for i in node.items)
    return False


def _by_keys(node: tq.Node, keys: frozenset[str]) -> bool:
    if isinstance(node, tq.Word):
        return not _query_keys(node.text).isdisjoint(keys)
    if isinstance(node, tq.Not):
        return not _by_keys(node.item, keys)
    if isinstance(node, tq.And):
        return all(_by_keys(i, keys) for i in node.items)
    if isinstance(node, tq.Or):
        return any(_by_keys(i, keys) for i in node.items)
    raise TypeError(node)


def _analysed(text: str, lang: str) -> pipeline.Analysed:
    toks = []
    for t in fast_tokens.tokenise(text):
        body = t.lower[1:].replace("_", "-") if t.kind == tokens.HASHTAG else t.lower
        keys = _word_keys(body, lang) if t.kind in WORD_KINDS else ()
        toks.append(pipeline.AnalysedToken(t.text, t.lower, t.kind, t.start, t.end, keys))
    return pipeline.Analysed(text, lang, 1.0, tuple(toks))


def _terms(node: tq.Node) -> set[str]:
    if isinstance(node, tq.Word):
        return set(_query_keys(node.text))
    if isinstance(node, tq.Phrase):
        return {k for w in node.words for k in _query_keys(w)}
    if isinstance(node, tq.Near):
        return _terms(node.left) | _terms(node.right)
    if isinstance(node, tq.And | tq.Or):
        return set().union(*(_terms(i) for i in node.items))
    return set()


@dataclass(frozen=True)
class Query:
    text: str
    root: tq.Node
    keys_only: bool

    def matches(self, text: str, terms: str, language: str) -> bool:
        """Whether a stored item (normalised text, family keys, language) matches."""
        if self.keys_only:
            return _by_keys(self.root, frozenset(terms.split()))
        return tq.matches(self.root, _analysed(text, language))

    def keys(self) -> set[str]:
        """Family keys the query asks for (left out of the co-occurring terms)."""
        return _terms(self.root)


def highlights(query: Query, text: str, language: str) -> list[tuple[int, int]]:
    """The character spans of a text that the query's terms hit (for showing a match)."""
    return [(h.start, h.end) for h in tq.match(query.root, _analysed(text, language)).hits]


def compile_query(text: str) -> Query:
    """A topic query; tq.QuerySyntaxError names the column where it stops making sense."""
    root = tq.parse(text)
    return Query(text, root, _keys_only(root))
