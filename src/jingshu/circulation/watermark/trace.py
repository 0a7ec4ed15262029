"""Tracing a leak back to its recipient, with a bound on false accusations.

Three kinds of evidence, each with an exact or conservative p-value for a candidate
who did *not* receive the leak:

* **value marks** (:mod:`.tabular`: last decimal digits; and the punctuation marks of
  extracts made before 2026-12, :mod:`.text`): each distinct slot is a fair coin for
  an innocent candidate, so matches are Binomial(n, ½);
* **record order** (:mod:`.records`): the recognized records' order against the
  candidate's keyed order; P(at most k inversions among n) is the exact Mahonian tail;
* **canaries** (:mod:`.canary`): how many of the candidate's canary records the leak
  holds; each is found by chance with probability at most :data:`CANARY_FALSE_HIT`,
  so hits are bounded by a Binomial(m, p₀) tail.

A candidate's p-value is the smallest of their tests times the number of tests, and
a candidate is named only when that times the number of candidates (Bonferroni) is at
most ``alpha`` (default 10⁻⁶): the chance that a trace names anyone who did not
receive the file is at most ``alpha``.

Three answers: ``traced`` (the recipients named, with p-value and evidence),
``unmarked`` (enough evidence to decide, nobody's marks: an unmarked or foreign
file), ``too_small`` (even perfect evidence could not reach the bound).
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jingshu.circulation.watermark.canary import GRAM, HIT_SHARE, Canary, make_canaries
from jingshu.circulation.watermark.keys import Slot, keyed_bit
from jingshu.circulation.watermark.leak import Leak, read_leak
from jingshu.circulation.watermark.records import (
    MAX_ORDERED,
    RecordIndex,
    count_inversions,
    inversion_tail,
    leak_text,
    order_rank,
)
from jingshu.circulation.watermark.tabular import value_slots
from jingshu.errors import InputError

__all__ = [
    "ALPHA",
    "CANARY_FALSE_HIT",
    "Candidate",
    "ExtractedVersion",
    "Finding",
    "TraceResult",
    "Verdict",
    "binomial_tail",
    "file_slots",
    "trace",
    "trace_leak",
    "trace_slots",
]

ALPHA = 1e-6
# Per canary, a bound on the chance that a text not made from it holds HIT_SHARE of
# its signature 8-grams. Each signature gram joins two independent keyed choices from
# lists of 8 to 50 entries, so another canary shares any one gram with probability
# about 1/10 or less, and a canary holds 100+ grams: sharing 60% of them by chance is
# far below 10⁻⁴ (bench/bench_watermark.py measures the highest share seen among
# innocent canaries against real corpora and other recipients' canaries).
CANARY_FALSE_HIT = 1e-4


class Verdict(enum.StrEnum):
    TRACED = "traced"
    UNMARKED = "unmarked"
    TOO_SMALL = "too_small"


@dataclass(frozen=True)
class ExtractedVersion:
    """A dataset version a candidate downloaded, and how many canaries it carried."""

    version_id: str
    canaries: int = 0


@dataclass(frozen=True)
class Candidate:
    """A recipient a leak may have come from: a grant, its secret and what it extracted."""

    grant_id: str
    holder: str
    dataset: str
    secret: bytes
    versions: tuple[ExtractedVersion, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A named recipient and the evidence (p_value already multiplied for all tests)."""

    grant_id: str
    holder: str
    dataset: str
    matched: int
    slots: int
    p_value: float
    records: int = 0
    inversions: int = 0
    canaries_found: int = 0
    canaries: int = 0
    images: int = 0  # leaked images tested for this recipient's pixel marks
    image_z: float = 0.0  # their Hoeffding z (p ≤ exp(−z²/2) for anyone else)

    @property
    def confidence(self) -> float:
        return max(0.0, 1.0 - self.p_value)

    @property
    def evidence(self) -> str:
        parts = []
        if self.records >= 2:
            parts.append(f"{self.records} records in this recipient's order with "
                         f"{self.inversions} inversions")
        if self.canaries:
            parts.append(f"{self.canaries_found}/{self.canaries} canary records found")
        if self.slots:
            parts.append(f"{self.matched}/{self.slots} marked values match")
        if self.images:
            parts.append(f"pixel watermark in {self.images} images (z = {self.image_z:.1f})")
        return "; ".join(parts)


