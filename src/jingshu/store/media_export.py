"""Export a media version with its bytes: Hugging Face layout with ``Image``/``Audio``
features, or WebDataset tar shards.

Rows name media by sha256 (``image_sha256`` / ``audio_sha256``); the export reads each
blob and writes it inline: in the Hugging Face layout as the ``image`` / ``audio``
column (``{bytes, path}`` structs, declared as ``Image`` / ``Audio`` in the Parquet
schema's ``huggingface`` metadata, which ``datasets`` reads), in WebDataset as
``KEY.jpg`` / ``KEY.wav`` beside ``KEY.json`` (the other columns) and ``KEY.txt`` (the
caption or transcript, when there is one).
"""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from itertools import islice
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from jingshu.errors import InputError
from jingshu.store.blobs import BlobStore
from jingshu.store.exporters import _atomic_target, _json_default
from jingshu.store.hf_card import CardMeta, dataset_card
from jingshu.store.shard_writer import COMPRESSION
from jingshu.store.version import StoredVersion

__all__ = ["export_hf_media", "export_webdataset", "media_column", "with_media"]

_HF_TYPE = {"image": "Image", "audio": "Audio"}
_MEDIA_STRUCT = pa.struct([("bytes", pa.binary()), ("path", pa.string())])
_EXT = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "GIF": "gif", "BMP": "bmp", "TIFF": "tif",
        "WEBP": "webp", "WAV": "wav", "FLAC": "flac", "OGG": "ogg", "MP3": "mp3"}


def media_column(schema: pa.Schema) -> str | None:
    """``image`` or ``audio`` when the schema names media by ``<kind>_sha256``."""
    for kind in _HF_TYPE:
        if f"{kind}_sha256" in schema.names:
            return kind
    return None


def _blobs(version: StoredVersion) -> BlobStore:
    return BlobStore(version._fs)  # the blobs live beside the version, in its store


def _hf_feature(kind: pa.DataType) -> dict[str, Any]:
    if pa.types.is_struct(kind):
        return {kind.field(i).name: _hf_feature(kind.field(i).type) for i in range(kind.num_fields)}
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return {"feature": _hf_feature(kind.value_type), "_type": "List"}
    dtype = {"large_string": "large_string", "string": "string", "bool": "bool",
             "binary": "binary"}.get(str(kind), str(kind))
    return {"dtype": dtype, "_type": "Value"}


def _hf_schema(schema: pa.Schema, kind: str) -> pa.Schema:
    fields = [pa.field(kind, _MEDIA_STRUCT)] + [f for f in schema]
    features = {f.name: _hf_feature(f.type) for f in fields[1:]}
    features = {kind: {"_type": _HF_TYPE[kind]}, **features}
    meta = {b"huggingface": json.dumps({"info": {"features": features}}).encode()}
    return pa.schema(fields, metadata=meta)


def _with_media(batch: pa.RecordBatch, kind: str, blobs: BlobStore,
                schema: pa.Schema) -> pa.RecordBatch:
    shas = batch.column(f"{kind}_sha256").to_pylist()
    names = _column(batch, "file_name")
    errors = _column(batch, "error")
    media = pa.array([None if sha is None or error else {"bytes": blobs.get(sha), "path": name}
                      for sha, name, error in zip(shas, names, errors, strict=True)],
                     _MEDIA_STRUCT)
    return pa.RecordBatch.from_arrays([media, *batch.columns], schema=schema)


def with_media(batch: pa.RecordBatch, kind: str, blobs: BlobStore) -> pa.RecordBatch:
    """``batch`` with its files inline first, as the Hugging Face ``Image``/``Audio``
    feature stores them (``{bytes, path}``; null for a row whose file did not import)."""
    return _with_media(batch, kind, blobs, _hf_schema(batch.schema, kind))


def _column(batch: pa.RecordBatch, name: str) -> list[Any]:
    return batch.column(name).to_pylist() if name in batch.schema.names else [None] * len(batch)


