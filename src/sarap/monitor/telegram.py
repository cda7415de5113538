"""Telegram Desktop exports ("Export chat history" → JSON, the file result.json).

One chat (a channel, group or personal chat) or a whole-account export (`chats.list`). Messages of
type "service" (channel created, pinned, joined) are skipped, and so are messages with no text (a
photo with no caption). Rich text comes as a list of plain strings and entities ({"type": "bold",
"text": …}); `text_entities` (newer exports) or `text` is flattened to plain text. Kept: the date
(date_unixtime is UTC; older exports have only a local `date`, read in the given time zone),
forwarded_from, reply_to_message_id, edited, and the reactions (their counts summed as engagement).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sarap.core.errors import InvalidInput, Problem
from sarap.monitor.records import RawItem

DEFAULT_TZ = "Asia/Almaty"


def flatten(text: Any) -> str:
    """Plain text of a message's `text` or `text_entities` value."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in text)
    return ""


def _chats(data: dict[str, Any]) -> list[dict[str, Any]]:
    if "messages" in data:
        return [data]
    chats = data.get("chats")
    if isinstance(chats, dict) and isinstance(chats.get("list"), list):
        return [c for c in chats["list"] if isinstance(c, dict)]
    return []


def _date(message: dict[str, Any], tz: str, file: str, where: str) -> datetime:
    unix = message.get("date_unixtime")
    try:
        if unix is not None:
            return datetime.fromtimestamp(int(unix), UTC)
        local = datetime.fromisoformat(str(message["date"]))
        return local.replace(tzinfo=ZoneInfo(tz)) if local.tzinfo is None else local
    except (KeyError, ValueError, TypeError):
        raise InvalidInput([Problem(f"{where}: no readable date", file=file, column="date",
                                    value=str(message.get("date_unixtime", message.get("date"))),
                                    expected="date_unixtime (seconds) or date (ISO 8601)")]) from None


def _reactions(message: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    kept = []
    total = 0
    for reaction in message.get("reactions") or []:
        count = int(reaction.get("count") or 0)
        total += count
        kept.append({"emoji": reaction.get("emoji") or reaction.get("document_id") or reaction.get("type"),
                     "count": count})
    return total, kept


def skip_reasons(path: Path) -> dict[str, int]:
    """How many messages of an export `read` passes over, and why: service messages (joins, pins)
    and messages with no text (a photo, a sticker or a file alone)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    counts = {"service": 0, "media_only": 0}
    for chat in _chats(data) if isinstance(data, dict) else []:
        for message in chat.get("messages") or []:
            if not isinstance(message, dict) or message.get("type") != "message":
                counts["service"] += 1
            elif not flatten(message.get("text_entities") if "text_entities" in message
                             else message.get("text")).strip():
                counts["media_only"] += 1
    return counts


def read(path: Path, *, timezone: str = DEFAULT_TZ) -> Iterator[RawItem]:
    file = str(path)
    if not path.is_file():
        raise InvalidInput([Problem("no such file", file=file)])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem(f"not JSON: {exc.msg}", file=file, row=exc.lineno,
                                    expected="a Telegram Desktop export (result.json)")]) from None
    chats = _chats(data) if isinstance(data, dict) else []
    if not chats:
        raise InvalidInput([Problem("no chat with messages found", file=file, column="messages",
                                    expected="a Telegram Desktop JSON export with a 'messages' list")])
    for chat in chats:
        chat_id = chat.get("id", chat.get("name", "chat"))
        for index, message in enumerate(chat.get("messages") or []):
            if not isinstance(message, dict) or message.get("type") != "message":
                continue
            where = f"chat {chat_id}, message {message.get('id', f'#{index + 1}')}"
            text = flatten(message.get("text_entities") if "text_entities" in message
                           else message.get("text")).strip()
            if not text:
                continue
            total, reactions = _reactions(message)
            extra: dict[str, Any] = {"chat": chat.get("name"), "chat_type": chat.get("type"),
                                     "message_id": message.get("id")}
            for key in ("forwarded_from", "reply_to_message_id", "edited"):
                if message.get(key) is not None:
                    extra[key] = message[key]
            if reactions:
                extra["reactions"] = reactions
            yield RawItem(text=text, published=_date(message, timezone, file, where),
                          external_id=f"{chat_id}/{message.get('id', index)}",
                          author=message.get("from") or message.get("author") or chat.get("name"),
                          engagement={"reactions": total} if reactions else {}, extra=extra)