@dataclass(frozen=True)
class TraceResult:
    verdict: Verdict
    slots: int
    candidates: int
    alpha: float
    findings: list[Finding] = field(default_factory=list)
    needed: int = 0  # records in order needed before anyone could be named
    records: int = 0  # leaked records recognized as original records
    images: int = 0  # leaked images recognized as copies of stored originals

    @property
    def message(self) -> str:
        if self.verdict is Verdict.TOO_SMALL:
            return (f"too small to decide: {self.records} records recognized and "
                    f"{self.slots} marked values found; about {self.needed} records in "
                    f"order are needed to name anyone at a false-accusation bound of "
                    f"{self.alpha:g}")
        if self.verdict is Verdict.UNMARKED:
            images = f", {self.images} images" if self.images else ""
            return (f"no recipient's watermark found among {self.candidates} grants "
                    f"({self.records} records{images}, {self.slots} marked places checked): "
                    "the file is unmarked or not from this platform; nobody is blamed")
        best = self.findings[0]
        return (f"leaked by {best.holder} (grant {best.grant_id}, dataset {best.dataset}): "
                f"{best.evidence}; chance of a false accusation ≤ {best.p_value:.1e}")


def binomial_tail(n: int, k: int, p: float = 0.5) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p), computed in log space."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    logs = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1)
            + i * math.log(p) + (n - i) * math.log1p(-p) for i in range(k, n + 1)]
    top = max(logs)
    return min(1.0, math.exp(top) * sum(math.exp(v - top) for v in logs))


def _distinct(slots: Iterable[Slot]) -> list[Slot]:
    """One trial per key: the majority bit where a key repeats (ties dropped)."""
    votes: dict[str, Counter[int]] = {}
    for slot in slots:
        votes.setdefault(slot.key, Counter())[slot.observed] += 1
    out = []
    for key, count in votes.items():
        if count[0] != count[1]:
            out.append(Slot(key, 0 if count[0] > count[1] else 1))
    return out


def _needed(tests: int, alpha: float) -> int:
    """Records in order needed for ``1/n! * tests <= alpha``."""
    n, log_bound = 1, math.log(alpha / tests)
    while -math.lgamma(n + 1) > log_bound:
        n += 1
    return n


def _matched_keys(leak: Leak, folded: list[str], index: RecordIndex) -> list[str]:
    """Original records found in the leak, each once, in leak order."""
    seen: dict[str, None] = {}
    for record, text in zip(leak.records, folded, strict=True):
        key = index.match(record, text)
        if key is not None and key not in seen:
            seen[key] = None
            if len(seen) >= MAX_ORDERED:
                break
    return list(seen)


@lru_cache(maxsize=4096)
def _canaries(secret: bytes, version_id: str, count: int) -> tuple[Canary, ...]:
    return tuple(make_canaries(secret, version_id, count))


def _canary_hits(folded: list[str],
                 candidates: Sequence[Candidate]) -> dict[tuple[int, str], int]:
    """(candidate number, version) → how many of its canaries the leak holds."""
    owners: dict[str, list[tuple[int, str, int]]] = {}
    sizes: dict[tuple[int, str, int], int] = {}
    for c, cand in enumerate(candidates):
        for v in cand.versions:
            for i, canary in enumerate(_canaries(cand.secret, v.version_id, v.canaries)):
                sizes[(c, v.version_id, i)] = len(canary.grams)
                for gram in canary.grams:
                    owners.setdefault(gram, []).append((c, v.version_id, i))
    best: dict[tuple[int, str, int], float] = {}
    if owners:
        for text in folded:  # a canary must be found within one record
            found: dict[tuple[int, str, int], set[str]] = {}
            for i in range(len(text) - GRAM + 1):
                gram = text[i:i + GRAM]
                for owner in owners.get(gram, ()):
                    found.setdefault(owner, set()).add(gram)
            for owner, grams in found.items():
                best[owner] = max(best.get(owner, 0.0), len(grams) / sizes[owner])
    hits: Counter[tuple[int, str]] = Counter()
    for owner, share in best.items():
        if share >= HIT_SHARE:
            hits[owner[:2]] += 1
    return dict(hits)


