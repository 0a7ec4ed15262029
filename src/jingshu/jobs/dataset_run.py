"""Run a corpus recipe over a catalog dataset version with the file executor; publish.

One engine for files and datasets: :func:`run_recipe_on_dataset` exports the source
version's shards to Parquet files in a work folder, runs
:func:`jingshu.corpus.executor.run_files` over them (worker processes or Ray, resume
from completion markers, per-step report, whole-dataset steps such as ``near_dedup``)
and publishes the kept documents as a new version of the target dataset in one
transaction, with lineage to the source version and protection no lower than the
source's (:func:`~jingshu.catalog.rules.check_protected`). Documents keep their ``id``
and every other column; the version's provenance holds the recipe as YAML and the run
report as JSON.

Given a ``work_dir`` that outlives the call (the job queue gives each run one), an
attempt that was killed is resumed by the next one: exported and finished shards are
not done again.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

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
from jingshu.corpus.executor import Executor, run_files
from jingshu.corpus.output_folder import EmptyResult, emptied_by
from jingshu.corpus.recipe import Recipe, load_recipe
from jingshu.corpus.report import RunReport
from jingshu.corpus.shard_io import find_shards
from jingshu.errors import InputError
from jingshu.platform import Platform
from jingshu.store import Provenance, StoredVersion

__all__ = ["BeforeCommit", "Progress", "recipe_yaml", "run_recipe_on_dataset"]

_BATCH_ROWS = 1000
_EXPORTED = ".exported"

BeforeCommit = Callable[[Session, DatasetVersion, RunReport], None]
"""Called inside the publishing transaction (see ``before_commit``)."""
Progress = Callable[[int], None]
"""Called now and then with the number of documents read so far."""


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
    executor: Executor = "local",
    address: str | None = None,
    work_dir: Path | None = None,
) -> tuple[DatasetVersion, RunReport]:
    """Run ``recipe`` over dataset version ``source_ref``; publish into ``target_name``.

    Args:
        platform: An opened platform.
        recipe: A :class:`Recipe`, built-in recipe name or recipe path.
        source_ref: ``NAME`` or ``NAME@VERSION`` of the input version.
        target_name: Dataset to add the output version to; created when missing.
        creator: Who publishes the version (user name or ``cli``).
        workers: Worker processes (local) or shards at once (Ray); each of the source
            version's shards is one task.
        progress: Show a progress bar.
        target_spec: Metadata for a new target dataset; by default the source
            dataset's metadata (tier, grade, organization ...) under the new name.
        drop_columns: Source columns not to carry into the output.
        on_progress: Told the documents read so far; an exception it raises stops
            the run, and nothing is published.
        allow_empty: Publish a version even when no document is kept; otherwise
            nothing is published and :class:`EmptyResult` names the step at fault.
        before_commit: Called with the session, the new version and the report inside
            the publishing transaction; what it writes commits with the version, and
            an exception it raises publishes nothing (the job queue's exactly-once
            publication: :func:`jingshu.jobs.queue.publish_once`).
        executor: ``local`` or ``ray`` (``address``: the Ray cluster).
        address: Ray cluster address (``executor="ray"`` only).
        work_dir: Folder for the exported source and the executor's output, kept
            for a later attempt to resume (the caller removes it); a temporary folder
            in the jingshu home, removed at the end, when omitted.

    Returns:
        The new version and the run report.

    Raises:
        InputError: The source has no ``text`` column, or a target name is not allowed.
        NotFoundError: The source dataset or version does not exist.
        EmptyResult: No document was kept and ``allow_empty`` is not set.
        RuleViolation: The existing target is less protected than the source.
    """
    recipe = recipe if isinstance(recipe, Recipe) else load_recipe(recipe)
    with platform.session() as s:
        source = get_version(s, *parse_ref(source_ref))
        _check_target_name(s, target_name)
        stored = open_version(platform.store, source)
        source_id = source.id
    drop = set(drop_columns)
    schema = pa.schema([f for f in stored.schema() if f.name not in drop])
    if "text" not in schema.names:
        raise InputError(f"dataset {stored.manifest.dataset!r} has no 'text' column",
                         hint="a corpus recipe cleans a column named text")
    with _work_folder(platform, work_dir) as work:
        exported = _export(stored, work / "source")
        report = run_files(recipe, exported, work / "out", workers=workers, fmt="parquet",
                           progress=progress, executor=executor, address=address,
                           allow_empty=True, on_progress=on_progress)
        if report.docs_out == 0 and not allow_empty:
            raise EmptyResult(
                f"0 of {report.docs_in} documents kept: {emptied_by(report, recipe)}; "
                f"no version of {target_name!r} was published",
                hint="loosen that step in a copy of the recipe, or pass --allow-empty")
        outputs = [work / "out" / f"{name}.parquet" for _path, name in find_shards(exported)]
        made_by = Provenance("recipe", recipe.name, (("recipe", recipe_yaml(recipe)),
                                                      ("report", report.to_json())))
        with platform.session() as s:
            parent = s.get(DatasetVersion, source_id)
            assert parent is not None  # versions are never deleted while in use
            # created only now: no write transaction is held while the recipe runs
            target = _target(s, parent, target_name, target_spec, creator)
            version = publish_version(s, platform.store, target, _rows(outputs, schema),
                                      creator=creator, made_by=made_by, parents=[parent],
                                      schema=schema)
            if before_commit is not None:
                try:
                    before_commit(s, version, report)
                except BaseException:
                    platform.store.delete(version.location)
                    raise
            s.refresh(version, ["dataset"])  # loaded, for use after the session
    return version, report


@contextmanager
def _work_folder(platform: Platform, work_dir: Path | None) -> Iterator[Path]:
    if work_dir is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
        yield work_dir
        return
    platform.settings.home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=platform.settings.home, prefix="tmp-run-") as tmp:
        yield Path(tmp)


def _export(stored: StoredVersion, folder: Path) -> Path:
    """The source version's shards as local Parquet files (once; reused on resume)."""
    if (folder / _EXPORTED).exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)  # a half export by a killed attempt
    folder.mkdir(parents=True)
    schema = stored.schema()
    for i, shard in enumerate(stored.manifest.shards):
        with pq.ParquetWriter(folder / f"{i:05d}.parquet", schema, compression="zstd") as out:
            for batch in stored.iter_shard(shard):
                out.write_batch(batch)
    (folder / _EXPORTED).write_text(json.dumps({"shards": len(stored.manifest.shards)}))
    return folder