def export_hf_media(version: StoredVersion, out_dir: str, meta: CardMeta | None = None) -> int:
    """Write ``data/train-*.parquet`` with an ``Image``/``Audio`` column and a README card.

    A row whose media did not decode at import (``error`` set) is kept with a null
    ``image``/``audio``, so consumers that decode never meet broken bytes.

    Args:
        version: a media version (it has ``image_sha256`` or ``audio_sha256``).
        out_dir: the folder to create; it must not exist or be empty.
        meta: the catalog's metadata for the card (licence, languages, tasks ...).

    Returns:
        The number of rows written.

    Raises:
        InputError: not a media version, or ``out_dir`` is not empty.
    """
    kind = _require_media(version)
    fs, final = fsspec.core.url_to_fs(out_dir)
    if fs.exists(final) and fs.ls(final):
        raise InputError(f"{out_dir}: folder exists and is not empty",
                         hint="choose a new folder or remove the old export first")
    schema = _hf_schema(version.schema(), kind)
    blobs, shards, rows = _blobs(version), version.manifest.shards, 0
    with _atomic_target(out_dir) as (fs, temp):
        fs.makedirs(f"{temp}/data", exist_ok=True)
        for i, shard in enumerate(shards):
            name = f"{temp}/data/train-{i:05d}-of-{len(shards):05d}.parquet"
            with fs.open(name, "wb") as f, pq.ParquetWriter(f, schema,
                                                            compression=COMPRESSION) as w:
                for batch in version.iter_shard(shard, batch_size=256):
                    w.write_batch(_with_media(batch, kind, blobs, schema))
                    rows += batch.num_rows
        with fs.open(f"{temp}/README.md", "wb") as f:
            f.write(dataset_card(version.manifest, meta).encode("utf-8"))
    return rows


def _require_media(version: StoredVersion) -> str:
    kind = media_column(version.schema())
    if kind is None:
        raise InputError(f"dataset {version.manifest.dataset!r} has no image_sha256 or "
                         "audio_sha256 column, so no media to export",
                         hint="export it as jsonl, parquet or hf instead")
    return kind


def export_webdataset(version: StoredVersion, out_dir: str, *, shard_rows: int = 1000) -> int:
    """Write ``shard-000000.tar`` ... with ``KEY.<ext>``, ``KEY.json`` and ``KEY.txt``.

    Rows whose media is missing or did not decode at import (``error``) are skipped.

    Args:
        version: a media version.
        out_dir: the folder to create; it must not exist or be empty.
        shard_rows: samples per tar.

    Returns:
        The number of samples written.
    """
    kind = _require_media(version)
    blobs, written = _blobs(version), 0
    text = next((c for c in ("caption", "text") if c in version.schema().names), None)
    usable = (r for r in _rows(version) if r.get(f"{kind}_sha256") and not r.get("error"))
    with _atomic_target(out_dir) as (fs, temp):
        fs.makedirs(temp, exist_ok=True)
        for number, chunk in enumerate(_chunks(usable, shard_rows)):
            with fs.open(f"{temp}/shard-{number:06d}.tar", "wb") as handle, \
                    tarfile.open(fileobj=handle, mode="w") as tar:
                for row in chunk:
                    key = f"{written:09d}"
                    ext = _EXT.get(str(row.get("format")), "bin")
                    _add(tar, f"{key}.{ext}", blobs.get(row[f"{kind}_sha256"]))
                    meta = json.dumps(row, ensure_ascii=False, default=_json_default)
                    _add(tar, f"{key}.json", meta.encode("utf-8"))
                    if text and isinstance(row.get(text), str):
                        _add(tar, f"{key}.txt", row[text].encode("utf-8"))
                    written += 1
    return written


def _chunks(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _rows(version: StoredVersion) -> Iterator[dict[str, Any]]:
    for batch in version.iter_batches(batch_size=256):
        yield from batch.to_pylist()


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))
