"""The one place where monitoring calls the shared text pipeline (sarap.text).

Monitoring asks it for: the analysis of a batch of raw texts (normalised text, language, words,
family keys: sarap.text.pipeline.analyse_items, re-exported here as `analyse_batch`), and topic
queries (sarap.text.query: word families, "exact phrases", prefix*, NEAR/n, AND/OR/NOT).

Stored items keep their normalised text, language and family keys (`terms`). A query made only of
bare words, AND, OR and NOT is answered from the stored keys alone; phrases, prefixes and NEAR need
the words in order, so the stored text is tokenised again (with the stored language, without
identifying it again).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sarap.text import families, fast_tokens, pipeline
from sarap.text import query as tq
from sarap.text.pipeline import Analysis, analyse_items

# The Spark job and ingest call `analyse_batch`: the text pipeline's item analysis itself.
analyse_batch = analyse_items
__all__ = ["Analysis", "Query", "analyse_batch", "compile_query", "query_keys", "words_of"]


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
        return tq.matches(self.root, pipeline.analysed(text, language))

    def keys(self) -> set[str]:
        """Family keys the query asks for (left out of the co-occurring terms)."""
        return _terms(self.root)


def highlights(query: Query, text: str, language: str) -> list[tuple[int, int]]:
    """The character spans of a text that the query's terms hit (for showing a match)."""
    return [(h.start, h.end) for h in tq.match(query.root, pipeline.analysed(text, language)).hits]


def compile_query(text: str) -> Query:
    """A topic query; tq.QuerySyntaxError names the column where it stops making sense."""
    root = tq.parse(text)
    return Query(text, root, _keys_only(root))
