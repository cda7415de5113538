"""Posts for the batch tests (our own sentences: test data, not evidence)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

KK = ("Астанада терроризмге қарсы іс-шара өтті және тұрғындар қауіпсіздік туралы ақпарат алды",
      "Экстремизмнің алдын алу бойынша жастармен кездесу ауданның мәдениет үйінде болды",
      "Полиция қызметкерлері мектептерде құқықтық сауаттылық сабағын өткізіп оқушылармен сөйлесті")
RU = ("В Алматы прошли учения по противодействию терроризму с участием всех экстренных служб города",
      "Эксперты обсудили профилактику экстремизма среди молодёжи на круглом столе в университете",
      "Жители района получили памятки о безопасности в общественных местах и на транспорте")
QUERIES = ("терроризм OR экстремизм", '"учения по противодействию"', "қауіпсіздік AND NOT полиция")


def write_posts(path: Path, n: int = 48) -> None:
    """Posts over six days: Kazakh and Russian, with reposts (the same words), copies with a line
    added (near duplicates) and one record given twice under the same id."""
    rng = random.Random(17)
    start = datetime(2024, 3, 1, 6, tzinfo=UTC)
    lines: list[dict[str, Any]] = []
    for i in range(n):
        text = rng.choice(KK + RU) + f" {rng.choice(('бүгін', 'сегодня', 'кеше', 'вчера'))} {i % 5}"
        if i % 9 == 4 and lines:
            text = lines[-1]["text"]  # a repost
        elif i % 11 == 7 and lines:
            text = lines[-2]["text"] + " Дереккөз: Казинформ."  # a copy with a line added
        lines.append({"id": f"p{i}", "date": (start + timedelta(hours=3 * i)).isoformat(), "text": text,
                      "platform": rng.choice(("telegram", "vk", "news")), "author": f"user{i % 7}"})
    lines.append(dict(lines[3]))  # the same record again
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")


MAP = ["--map", "id=id", "--map", "published=date", "--map", "text=text", "--map", "platform=platform",
       "--map", "author=author"]
