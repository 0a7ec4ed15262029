"""Run a media recipe over a catalog dataset version and publish the result.

The media executor: it reads the source version streaming, runs the per-row steps (in
this process, or on worker processes or Ray: :mod:`jingshu.jobs.media_parallel`, same
bytes), stages the kept rows in a Parquet file, runs the whole-dataset steps
(``image_dedup``) over the staged rows, and publishes a new version of the target
dataset (created with the source's metadata when missing, so never less protected:
:func:`~jingshu.catalog.rules.check_protected` runs in ``publish_version``) with lineage
to the source. The report is the corpus :class:`~jingshu.corpus.report.RunReport`
(same JSON/Markdown, kept in the version's provenance with the recipe).

Media bytes a step writes (stripped, blurred, resampled) go to the store's blobs; the
rows name them by sha256, so unchanged media are shared with the source version.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.service import (
    DatasetSpec,
    derived_target,
    get_version,
    open_version,
    parse_ref,
    publish_version,
)
from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Operator
from jingshu.corpus.output_folder import EmptyResult
from jingshu.corpus.report import RunReport
from jingshu.errors import InputError
from jingshu.media.ops.base import MediaStep
from jingshu.media.recipe import MediaRecipe, build_media_operators, load_media_recipe
from jingshu.platform import Platform
from jingshu.store import Provenance, StoredVersion

__all__ = ["media_histograms", "output_schema", "run_media_recipe", "run_rows"]

_BATCH = 500

BeforeCommit = Callable[[Any, DatasetVersion, RunReport], None]
"""Told the session, the new version and the report inside the publishing transaction."""


def output_schema(source: pa.Schema, ops: list[Operator[Any]]) -> pa.Schema:
    """The source's fields plus the columns the operators add (each once)."""
    fields = list(source)
    for op in ops:
        for name, kind in getattr(op, "adds", ()):
            if name not in source.names and name not in [f.name for f in fields]:
                fields.append(pa.field(name, kind))
    return pa.schema(fields)


def run_media_recipe(platform: Platform, recipe: MediaRecipe | str | Path, source_ref: str,
                     target_name: str, *, creator: str, target_spec: DatasetSpec | None = None,
                     allow_empty: bool = False, before_commit: BeforeCommit | None = None,
                     on_progress: Callable[[int], None] | None = None,
                     workers: int = 1, executor: Literal["local", "ray"] = "local",
                     address: str | None = None,
                     ) -> tuple[DatasetVersion, RunReport]:
    """Run ``recipe`` over ``source_ref`` (``NAME[@VERSION]``); publish into ``target_name``.

    ``before_commit`` runs inside the publishing transaction (what it writes commits
    with the version; an exception it raises publishes nothing), as for corpus runs
    (:func:`jingshu.jobs.dataset_run.run_recipe_on_dataset`); ``on_progress`` is told
    the rows read so far, once per batch (per chunk of rows with ``workers > 1`` or
    Ray), and an exception it raises stops the run. ``workers`` and ``executor``
    (``address``: the Ray cluster, else a local Ray) run the per-row steps over chunks
    of rows in parallel (:mod:`jingshu.jobs.media_parallel`); the version is the same
    bytes as with one process.

    Raises:
        InputError: the source lacks the recipe's media or text column.
        EmptyResult: no row kept (unless ``allow_empty``); nothing is published.
        RuleViolation: the target is less protected than the source.
    """
    recipe = recipe if isinstance(recipe, MediaRecipe) else load_media_recipe(recipe)
    ops = build_media_operators(recipe)
    for op in ops:
        if isinstance(op, MediaStep):
            op.bind(platform.store.blobs())
    with platform.session() as s:
        source = get_version(s, *parse_ref(source_ref))
        stored = open_version(platform.store, source)
        _check_columns(recipe, stored)
        schema = output_schema(stored.schema(), ops)
        with tempfile.TemporaryDirectory(dir=platform.settings.home) as tmp:
            staged = Path(tmp) / "rows.parquet"
            batches = stored.iter_batches(batch_size=_BATCH)
            if executor == "ray" or workers > 1:
                from jingshu.jobs.media_parallel import run_rows_parallel

                report = run_rows_parallel(recipe, ops, batches, schema, platform.store.blobs(),
                                           staged, Path(tmp), workers=workers,
                                           executor=executor, address=address,
                                           on_progress=on_progress)
            else:
                report = run_rows(recipe, ops, batches, schema, staged, on_progress)
            staged = _run_stages(ops, staged, schema, report)
            report.media["histograms"] = media_histograms(stored, staged, schema)
            if recipe.media == "image":
                _thumbnail_examples(platform, report.media)
            if report.docs_out == 0 and not allow_empty:
                raise EmptyResult(f"0 of {report.docs_in} rows kept ({_worst(report)}); no "
                                  f"version of {target_name!r} was published",
                                  hint="loosen that step in a copy of the recipe, or allow empty")
            made_by = Provenance("recipe", recipe.name, (
                ("recipe", yaml.safe_dump(recipe.to_dict(), allow_unicode=True, sort_keys=False)),
                ("report", report.to_json())))
            target = derived_target(s, source.dataset, target_name, target_spec, actor=creator)
            version = publish_version(s, platform.store, target,
                                      pq.ParquetFile(staged).iter_batches(_BATCH),
                                      creator=creator, made_by=made_by, parents=[source],
                                      schema=schema)
            if before_commit is not None:
                try:
                    before_commit(s, version, report)
                except BaseException:
                    platform.store.delete(version.location)  # written, never recorded
                    raise
        s.refresh(version, ["dataset"])
    return version, report


