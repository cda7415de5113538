"""A demonstration corpus, so every monitoring page shows something on a fresh install: posts
GENERATED from the texts Sarap ships (the Kazakh text of Decree 1404 and the Russian texts of the
shipped data, recombined with words of their own language, as bench/monitor_throughput.py builds
its posts), ingested through the real pipeline as one JSONL source, with two topics and an alert
rule. Everything is labelled as generated (the source's and topics' names, each item's
`extra.generated`), and `remove` takes it all away again.

No real person wrote these posts: authors are made-up handles, pseudonymised like any other."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.core.db import Database
from sarap.events import regions
from sarap.monitor import alerts, ingest, keyindex, store
from sarap.monitor.models import MonitorAlert, MonitorItem, MonitorSource, MonitorTopic
from sarap.monitor.pseudonyms import Pseudonymiser

PACKAGE = Path(__file__).resolve().parents[1]
KAZAKH_TEXTS = [PACKAGE / "registry" / "decree_1404_kk.txt"]
RUSSIAN_SOURCES = [PACKAGE / p for p in ("events/data/codebook.yaml", "registry/decree_1404.yaml",
                                         "library/data/catalogue.yaml", "review/data/categories.yaml")]
KAZAKH = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
PLATFORMS = ("telegram", "vk", "facebook", "instagram", "news", "youtube")
SOURCE = "demo-generated"
TOPICS: tuple[dict[str, Any], ...] = (
    {"name": "Демо: терроризм және экстремизм", "query": "терроризм OR экстремизм OR терроризма",
     "alert_rules": [{"kind": "anomaly"}, {"kind": "threshold", "min_count": 5}]},
    {"name": "Демо: алдын алу", "query": "алдын OR профилактика OR профилактики", "alert_rules": None})
ITEMS = 600
DAYS = 120


@dataclass
class DemoReport:
    items: int
    topics: int
    alerts: int
    removed: bool = False


def sentence_words(sentence: str) -> list[str]:
    """The Cyrillic words and numbers of a sentence (demo posts and the benchmark are built of them)."""
    return re.findall(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі][\w-]*|\d+", sentence)


def russian_texts(node: Any, out: list[str]) -> None:
    """Every `ru:` text in a loaded YAML tree, appended to `out`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "ru" and isinstance(value, str):
                out.append(value)
            else:
                russian_texts(value, out)
    elif isinstance(node, list):
        for value in node:
            russian_texts(value, out)


