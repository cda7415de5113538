"""The fast paths give what the plain ones gave: the batch analysis (fast tokens, remembered keys)
equals sarap.text.pipeline's, and series counted in SQL equal the items matched one by one."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from sarap.monitor import analytics, ingest, store, textual
from sarap.text import pipeline, tokens


def _vocabulary(words: str) -> list[str]:
    return words.split()


_KK = _vocabulary("""терроризмге қарсы іс-қимыл туралы заң қабылданды облыста жиын өтті
терроризммен күрес террористік
топ ұсталды жастар арасында профилактика жүргізілді мектепте сабақ #терроризм экстремизмге жол жоқ""")
_RU = _vocabulary("""задержаны террористы в области прошла встреча семинар
по противодействию терроризму экстремизма вербовка молодежи полиция сообщила""")
START = datetime(2024, 5, 1, tzinfo=UTC)


def _texts(n: int) -> list[dict[str, str]]:
    rng = random.Random(5)
    rows = []
    for i in range(n):
        words, lang = (_RU, "ru") if i % 3 == 0 else (_KK, "kk")
        text = " ".join(rng.choice(words) for _ in range(rng.randint(4, 14)))
        text += rng.choice((".", "!", ", 2024."))
        rows.append({"id": f"x{i}", "when": (START + timedelta(hours=7 * i)).isoformat(), "text": text,
                     "author": f"a{i % 9}", "platform": ("vk", "telegram")[i % 2]})
    return rows


def test_the_batch_analysis_is_the_text_pipelines(monitor_fixtures):
    texts = [r["text"] for r in _texts(60)]
    for line in (monitor_fixtures / "posts.jsonl").read_text(encoding="utf-8").splitlines():
        texts.append(json.dumps(json.loads(line), ensure_ascii=False))  # punctuation, ids, dates
    texts += ["Іс-қимыл 2025 ж. https://x.kz/a?b=1. #террор_акт @user_1 info@mvd.kz", "", "5,6 — ?!"]
    fast = textual.analyse_batch(texts)
    plain = pipeline.analyse_batch(texts)
    for f, p in zip(fast, plain, strict=True):
        assert (f.text, f.language) == (p.text, p.lang)
        assert f.words == tuple(t.lower for t in p.tokens if t.kind == tokens.WORD)
        assert f.keys == frozenset(p.keys)


QUERIES = ["терроризм", "терроризм OR семинар", "терроризм AND NOT экстремизм", "NOT терроризм",
           '"терроризмге қарсы"', "террор*", "терроризм NEAR/2 қарсы", "(задержаны OR встреча) AND полиция",
           '"прошла встреча" OR экстремизм', "іс-қимыл", "2024"]


@pytest.fixture
def posts(db, tmp_path, pseudonymiser):
    path = tmp_path / "posts.jsonl"
    rows = _texts(240)
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    mapping = {"format": "jsonl", "columns": {"id": "id", "published": "when", "text": "text",
                                              "author": "author", "platform": "platform"}}
    with db.session() as s:
        store.add_source(s, name="posts", kind="jsonl", location=str(path), options=mapping, actor="t")
    ingest.ingest(db, "posts", pseudonymiser=pseudonymiser, actor="t", batch_size=50)
    return rows


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("bucket", ["day", "week"])
def test_series_counted_in_sql_equal_the_items_matched_one_by_one(db, posts, query, bucket):
    with db.session() as s:
        topic = store.add_topic(s, name="t", query=query, actor="t")
        scope = analytics.Scope(platforms=("vk",)) if "OR" in query else analytics.Scope()
        result = analytics.series(s, topic, scope, bucket=bucket)
        rows = analytics.rows_in_scope(s, scope)
        matched = analytics.matching(rows, textual.compile_query(query))
        by_platform = analytics.breakdown(s, topic, "platform", scope)
    expected = {}
    for r in matched:
        start = analytics.floor(r.published, bucket)
        expected[start] = expected.get(start, 0) + 1
    assert {p.start: p.count for p in result.points if p.count} == expected
    assert (result.mentions, result.total) == (len(matched), len(rows))
    assert sum(p.total for p in result.points) == len(rows)
    assert result.unique_authors == len({r.author for r in matched if r.author})
    assert sum(b["mentions"] for b in by_platform) == len(matched)
    assert 0 < len(matched) < len(rows) or query in ("2024", "NOT терроризм")