def _worst(report: RunReport) -> str:
    """The step and reason that dropped the most rows, for the empty-result message."""
    if not report.drops:
        return "no rows in the source"
    key, count = max(report.drops.items(), key=lambda kv: kv[1])
    step, _, reason = key.partition(":")
    return f"step {step} dropped {count} as {reason!r}"


def _check_columns(recipe: MediaRecipe, stored: StoredVersion) -> None:
    names = stored.schema().names
    needed = [f"{recipe.media}_sha256"] + ([recipe.text] if recipe.text else [])
    for column in needed:
        if column not in names:
            raise InputError(f"dataset {stored.manifest.dataset!r} has no {column!r} column, "
                             f"which recipe {recipe.name!r} reads",
                             hint="import the media with --format imagefolder/audiofolder/coco, "
                                  "or set the recipe's text column")


def _documents(recipe: MediaRecipe, batches: Iterable[pa.RecordBatch]) -> Iterator[Document]:
    for batch in batches:
        for n, row in enumerate(batch.to_pylist()):
            text = row.get(recipe.text) if recipe.text else None
            yield Document(id=str(row.get("id", n)), text=text if isinstance(text, str) else "",
                           metadata=row)


def run_rows(recipe: MediaRecipe, ops: list[Operator[Any]], batches: Iterable[pa.RecordBatch],
             schema: pa.Schema, out: Path,
             on_progress: Callable[[int], None] | None = None) -> RunReport:
    """The per-row steps ``ops`` over the source rows ``batches``; kept rows to ``out``."""
    report = RunReport(recipe=recipe.name)
    media = f"{recipe.media}_sha256"
    examples: dict[str, str] = {}
    report.media = {"column": media, "examples": examples}
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    row_ops = [op for op in ops if not getattr(op, "whole_dataset", False)]
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for doc in _documents(recipe, batches):
            report.docs_in += 1
            if on_progress is not None and report.docs_in % _BATCH == 0:
                on_progress(report.docs_in)
            kept = _through(row_ops, doc, examples, media)
            if kept is None:
                continue
            report.docs_out += 1
            row = {name: kept.metadata.get(name) for name in schema.names}
            if recipe.text:
                row[recipe.text] = kept.text
            rows.append(row)
            if len(rows) >= _BATCH:
                writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
                rows = []
        if rows:
            writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
    report.operators = [op.stats for op in ops]
    report.seconds = time.perf_counter() - started
    return report


