"""Settings from the environment and an optional `sarap.toml`.

Order: environment (SARAP_DATA_DIR, SARAP_DATABASE_URL, SARAP_SECURE_COOKIES, SARAP_OPERATOR) over
`sarap.toml` in the working directory (or the file named by SARAP_CONFIG) over defaults (./data,
SQLite inside it; cookies without Secure, sessions idle 30 minutes, at most 8 hours).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    # Web sessions: cookies only over HTTPS (turn on behind TLS), idle and absolute timeouts.
    secure_cookies: bool = False
    session_idle_minutes: int = 30
    session_hours: int = 8
    # How long the queries of one web page or API read may take, in all.
    query_timeout_seconds: float = 10.0
    # The Sarap user the CLI acts as when neither --as nor SARAP_USER names one.
    operator: str | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _config_file() -> dict[str, object]:
    path = Path(os.environ.get("SARAP_CONFIG", "sarap.toml"))
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    section = data.get("sarap", data)
    return section if isinstance(section, dict) else {}


def load_settings() -> Settings:
    config = _config_file()
    data_dir = Path(
        os.environ.get("SARAP_DATA_DIR") or str(config.get("data_dir") or "data")
    ).expanduser()
    url = os.environ.get("SARAP_DATABASE_URL") or str(config.get("database_url") or "")
    if not url:
        url = f"sqlite:///{(data_dir / 'sarap.db').resolve()}"
    return Settings(data_dir=data_dir, database_url=url,
                    secure_cookies=_flag(os.environ.get("SARAP_SECURE_COOKIES"),
                                         config.get("secure_cookies")),
                    session_idle_minutes=_number(config.get("session_idle_minutes"), 30),
                    session_hours=_number(config.get("session_hours"), 8),
                    query_timeout_seconds=float(_number(config.get("query_timeout_seconds"), 10)),
                    operator=os.environ.get("SARAP_OPERATOR") or _text(config.get("operator")))


def _flag(env: str | None, value: object) -> bool:
    if env is not None:
        return env.strip().lower() in ("1", "true", "yes", "on")
    return value is True


def _number(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
