"""Tracing a leaked file back to its recipient, with a bound on false accusations.

Each distinct slot (:mod:`.keys`) in the file is one trial. For a candidate recipient
who did *not* receive the file, whether a slot shows that recipient's bit is a fair
coin flip (their bits are keyed by a secret the file's content never saw), so the
number of matching slots is Binomial(n, ½). A candidate is named only when the
chance of so many matches by luck, times the number of candidates tried
(Bonferroni), is at most ``alpha`` (default 10⁻⁶): the probability that a trace
names anyone who did not receive the file is at most ``alpha``.

Three answers: ``traced`` (the recipients whose marks are there, with the p-value
and confidence), ``unmarked`` (enough slots, nobody's marks: an unmarked file or a
foreign one), ``too_small`` (even a perfect match could not reach the bound).
"""

from __future__ import annotations

import csv
import enum
import io
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from jingshu.circulation.watermark.keys import Slot, keyed_bit
from jingshu.circulation.watermark.tabular import value_slots
from jingshu.errors import InputError

__all__ = [
    "ALPHA",
    "Candidate",
    "Finding",
    "TraceResult",
    "Verdict",
    "binomial_tail",
    "file_slots",
    "trace",
    "trace_slots",
]

ALPHA = 1e-6
_MAX_BYTES = 512 * 1024 * 1024


class Verdict(enum.StrEnum):
    TRACED = "traced"
    UNMARKED = "unmarked"
    TOO_SMALL = "too_small"


@dataclass(frozen=True)
class Candidate:
    """A recipient a file may have come from: a grant and its watermark secret."""

    grant_id: str
    holder: str
    dataset: str
    secret: bytes


@dataclass(frozen=True)
class Finding:
    grant_id: str
    holder: str
    dataset: str
    matched: int
    slots: int
    p_value: float  # already multiplied by the number of candidates

    @property
    def confidence(self) -> float:
        return max(0.0, 1.0 - self.p_value)


@dataclass(frozen=True)
class TraceResult:
    verdict: Verdict
    slots: int
    candidates: int
    alpha: float
    findings: list[Finding] = field(default_factory=list)
    needed: int = 0  # slots needed before anyone could be named

    @property
    def message(self) -> str:
        if self.verdict is Verdict.TOO_SMALL:
            return (f"too small to decide: {self.slots} marked places found, at least "
                    f"{self.needed} are needed to name anyone at a false-accusation bound "
                    f"of {self.alpha:g}")
        if self.verdict is Verdict.UNMARKED:
            return (f"no recipient's watermark found among {self.candidates} grants "
                    f"({self.slots} places checked): the file is unmarked or not from "
                    "this platform; nobody is blamed")
        best = self.findings[0]
        return (f"leaked by {best.holder} (grant {best.grant_id}, dataset {best.dataset}): "
                f"{best.matched}/{best.slots} places match, chance of a false accusation "
                f"≤ {best.p_value:.1e}")


def binomial_tail(n: int, k: int) -> float:
    """P(X ≥ k) for X ~ Binomial(n, ½), computed in log space."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    log_half_n = n * math.log(0.5)
    logs = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + log_half_n
            for i in range(k, n + 1)]
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


def trace_slots(slots: Iterable[Slot], candidates: Sequence[Candidate],
                alpha: float = ALPHA) -> TraceResult:
    """Test every candidate against the slots of one file."""
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


def _walk_json(value: object) -> Iterator[object]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk_json(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk_json(v)
    else:
        yield value


def _cells(path: Path) -> Iterator[object]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        table = pq.read_table(path)
        for column in table.columns:
            yield from column.to_pylist()
        return
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if suffix in (".csv", ".tsv"):
        rows = csv.reader(io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ",")
        next(rows, None)  # the header
        for row in rows:
            yield from row
    elif suffix in (".jsonl", ".ndjson", ".json"):
        lines = [text] if suffix == ".json" else text.splitlines()
        for line in lines:
            try:
                yield from _walk_json(json.loads(line))
            except ValueError:  # an edited or cut line: read it as text
                yield line
    else:
        yield text


def file_slots(path: str | Path) -> list[Slot]:
    """Every mark a leaked file carries (CSV, TSV, JSONL, JSON, Parquet or plain text)."""
    target = Path(path)
    if not target.is_file():
        raise InputError(f"file {str(path)!r} does not exist", hint="check the path")
    if target.stat().st_size > _MAX_BYTES:
        raise InputError(f"file {str(path)!r} is larger than 512 MiB",
                         hint="trace a sample of it: a few hundred rows are enough")
    try:
        return [slot for value in _cells(target) for slot in value_slots(value)]
    except OSError as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc}",
                         hint="give a CSV, JSONL, Parquet or text file") from exc


def trace(path: str | Path, candidates: Sequence[Candidate],
          alpha: float = ALPHA) -> TraceResult:
    """Name the recipients whose marks ``path`` carries, or say why nobody is named."""
    if not 0 < alpha < 1:
        raise InputError(f"alpha={alpha} is out of range", hint="use e.g. 1e-6")
    return trace_slots(file_slots(path), candidates, alpha)