def _judge(cand: Candidate, trials: list[Slot], orders: Mapping[str, list[str]],
           hits: Mapping[tuple[int, str], int], number: int, tried: int) -> Finding:
    n = len(trials)
    matched = sum(keyed_bit(cand.secret, s.key) == s.observed for s in trials)
    p_values = [binomial_tail(n, matched) if n else 1.0]
    records = inversions = found = planted = 0
    for v in cand.versions:
        keys = orders.get(v.version_id, [])
        if len(keys) >= 2:
            inv = count_inversions([order_rank(cand.secret, k) for k in keys])
            p_values.append(inversion_tail(len(keys), inv))
            if len(keys) > records:
                records, inversions = len(keys), inv
        if v.canaries:
            got = hits.get((number, v.version_id), 0)
            p_values.append(binomial_tail(v.canaries, got, CANARY_FALSE_HIT))
            found, planted = found + got, planted + v.canaries
    tests = 1 + 2 * len(cand.versions)
    p = min(1.0, min(p_values) * tests * tried)
    return Finding(cand.grant_id, cand.holder, cand.dataset, matched, n, p, records,
                   inversions, found, planted)


def trace_leak(leak: Leak, candidates: Sequence[Candidate], alpha: float = ALPHA, *,
               indexes: Mapping[str, RecordIndex] | None = None) -> TraceResult:
    """Test every candidate against one leak.

    Args:
        leak: The leaked records.
        candidates: Grants with their secrets and the versions they extracted.
        alpha: Bound on the chance of naming anyone who did not receive the leak.
        indexes: Per version id, its original records (for the order test).
    """
    if not 0 < alpha < 1:
        raise InputError(f"alpha={alpha} is out of range", hint="use e.g. 1e-6")
    trials = _distinct(s for value in leak.values() for s in value_slots(value))
    folded = [leak_text(record) for record in leak.records]
    orders = {vid: _matched_keys(leak, folded, index) for vid, index in (indexes or {}).items()}
    hits = _canary_hits(folded, candidates)
    tried = max(1, len(candidates))
    judged = [_judge(c, trials, orders, hits, i, tried) for i, c in enumerate(candidates)]
    findings = sorted((f for f in judged if f.p_value <= alpha), key=lambda f: f.p_value)
    records = max((len(k) for k in orders.values()), default=0)
    tests = 1 + 2 * max((len(c.versions) for c in candidates), default=0)
    needed = _needed(tests * tried, alpha)
    # Text slots are counted as evidence only where no record is recognized: in a
    # text from a granted version they are not marks (extracts no longer change text).
    slots = len(trials) if records == 0 else sum(t.key.startswith("n") for t in trials)
    best = min(2.0 ** -slots, 1 / math.factorial(min(records, 170)))
    if findings:
        verdict = Verdict.TRACED
    elif best * tests * tried > alpha and not hits:
        verdict = Verdict.TOO_SMALL
    else:
        verdict = Verdict.UNMARKED
    return TraceResult(verdict, len(trials), len(candidates), alpha, findings, needed, records)


def trace_slots(slots: Iterable[Slot], candidates: Sequence[Candidate],
                alpha: float = ALPHA) -> TraceResult:
    """Test every candidate against value marks alone (no records, no canaries)."""
    trials = _distinct(slots)
    n, tried = len(trials), max(1, len(candidates))
    needed = math.ceil(math.log2(tried / alpha))
    if n < needed:
        return TraceResult(Verdict.TOO_SMALL, n, len(candidates), alpha, needed=needed)
    findings = []
    for cand in candidates:
        matched = sum(keyed_bit(cand.secret, s.key) == s.observed for s in trials)
        p = min(1.0, binomial_tail(n, matched) * tried)
        if p <= alpha:
            findings.append(Finding(cand.grant_id, cand.holder, cand.dataset, matched, n, p))
    findings.sort(key=lambda f: f.p_value)
    verdict = Verdict.TRACED if findings else Verdict.UNMARKED
    return TraceResult(verdict, n, len(candidates), alpha, findings, needed)


def file_slots(path: str | Path) -> list[Slot]:
    """Every value mark a leaked file carries (CSV, TSV, JSONL, JSON, Parquet or text)."""
    return [slot for value in read_leak(path).values() for slot in value_slots(value)]


def trace(path: str | Path, candidates: Sequence[Candidate], alpha: float = ALPHA, *,
          indexes: Mapping[str, RecordIndex] | None = None) -> TraceResult:
    """Name the recipients a leaked file or folder came from, or say why nobody is named."""
    if not 0 < alpha < 1:
        raise InputError(f"alpha={alpha} is out of range", hint="use e.g. 1e-6")
    return trace_leak(read_leak(path), candidates, alpha, indexes=indexes)
