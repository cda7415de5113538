"""Slowing down password guessing without locking anyone out for good.

Each failed login makes the next attempt from the same address, and for the same account name,
wait a little longer (progressive delays, capped), whether or not the name exists, so the answer
tells nothing about which names are real. A success clears the account's and the address's count;
the cap means an attacker can slow an administrator down but never keep them out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class _Count:
    failures: int = 0
    until: float = 0.0


@dataclass
class LoginThrottle:
    free: int = 3          # failures before any delay
    cap: float = 60.0      # the longest delay, in seconds
    limit: int = 50        # attempts per address in `window` seconds, on top of the delays
    window: float = 300.0
    counts: dict[str, _Count] = field(default_factory=dict)
    recent: dict[str, list[float]] = field(default_factory=dict)

    def wait(self, address: str, username: str, now: float | None = None) -> float:
        """Seconds to wait before this attempt may be checked; 0 means go ahead."""
        now = time.monotonic() if now is None else now
        attempts = [t for t in self.recent.get(address, []) if now - t <= self.window]
        self.recent[address] = attempts
        if len(attempts) >= self.limit:
            return max(1.0, self.window - (now - attempts[0]))
        attempts.append(now)
        until = max(self._count(f"a:{address}").until, self._count(f"u:{username.casefold()}").until)
        return max(0.0, until - now)

    def failed(self, address: str, username: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if len(self.counts) > 10_000:  # forget names whose delay has passed, so memory stays small
            self.counts = {k: c for k, c in self.counts.items() if c.until > now}
        for key in (f"a:{address}", f"u:{username.casefold()}"):
            count = self._count(key)
            count.failures += 1
            over = count.failures - self.free
            if over >= 0:
                count.until = now + min(self.cap, float(2 ** min(over, 16)))

    def succeeded(self, address: str, username: str) -> None:
        self.counts.pop(f"a:{address}", None)
        self.counts.pop(f"u:{username.casefold()}", None)

    def _count(self, key: str) -> _Count:
        return self.counts.setdefault(key, _Count())
