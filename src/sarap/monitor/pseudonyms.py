"""Authors as keyed hashes (HMAC-SHA256), so that counts of unique authors work and no handle of a
private person is stored (DESIGN §6).

The key is 32 random bytes in the data directory (`monitor-author.key`, created on first use,
readable by its owner only). Without the key a hash cannot be turned back into a handle by trying
likely handles; with the same key the same handle always gets the same hash, so re-ingesting keeps
authors stable. Losing the key makes new hashes differ from old ones.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_FILE = "monitor-author.key"


class Pseudonymiser:
    def __init__(self, key: bytes):
        self._key = key

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Pseudonymiser:
        path = Path(data_dir) / KEY_FILE
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
        return cls(bytes.fromhex(path.read_text().strip()))

    def key_of(self, platform: str, handle: str) -> str:
        """The same handle on the same platform always gives the same 32-hex-digit key."""
        message = f"{platform.lower()}\x1f{handle.strip().lower()}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]
