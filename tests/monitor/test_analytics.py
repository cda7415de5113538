"""Topic analytics on a month of generated posts: series, index, breakdowns, terms, comparison, alerts."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from sarap.monitor import alerts, analytics, ingest, store
from sarap.text.query import QuerySyntaxError

_KK_WORDS = """ауа райы жаңбыр жел күн суық жылы базар баға нан сүт астық егін футбол жарыс ойын команда
мектеп кітап театр концерт жол көлік пойыз әуежай саябақ ағаш гүл көше жөндеу су жарық"""
_RU_WORDS = "погода дождь ветер рынок цены хлеб молоко футбол матч команда театр концерт дорога поезд"
BACKGROUND = _KK_WORDS.split()
RUSSIAN = _RU_WORDS.split()
START = datetime(2024, 3, 1, tzinfo=UTC)
SPIKE_DAY = 20


def _text(rng: random.Random, words: list[str], extra: list[str]) -> str:
    return " ".join(rng.sample(words, 14) + extra) + "."


def _posts(path, days=30):
    """Each day: 9 posts on other things and one on terrorism (the topic); day 20 has 8 of them."""
    rng = random.Random(7)
    rows, n = [], 0
    for day in range(days):
        when = START + timedelta(days=day, hours=9)
        topical = 8 if day == SPIKE_DAY else 1
        for i in range(9):
            n += 1
            words, lang = (RUSSIAN, "ru") if i % 3 == 0 else (BACKGROUND, "kk")
            rows.append({"id": f"b{n}", "when": (when + timedelta(minutes=i)).isoformat(), "lang": lang,
                         "text": _text(rng, words, []), "platform": "vk" if i % 2 else "telegram",
                         "author": f"reader{n % 17}"})
        for i in range(topical):
            n += 1
            form = ["терроризмге", "терроризммен", "террористік"][i % 3]
            extra = [form, "қарсы", "шабуыл"] if day == SPIKE_DAY else [form, "қарсы"]
            rows.append({"id": f"t{n}", "when": (when + timedelta(minutes=30 + i)).isoformat(), "lang": "kk",
                         "text": _text(rng, BACKGROUND, extra), "platform": "telegram",
                         "author": f"writer{i % 4}"})
        if day % 5 == 0:  # a Russian post on the topic now and then
            n += 1
            rows.append({"id": f"r{n}", "when": (when + timedelta(hours=2)).isoformat(), "lang": "ru",
                         "text": _text(rng, RUSSIAN, ["задержаны", "террористы"]), "platform": "vk",
                         "author": "reader1"})
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return rows


@pytest.fixture
def month(db, tmp_path, pseudonymiser):
    path = tmp_path / "month.jsonl"
    rows = _posts(path)
    mapping = {"format": "jsonl", "columns": {"id": "id", "published": "when", "text": "text",
                                              "language": "lang", "platform": "platform", "author": "author"}}
    with db.session() as s:
        store.add_source(s, name="month", kind="jsonl", location=str(path), options=mapping, actor="t")
        store.add_topic(s, name="terrorism", query="терроризм", actor="t",
                        alert_rules=[{"kind": "anomaly", "k": 3, "window": 7, "min_count": 3}])
        store.add_topic(s, name="weather", query="жаңбыр OR дождь", actor="t")
    report = ingest.ingest(db, "month", pseudonymiser=pseudonymiser, actor="t")
    assert report.duplicates == 0 and report.added == len(rows)
    return rows


def test_a_family_query_finds_kazakh_and_russian_forms_and_the_series_counts_them_by_day(db, month):
    with db.session() as s:
        result = analytics.series(s, store.topic_named(s, "terrorism"))
    assert result.bucket == "day" and len(result.points) == 30
    # 29 days × 1 + 8 on the spike day (Kazakh forms) + 6 Russian «террористы»
    assert result.mentions == 29 + 8 + 6
    assert result.total == len(month)
    spike = result.points[SPIKE_DAY]
    assert (spike.count, spike.total) == (9, 18)  # day 20 also has a Russian one
    assert spike.index == 100
    quiet = result.points[1]
    assert (quiet.count, quiet.total) == (1, 10)
    # the index is the share relative to the peak share
    assert quiet.index == round(100 * (1 / 10) / (9 / 18)) == 20
    assert result.unique_authors == 4 + 1  # writer0..3 and the Russian reader


def test_the_bucket_follows_the_range_hour_day_week(db, month):
    with db.session() as s:
        topic = store.topic_named(s, "terrorism")
        two_days = analytics.Scope(start=START, end=START + timedelta(days=2))
        assert analytics.series(s, topic, two_days).bucket == "hour"
        assert len(analytics.series(s, topic, two_days).points) == 48
    assert analytics.choose_bucket(START, START + timedelta(days=119)) == "day"
    assert analytics.choose_bucket(START, START + timedelta(days=200)) == "week"
    assert analytics.floor(datetime(2024, 3, 14, 15, tzinfo=UTC), "week") == datetime(2024, 3, 11, tzinfo=UTC)


def test_filters_narrow_the_scope_and_the_share(db, month):
    with db.session() as s:
        topic = store.topic_named(s, "terrorism")
        only_ru = analytics.series(s, topic, analytics.Scope(languages=("ru",)))
        by_platform = analytics.breakdown(s, topic, "platform")
        by_language = analytics.breakdown(s, topic, "language")
    assert only_ru.mentions == 6
    assert only_ru.total == sum(1 for r in month if r["lang"] == "ru")
    telegram = next(b for b in by_platform if b["platform"] == "telegram")
    assert telegram["mentions"] == 37 and telegram["unique_authors"] == 4
    assert [b["language"] for b in by_language][:2] == ["kk", "ru"]


def test_co_occurring_terms_show_what_the_spike_was_about(db, month):
    with db.session() as s:
        found = analytics.terms(s, store.topic_named(s, "terrorism"))
    co = [t["term"] for t in found["co_occurring"]]
    assert co[0] in ("шабуыл", "задерж", "қарс")
    assert "шабуыл" in co and "террор" not in co
    assert found["top"][0]["term"] == "қарс"


def test_topics_compared_on_one_index_share_one_peak(db, month):
    with db.session() as s:
        both = analytics.compare(s, [store.topic_named(s, "terrorism"), store.topic_named(s, "weather")],
                                 analytics.Scope())
    peaks = {name: max(p.index for p in pts) for name, pts in both.topics.items()}
    assert max(peaks.values()) == 100 and min(peaks.values()) < 100


def test_the_anomaly_rule_raises_one_alert_for_the_spike_and_rerunning_adds_none(db, month):
    with db.session() as s:
        raised = alerts.run_rules(s, store.topic_named(s, "terrorism"), actor="t")
        assert [(a.rule, a.window_start.day, a.value) for a in raised] == [("anomaly", 1 + SPIKE_DAY, 9)]
    with db.session() as s:
        assert alerts.run_rules(s, store.topic_named(s, "terrorism"), actor="t") == []
        (alert,) = store.alerts(s, open_only=True)
        store.acknowledge(s, alert.id, actor="analyst")
    with db.session() as s:
        assert store.alerts(s, open_only=True) == []


def test_a_threshold_rule_is_debounced_by_its_cooldown(db, month):
    with db.session() as s:
        topic = store.add_topic(s, name="daily", query="терроризм OR жаңбыр", actor="t",
                                alert_rules=[{"kind": "threshold", "min_count": 2, "cooldown": 4}])
        raised = alerts.run_rules(s, topic, actor="t")
    days = [a.window_start.day for a in raised]
    assert days, "the rule fires on this data"
    assert all(b - a >= 5 for a, b in zip(days, days[1:], strict=False))


def test_a_bad_query_or_rule_is_refused_with_where_and_what(db):
    with db.session() as s, pytest.raises(QuerySyntaxError) as caught:
        store.add_topic(s, name="x", query="терроризм AND (", actor="t")
    assert "column" in str(caught.value)
    with db.session() as s, pytest.raises(Exception) as bad_rule:
        store.add_topic(s, name="y", query="терроризм", actor="t", alert_rules=[{"kind": "spike"}])
    assert "threshold or anomaly" in str(bad_rule.value)


def test_a_bucket_of_too_few_items_is_marked_low_volume_not_scaled():
    # the case: 1 mention in 2 posts must not read 100 next to 35 mentions in 270
    shares, totals = [1 / 2, 35 / 270, 20 / 260], [2, 270, 260]
    assert analytics.interest_index(shares) == [100, 26, 15]  # Trends' rule alone
    assert analytics.interest_index(shares, totals) == [0, 100, 59]


def test_the_series_says_how_many_duplicates_it_left_out(db, tmp_path, pseudonymiser):
    rows = [{"id": f"p{i}", "when": f"2024-03-0{1 + i % 3}T10:0{i}:00+00:00",
             "text": "Алматыда терроризмге қарсы жаттығу өтті, полиция қатысты."} for i in range(4)]
    rows.append({"id": "other", "when": "2024-03-02T11:00:00+00:00", "text": "Ауа райы жылы болады."})
    path = tmp_path / "dups.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    mapping = {"format": "jsonl", "columns": {"id": "id", "published": "when", "text": "text"}}
    with db.session() as s:
        store.add_source(s, name="dups", kind="jsonl", location=str(path), options=mapping, actor="t")
        store.add_topic(s, name="t", query="терроризм", actor="t")
    ingest.ingest(db, "dups", pseudonymiser=pseudonymiser, actor="t")
    with db.session() as s:
        result = analytics.series(s, store.topic_named(s, "t"), bucket="day")
    assert (result.mentions, result.duplicates_left_out) == (1, 3)
    assert result.to_dict()["duplicates_left_out"] == 3
