"""The columns every shared record carries: its owning agency and access level (public, official,
restricted), which sarap.auth.access reads the same way for every kind of record."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Owned:
    agency: Mapped[str | None] = mapped_column(String(60), index=True)
    access_level: Mapped[str] = mapped_column(String(12), default="public")
