"""The local executor: a recipe over shard files with N worker processes.

Input is one ``.jsonl``, ``.jsonl.gz`` or ``.parquet`` file or a folder of them; each
file is a shard. Each shard is read and written streaming, to an output shard of the
same name. A shard's output is first written under a temporary name, renamed, and then
a completion marker ``.done/NAME.json`` holding the shard's statistics is written: a
rerun skips shards with a marker, so a killed run resumes and ends byte-identical to
an uninterrupted one. A rerun resumes only a run of the same recipe, inputs, format and
jingshu version (``.run.json``, :mod:`jingshu.corpus.output_folder`); any other
non-empty output folder is refused unless ``overwrite`` is given, and a run that keeps
no document publishes nothing unless ``allow_empty`` is given. Deduplicators keep
state per shard, so the output does not depend on which worker ran which shard.
``report.json``, ``report.md``, the chart ``report.png`` and ``report.html`` (tables,
drop examples, histograms before and after) are written next to the shards; unreadable
records go to ``_errors/NAME.jsonl`` with the reason while the run goes on and, if asked, dropped
documents with their reason to ``_rejects/NAME.jsonl``.

``executor="ray"`` runs the same :func:`process_shard` per shard on Ray
(:mod:`jingshu.corpus.executor_ray`), and the whole-dataset steps' tasks too, so the
shards' bytes are the same as a local run's; with ``address`` (an existing cluster) every
node must reach the input and output folders.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing as mp
import queue
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from jingshu.corpus.document import Document
from jingshu.corpus.output_folder import (
    EmptyResult,
    claim_output,
    emptied_by,
    run_fingerprint,
)
from jingshu.corpus.pipeline import Pipeline
from jingshu.corpus.recipe import Recipe, load_recipe
from jingshu.corpus.report import RunReport
from jingshu.corpus.report_html import HTML_NAME, write_report_html
from jingshu.corpus.report_plot import PLOT_NAME, write_report_plot
from jingshu.corpus.shard_io import (
    BadRecord,
    ShardWriter,
    count_documents,
    find_shards,
    read_shard,
)
from jingshu.errors import InputError
from jingshu.progress import OnStep, StepCounter, TerminalProgress

__all__ = [
    "Executor",
    "OutputFormat",
    "ShardTask",
    "find_shards",
    "plan_shards",
    "process_shard",
    "run_files",
    "shard_report",
]

OutputFormat = Literal["jsonl.gz", "parquet"]
Executor = Literal["local", "ray"]
_PROGRESS_EVERY = 500


@dataclass(frozen=True)
class ShardTask:
    """One shard to process (picklable, for spawned workers).

    Args:
        source: Input shard file.
        output: Output folder.
        name: Output shard name, unique in the run.
        recipe: The validated recipe.
        fmt: Output format.
        write_rejects: Also write dropped documents with their reason.
    """

    source: Path
    output: Path
    name: str
    recipe: Recipe
    fmt: OutputFormat
    write_rejects: bool

    @property
    def marker(self) -> Path:
        return self.output / ".done" / f"{self.name}.json"


def _reject_writer(fh: IO[str]) -> Callable[[Document, str, str], None]:
    def write(doc: Document, operator: str, reason: str) -> None:
        record = {"id": doc.id, "operator": operator, "reason": reason, "text": doc.text}
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    return write


def process_shard(task: ShardTask, progress: Callable[[int], None] | None = None) -> RunReport:
    """Run the recipe over one shard and write its output, errors and marker.

    Args:
        task: The shard.
        progress: Called now and then with the number of documents just read.
    """
    ext = "parquet" if task.fmt == "parquet" else "jsonl.gz"
    final = task.output / f"{task.name}.{ext}"
    tmp = final.with_name(final.name + ".tmp")
    errors_path = task.output / "_errors" / f"{task.name}.jsonl"
    rejects_path = task.output / "_rejects" / f"{task.name}.jsonl"
    for path in (errors_path, rejects_path, task.marker):
        path.parent.mkdir(parents=True, exist_ok=True)
    rejects = rejects_path.open("w", encoding="utf-8") if task.write_rejects else None
    pipeline = Pipeline(task.recipe, reject_sink=_reject_writer(rejects) if rejects else None)
    writer = ShardWriter(tmp, task.fmt)
    errors = 0
    started = time.perf_counter()

    def documents(err_fh: IO[str]) -> Iterator[Document]:
        nonlocal errors
        number = 0
        for number, item in enumerate(read_shard(task.source), start=1):
            if isinstance(item, BadRecord):
                errors += 1
                err_fh.write(item.to_json() + "\n")
            else:
                yield item
            if progress is not None and number % _PROGRESS_EVERY == 0:
                progress(_PROGRESS_EVERY)
        if progress is not None:
            progress(number % _PROGRESS_EVERY)

    with errors_path.open("w", encoding="utf-8") as err_fh:
        for out in pipeline.run(documents(err_fh)):
            writer.write(out)
    writer.close()
    if rejects is not None:
        rejects.close()
    if not errors:
        errors_path.unlink()
    tmp.replace(final)
    report = pipeline.report()
    report.errors = errors
    report.seconds = time.perf_counter() - started
    task.marker.write_text(report.to_json(), encoding="utf-8")
    return report


def shard_report(task: ShardTask) -> dict[str, Any]:
    """:func:`process_shard` without progress, its report as a dict (for Ray workers)."""
    return process_shard(task).to_dict()


_queue: Any = None


def _init_worker(progress_queue: Any) -> None:
    global _queue
    _queue = progress_queue


def _worker(task: ShardTask) -> dict[str, Any]:
    return process_shard(task, progress=lambda n: _queue.put(n)).to_dict()


def _run_parallel(tasks: list[ShardTask], workers: int, bar: Any) -> None:
    ctx = mp.get_context("spawn")
    progress_queue = ctx.Queue()
    with ctx.Pool(workers, initializer=_init_worker, initargs=(progress_queue,)) as pool:
        result = pool.map_async(_worker, tasks, chunksize=1)
        while not result.ready():
            with contextlib.suppress(queue.Empty):
                bar.update(progress_queue.get(timeout=0.2))
        result.get()  # re-raises a worker's error
        while not progress_queue.empty():
            bar.update(progress_queue.get())


def plan_shards(
    recipe: Recipe, source: str | Path, output: str | Path, *, fmt: OutputFormat = "jsonl.gz",
    write_rejects: bool = False, overwrite: bool = False,
) -> list[ShardTask]:
    """One :class:`ShardTask` per input shard, in a stable order (output folder claimed).

    Args:
        recipe: The validated recipe.
        source: Input shard file or folder.
        output: Output folder: new, empty, or holding an identical earlier run.
        fmt: ``jsonl.gz`` or ``parquet``.
        write_rejects: Also write dropped documents to ``_rejects/``.
        overwrite: Empty a non-empty output folder first.

    Raises:
        ConflictError: The output folder holds other files or another run.
    """
    out = Path(output)
    shards = find_shards(Path(source))
    claim_output(out, Path(source), run_fingerprint(recipe, shards, fmt, write_rejects),
                 overwrite=overwrite)
    return [ShardTask(path, out, name, recipe, fmt, write_rejects) for path, name in shards]


def _write_reports(recipe: Recipe, tasks: list[ShardTask], out: Path, seconds: float,
                   workers: int = 1, executor: Executor = "local",
                   address: str | None = None, on_step: OnStep | None = None) -> RunReport:
    report = RunReport(recipe=recipe.name)
    for task in tasks:  # markers, in shard order: also covers shards done by an earlier run
        report.merge(RunReport.from_dict(json.loads(task.marker.read_text(encoding="utf-8"))))
    from jingshu.corpus.dedup.stage import run_dataset_stages  # near_dedup, line_dedup

    run_dataset_stages(recipe, tasks, out, report, workers=workers, executor=executor,
                       address=address, on_step=on_step)
    report.seconds = seconds
    (out / "report.json").write_text(report.to_json() + "\n", encoding="utf-8")
    steps_png = write_report_plot(report, out / PLOT_NAME).read_bytes()
    (out / "report.md").write_text(report.to_markdown(plot=PLOT_NAME), encoding="utf-8")
    write_report_html(report, out / HTML_NAME, steps_png)
    return report


def run_files(
    recipe: Recipe | str | Path,
    source: str | Path,
    output: str | Path,
    *,
    workers: int = 1,
    fmt: OutputFormat = "jsonl.gz",
    write_rejects: bool = False,
    progress: bool = True,
    executor: Executor = "local",
    address: str | None = None,
    overwrite: bool = False,
    allow_empty: bool = False,
    on_progress: Callable[[int], None] | None = None,
    on_step: OnStep | None = None,
) -> RunReport:
    """Run ``recipe`` over the shard files at ``source``, writing shards to ``output``.

    The recipe is validated and the input listed before any shard is read, so a recipe
    error or a missing input stops the run before any work.

    Args:
        recipe: A :class:`Recipe`, built-in name or recipe path (validated first).
        source: Input shard file or folder.
        output: Output folder: created when missing; an earlier run of the same recipe
            over the same inputs is resumed (its finished shards are skipped); any other
            non-empty folder is refused.
        workers: Worker processes (local) or shards at once (a local Ray); 1 runs
            locally in this process. On an existing Ray cluster (``address``) its CPUs
            decide.
        fmt: ``jsonl.gz`` or ``parquet``.
        write_rejects: Also write dropped documents to ``_rejects/``.
        progress: Show progress bars on stderr (a :class:`~jingshu.progress.TerminalProgress`)
            where no ``on_step`` is given: documents read with their rate and ETA, then
            each whole-dataset step (deduplication) by shards.
        executor: ``local`` (worker processes) or ``ray`` (Ray Data, same output bytes).
        address: Ray cluster address (``executor="ray"`` only): the shards and the
            deduplication steps run there; by default a local Ray instance, or the one
            already initialized in this process. Front doors pass the
            ``JINGSHU_RAY_ADDRESS`` setting here
            (:func:`jingshu.corpus.executor_ray.choose_executor`).
        overwrite: Empty a non-empty output folder first (never the input's folder).
        allow_empty: Keep the output of a run that keeps no document; otherwise its
            shards are removed and :class:`EmptyResult` names the step at fault.
        on_progress: Told the documents read so far (this run, not resumed shards),
            now and then; an exception it raises stops the run.
        on_step: Told how far the run is (:class:`~jingshu.progress.Step`): the
            documents read (named after the recipe; the total once the input is
            counted, in the background), then each whole-dataset step's shards.

    Returns:
        The merged report of all shards, also written as report.json, report.md and
        report.html.

    Raises:
        ConflictError: The output folder holds other files or another run.
        EmptyResult: No document was kept and ``allow_empty`` is not set.
    """
    recipe = recipe if isinstance(recipe, Recipe) else load_recipe(recipe)
    if address is not None and executor != "ray":
        raise InputError(f"address {address!r} is only used by the ray executor",
                         hint="add --executor ray, or leave out --address")
    tasks = plan_shards(recipe, source, output, fmt=fmt, write_rejects=write_rejects,
                        overwrite=overwrite)
    todo = [t for t in tasks if not t.marker.exists()]
    started = time.perf_counter()
    bars = TerminalProgress(enabled=progress and on_step is None)
    step = on_step or (bars if bars.enabled else None)
    with _session(executor, address, workers), bars:
        bar = _Progress(recipe.name, todo, on_progress, step)
        if executor == "ray":
            from jingshu.corpus.executor_ray import ray_map

            ray_map(shard_report, todo, address=address, workers=workers,
                    on_result=lambda r: bar.update(r["docs_in"]))
        elif workers <= 1 or len(todo) <= 1:
            for task in todo:
                process_shard(task, progress=bar.update)
        else:
            _run_parallel(todo, min(workers, len(todo)), bar)
        report = _write_reports(recipe, tasks, Path(output), time.perf_counter() - started,
                                workers, executor, address, step)
    if report.docs_out == 0 and not allow_empty:
        _unpublish(tasks)
        raise EmptyResult(
            f"0 of {report.docs_in} documents kept: {emptied_by(report, recipe)}; nothing "
            f"was published in {output} (report.md there has the details)",
            hint="loosen that step in a copy of the recipe, check the input, or pass "
            "--allow-empty to keep an empty result")
    return report


def _session(executor: Executor, address: str | None,
             workers: int) -> contextlib.AbstractContextManager[Any]:
    """One Ray connection for the shards and the whole-dataset steps (ray), else nothing."""
    if executor != "ray":
        return contextlib.nullcontext()
    from jingshu.corpus.executor_ray import ray_session

    return ray_session(address, workers)


class _Progress:
    """Documents read so far, told to ``on_progress`` and, with their total, ``on_step``
    (the input is counted in the background, so the ETA appears once that is done)."""

    def __init__(self, name: str, todo: list[ShardTask],
                 on_progress: Callable[[int], None] | None, on_step: OnStep | None) -> None:
        self._on_progress = on_progress
        sources = [t.source for t in todo]
        self._step = None if on_step is None else StepCounter(
            on_step, name, "docs", lambda: sum(count_documents(p) for p in sources))
        self.read = 0

    def update(self, n: int) -> None:
        self.read += n
        if self._on_progress is not None:
            self._on_progress(self.read)
        if self._step is not None:
            self._step(self.read)


def _unpublish(tasks: list[ShardTask]) -> None:
    """Remove the shards and markers of an empty run (the reports stay)."""
    for task in tasks:
        ext = "parquet" if task.fmt == "parquet" else "jsonl.gz"
        (task.output / f"{task.name}.{ext}").unlink(missing_ok=True)
        task.marker.unlink(missing_ok=True)
