"""What every source reader yields: one raw item, before normalisation and de-duplication."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class RawItem:
    text: str
    published: datetime  # timezone-aware
    external_id: str | None = None  # None: the content hash stands in
    title: str | None = None
    url: str | None = None
    author: str | None = None  # a handle as the source gives it; hashed unless public
    author_public: bool = False  # the source itself says this is an outlet or official account
    platform: str | None = None  # None: the source's platform
    region: str | None = None
    language: str | None = None  # as the source states it; otherwise identified
    engagement: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
