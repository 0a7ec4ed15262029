"""Share of documents that contain each term: the statistic policy researchers quote.

"20% of AI policies mention 人工智能产业" is :func:`term_stats` over a dataset version
of policy texts with ``terms=("人工智能产业",)``. A document counts once per term
however often the term occurs; matching is exact substring matching on the ``text``
column (Chinese needs no word splitting for this), streamed batch by batch with
Arrow's vectorized ``match_substring``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from jingshu.corpus.report_plot import drawing
from jingshu.errors import InputError
from jingshu.store import StoredVersion

__all__ = [
    "MAX_TERMS",
    "TermShare",
    "TermStats",
    "count_terms",
    "parse_terms",
    "term_stats",
    "term_stats_png",
]

MAX_TERMS = 50


@dataclass(frozen=True)
class TermShare:
    """How many documents contain one term.

    Args:
        term: The term.
        documents: Documents containing it at least once.
        share: ``documents`` over all documents (0 for an empty version).
    """

    term: str
    documents: int
    share: float


@dataclass(frozen=True)
class TermStats:
    """Term shares over one dataset version.

    Args:
        dataset: Dataset name.
        version: Version number.
        documents: Documents in the version.
        terms: One entry per term, in the order asked.
    """

    dataset: str
    version: int
    documents: int
    terms: tuple[TermShare, ...]


def parse_terms(raw: str | Iterable[str]) -> tuple[str, ...]:
    """Terms from ``"A,B"`` (ASCII or Chinese commas) or a list, stripped, duplicates dropped.

    Args:
        raw: Comma-separated terms, or the terms.

    Raises:
        InputError: No term, or more than :data:`MAX_TERMS`.
    """
    items = raw.replace("，", ",").split(",") if isinstance(raw, str) else list(raw)
    terms = tuple(dict.fromkeys(t.strip() for t in items if t.strip()))
    if not terms:
        raise InputError("no terms given", hint="pass terms separated by commas, e.g. "
                         "--terms 人工智能产业,数据要素")
    if len(terms) > MAX_TERMS:
        raise InputError(f"{len(terms)} terms given; at most {MAX_TERMS}",
                         hint="ask in several calls")
    return terms


def count_terms(batches: Iterable[pa.RecordBatch], terms: Sequence[str]) -> tuple[int, list[int]]:
    """(documents, documents containing each term) over batches with a ``text`` column."""
    total, counts = 0, [0] * len(terms)
    for batch in batches:
        text = batch.column(0)
        total += len(text)
        for i, term in enumerate(terms):
            counts[i] += int(pc.sum(pc.match_substring(text, term)).as_py() or 0)
    return total, counts


def term_stats(stored: StoredVersion, number: int, terms: str | Iterable[str]) -> TermStats:
    """Share of the version's documents that contain each term.

    Args:
        stored: The opened dataset version (``jingshu.catalog.service.open_version``).
        number: Its version number (for the result).
        terms: Comma-separated terms or a list of terms.

    Raises:
        InputError: No usable terms, or the version has no ``text`` column.
    """
    wanted = parse_terms(terms)
    if "text" not in stored.schema().names:
        raise InputError(f"dataset {stored.manifest.dataset!r} has no 'text' column",
                         hint="term shares are counted in a column named text")
    total, counts = count_terms(stored.iter_batches(columns=["text"]), wanted)
    shares = tuple(TermShare(t, n, n / total if total else 0.0)
                   for t, n in zip(wanted, counts, strict=True))
    return TermStats(stored.manifest.dataset, number, total, shares)


def term_stats_png(stats: TermStats) -> bytes:
    """A horizontal bar chart of the shares, as PNG bytes (matplotlib Agg).

    Terms are drawn with a CJK font where one is installed; without one matplotlib
    draws boxes for Chinese characters (its missing-glyph warnings are silenced), the
    percentages stay readable.

    Args:
        stats: The result of :func:`term_stats`.
    """
    with drawing() as plt:
        return _bar_chart(plt, stats)


def _bar_chart(plt: Any, stats: TermStats) -> bytes:
    import io

    from matplotlib import font_manager

    cjk = sorted({f.name for f in font_manager.fontManager.ttflist
                  if any(k in f.name for k in ("CJK", "WenQuanYi", "Hei", "Song"))})
    with plt.rc_context({"font.family": [*cjk[:1], "DejaVu Sans"]}):
        fig, ax = plt.subplots(figsize=(7, max(2.0, 0.45 * len(stats.terms) + 1)))
        labels = [t.term for t in stats.terms][::-1]
        values = [100 * t.share for t in stats.terms][::-1]
        bars = ax.barh(labels, values, color="#3b7dd8")
        ax.bar_label(bars, labels=[f"{v:.1f}%" for v in values], padding=3)
        ax.set_xlim(0, min(100.0, max([10.0, *values]) * 1.2))
        ax.set_xlabel("share of documents containing the term (%)")
        ax.set_title(f"{stats.dataset}@{stats.version}: {stats.documents} documents")
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
        plt.close(fig)
    return buffer.getvalue()
