"""Media runs on several workers or on Ray: the per-row steps over chunks of the source.

The driver streams the source version and cuts its rows, in order, into chunks of
:data:`CHUNK_ROWS` written as Parquet files in the run's folder. Each chunk runs the
recipe's per-row steps (:func:`run_chunk`) in a worker process (``executor="local"``
with ``workers > 1``, spawned as the corpus executor's) or a Ray task
(``executor="ray"``: the cluster at ``address`` / ``JINGSHU_RAY_ADDRESS``, else a
local Ray with ``workers`` CPUs, through :mod:`jingshu.corpus.executor_ray`), and
writes its kept rows beside its input. The driver then concatenates the kept rows in
chunk order and merges the chunks' reports in chunk order, so the staged rows, and
the version published from them, are the same bytes as the one-process run's; the
whole-dataset steps (``image_dedup``) run afterwards in the driver, as there.

On a Ray cluster the run's folder (in the jingshu home) and the store's blobs must be
reachable from every node (a shared file system or object storage), as for corpus
runs.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from jingshu.corpus.report import RunReport
from jingshu.media.ops.base import MediaStep
from jingshu.media.recipe import MediaRecipe, build_media_operators
from jingshu.store.blobs import BlobStore

__all__ = ["CHUNK_ROWS", "RowChunk", "run_chunk", "run_rows_parallel"]

CHUNK_ROWS = 2000
Executor = Literal["local", "ray"]
RowRunner = Callable[[MediaRecipe, list[Any], Iterable[pa.RecordBatch], pa.Schema, Path],
                     RunReport]


@dataclass(frozen=True)
class RowChunk:
    """One chunk of source rows to run the per-row steps over (picklable)."""

    recipe: MediaRecipe
    blobs: BlobStore
    schema: pa.Schema  # of the kept rows
    rows: str  # Parquet file of the chunk's source rows
    out: str  # Parquet file for its kept rows


def _batches(path: str) -> Iterator[pa.RecordBatch]:
    yield from pq.ParquetFile(path).iter_batches()


def run_chunk(chunk: RowChunk) -> dict[str, Any]:
    """Run the per-row steps of ``chunk.recipe`` over one chunk; its report as a dict."""
    from jingshu.jobs.media_runs import run_rows

    ops = build_media_operators(chunk.recipe)
    for op in ops:
        if isinstance(op, MediaStep):
            op.bind(chunk.blobs)
    return run_rows(chunk.recipe, ops, _batches(chunk.rows), chunk.schema,
                    Path(chunk.out)).to_dict()


def _chunks(batches: Iterable[pa.RecordBatch], recipe: MediaRecipe, blobs: BlobStore,
            schema: pa.Schema, folder: Path) -> list[RowChunk]:
    """Cut the source rows into chunk files, in order."""
    out: list[RowChunk] = []
    pending: list[pa.RecordBatch] = []
    rows = 0

    def flush() -> None:
        nonlocal pending, rows
        path = folder / f"in-{len(out):05d}.parquet"
        pq.write_table(pa.Table.from_batches(pending), path)
        out.append(RowChunk(recipe, blobs, schema, str(path),
                            str(folder / f"out-{len(out):05d}.parquet")))
        pending, rows = [], 0

    for batch in batches:
        while batch.num_rows:
            take = batch.slice(0, CHUNK_ROWS - rows)
            pending.append(take)
            rows += take.num_rows
            batch = batch.slice(take.num_rows)
            if rows >= CHUNK_ROWS:
                flush()
    if pending:
        flush()
    return out


def _pool_map(chunks: list[RowChunk], workers: int,
              on_result: Callable[[dict[str, Any]], None]) -> list[dict[str, Any]]:
    ctx = mp.get_context("spawn")
    with ctx.Pool(min(workers, len(chunks))) as pool:
        results = []
        for result in pool.imap(run_chunk, chunks):
            on_result(result)
            results.append(result)
        return results


def _ray_map(chunks: list[RowChunk], workers: int, address: str | None,
             on_result: Callable[[dict[str, Any]], None]) -> list[dict[str, Any]]:
    from jingshu.corpus.executor_ray import ray_map, ray_session

    with ray_session(address, workers):
        return ray_map(run_chunk, chunks, address=address, workers=workers,
                       on_result=on_result)


def run_rows_parallel(recipe: MediaRecipe, ops: list[Any], batches: Iterable[pa.RecordBatch],
                      schema: pa.Schema, blobs: BlobStore, out: Path, folder: Path, *,
                      workers: int, executor: Executor, address: str | None = None,
                      on_progress: Callable[[int], None] | None = None) -> RunReport:
    """The per-row steps over ``batches`` on ``workers`` processes or Ray; the kept rows
    written to ``out`` in source order and the report merged in chunk order.

    Args:
        recipe: The media recipe.
        ops: The driver's operators: they get the merged counts (the whole-dataset
            steps then add theirs, as in one process).
        batches: The source rows, in order.
        schema: The kept rows' schema.
        blobs: The store's blobs (the workers read and write media there).
        out: Parquet file for the kept rows.
        folder: Where the chunks' files go (shared with a Ray cluster's nodes).
        workers: Processes (local) or Ray tasks at once.
        executor: ``local`` or ``ray``.
        address: Ray cluster address (``ray`` only; ``None``: a local Ray).
        on_progress: Told the rows read so far, after each chunk.
    """
    chunks = _chunks(batches, recipe, blobs, schema, folder)
    read = 0

    def progress(result: dict[str, Any]) -> None:
        nonlocal read
        read += int(result["docs_in"])
        if on_progress is not None:
            on_progress(read)

    if not chunks:
        results: list[dict[str, Any]] = []
    elif executor == "ray":
        results = _ray_map(chunks, workers, address, progress)
    elif workers <= 1 or len(chunks) == 1:
        results = []
        for chunk in chunks:
            results.append(run_chunk(chunk))
            progress(results[-1])
    else:
        results = _pool_map(chunks, workers, progress)
    report = _merged(recipe, results)
    for op, counted in zip(ops, report.operators, strict=True):
        op.stats.merge(counted)
    report.operators = [op.stats for op in ops]
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for chunk in chunks:
            for batch in _batches(chunk.out):
                writer.write_batch(batch)
    for chunk in chunks:
        for path in (chunk.rows, chunk.out):
            with contextlib.suppress(FileNotFoundError):
                Path(path).unlink()
    return report


def _merged(recipe: MediaRecipe, results: list[dict[str, Any]]) -> RunReport:
    """One report from the chunks' reports, merged in chunk order (as one process
    would have counted them: the examples are the first few of each reason)."""
    report = RunReport(recipe=recipe.name)
    examples: dict[str, str] = {}
    for data in results:
        part = RunReport.from_dict(data)
        report.merge(part)
        report.seconds = max(report.seconds, part.seconds)
        for key, sha in (part.media.get("examples") or {}).items():
            examples.setdefault(key, sha)
    kept = {i for op in report.operators for ids in op.examples.values() for i in ids}
    report.media = {"column": f"{recipe.media}_sha256",
                    "examples": {k: v for k, v in examples.items() if k in kept}}
    return report
