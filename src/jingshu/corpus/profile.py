"""Text profiles: histograms of length, CJK share, fluency and repetition, before and after.

A run measures a deterministic sample of its documents twice, as they enter the
pipeline and, if kept, as they leave it. The sample is every document among the
first :data:`FULL_PROFILE_DOCS` of a shard plus one in :data:`SAMPLE_EVERY` of the
rest, chosen by a hash of the document id, so the same input gives the same
histograms whichever worker ran which shard. Bins are fixed (:data:`METRICS`), so
shards' histograms add up.

The measures: length in non-whitespace characters; share of Han characters; fluency,
the mean natural-log probability per character under the character language model
(:mod:`jingshu.corpus.charlm`, first :data:`FLUENCY_CHARS` characters); character
10-gram repetition (Gopher's duplicate n-gram character fraction over characters,
first :data:`REPETITION_CHARS` characters).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

from jingshu.corpus.charlm import CharLM, default_charlm
from jingshu.corpus.ops.quality_heuristics import char_repetition_ratio, cjk_ratio

__all__ = [
    "FLUENCY_CHARS",
    "FULL_PROFILE_DOCS",
    "METRICS",
    "REPETITION_CHARS",
    "SAMPLE_EVERY",
    "Metric",
    "ProfileStats",
    "TextProfiler",
]

FULL_PROFILE_DOCS = 200
SAMPLE_EVERY = 32
FLUENCY_CHARS = 500
REPETITION_CHARS = 2000


@dataclass(frozen=True)
class Metric:
    """One profiled measure and its fixed histogram bins.

    Args:
        key: Name in reports (``length``).
        title: Axis label.
        edges: Bin edges, increasing; values outside go to the first or last bin.
        log: Draw the x axis on a log scale.
    """

    key: str
    title: str
    edges: tuple[float, ...]
    log: bool = False

    def bin(self, value: float) -> int:
        """Index of the bin holding ``value`` (clamped to the outer bins)."""
        last = len(self.edges) - 2
        for i in range(last + 1):
            if value < self.edges[i + 1]:
                return max(i, 0)
        return last


def _steps(start: float, stop: float, count: int) -> tuple[float, ...]:
    return tuple(round(start + (stop - start) * i / count, 6) for i in range(count + 1))


METRICS: tuple[Metric, ...] = (
    Metric("length", "length (non-space characters)",
           (1, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000,
            1000000), log=True),
    Metric("cjk_ratio", "share of Han characters", _steps(0.0, 1.0, 20)),
    Metric("fluency", "fluency (mean log-prob per character)", _steps(-16.0, 0.0, 32)),
    Metric("char_repetition", "character 10-gram repetition", _steps(0.0, 1.0, 20)),
)
_BY_KEY = {m.key: m for m in METRICS}


def _empty() -> dict[str, list[int]]:
    return {m.key: [0] * (len(m.edges) - 1) for m in METRICS}


@dataclass
class ProfileStats:
    """Histogram counts per metric, of the sampled documents before and after a run.

    Args:
        sampled: Documents measured on the way in.
        before: Counts per bin per metric, on the way in.
        after: Counts per bin per metric, for the sampled documents that were kept.
    """

    sampled: int = 0
    before: dict[str, list[int]] = field(default_factory=_empty)
    after: dict[str, list[int]] = field(default_factory=_empty)

    def merge(self, other: ProfileStats) -> None:
        """Add another shard's counts into these."""
        self.sampled += other.sampled
        for mine, theirs in ((self.before, other.before), (self.after, other.after)):
            for key, counts in theirs.items():
                row = mine.setdefault(key, [0] * len(counts))
                mine[key] = [a + b for a, b in zip(row, counts, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (bin edges included, for readers without this code)."""
        return {
            "sampled": self.sampled,
            "edges": {m.key: list(m.edges) for m in METRICS},
            "before": self.before,
            "after": self.after,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProfileStats:
        """Inverse of :meth:`to_dict`."""
        return cls(sampled=int(data["sampled"]), before=dict(data["before"]),
                   after=dict(data["after"]))

    @staticmethod
    def metric(key: str) -> Metric:
        """The :class:`Metric` named ``key``."""
        return _BY_KEY[key]


class TextProfiler:
    """Measures sampled documents into a :class:`ProfileStats`.

    Args:
        lm: Character language model for fluency; the jieba-trained default if omitted
            (loaded on first use).
    """

    def __init__(self, lm: CharLM | None = None) -> None:
        self._lm = lm
        self.stats = ProfileStats()
        self._seen = 0

    def wants(self, doc_id: str) -> bool:
        """Whether the next document (with ``doc_id``) is in the sample."""
        self._seen += 1
        if self._seen <= FULL_PROFILE_DOCS:
            return True
        return zlib.crc32(doc_id.encode("utf-8")) % SAMPLE_EVERY == 0

    def measure(self, text: str) -> dict[str, float]:
        """The four measures of one text."""
        if self._lm is None:
            self._lm = default_charlm()
        return {
            "length": float(len(text) - sum(ch.isspace() for ch in text)),
            "cjk_ratio": cjk_ratio(text),
            "fluency": self._lm.score(text[:FLUENCY_CHARS]),
            "char_repetition": char_repetition_ratio(text[:REPETITION_CHARS], 10),
        }

    def add(self, values: dict[str, float], *, after: bool) -> None:
        """Count one document's measures (from :meth:`measure`) into a histogram set.

        Args:
            values: The measures.
            after: Count into the after histograms (a kept document), else before.
        """
        target = self.stats.after if after else self.stats.before
        if not after:
            self.stats.sampled += 1
        for key, value in values.items():
            target[key][_BY_KEY[key].bin(value)] += 1
