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
attempt that was killed is resumed by the next one: the source is exported once (into
``source/``, renamed into place when complete) and each attempt writes its output in a
folder of its own (``out-*``: an attempt presumed dead may still be writing in its
folder), which starts with hard links to the shards earlier attempts finished
(:func:`reuse_finished`), so those are not done again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
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
    derived_target,
    get_version,
    open_version,
    parse_ref,
    publish_version,
)
from jingshu.corpus.executor import Executor, run_files
from jingshu.corpus.output_folder import FINGERPRINT, EmptyResult, emptied_by, run_fingerprint
from jingshu.corpus.paths import PathResolver
from jingshu.corpus.recipe import Recipe, build_operators, load_recipe
from jingshu.corpus.report import RunReport
from jingshu.corpus.shard_io import find_shards
from jingshu.errors import InputError
from jingshu.jobs.media_runs import run_media_recipe
from jingshu.media.recipe import BUILTIN_MEDIA_RECIPES, MediaRecipe, load_media_recipe
from jingshu.platform import Platform
from jingshu.store import Provenance, StoredVersion

__all__ = ["BeforeCommit", "Progress", "Resumed", "any_recipe", "recipe_yaml", "reuse_finished",
           "run_recipe_on_dataset"]

_BATCH_ROWS = 1000
_EXPORTED = ".exported"

BeforeCommit = Callable[[Session, DatasetVersion, RunReport], None]
"""Called inside the publishing transaction (see ``before_commit``)."""
Progress = Callable[[int], None]
"""Called now and then with the number of documents read so far."""
Resumed = Callable[[int, int], None]
"""Called once with the shards and documents reused from earlier attempts."""


def recipe_yaml(recipe: Recipe | MediaRecipe) -> str:
    """The validated recipe as YAML text, to keep with the output it made."""
    return yaml.safe_dump(recipe.to_dict(), allow_unicode=True, sort_keys=False)


def any_recipe(recipe: Recipe | MediaRecipe | str | Path,
               resolve: PathResolver | None = None) -> Recipe | MediaRecipe:
    """``recipe`` as given, or loaded by built-in name or path: a media recipe when the
    name is a built-in media recipe or the YAML file has a ``media`` key (``resolve``:
    how a corpus recipe's file parameters become files)."""
    if isinstance(recipe, Recipe | MediaRecipe):
        return recipe
    if str(recipe) in BUILTIN_MEDIA_RECIPES:
        return load_media_recipe(recipe)
    path = Path(recipe)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "media" in data:
            return load_media_recipe(path)
    return load_recipe(recipe, resolve=resolve)


def run_recipe_on_dataset(
    platform: Platform,
    recipe: Recipe | MediaRecipe | str | Path,
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
    on_resume: Resumed | None = None,
) -> tuple[DatasetVersion, RunReport]:
    """Run ``recipe`` over dataset version ``source_ref``; publish into ``target_name``.

    Args:
        platform: An opened platform.
        recipe: A :class:`Recipe`, built-in recipe name or recipe path; a media recipe
            (``img-release``, ``img-text``, ``audio-speech`` or a YAML file with a
            ``media`` key) runs through :func:`jingshu.jobs.media_runs.run_media_recipe`
            (``workers`` and ``executor`` apply to its per-row steps; ``drop_columns``
            and resuming do not apply).
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
        on_resume: Told the shards (and their documents) reused from an earlier
            attempt in ``work_dir``, when there were any; ``on_progress`` counts
            only the documents this call reads.

    Returns:
        The new version and the run report.

    Raises:
        InputError: The source has no ``text`` column, or a target name is not allowed.
        NotFoundError: The source dataset or version does not exist.
        EmptyResult: No document was kept and ``allow_empty`` is not set.
        RuleViolation: The existing target is less protected than the source.
    """
    recipe = any_recipe(recipe)
    if isinstance(recipe, MediaRecipe):
        return run_media_recipe(platform, recipe, source_ref, target_name, creator=creator,
                                target_spec=target_spec, allow_empty=allow_empty,
                                before_commit=before_commit, on_progress=on_progress,
                                workers=workers, executor=executor, address=address)
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
        out = work / f"out-{uuid.uuid4().hex[:12]}"  # this attempt's own
        shards, docs = reuse_finished(recipe, exported, out,
                                      [d for d in work.glob("out-*") if d != out])
        if shards and on_resume is not None:
            on_resume(shards, docs)
        report = run_files(recipe, exported, out, workers=workers, fmt="parquet",
                           progress=progress, executor=executor, address=address,
                           allow_empty=True, on_progress=on_progress)
        if report.docs_out == 0 and not allow_empty:
            raise EmptyResult(
                f"0 of {report.docs_in} documents kept: {emptied_by(report, recipe)}; "
                f"no version of {target_name!r} was published",
                hint="loosen that step in a copy of the recipe, or pass --allow-empty")
        outputs = [out / f"{name}.parquet" for _path, name in find_shards(exported)]
        made_by = Provenance("recipe", recipe.name, (("recipe", recipe_yaml(recipe)),
                                                      ("report", report.to_json())))
        with platform.session() as s:
            parent = s.get(DatasetVersion, source_id)
            assert parent is not None  # versions are never deleted while in use
            # created only now: no write transaction is held while the recipe runs
            target = derived_target(s, parent.dataset, target_name, target_spec, actor=creator)
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
    """The source version's shards as local Parquet files in ``folder`` (once; reused on
    resume).

    Written beside it and renamed into place when complete, so attempts racing (one
    presumed dead) never see a half export, and all see the same files (the same
    paths and times: the output folder's fingerprint, which resuming requires).
    """
    if (folder / _EXPORTED).exists():
        return folder
    if folder.exists():
        # a folder is renamed into place with its marker, so one that exists without
        # its marker, looked at after the folder, is a half export of an older jingshu;
        # with it, a racing attempt's export renamed in between: read, not deleted
        if (folder / _EXPORTED).exists():
            return folder
        shutil.rmtree(folder, ignore_errors=True)
    part = folder.with_name(f"{folder.name}.part-{uuid.uuid4().hex[:12]}")
    part.mkdir(parents=True)
    schema = stored.schema()
    for i, shard in enumerate(stored.manifest.shards):
        with pq.ParquetWriter(part / f"{i:05d}.parquet", schema, compression="zstd") as out:
            for batch in stored.iter_shard(shard):
                out.write_batch(batch)
    (part / _EXPORTED).write_text(json.dumps({"shards": len(stored.manifest.shards)}))
    try:
        part.rename(folder)
    except OSError:  # another attempt's export got there first: use that one
        shutil.rmtree(part, ignore_errors=True)
        if not (folder / _EXPORTED).exists():
            raise
    return folder