def _loose(schema: pa.Schema) -> pa.Schema:
    """``schema`` with the types JSON cannot carry (ids, dates, bytes) read as strings."""
    def loose(field: pa.Field) -> pa.Field:
        native = (pa.types.is_string(field.type) or pa.types.is_integer(field.type)
                  or pa.types.is_floating(field.type) or pa.types.is_boolean(field.type)
                  or pa.types.is_nested(field.type) or pa.types.is_null(field.type))
        return field if native and field.name != "id" else field.with_type(pa.string())
    return pa.schema([loose(f) for f in schema])


def _rows(outputs: list[Path], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """The executor's shards (id, text, metadata JSON) back in the source's columns."""
    loose = _loose(schema)
    for path in outputs:
        if not path.exists():
            continue
        for batch in pq.ParquetFile(path).iter_batches(_BATCH_ROWS):
            rows = [_row(r, schema.names) for r in batch.to_pylist()]
            yield from pa.Table.from_pylist(rows, schema=loose).cast(schema).to_batches()


def _row(record: dict[str, Any], names: list[str]) -> dict[str, Any]:
    meta = json.loads(record["metadata"]) if record.get("metadata") else {}
    row = {name: meta.get(name) for name in names}
    row["text"] = record["text"]
    if "id" in row:
        row["id"] = record["id"]
    return row


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
