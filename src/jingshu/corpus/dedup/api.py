"""``dedup_files``: exact, line and near-duplicate removal over shard files.

Steps, each one a function over spilled per-shard state (:mod:`.spill`), run by local
worker processes or as Ray tasks with the same result:

1. prepare (per shard): normalize, hash lines, exact key → ``norm.parquet``;
2. lines (global): count lines over documents → the frequent ones;
3. signatures (per shard): MinHash of the text without frequent lines;
4. buckets (per band): candidate pairs; exact pairs from the exact keys;
5. clusters (global): optional true-Jaccard verification, union-find;
6. filter (per shard): keep one document per cluster, write the output shards.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np

from jingshu.corpus.dedup.buckets import candidate_pairs, unique_pairs
from jingshu.corpus.dedup.clusters import cluster_labels, verify_pairs
from jingshu.corpus.dedup.config import NearDedupConfig
from jingshu.corpus.dedup.exact import exact_pairs, first_of_key
from jingshu.corpus.dedup.filter import choose_keepers, write_kept
from jingshu.corpus.dedup.repeated_lines import frequent_lines
from jingshu.corpus.dedup.report import DedupReport, SampleCluster
from jingshu.corpus.dedup.spill import (
    ShardJob,
    hashing_texts,
    prepare_shard,
    read_ids,
    read_meta,
    signature_shard,
)
from jingshu.corpus.shard_io import find_shards
from jingshu.progress import OnStep, Step, TerminalProgress

__all__ = ["Executor", "dedup_files", "dedup_shards"]

Executor = Literal["local", "ray"]
T = TypeVar("T")
R = TypeVar("R")
_SAMPLES = 5


Tick = Callable[[int], None]
"""Told how many items of a map are done."""


def _no_tick(done: int) -> None:
    return None


def _ticking(results: Iterator[R], tick: Tick) -> list[R]:
    out: list[R] = []
    for result in results:
        out.append(result)
        tick(len(out))
    return out


Mapper = Callable[[Callable[[T], R], Sequence[T], Tick], list[R]]


@contextmanager
def _local_map(workers: int) -> Iterator[Mapper[Any, Any]]:
    """A map over one process pool kept for the whole run (spawned workers start slowly)."""
    if workers <= 1:
        yield lambda fn, items, tick: _ticking((fn(item) for item in items), tick)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as pool:
        yield lambda fn, items, tick: _ticking(pool.map(fn, items), tick)


@contextmanager
def _ray_map(address: str | None, workers: int) -> Iterator[Mapper[Any, Any]]:
    from jingshu.corpus.dedup.ray_backend import ray_map
    from jingshu.corpus.executor_ray import ray_session

    with ray_session(address, workers):  # one connection for all the steps
        yield lambda fn, items, tick: _ticking(
            iter(ray_map(fn, items, address=address, num_cpus=workers)), tick)


class _Steps:
    """Tells ``on_step`` how far each step is: ``LABEL: STEP``, by shards or bands."""

    def __init__(self, on_step: OnStep | None, label: str) -> None:
        self._on_step = on_step
        self._label = label

    def start(self, step: str, total: int, unit: str = "shards") -> Tick:
        """Report ``step`` begun; returns what to tick as its items are done."""
        on_step = self._on_step
        if on_step is None:
            return _no_tick
        name = f"{self._label}: {step}"
        on_step(Step(name, 0, total, unit))
        return lambda done: on_step(Step(name, done, total, unit))


@contextmanager
def _timed(report: DedupReport, step: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    report.seconds[step] = report.seconds.get(step, 0.0) + time.perf_counter() - started


def _signature_job(args: tuple[ShardJob, frozenset[int]]) -> int:
    return signature_shard(*args)


def _band_job(args: tuple[list[Path], int, np.ndarray | None]) -> np.ndarray:
    return candidate_pairs(args[0], args[1], skip=args[2])


def _write_job(args: tuple[Path, Path, np.ndarray, str, frozenset[int]]) -> int:
    return write_kept(*args)


class _Corpus:
    """The shards of a run, their global offsets and spilled columns."""

    def __init__(self, jobs: list[ShardJob], counts: list[int]) -> None:
        self.jobs = jobs
        self.offsets = np.r_[0, np.cumsum(counts)].astype(np.int64)

    @property
    def size(self) -> int:
        return int(self.offsets[-1])

    def column(self, name: str, dtype: Any) -> np.ndarray:
        arrays = [read_meta(job, name).astype(dtype) for job in self.jobs]
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)

    def _by_shard(self, indices: np.ndarray) -> Iterator[tuple[ShardJob, list[int], list[int]]]:
        shard_of = np.searchsorted(self.offsets, indices, side="right") - 1
        for s in np.unique(shard_of).tolist():
            chosen = indices[shard_of == s].tolist()
            yield self.jobs[s], chosen, [g - int(self.offsets[s]) for g in chosen]

    def texts(self, indices: np.ndarray, frequent: frozenset[int]) -> list[str]:
        out: dict[int, str] = {}
        for job, chosen, local in self._by_shard(indices):
            out.update(zip(chosen, hashing_texts(job, frequent, local), strict=True))
        return [out[g] for g in indices.tolist()]

    def ids(self, indices: np.ndarray) -> list[str]:
        out: dict[int, str] = {}
        for job, chosen, local in self._by_shard(indices):
            out.update(zip(chosen, read_ids(job, local), strict=True))
        return [out[g] for g in indices.tolist()]


def _samples(corpus: _Corpus, labels: np.ndarray, keep: np.ndarray) -> list[SampleCluster]:
    roots, sizes = np.unique(labels, return_counts=True)
    out: list[SampleCluster] = []
    for root in roots[np.argsort(-sizes, kind="stable")][:_SAMPLES].tolist():
        members = np.flatnonzero(labels == root)
        if len(members) < 2:
            break
        chosen = np.r_[members[keep[members]][:1], members[~keep[members]][:5]]
        names = corpus.ids(chosen)
        snippet = corpus.texts(chosen[:1], frozenset())[0][:80]
        out.append(SampleCluster(names[0], names[1:], len(members), snippet))
    return out


def _near_pairs(corpus: _Corpus, config: NearDedupConfig, run: Any,
                frequent: frozenset[int], report: DedupReport,
                skip: np.ndarray | None, steps: _Steps) -> np.ndarray:
    bands, report.rows = config.band_rows
    report.bands = bands
    files = [j.path("bands.npy") for j in corpus.jobs]
    pairs = unique_pairs(run(_band_job, [(files, b, skip) for b in range(bands)],
                             steps.start("buckets", bands, "bands")))
    report.candidate_pairs = len(pairs)
    if config.verify:
        pairs = verify_pairs(pairs, lambda idx: corpus.texts(idx, frequent), config)
    report.verified_pairs = len(pairs)
    return pairs


def _cluster(corpus: _Corpus, config: NearDedupConfig, run: Any,
             frequent: frozenset[int], report: DedupReport, steps: _Steps, *,
             near: bool) -> np.ndarray:
    exact_labels = (first_of_key(corpus.column("exact", np.int64)) if config.exact
                    else np.arange(corpus.size, dtype=np.int64))
    labels = exact_labels  # without near steps: no pairs, no graph (memory per document)
    if near:
        no_pairs = np.zeros((0, 2), dtype=np.int64)
        exact = exact_pairs(corpus.column("exact", np.int64)) if config.exact else no_pairs
        skip = None
        if len(exact):
            skip = np.zeros(corpus.size, dtype=bool)
            skip[exact[:, 1]] = True  # later copies: linked to their first by ``exact``
        near_pairs = _near_pairs(corpus, config, run, frequent, report, skip, steps)
        labels = cluster_labels(corpus.size, unique_pairs([exact, near_pairs]))
    keep = choose_keepers(labels, corpus.column("length", np.int64),
                          corpus.column("quality", np.float64), config.keep)
    exact_kept = len(np.unique(exact_labels))
    report.exact_removed = corpus.size - exact_kept
    report.near_removed = exact_kept - int(keep.sum())
    _, sizes = np.unique(labels, return_counts=True)
    report.clusters = int((sizes > 1).sum())
    report.samples = _samples(corpus, labels, keep)
    return keep


def dedup_files(
    source: str | Path,
    output: str | Path,
    config: NearDedupConfig | None = None,
    *,
    workers: int = 1,
    executor: Executor = "local",
    address: str | None = None,
    fmt: str = "jsonl.gz",
    strip_lines: bool = False,
    progress: bool = True,
    on_step: OnStep | None = None,
) -> DedupReport:
    """Remove exact and near-duplicate documents from the shards at ``source``.

    Args:
        source: A shard file or a folder of shards (``.jsonl``, ``.jsonl.gz``, ``.parquet``).
        output: Output folder: one shard per input shard, ``dedup_report.json``/``.md``.
        config: The shared configuration (defaults: threshold 0.7, 128 permutations).
        workers: Worker processes (local) or CPUs (Ray) for the per-shard steps.
        executor: ``local`` or ``ray``.
        address: Ray cluster address (``None``: a local Ray instance).
        fmt: Output format: ``jsonl.gz``, ``jsonl`` or ``parquet``.
        strip_lines: Also remove frequent lines (``config.line_min_docs``) from the texts.
        progress: Show a progress bar per step (shards or bands done, rate, ETA) on
            stderr where no ``on_step`` is given.
        on_step: Told how far each step is (``dedup: signatures``, by shards).
    """
    out = Path(output)
    report = dedup_shards(find_shards(Path(source)), out, config, workers=workers,
                          executor=executor, address=address, fmt=fmt,
                          strip_lines=strip_lines, progress=progress, on_step=on_step)
    (out / "dedup_report.json").write_text(report.to_json() + "\n", encoding="utf-8")
    (out / "dedup_report.md").write_text(report.to_markdown(), encoding="utf-8")
    return report


def dedup_shards(
    shards: list[tuple[Path, str]],
    output: Path,
    config: NearDedupConfig | None = None,
    *,
    workers: int = 1,
    executor: Executor = "local",
    address: str | None = None,
    fmt: str = "jsonl.gz",
    strip_lines: bool = False,
    near: bool = True,
    progress: bool = True,
    on_step: OnStep | None = None,
    label: str = "dedup",
) -> DedupReport:
    """:func:`dedup_files` over listed shards, writing ``output/NAME.FMT`` for each.

    Args:
        shards: ``(file, name)`` per shard, in the global order.
        output: Output folder.
        config: The shared configuration.
        workers: Worker processes (local) or CPUs (Ray).
        executor: ``local`` or ``ray``.
        address: Ray cluster address.
        fmt: Output format.
        strip_lines: Remove frequent lines from the kept texts.
        near: Run the near-duplicate steps (``False``: exact and line steps only).
        progress: Show a progress bar per step where no ``on_step`` is given.
        on_step: Told how far each step is: ``LABEL: prepare``, ``signatures`` and
            ``filter`` by shards, ``buckets`` by bands.
        label: The steps' prefix, e.g. the recipe step's name.
    """
    config = config or NearDedupConfig()
    work = output / "_dedup_work"
    jobs = [ShardJob(path, name, work, config) for path, name in shards]
    mapper = _ray_map(address, workers) if executor == "ray" else _local_map(workers)
    report = DedupReport()
    bars = TerminalProgress(enabled=progress and on_step is None)
    steps = _Steps(on_step or (bars if bars.enabled else None), label)
    with mapper as run, bars:
        with _timed(report, "prepare"):
            corpus = _Corpus(jobs, run(prepare_shard, jobs, steps.start("prepare", len(jobs))))
        with _timed(report, "lines"):
            frequent = frequent_lines((j.path("lines.npy") for j in jobs), config.line_min_docs)
        report.frequent_lines = len(frequent)
        if near:
            with _timed(report, "signatures"):
                run(_signature_job, [(j, frequent) for j in jobs],
                    steps.start("signatures", len(jobs)))
        with _timed(report, "clusters"):
            keep = _cluster(corpus, config, run, frequent, report, steps, near=near)
        with _timed(report, "filter"):
            stripped = frequent if strip_lines else frozenset()
            masks = np.split(keep, corpus.offsets[1:-1])
            report.lines_removed = sum(run(_write_job, [
                (j.source, output / f"{j.name}.{fmt}", m, fmt, stripped)
                for j, m in zip(jobs, masks, strict=True)], steps.start("filter", len(jobs))))
    report.docs_in, report.docs_out = corpus.size, int(keep.sum())
    shutil.rmtree(work, ignore_errors=True)
    return report