def reuse_finished(recipe: Recipe, source: Path, out: Path, earlier: Iterable[Path]
                   ) -> tuple[int, int]:
    """Start ``out`` with the shards that ``earlier`` output folders of the same run
    finished; returns how many shards, and their documents.

    Only folders of the same run (the same fingerprint: recipe, input files, format,
    jingshu's version) count, and of those only shards with a readable completion
    marker. Shards are hard-linked: a shard is never changed in place (a writer renames
    a new file over it), so the link keeps the finished bytes whatever the earlier
    attempt, presumed dead, still does. When the recipe has whole-dataset steps
    (``near_dedup`` ... rename deduplicated shards over the originals once every shard
    is written), nothing is reused from an earlier attempt that had finished every
    shard: it may have been in those steps. This is checked after linking, as that
    attempt may still be running. Anything that fails leaves ``out`` as if nothing was
    reused.
    """
    shards = find_shards(source)
    fingerprint = run_fingerprint(recipe, shards, "parquet", False)
    chosen: dict[str, tuple[Path, str]] = {}  # shard name -> (folder, its marker's text)
    for folder in earlier:
        try:
            if json.loads((folder / FINGERPRINT).read_text("utf-8")) != fingerprint:
                continue
        except (OSError, ValueError):
            continue
        for _path, name in shards:
            if name in chosen:
                continue
            try:
                marker = (folder / ".done" / f"{name}.json").read_text("utf-8")
                docs = json.loads(marker)["docs_in"]
            except (OSError, ValueError, KeyError, TypeError):
                continue  # not finished (or its marker is being written)
            if isinstance(docs, int) and (folder / f"{name}.parquet").is_file():
                chosen[name] = (folder, marker)
    if not chosen:
        return 0, 0
    try:
        (out / ".done").mkdir(parents=True)
        for name, (folder, marker) in chosen.items():
            os.link(folder / f"{name}.parquet", out / f"{name}.parquet")
            errors = folder / "_errors" / f"{name}.jsonl"
            if errors.is_file():
                (out / "_errors").mkdir(exist_ok=True)
                os.link(errors, out / "_errors" / errors.name)
            (out / ".done" / f"{name}.json").write_text(marker, "utf-8")
        complete = [f for f in {f for f, _m in chosen.values()}
                    if all((f / ".done" / f"{name}.json").exists() for _p, name in shards)]
        if complete and _whole_dataset_steps(recipe):
            raise FileExistsError(f"{complete[0]} finished every shard")
        (out / FINGERPRINT).write_text(json.dumps(fingerprint, ensure_ascii=False, indent=2),
                                       "utf-8")
    except OSError:
        shutil.rmtree(out, ignore_errors=True)
        return 0, 0
    docs_reused = sum(json.loads(marker)["docs_in"] for _f, marker in chosen.values())
    return len(chosen), docs_reused


def _whole_dataset_steps(recipe: Recipe) -> bool:
    """Whether a step of ``recipe`` rewrites the shards once all are written."""
    return any(getattr(op, "whole_dataset", False) for op in build_operators(recipe))


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
