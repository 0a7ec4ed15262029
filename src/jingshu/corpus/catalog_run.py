"""Run a corpus recipe over a catalog dataset version and publish the result.

:func:`run_recipe_on_dataset` reads the source version streaming, runs the recipe's
operators in this process, and publishes the kept documents as a new version of the
target dataset (created when missing) with lineage to the source version. Documents
keep their ``id`` and every other column; the version's provenance holds the recipe
as YAML and the run report as JSON.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session
from tqdm import tqdm

from jingshu.accounts.service import check_name
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.service import (
    DatasetSpec,
    create_dataset,
    get_version,
    open_version,
    parse_ref,
    publish_version,
)
from jingshu.corpus.document import Document
from jingshu.corpus.output_folder import EmptyResult, emptied_by
from jingshu.corpus.pipeline import Pipeline
from jingshu.corpus.recipe import Recipe, build_operators, load_recipe
from jingshu.corpus.report import RunReport
from jingshu.errors import InputError
from jingshu.platform import Platform
from jingshu.store import Provenance, StoredVersion

__all__ = ["BeforeCommit", "Progress", "recipe_yaml", "run_recipe_on_dataset"]

_BATCH_ROWS = 1000

BeforeCommit = Callable[[Session, DatasetVersion, RunReport], None]
Progress = Callable[[int], None]
"""Called with the number of documents read so far, after each batch of the source."""


def recipe_yaml(recipe: Recipe) -> str:
    """The validated recipe as YAML text, to keep with the output it made."""
    return yaml.safe_dump(recipe.to_dict(), allow_unicode=True, sort_keys=False)


def run_recipe_on_dataset(
    platform: Platform,
    recipe: Recipe | str | Path,
    source_ref: str,
    target_name: str,
    *,
    creator: str,
    workers: int = 1,
    progress: bool = True,
    target_spec: DatasetSpec | None = None,
    drop_columns: Iterable[str] = (),
    on_progress: Progress | None = None,
    allow_empty: bool = False,
    before_commit: BeforeCommit | None = None,
) -> tuple[DatasetVersion, RunReport]:
    """Run ``recipe`` over dataset version ``source_ref``; publish into ``target_name``.

    Args:
        platform: An opened platform.
        recipe: A :class:`Recipe`, built-in recipe name or recipe path.
        source_ref: ``NAME`` or ``NAME@VERSION`` of the input version.
        target_name: Dataset to add the output version to; created when missing.
        creator: Who publishes the version (user name or ``cli``).
        workers: Must be 1: a dataset run uses one process for now.
        progress: Show a progress bar.
        target_spec: Metadata for a new target dataset; by default the source
            dataset's metadata (tier, grade, organization ...) under the new name.
        drop_columns: Source columns not to carry into the output.
        on_progress: Told the documents read so far after each source batch; an
            exception it raises stops the run, and nothing is published.
        allow_empty: Publish a version even when no document is kept; otherwise
            nothing is published and :class:`EmptyResult` names the step at fault.
        before_commit: Called with the session, the new version and the report inside
            the publishing transaction; what it writes commits with the version, and
            an exception it raises publishes nothing (the job queue's exactly-once
            publication: :func:`jingshu.jobs.queue.publish_once`).

    Returns:
        The new version and the run report.

    Raises:
        InputError: ``workers`` is not 1 or the source has no ``text`` column.
        NotFoundError: The source dataset or version does not exist.
    """
    if workers != 1:
        raise InputError(f"workers={workers}: a dataset run uses one process for now",
                         hint="leave workers at 1, or export the dataset and run on files")
    recipe = recipe if isinstance(recipe, Recipe) else load_recipe(recipe)
    with platform.session() as s:
        source = get_version(s, *parse_ref(source_ref))
        _check_target_name(s, target_name)
        stored = open_version(platform.store, source)
        schema = pa.schema([f for f in stored.schema() if f.name not in set(drop_columns)])
        with tempfile.TemporaryDirectory(dir=platform.settings.home) as tmp:
            staged = Path(tmp) / "out.parquet"
            report = _run(recipe, stored, schema, staged, progress=progress,
                          on_progress=on_progress)
            staged = _run_dataset_stages(recipe, staged, schema, report)
            if report.docs_out == 0 and not allow_empty:
                raise EmptyResult(
                    f"0 of {report.docs_in} documents kept: {emptied_by(report, recipe)}; "
                    f"no version of {target_name!r} was published",
                    hint="loosen that step in a copy of the recipe, or pass --allow-empty")
            made_by = Provenance("recipe", recipe.name, (("recipe", recipe_yaml(recipe)),
                                                          ("report", report.to_json())))
            # created only now: no write transaction is held while the recipe runs
            target = _target(s, source, target_name, target_spec, creator)
            version = publish_version(
                s, platform.store, target, pq.ParquetFile(staged).iter_batches(_BATCH_ROWS),
                creator=creator, made_by=made_by, parents=[source], schema=schema)
            if before_commit is not None:
                try:
                    before_commit(s, version, report)
                except BaseException:
                    platform.store.delete(version.location)
                    raise
        s.refresh(version, ["dataset"])  # loaded, for use after the session
    return version, report


@dataclasses.dataclass(frozen=True)
class _StagedShard:
    output: Path
    name: str = "dedup"
    fmt: str = "parquet"


def _run_dataset_stages(recipe: Recipe, staged: Path, schema: pa.Schema,
                        report: RunReport) -> Path:
    """Whole-dataset steps (near_dedup, line_dedup) over the staged Parquet file.

    The steps see (row number, text) only, so the dataset's own columns and ids are
    kept whatever they are; rows they drop are dropped and texts they edit replaced.
    Returns the file to publish.
    """
    from jingshu.corpus.dedup.stage import run_dataset_stages

    if not any(getattr(op, "whole_dataset", False) for op in build_operators(recipe)):
        return staged
    work = staged.parent / "stages"
    (work / ".done").mkdir(parents=True)
    texts = pq.read_table(staged, columns=["text"]).column("text")
    if len(texts) == 0:
        return staged
    ids = pa.array([str(i) for i in range(len(texts))])
    pq.write_table(pa.table({"id": ids, "text": texts}), work / "dedup.parquet")
    run_dataset_stages(recipe, [_StagedShard(work)], work, report)
    kept = pq.read_table(work / "dedup.parquet", columns=["id", "text"])
    new_text = dict(zip((int(i) for i in kept.column("id").to_pylist()),
                        kept.column("text").to_pylist(), strict=True))
    final = staged.parent / "final.parquet"
    with pq.ParquetWriter(final, schema, compression="zstd") as writer:
        offset = 0
        for batch in pq.ParquetFile(staged).iter_batches(_BATCH_ROWS):
            rows = [dict(r, text=new_text[offset + i]) for i, r in enumerate(batch.to_pylist())
                    if offset + i in new_text]
            offset += batch.num_rows
            if rows:
                writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
    return final


def _check_target_name(s: Session, name: str) -> None:
    """Refuse a bad new target name before any document is read."""
    if s.scalar(select(Dataset.id).where(Dataset.name == name)) is None:
        check_name("dataset", name)


def _target(s: Session, source: DatasetVersion, name: str, spec: DatasetSpec | None,
            creator: str) -> Dataset:
    existing = s.scalar(select(Dataset).where(Dataset.name == name))
    if existing is not None:
        return existing
    if spec is None:
        spec = dataclasses.replace(DatasetSpec.of(source.dataset), name=name, title=name)
    return create_dataset(s, spec, actor=creator)


def _run(recipe: Recipe, source: StoredVersion, schema: pa.Schema, out: Path, *,
         progress: bool, on_progress: Progress | None = None) -> RunReport:
    """Run the recipe over ``source`` into a Parquet file of ``schema``."""
    if "text" not in schema.names:
        raise InputError(f"dataset {source.manifest.dataset!r} has no 'text' column",
                         hint="a corpus recipe cleans a column named text")
    pipeline = Pipeline(recipe)
    bar = tqdm(total=source.manifest.rows, unit="doc", desc=recipe.name, disable=not progress,
               leave=False)
    with bar, pq.ParquetWriter(out, schema, compression="zstd") as writer:
        docs = pipeline.run(_documents(source, bar, on_progress))
        for batch in _batches((_row(d, schema) for d in docs), schema):
            writer.write_batch(batch)
    return pipeline.report()


def _documents(source: StoredVersion, bar: Any,
               on_progress: Progress | None = None) -> Iterator[Document]:
    read = 0  # counted here: a disabled bar does not count
    for batch in source.iter_batches():
        for row in batch.to_pylist():
            text = row.get("text")
            ident = row.get("id")
            yield Document(id=str(read if ident is None else ident),
                           text=text if isinstance(text, str) else "", metadata=row)
            read += 1
            bar.update(1)
        if on_progress is not None:
            on_progress(read)


def _row(doc: Document, schema: pa.Schema) -> dict[str, Any]:
    row = {name: doc.metadata.get(name) for name in schema.names}
    row["text"] = doc.text
    return row


def _batches(rows: Iterable[dict[str, Any]], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == _BATCH_ROWS:
            yield pa.RecordBatch.from_pylist(chunk, schema=schema)
            chunk = []
    if chunk:
        yield pa.RecordBatch.from_pylist(chunk, schema=schema)
