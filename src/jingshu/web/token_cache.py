"""Recently resolved API tokens, kept a few seconds so a busy client skips the lookup.

A bearer token is looked up in the database (one joined query) at most once every
:data:`TOKEN_CACHE_SECONDS` per server process. Revoking a token through this
process's API forgets it at once; a token revoked elsewhere (another server process,
the CLI, the database) may still be accepted here for up to that many seconds, and
so may a token whose user was deactivated.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

from jingshu.accounts.service import secret_hash

__all__ = ["TOKEN_CACHE_SECONDS", "TokenCache"]

TOKEN_CACHE_SECONDS = 5.0
MAX_ENTRIES = 10_000

T = TypeVar("T")


class TokenCache(Generic[T]):
    """What each token resolved to, for ``ttl`` seconds; keyed by the token's sha256."""

    def __init__(self, ttl: float = TOKEN_CACHE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._entries: dict[str, tuple[float, T]] = {}

    def get(self, secret: str) -> T | None:
        """The cached value, or None when absent or older than ``ttl``."""
        entry = self._entries.get(secret_hash(secret))
        if entry is None or entry[0] <= self._clock():
            return None
        return entry[1]

    def put(self, secret: str, value: T) -> None:
        if self.ttl <= 0:
            return
        if len(self._entries) >= MAX_ENTRIES:
            self._drop_expired()
        self._entries[secret_hash(secret)] = (self._clock() + self.ttl, value)

    def forget(self, token_hash: str) -> None:
        """Drop a token by its stored hash (``ApiToken.token_hash``), e.g. once revoked."""
        self._entries.pop(token_hash, None)

    def _drop_expired(self) -> None:
        now = self._clock()
        self._entries = {k: e for k, e in self._entries.items() if e[0] > now}
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()
