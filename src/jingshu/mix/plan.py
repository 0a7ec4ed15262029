"""Mix dataset versions by token share: the plan, and the rows it selects.

Each source ``i`` with weight ``w_i`` is to give ``T_i = T * w_i / sum(w)`` of the
``T`` tokens. A source holding ``N_i`` tokens is repeated ``r_i = T_i / N_i`` times:
``floor(r_i)`` whole epochs (upsampling when ``r_i >= 1``) plus a partial epoch of
rows chosen in a seeded pseudo-random order until their tokens reach the remainder
``(r_i - floor(r_i)) * N_i`` (downsampling when ``r_i < 1``). The order is a 64-bit
BLAKE2b hash of (seed, source, row number), so the same sources, weights, budget and
seed always give the same rows; the realised tokens of a source differ from ``T_i`` by
less than its longest row. Memory: 16 bytes a source row (its token count and order
key), never the texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from jingshu.errors import InputError
from jingshu.store import StoredVersion
from jingshu.tokens import TokenCounter

__all__ = ["MIX_SCHEMA", "MixPlan", "MixSource", "SourcePlan", "mixed_batches", "plan_mix"]

MIX_SCHEMA = pa.schema([("text", pa.string()), ("source", pa.string())])


@dataclass(frozen=True)
class MixSource:
    """One input: a stored version, its label (``name@number``), weight and text field."""

    label: str
    version: StoredVersion
    weight: float
    text_field: str


@dataclass(frozen=True)
class SourcePlan:
    """What one source gives: whole epochs, then a partial one of ``partial_rows`` rows.

    ``selected`` is each row's count in the output (epochs, plus one for the partial).
    """

    label: str
    text_field: str
    weight: float
    rows: int
    tokens: int
    target_tokens: float
    epochs: int
    partial_rows: int
    realised_tokens: int
    realised_rows: int
    selected: np.ndarray

    @property
    def ratio(self) -> float:
        """Times the source is used: above 1 upsampled, below 1 downsampled."""
        return self.target_tokens / self.tokens if self.tokens else 0.0


@dataclass(frozen=True)
class MixPlan:
    """The plan of a whole mix."""

    target_tokens: float
    seed: int
    tokenizer: str
    sources: tuple[SourcePlan, ...]

    @property
    def realised_tokens(self) -> int:
        return sum(s.realised_tokens for s in self.sources)

    def shares(self) -> dict[str, float]:
        """Realised token share per source."""
        total = self.realised_tokens or 1
        return {s.label: s.realised_tokens / total for s in self.sources}


def _order_keys(seed: int, label: str, n: int) -> np.ndarray:
    salt = hashlib.blake2b(f"{seed}:{label}".encode(), digest_size=8).digest()
    rows = np.arange(n, dtype=np.uint64)
    x = rows ^ np.uint64(int.from_bytes(salt, "little"))
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return np.asarray(x ^ (x >> np.uint64(31)), dtype=np.uint64)


def _row_tokens(source: MixSource, counter: TokenCounter) -> np.ndarray:
    parts = [np.asarray(counter.count([t or "" for t in b.column(0).to_pylist()]),
                        dtype=np.int64)
             for b in source.version.iter_batches(columns=[source.text_field])]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _plan_source(source: MixSource, target: float, seed: int,
                 counter: TokenCounter) -> SourcePlan:
    tokens = _row_tokens(source, counter)
    total = int(tokens.sum())
    if total == 0:
        raise InputError(f"source {source.label} has no tokens in field "
                         f"{source.text_field!r}", hint="choose a text field with --field")
    ratio = target / total
    epochs = int(ratio)
    remainder = target - epochs * total
    order = np.argsort(_order_keys(seed, source.label, len(tokens)), kind="stable")
    cumulative = np.cumsum(tokens[order])
    # take rows in order while the running total stays within the remainder, then the
    # one row that brings it closest
    cut = int(np.searchsorted(cumulative, remainder, side="right"))
    if cut < len(cumulative) and cut >= 0:
        below = cumulative[cut - 1] if cut else 0
        if abs(cumulative[cut] - remainder) < abs(remainder - below):
            cut += 1
    selected = np.full(len(tokens), epochs, dtype=np.int32)
    selected[order[:cut]] += 1
    realised = int((selected.astype(np.int64) * tokens).sum())
    return SourcePlan(label=source.label, text_field=source.text_field, weight=source.weight,
                      rows=len(tokens), tokens=total, target_tokens=target, epochs=epochs,
                      partial_rows=cut, realised_tokens=realised,
                      realised_rows=int(selected.sum()), selected=selected)


def plan_mix(sources: Sequence[MixSource], tokens: float, *, seed: int = 0,
             counter: TokenCounter | None = None) -> MixPlan:
    """Plan a mix of ``tokens`` tokens from ``sources`` by their weights.

    Args:
        sources: the inputs; weights need not sum to 1 (they are normalised).
        tokens: the output's token budget.
        seed: the seed of the partial epochs' row order.
        counter: the tokenizer (the shipped Chinese BPE by default).

    Raises:
        InputError: no sources, a weight not above 0, or a budget not above 0.
    """
    if not sources:
        raise InputError("a mix needs at least one source",
                         hint="pass --source NAME@V:WEIGHT, e.g. zh-news@1:0.6")
    for s in sources:
        if not s.weight > 0:
            raise InputError(f"source {s.label}: weight {s.weight} must be above 0",
                             hint="write NAME@V:WEIGHT with a positive weight, e.g. :0.4")
    if not tokens > 0:
        raise InputError(f"token budget {tokens} must be above 0", hint="e.g. --tokens 2e9")
    counter = counter or TokenCounter()
    total_weight = sum(s.weight for s in sources)
    plans = tuple(_plan_source(s, tokens * s.weight / total_weight, seed, counter)
                  for s in sources)
    return MixPlan(target_tokens=tokens, seed=seed, tokenizer=counter.name, sources=plans)


def mixed_batches(plan: MixPlan, sources: Sequence[MixSource],
                  batch_rows: int = 8192) -> Iterator[pa.RecordBatch]:
    """The mix's rows: for each source, epoch after epoch, its selected rows in order.

    Args:
        plan: from :func:`plan_mix` over the same ``sources``.
        sources: the inputs.
        batch_rows: rows per batch read.
    """
    for source, sp in zip(sources, plan.sources, strict=True):
        for epoch in range(sp.epochs + 1):
            offset = 0
            for batch in source.version.iter_batches(columns=[source.text_field],
                                                     batch_size=batch_rows):
                keep = sp.selected[offset:offset + batch.num_rows] > epoch
                offset += batch.num_rows
                if keep.any():
                    texts = batch.column(0).filter(pa.array(keep))
                    yield pa.record_batch(
                        [pc_cast_string(texts), pa.array([sp.label] * len(texts))],
                        schema=MIX_SCHEMA)


def pc_cast_string(values: pa.Array) -> pa.Array:
    """``values`` as ``string`` (large strings are cast down, nulls become empty)."""
    import pyarrow.compute as pc

    return pc.fill_null(pc.cast(values, pa.string()), "")
