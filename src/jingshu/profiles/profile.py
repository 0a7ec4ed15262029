"""Profile a stored version in one streaming pass; keep it beside the manifest.

Memory is bounded whatever the size of the version: batches of at most
``batch_size`` rows, fixed-size sketches per field (the repeated-lines sketch at most
2**16 lines of 200 characters) and a duplicate sample in fixed arrays of
:data:`~jingshu.profiles.dups.MAX_SAMPLE` documents per text field; the models load on
first use and are shared by all fields. Peak 386–392 MB for the reference corpus's one text
field at ×1 and 457–472 MB at ×10 (docs/guides/quality-profiles.md, *Memory*).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

from jingshu.corpus.quality.model import QualityModel
from jingshu.errors import InputError
from jingshu.privacy.actions import RedactionPolicy
from jingshu.profiles.media import MediaProfiler
from jingshu.profiles.model import VersionProfile
from jingshu.profiles.tabular import ColumnProfiler
from jingshu.profiles.text import TextFieldProfiler
from jingshu.store import StoredVersion
from jingshu.store.blobs import BlobStore
from jingshu.store.media_export import media_column
from jingshu.tokens import TokenCounter, default_counter

__all__ = ["PROFILE_SIDECAR", "TEXT_MIN_CHARS", "TEXT_NAMES", "guess_text_fields", "load_profile",
           "profile_version",
           "stored_or_new_profile", "write_profile"]

PROFILE_SIDECAR = "profile.json"
TEXT_MIN_CHARS = 10
"""A string field is profiled as text when it is named like text (:data:`TEXT_NAMES`), or
when its first batch averages at least this many characters (or holds line breaks) and
most values hold a space or a non-ASCII character; other strings (labels, ids, URLs)
are tabular columns."""
TEXT_NAMES = frozenset({"text", "content", "review", "body", "comment", "sentence",
                        "document", "passage", "article", "context"})
TRIM_EVERY = 16
"""Batches between two returns of freed heap memory to the system (:func:`_trim_heap`)."""


def _trim_heap() -> None:
    """Give the heap's free pages back to the system (glibc's ``malloc_trim``).

    The tokenizer's and Arrow's threads allocate in their own glibc arenas, which keep
    what they freed; without trimming, the resident size of a long profile creeps up
    with the number of batches although what it holds does not. A no-op without glibc.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def _reads_like_text(values: list[str]) -> bool:
    """Long enough on average, or with line breaks, and mostly holding a space or a
    non-ASCII character (so ids, codes, hashes and URLs are labels, not text)."""
    worded = sum(1 for v in values if not v.isascii() or " " in v.strip())
    long_enough = sum(map(len, values)) / len(values) >= TEXT_MIN_CHARS
    return worded * 2 >= len(values) and (long_enough or any("\n" in v for v in values))


def _text_fields(batch: pa.RecordBatch) -> list[str]:
    chosen = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            continue
        values = [v for v in column.to_pylist() if v]
        if name.lower() in TEXT_NAMES or (values and _reads_like_text(values)):
            chosen.append(name)
    return chosen


def guess_text_fields(version: StoredVersion, *, batch_size: int = 4096) -> list[str]:
    """The fields a profile of ``version`` would measure as text, from its first batch
    (as :func:`profile_version` chooses them), without profiling it."""
    for batch in version.iter_batches(batch_size=batch_size):
        return _text_fields(batch)
    return []


def profile_version(
    version: StoredVersion,
    *,
    text_fields: Sequence[str] | None = None,
    tokenizer: str | Path | None = None,
    quality_model: str | Path | None = None,
    policy: RedactionPolicy | None = None,
    batch_size: int = 4096,
    on_rows: Callable[[int], None] | None = None,
) -> VersionProfile:
    """Measure every field of ``version`` in one pass over its rows.

    A media version also gets its files measured (:mod:`jingshu.profiles.media`).

    Args:
        version: the stored version.
        text_fields: fields to profile as text; guessed from the first batch if None
            (:data:`TEXT_MIN_CHARS`).
        tokenizer: a ``tokenizer.json``; the shipped Chinese BPE if None.
        quality_model: a quality classifier (``.npz``) for the score distribution.
        policy: the redaction policy whose scope PII hits are counted in.
        batch_size: rows per batch.
        on_rows: called after each batch with the rows read so far (progress; it may
            raise to stop the pass).

    Raises:
        InputError: a named text field does not exist or is not a string field.
    """
    started = time.perf_counter()
    counter = default_counter(str(tokenizer)) if tokenizer else default_counter()
    model = QualityModel.load(quality_model) if quality_model else None
    texts: dict[str, TextFieldProfiler] = {}
    columns: dict[str, ColumnProfiler] = {}
    kind = media_column(version.schema())
    # the blobs live beside the version, in its store (as jingshu.store.media_export reads them)
    media = MediaProfiler(kind, BlobStore(version._fs)) if kind else None
    read = 0
    for n, batch in enumerate(version.iter_batches(batch_size=batch_size)):
        if not texts and not columns:
            names = list(text_fields) if text_fields is not None else _text_fields(batch)
            _check_text_fields(version, batch.schema, names)
            texts = {n: TextFieldProfiler(n, counter, policy=policy, quality_model=model)
                     for n in names}
            columns = {f.name: ColumnProfiler(f.name, f.type) for f in batch.schema
                       if f.name not in texts}
        for name, profiler in texts.items():
            profiler.add(batch.column(name).to_pylist())
        for name, column_profiler in columns.items():
            column_profiler.add(batch.column(name))
        if media is not None:
            media.add(batch)
        read += batch.num_rows
        if n % TRIM_EVERY == 0:
            _trim_heap()
        if on_rows is not None:
            on_rows(read)
    m = version.manifest
    return VersionProfile(
        dataset=m.dataset, version_id=m.version_id, rows=m.rows,
        computed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        seconds=round(time.perf_counter() - started, 3),
        text=tuple(p.result() for p in texts.values()),
        columns=tuple(p.result() for p in columns.values()),
        media=media.result() if media is not None else None)


def _check_text_fields(version: StoredVersion, schema: pa.Schema, names: Sequence[str]) -> None:
    for name in names:
        if name not in schema.names:
            raise InputError(f"dataset {version.manifest.dataset!r} has no field {name!r}",
                             hint="text fields: choose from " + ", ".join(schema.names))
        type_ = schema.field(name).type
        if not (pa.types.is_string(type_) or pa.types.is_large_string(type_)):
            raise InputError(f"field {name!r} is {type_}, not text",
                             hint="name string fields only as text fields")


def write_profile(version: StoredVersion, profile: VersionProfile) -> None:
    """Store ``profile`` as ``profile.json`` beside the version's manifest."""
    version.write_sidecar(PROFILE_SIDECAR, profile.to_json().encode("utf-8"))


def load_profile(version: StoredVersion) -> VersionProfile | None:
    """The stored profile of ``version``, or None when none was written."""
    data = version.read_sidecar(PROFILE_SIDECAR)
    if data is None:
        return None
    return VersionProfile.from_dict(json.loads(data.decode("utf-8")))


def stored_or_new_profile(version: StoredVersion, *, refresh: bool = False,
                          counter: TokenCounter | None = None) -> VersionProfile:
    """The stored profile, or a new one computed and stored now (always with ``refresh``)."""
    profile = None if refresh else load_profile(version)
    if profile is None:
        profile = profile_version(version, tokenizer=counter.path if counter else None)
        write_profile(version, profile)
    return profile