def _run_stages(ops: list[Operator[Any]], staged: Path, schema: pa.Schema,
                report: RunReport) -> Path:
    """Whole-dataset steps over the staged rows, each writing a filtered copy."""
    for i, op in enumerate(o for o in ops if getattr(o, "whole_dataset", False)):
        started = time.perf_counter()
        table = pq.read_table(staged)
        keep, dup_of = op.select(table)  # type: ignore[attr-defined]
        _note_stage_examples(report.media, op, table, dup_of)
        if "duplicate_of" in table.column_names:
            table = table.set_column(table.column_names.index("duplicate_of"), "duplicate_of",
                                     pa.array(dup_of, pa.string()))
        staged = staged.with_name(f"stage-{i}.parquet")
        pq.write_table(table.filter(pa.array(keep)).cast(schema), staged, compression="zstd")
        op.stats.seconds += time.perf_counter() - started
        report.docs_out = int(keep.sum())
        report.seconds += time.perf_counter() - started
    return staged


def _through(ops: list[Operator[Any]], doc: Document, examples: dict[str, str],
             media: str) -> Document | None:
    """``doc`` after the per-row steps, or ``None`` (its file noted if it is an example)."""
    current = doc
    for op in ops:
        result = op(current)
        if result is None:
            _note_example(examples, op, doc.id, doc.metadata.get(media))
            return None
        current = result
    return current


def _note_example(examples: dict[str, str], op: Operator[Any], doc_id: str,
                  sha: object) -> None:
    """Keep the file of a dropped row that ``op`` kept as an example (a few per reason)."""
    if isinstance(sha, str) and any(doc_id in ids for ids in op.stats.examples.values()):
        examples[doc_id] = sha


def _note_stage_examples(media: dict[str, Any], op: Operator[Any], table: pa.Table,
                         dup_of: list[str | None]) -> None:
    """The files of a whole-dataset step's example drops, and of the rows they duplicate."""
    wanted = {i for ids in op.stats.examples.values() for i in ids}
    if not wanted or media["column"] not in table.column_names:
        return
    ids = [str(i) for i in table.column("id").to_pylist()]
    shas = table.column(media["column"]).to_pylist()
    sha_of = dict(zip(ids, shas, strict=True))
    for row, doc_id in enumerate(ids):
        if doc_id in wanted and isinstance(shas[row], str):
            media["examples"][doc_id] = shas[row]
            keeper = dup_of[row]
            if keeper is not None and isinstance(sha_of.get(keeper), str):
                media["examples"][keeper] = sha_of[keeper]
                media.setdefault("duplicate_of", {})[doc_id] = keeper


def _thumbnail_examples(platform: Platform, media: dict[str, Any]) -> None:
    """Make the report's example thumbnails now (kept beside the blobs); an example
    that does not decode (a decode check's drop) is left out."""
    from jingshu.media.thumbnails import cached_thumbnail

    blobs = platform.store.blobs()
    for doc_id, sha in list(media["examples"].items()):
        try:
            cached_thumbnail(blobs, sha, 160, "jpeg")
        except Exception:  # any decoder error: no picture for it
            del media["examples"][doc_id]


_BINS = 20
_MAX_HISTOGRAMS = 8


def media_histograms(source: StoredVersion, kept: Path, schema: pa.Schema) -> dict[str, Any]:
    """Histograms of the numeric columns (sizes, durations and the steps' measures):
    the source's rows (``before``, where the source has the column) and the kept rows
    (``after``), on shared edges; read one column at a time."""
    out: dict[str, Any] = {}
    names = [f.name for f in schema
             if (pa.types.is_integer(f.type) or pa.types.is_floating(f.type))
             and f.name != "id" and not f.name.endswith("_id")][:_MAX_HISTOGRAMS]
    for name in names:
        after = _values(pq.ParquetFile(kept).iter_batches(_BATCH, columns=[name]))
        before = (_values(source.iter_batches(columns=[name], batch_size=_BATCH))
                  if name in source.schema().names else np.empty(0))
        both = np.concatenate([before, after])
        if not both.size:
            continue
        low, high = float(both.min()), float(both.max())
        edges = np.linspace(low, high if high > low else low + 1.0, _BINS + 1)
        out[name] = {"edges": [round(float(e), 6) for e in edges],
                     "before": np.histogram(before, edges)[0].tolist(),
                     "after": np.histogram(after, edges)[0].tolist()}
    return out


def _values(batches: Iterator[pa.RecordBatch]) -> np.ndarray:
    parts = [b.column(0).drop_null().to_numpy(zero_copy_only=False).astype(float)
             for b in batches]
    values = np.concatenate(parts) if parts else np.empty(0)
    return values[np.isfinite(values)]
