"""Record-level marks: a keyed order per recipient, and finding records again in a leak.

Every extract lists its records in the recipient's own order: sorted by a 64-bit keyed
BLAKE2b of each record's key (its ``id``, or a hash of its content where the dataset
has no ``id`` column). No character of any record changes. Filtering, cleaning,
de-duplication and cutting an excerpt keep the relative order of what remains, so a
leak's records appear in the order of exactly one recipient.

Tracing first finds which original record each leaked record is (:class:`RecordIndex`:
by id, else by normalized 10-character shingles, which survive NFKC, script
conversion, punctuation repair and small edits), then counts, for each candidate, the
inversions of those records against the candidate's order. For anyone who did not
receive the file, their keyed ranks of the matched records are independent uniform
draws, so the leak's order is a uniformly random permutation relative to theirs, and
the chance of at most ``k`` inversions among ``n`` records is the exact lower tail of
the Mahonian distribution (:func:`inversion_tail`); with no inversion it is ``1/n!``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from jingshu.circulation.watermark.normalize import normalize

__all__ = [
    "MAX_ORDERED",
    "RecordIndex",
    "count_inversions",
    "inversion_tail",
    "leak_text",
    "order_rank",
    "record_key",
]

SHINGLE = 10
MAX_ORDERED = 400  # records used by the order test (exact tail stays fast)
_SPARSE_ABOVE = 400  # longer texts index one shingle in four
_AMBIGUOUS = ""
_EXACT_BELOW = 1e-20
_EXACT_WORK = 2_000_000


def record_key(row: Mapping[str, object], has_id: bool) -> str:
    """The key a record is ordered and found by: its id, or a hash of its content."""
    if has_id and row.get("id") is not None:
        return f"id:{row['id']}"
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
    return "row:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def order_rank(secret: bytes, key: str) -> int:
    """The recipient's keyed rank of the record with ``key`` (a 64-bit integer)."""
    digest = hashlib.blake2b(key.encode("utf-8"), key=secret, digest_size=8,
                             person=b"jingshu-order").digest()
    return int.from_bytes(digest, "big")


def _text_of(row: Mapping[str, object]) -> str:
    return " ".join(v for k, v in row.items() if isinstance(v, str) and k != "id")


def leak_text(record: Mapping[str, object]) -> str:
    """A record's text columns (not its id), normalized for comparison."""
    return normalize(_text_of(record))


@dataclass
class RecordIndex:
    """Where each original record of one dataset version can be recognized.

    Args:
        ids: Record id (as text) → record key.
        shingles: Hash of a normalized shingle → record key ("" when several share it).
    """

    ids: dict[str, str] = field(default_factory=dict)
    shingles: dict[int, str] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Iterable[Mapping[str, object]], has_id: bool) -> RecordIndex:
        """Index ``rows`` (every column of the version, in any order)."""
        index = cls()
        for row in rows:
            key = record_key(row, has_id)
            if has_id and row.get("id") is not None:
                index.ids[str(row["id"])] = key
            index._add_text(key, normalize(_text_of(row)))
        return index

    def _add_text(self, key: str, folded: str) -> None:
        sparse = len(folded) > _SPARSE_ABOVE
        for i in range(max(0, len(folded) - SHINGLE + 1)):
            h = hash(folded[i:i + SHINGLE])
            if sparse and h & 3:
                continue
            seen = self.shingles.get(h)
            self.shingles[h] = key if seen is None or seen == key else _AMBIGUOUS

    def match(self, record: Mapping[str, object], folded: str | None = None) -> str | None:
        """The key of the original record ``record`` is a copy of (None: not found).

        Args:
            record: A leaked record.
            folded: Its text already normalized (:func:`leak_text`), if at hand.
        """
        ident = record.get("id")
        if ident is not None and str(ident) in self.ids:
            return self.ids[str(ident)]
        if folded is None:
            folded = leak_text(record)
        votes: Counter[str] = Counter()
        looked = 0
        for i in range(max(0, len(folded) - SHINGLE + 1)):
            looked += 1
            key = self.shingles.get(hash(folded[i:i + SHINGLE]))
            if key:
                votes[key] += 1
        if not votes:
            return None
        key, n = votes.most_common(1)[0]
        enough = 2 if len(folded) > 2 * SHINGLE else 1
        return key if n >= enough and n >= 0.05 * looked else None


def count_inversions(values: Sequence[int]) -> int:
    """Pairs ``i < j`` with ``values[i] > values[j]`` (merge sort, O(n log n))."""
    def sort(items: list[int]) -> tuple[list[int], int]:
        if len(items) <= 1:
            return items, 0
        mid = len(items) // 2
        left, a = sort(items[:mid])
        right, b = sort(items[mid:])
        merged, count, i, j = [], a + b, 0, 0
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                merged.append(left[i])
                i += 1
            else:
                merged.append(right[j])
                count += len(left) - i
                j += 1
        return merged + left[i:] + right[j:], count

    return sort(list(values))[1]


def inversion_tail(n: int, k: int) -> float:
    """P(a uniformly random permutation of ``n`` items has at most ``k`` inversions).

    Exact, by the recurrence of the Mahonian numbers truncated at ``k``:
    ``P_n(i) = (1/n) Σ_{j<n} P_{n-1}(i - j)``. Where that would be slow (``n·k`` above
    two million) and Hoeffding's bound is already above ``1e-20``, the bound is
    returned instead (a valid, larger p-value that names nobody at any
    usual α): the count of inversions is a sum of independent uniform variables on
    ``{0..m-1}``, ``m = 1..n`` (the Lehmer code), so
    ``P(I ≤ μ - t) ≤ exp(-2t² / Σ (m-1)²)``.
    """
    if k >= n * (n - 1) // 2:
        return 1.0
    mean = n * (n - 1) / 4
    if n * k > _EXACT_WORK:
        if k >= mean:
            return 1.0
        spread = sum((m - 1) ** 2 for m in range(1, n + 1))
        hoeffding = math.exp(-2 * (mean - k) ** 2 / spread)
        if hoeffding > _EXACT_BELOW:
            return hoeffding
    probs = np.zeros(k + 1)
    probs[0] = 1.0
    for m in range(2, n + 1):
        cumulative = np.cumsum(probs)
        shifted = np.concatenate([np.zeros(m), cumulative[:-m]]) if m <= k else \
            np.zeros(k + 1)
        probs = (cumulative - shifted[: k + 1]) / m
    return float(min(1.0, probs.sum()))
