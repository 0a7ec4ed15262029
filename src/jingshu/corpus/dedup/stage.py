"""The executor hook that runs whole-dataset steps after the streaming ones.

``run_files`` calls :func:`run_dataset_stages` once every shard is written. Each
``near_dedup`` / ``line_dedup`` / ``exact_dedup`` (``scope: dataset``) step of the
recipe, in recipe order, reads all output shards, writes the deduplicated shards
beside them and renames them over the originals; its statistics go into the step's
entry of the run report. A marker in ``.done/`` records each finished stage, so a
resumed run does not deduplicate twice.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from jingshu.corpus.dedup.api import Executor, dedup_shards
from jingshu.corpus.dedup.config import NearDedupConfig
from jingshu.corpus.dedup.report import DedupReport
from jingshu.corpus.dedup.steps import LineDedupOperator, NearDedupOperator
from jingshu.corpus.ops.dedup_exact import ExactDeduplicator
from jingshu.corpus.recipe import Recipe, build_operators
from jingshu.corpus.report import RunReport
from jingshu.corpus.stats import OperatorStats
from jingshu.progress import OnStep

__all__ = ["run_dataset_stages"]


class _Shard(Protocol):
    @property
    def output(self) -> Path: ...
    @property
    def name(self) -> str: ...
    @property
    def fmt(self) -> str: ...


def _stats(op: OperatorStats, result: DedupReport) -> None:
    op.docs_out = op.docs_in - result.exact_removed - result.near_removed
    for reason, n in (("exact_duplicate", result.exact_removed),
                      ("near_duplicate", result.near_removed)):
        if n:
            op.drops[reason] = n
            op.examples[reason] = [s.removed[0] for s in result.samples if s.removed][:3]
    op.counters.update({"clusters": result.clusters, "candidate_pairs": result.candidate_pairs,
                        "merged_pairs": result.verified_pairs,
                        "frequent_lines": result.frequent_lines,
                        "lines_removed": result.lines_removed})
    op.seconds += sum(result.seconds.values())


def _run_stage(operator: Any, shards: Sequence[_Shard], out: Path, workers: int,
               executor: Executor, address: str | None, on_step: OnStep | None) -> DedupReport:
    files = [(s.output / f"{s.name}.{s.fmt}", s.name) for s in shards]
    temp = out / "_dedup_stage"
    fmt = shards[0].fmt
    how: dict[str, Any] = {"fmt": fmt, "workers": workers, "executor": executor,
                           "address": address, "progress": False, "on_step": on_step,
                           "label": operator.name}
    if isinstance(operator, NearDedupOperator):
        result = dedup_shards(files, temp, operator.config(), **how)
    elif isinstance(operator, ExactDeduplicator):
        result = dedup_shards(files, temp, NearDedupConfig(), near=False, **how)
    else:
        config = NearDedupConfig(exact=False, line_min_docs=operator.params.min_docs)
        result = dedup_shards(files, temp, config, strip_lines=True, near=False, **how)
    for path, name in files:
        (temp / f"{name}.{fmt}").replace(path)
    shutil.rmtree(temp, ignore_errors=True)
    return result


def run_dataset_stages(recipe: Recipe, shards: Sequence[_Shard], out: Path,
                       report: RunReport, *, workers: int = 1, executor: Executor = "local",
                       address: str | None = None, on_step: OnStep | None = None) -> None:
    """Run the recipe's whole-dataset steps over the written shards; update ``report``.

    Args:
        recipe: The recipe that was run.
        shards: The run's shard tasks (``output``, ``name``, ``fmt``), in order.
        out: The output folder.
        report: The merged report; the steps' entries and ``docs_out`` are updated.
        workers: Worker processes (local) or CPUs of a local Ray for the steps'
            per-shard and per-band work.
        executor: ``local`` or ``ray``.
        address: Ray cluster address (``ray``; ``None``: the Ray of the run's session).
        on_step: Told each step's progress, e.g. ``near_dedup: signatures`` by shards.
    """
    operators = build_operators(recipe)
    for index, operator in enumerate(operators):
        if not getattr(operator, "whole_dataset", False) or not shards:
            continue
        marker = out / ".done" / f"_stage_{index}_{operator.name}.json"
        if marker.exists():
            stats = OperatorStats.from_dict(json.loads(marker.read_text("utf-8")))
        else:
            stats = replace(report.operators[index], drops={}, examples={}, counters={})
            if isinstance(operator, NearDedupOperator | LineDedupOperator | ExactDeduplicator):
                _stats(stats, _run_stage(operator, shards, out, workers, executor,
                                         address, on_step))
            marker.write_text(json.dumps(stats.to_dict(), ensure_ascii=False), "utf-8")
        report.operators[index] = stats
        report.docs_out -= stats.docs_in - stats.docs_out