def sentences(kazakh_texts: Sequence[Path] = KAZAKH_TEXTS) -> tuple[list[list[str]], list[list[str]]]:
    """Kazakh sentences of the given texts and Russian ones of the shipped data, as word lists."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in kazakh_texts if p.is_file())
    kk = [w for s in re.split(r"(?<=[.!?])\s+|\n", text)
          if len(w := sentence_words(s)) >= 6 and any(ch in KAZAKH for word in w for ch in word)]
    russian: list[str] = []
    for path in RUSSIAN_SOURCES:
        if path.is_file():
            russian_texts(yaml.safe_load(path.read_text(encoding="utf-8")), russian)
    ru = [w for s in russian for part in re.split(r"(?<=[.!?;])\s+", s)
          if len(w := sentence_words(part)) >= 4 and not any(ch in KAZAKH for word in w for ch in word)]
    return kk, ru


def _text(rng: random.Random, sentences: list[list[str]], vocabulary: list[str]) -> str:
    base = rng.choice(sentences)
    words = base[:rng.randint(8, 30)]
    words = [rng.choice(vocabulary) if rng.random() < 0.2 else w for w in words]
    return " ".join(words) + rng.choice((".", "!", ".", "?", "."))


def generate(path: Path, n: int = ITEMS, *, end: datetime, seed: int = 1404) -> None:
    """n posts over the DAYS before `end`, 70% Kazakh, with a region on a third of them, written as
    JSONL; the same seed gives the same posts."""
    rng = random.Random(seed)
    kk, ru = sentences()
    kk_vocab, ru_vocab = sorted({w for s in kk for w in s}), sorted({w for s in ru for w in s})
    codes = [r.code for r in regions.all_regions()]
    topical = [s for s in kk if any(w.lower().startswith(("терроризм", "экстремизм")) for w in s)] or kk
    span = int(timedelta(days=DAYS).total_seconds())
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            burst = rng.random() < 0.08  # talk of terrorism in the last two days: the alert finds it
            text = (_text(rng, topical, kk_vocab) if burst else
                    _text(rng, kk, kk_vocab) if rng.random() < 0.7 else _text(rng, ru, ru_vocab))
            offset = rng.randrange(2 * 86400 if burst else span)
            record = {"id": f"demo-{i}", "date": (end - timedelta(seconds=offset)).isoformat(),
                      "text": text, "platform": rng.choice(PLATFORMS),
                      "author": f"demo-user-{rng.randrange(300)}"}
            if rng.random() < 0.35:
                record["region"] = rng.choice(codes)
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def present(session: Session) -> bool:
    return session.scalar(select(MonitorSource.id).where(MonitorSource.name == SOURCE)) is not None


def load(db: Database, data_dir: Path, *, actor: str, n: int = ITEMS,
         end: datetime | None = None) -> DemoReport | None:
    """Generates and ingests the demo corpus with its topics and alert rule; None when it is there."""
    with db.session() as session:
        if present(session):
            return None
    folder = Path(data_dir) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "generated-posts.jsonl"
    generate(path, n, end=end or datetime.now(UTC).replace(minute=0, second=0, microsecond=0))
    mapping = {"format": "jsonl", "columns": {"id": "id", "published": "date", "text": "text",
                                              "platform": "platform", "author": "author",
                                              "region": "region"}}
    with db.session() as session:
        store.add_source(session, name=SOURCE, kind="jsonl", location=str(path), platform="demo",
                         options={**mapping, "generated": True}, access_level="public",
                         actor=actor)
    report = ingest.ingest(db, SOURCE, pseudonymiser=Pseudonymiser.in_data_dir(data_dir), actor=actor)
    raised = 0
    with db.session() as session:
        session.execute(update(MonitorItem).where(MonitorItem.source_id == select(MonitorSource.id).where(
            MonitorSource.name == SOURCE).scalar_subquery()).values(extra={"generated": True}))
        for spec in TOPICS:
            topic = store.add_topic(session, name=spec["name"], query=spec["query"],
                                    filters={"sources": [SOURCE]}, alert_rules=spec["alert_rules"],
                                    access_level="public", actor=actor)
            if spec["alert_rules"]:
                raised += len(alerts.run_rules(session, topic, actor=actor))
    return DemoReport(items=report.added, topics=len(TOPICS), alerts=raised)


def remove(db: Database, *, actor: str) -> DemoReport:
    """Removes the demo source, its items, the demo topics and their alerts (audited)."""
    with db.session() as session:
        source_id = session.scalar(select(MonitorSource.id).where(MonitorSource.name == SOURCE))
        names = [t["name"] for t in TOPICS]
        topic_ids = list(session.scalars(select(MonitorTopic.id).where(MonitorTopic.name.in_(names))))
        items = 0
        if source_id is not None:
            demo_items = select(MonitorItem.id).where(MonitorItem.source_id == source_id)
            # a real item marked as a repost of a demo post stands on its own again
            session.execute(update(MonitorItem).where(MonitorItem.duplicate_of_id.in_(demo_items),
                                                      MonitorItem.source_id != source_id)
                            .values(duplicate_of_id=None, duplicate_kind=None))
            items = len(session.scalars(demo_items).all())
            session.execute(delete(MonitorItem).where(MonitorItem.source_id == source_id))
            session.execute(delete(MonitorSource).where(MonitorSource.id == source_id))
        raised = 0
        if topic_ids:
            raised = len(session.scalars(select(MonitorAlert.id)
                                         .where(MonitorAlert.topic_id.in_(topic_ids))).all())
            session.execute(delete(MonitorAlert).where(MonitorAlert.topic_id.in_(topic_ids)))
            session.execute(delete(MonitorTopic).where(MonitorTopic.id.in_(topic_ids)))
        keyindex.FTS.rebuild(session)
        audit.record(session, actor=actor, action="monitor.demo_remove", entity="monitor_source",
                     entity_id=source_id, detail={"items": items, "topics": len(topic_ids)})
    return DemoReport(items=items, topics=len(topic_ids), alerts=raised, removed=True)
