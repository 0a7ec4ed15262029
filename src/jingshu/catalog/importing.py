"""Import a file or folder into the catalog as a dataset version."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

import pyarrow as pa
from sqlalchemy.orm import Session

from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.rules import Modality
from jingshu.catalog.service import (
    DatasetSpec,
    get_dataset,
    open_version,
    publish_new_dataset,
    publish_version,
)
from jingshu.corpus.shard_io import count_documents
from jingshu.progress import OnStep, StepCounter
from jingshu.store import DatasetStore, Provenance
from jingshu.store.importers import read_source

__all__ = ["import_file", "modality_of"]


def import_file(
    session: Session,
    store: DatasetStore,
    path: str,
    *,
    spec: DatasetSpec,
    creator: str,
    append: bool = False,
    fmt: str | None = None,
    text_field: str | None = None,
    on_step: OnStep | None = None,
) -> DatasetVersion:
    """Import ``path`` as a new dataset (``spec``) or, with ``append``, as its next version.

    ``text_field`` (JSON lines) names a nested field, e.g. ``content.body``, to import
    as ``text`` (see :func:`~jingshu.store.nested.select_text_field`).

    Appending requires the same schema as the newest version; the error lists the
    differing fields. A new dataset's bytes are written before its row (see
    :func:`~jingshu.catalog.service.publish_new_dataset`).

    ``on_step`` is told the rows read so far (``Step("import NAME", rows, unit="rows")``)
    after each batch; for a ``.jsonl``, ``.jsonl.gz`` or ``.parquet`` file with their
    total too, once it is counted in the background.
    """
    made_by = Provenance(kind="import", source=PurePath(path).name)
    if not append:
        batches = read_source(path, format=fmt, blobs=store.blobs(), text_field=text_field)
        version = publish_new_dataset(session, store, spec,
                                      _counted(batches, path, spec.name, on_step),
                                      creator=creator, made_by=made_by)
        if spec.modality is Modality.TEXT:  # the default: say when the rows hold media
            version.dataset.modality = modality_of(open_version(store, version).schema().names)
        return version
    dataset = get_dataset(session, spec.name)
    expected = open_version(store, dataset.versions[-1]).schema() if dataset.versions else None
    batches = read_source(path, format=fmt, expected_schema=expected, blobs=store.blobs(),
                          text_field=text_field)
    version = publish_version(session, store, dataset,
                              _counted(batches, path, spec.name, on_step), creator=creator,
                              made_by=made_by, parents=dataset.versions[-1:], schema=expected)
    if expected is None and dataset.modality is Modality.TEXT:  # its first version
        dataset.modality = modality_of(open_version(store, version).schema().names)
    return version


def modality_of(columns: list[str]) -> Modality:
    """What a version's columns hold: images (with a caption: image–text pairs), audio,
    else text (tables stay text unless their importer says otherwise)."""
    if "image_sha256" in columns:
        captioned = any(c in columns for c in ("caption", "text"))
        return Modality.MULTIMODAL if captioned else Modality.IMAGE
    if "audio_sha256" in columns:
        return Modality.AUDIO
    return Modality.TEXT


_COUNTABLE = (".jsonl", ".jsonl.gz", ".parquet")  # count_documents reads these exactly


def _counted(batches: Iterable[pa.RecordBatch], path: str, name: str,
             on_step: OnStep | None) -> Iterable[pa.RecordBatch]:
    """``batches``, telling ``on_step`` the rows read so far after each."""
    if on_step is None:
        return batches
    local = Path(path)
    count = (lambda: count_documents(local)) if path.endswith(_COUNTABLE) else None
    return _counting(batches, StepCounter(on_step, f"import {name}", "rows", count))


def _counting(batches: Iterable[pa.RecordBatch],
              tell: StepCounter) -> Iterator[pa.RecordBatch]:
    rows = 0
    for batch in batches:
        rows += batch.num_rows
        tell(rows)
        yield batch
