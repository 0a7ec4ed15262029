"""The keyed bit every mark embeds: one bit of keyed BLAKE2b over a slot's canonical key.

A slot's key depends only on content that marking does not change (its canonical
context), so marking and tracing compute the same key. For anyone without the
recipient's secret the bits are indistinguishable from coin flips, which is what
makes the false-accusation bound in :mod:`.trace` hold.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

__all__ = ["Slot", "keyed_bit"]


@dataclass(frozen=True)
class Slot:
    """A place that can carry one bit: its canonical key and the bit it shows."""

    key: str
    observed: int


def keyed_bit(secret: bytes, key: str) -> int:
    """The bit the recipient with ``secret`` gets at the slot named ``key``."""
    return hashlib.blake2b(key.encode("utf-8"), key=secret, digest_size=1).digest()[0] & 1
