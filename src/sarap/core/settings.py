"""Settings from the environment and an optional `sarap.toml`.

Order: environment (SARAP_DATA_DIR, SARAP_DATABASE_URL) over `sarap.toml` in the working
directory (or the file named by SARAP_CONFIG) over defaults (./data, SQLite inside it).
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
    return Settings(data_dir=data_dir, database_url=url)
