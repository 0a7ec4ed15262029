"""Import images or audio: a folder (Hugging Face ``imagefolder``/``audiofolder``
conventions), a COCO annotation JSON with its images, WebDataset tars, or Parquet
with an ``image``/``audio`` column of bytes.

Each file's bytes go to the content-addressed :class:`~jingshu.store.blobs.BlobStore`;
each row holds the sha256 and what the probe found (:mod:`jingshu.store.media_probe`).
A bad file (truncated, wrong extension, decompression bomb, missing) keeps its row
with the reason in ``error`` and the import goes on; the media operators'
``decode_check`` drops such rows later, counting them by reason.

Folder layout, as in Hugging Face ``datasets``: media files anywhere below the folder;
a file inside a sub-folder gets that sub-folder's name as ``label``; an optional
``metadata.jsonl`` or ``metadata.csv`` beside them adds columns, joined by its
``file_name`` column (a path relative to the folder).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import fsspec
import pyarrow as pa

from jingshu.errors import InputError
from jingshu.store.blobs import BlobStore
from jingshu.store.json_lines import json_objects
from jingshu.store.media_probe import AUDIO_SUFFIXES, IMAGE_SUFFIXES, probe_audio, probe_image

__all__ = [
    "AUDIO_FIELDS",
    "IMAGE_FIELDS",
    "MediaKind",
    "folder_kind",
    "parquet_media_kind",
    "read_coco",
    "read_media_folder",
    "read_media_parquet",
    "read_webdataset",
]

log = logging.getLogger("jingshu.media")
MediaKind = Literal["image", "audio"]
IMAGE_FIELDS = [
    ("id", pa.string()), ("file_name", pa.string()), ("image_sha256", pa.string()),
    ("size_bytes", pa.int64()), ("format", pa.string()), ("width", pa.int32()),
    ("height", pa.int32()), ("label", pa.string()), ("error", pa.string()),
]
AUDIO_FIELDS = [
    ("id", pa.string()), ("file_name", pa.string()), ("audio_sha256", pa.string()),
    ("size_bytes", pa.int64()), ("format", pa.string()), ("sample_rate", pa.int32()),
    ("channels", pa.int32()), ("duration_s", pa.float64()), ("label", pa.string()),
    ("error", pa.string()),
]
_OBJECT = pa.struct([("bbox", pa.list_(pa.float64())), ("category_id", pa.int64()),
                     ("category", pa.string()), ("area", pa.float64()),
                     ("iscrowd", pa.bool_()), ("segmentation", pa.string())])
_SUFFIXES: dict[str, tuple[str, ...]] = {"image": IMAGE_SUFFIXES, "audio": AUDIO_SUFFIXES}


@dataclass
class _Media:
    """One media file on its way to a row."""

    blobs: BlobStore
    kind: MediaKind

    def row(self, name: str, data: bytes | None, label: str | None = None,
            missing: str | None = None) -> dict[str, Any]:
        base: dict[str, Any] = {"id": name, "file_name": name, "label": label,
                                "size_bytes": None if data is None else len(data)}
        if data is None:
            base["error"] = missing or "file is missing"
            log.warning("%s: %s", name, base["error"])
            return base
        base[f"{self.kind}_sha256"] = self.blobs.put(data)
        if self.kind == "image":
            info = probe_image(data, name)
            base.update(format=info.format, width=info.width, height=info.height,
                        error=info.error)
        else:
            audio = probe_audio(data, name)
            base.update(format=audio.format, sample_rate=audio.sample_rate,
                        channels=audio.channels, duration_s=audio.duration_s,
                        error=audio.error)
        if base["error"]:
            log.warning("%s: %s", name, base["error"])
        return base


def folder_kind(path: str) -> MediaKind | None:
    """``image`` or ``audio`` when the folder holds such files (more of them wins)."""
    fs, root = fsspec.core.url_to_fs(path)
    names = [str(p).lower() for p in fs.find(root)]
    counts = {k: sum(n.endswith(s) for n in names) for k, s in _SUFFIXES.items()}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else None  # type: ignore[return-value]


def read_media_folder(path: str, kind: MediaKind, blobs: BlobStore, *,
                      batch_rows: int = 1000) -> Iterator[pa.RecordBatch]:
    """Stream an ``imagefolder`` / ``audiofolder`` as record batches.

    Args:
        path: the folder (local path or fsspec URL).
        kind: ``image`` or ``audio``.
        blobs: where the files' bytes are stored.
        batch_rows: rows per batch.

    Raises:
        InputError: no media files, or a bad metadata file (named, with its line).
    """
    fs, root = fsspec.core.url_to_fs(path)
    root = str(root).rstrip("/")
    files = sorted(str(p)[len(root) + 1:] for p in fs.find(root)
                   if str(p).lower().endswith(_SUFFIXES[kind]))
    if not files:
        raise InputError(f"{path}: no {kind} files ({', '.join(_SUFFIXES[kind])}) in this folder",
                         hint=f"point at a folder of {kind} files, or pass the right --format")
    meta, meta_name, meta_schema = _metadata(fs, root, kind)
    fields = (IMAGE_FIELDS if kind == "image" else AUDIO_FIELDS) + list(meta_schema)
    schema = pa.schema(fields)
    media = _Media(blobs, kind)
    rows: Iterable[dict[str, Any]] = (
        {**media.row(rel, _read(fs, f"{root}/{rel}"), rel.split("/")[0] if "/" in rel else None),
         **meta.pop(rel, {})} for rel in files)
    yield from _batched(rows, schema, batch_rows)
    for rel, extra in meta.items():  # listed in the metadata, but no such file
        missing = f"listed in {meta_name} line {extra.pop('_line')} but the file is missing"
        yield pa.RecordBatch.from_pylist([{**media.row(rel, None, missing=missing), **extra}],
                                         schema=schema)


def _read(fs: Any, full: str) -> bytes:
    with fs.open(full, "rb") as f:
        data: bytes = f.read()
    return data


def _metadata(fs: Any, root: str, kind: MediaKind
              ) -> tuple[dict[str, dict[str, Any]], str, pa.Schema]:
    """``file_name`` → extra columns, from ``metadata.jsonl`` or ``metadata.csv``."""
    for name in ("metadata.jsonl", "metadata.csv"):
        if fs.exists(f"{root}/{name}"):
            text = _read(fs, f"{root}/{name}").decode("utf-8-sig")
            records = _jsonl_records(text, name) if name.endswith("jsonl") else _csv_records(text)
            return _index_metadata(records, name, kind)
    return {}, "", pa.schema([])


def _jsonl_records(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    return list(json_objects(text.splitlines(), lambda n: f"{name} line {n}",
                             hint="each line must be one JSON object with a file_name",
                             object_hint='write {"file_name": "a.jpg", ...}'))


def _csv_records(text: str) -> list[tuple[int, dict[str, Any]]]:
    return [(i, dict(r)) for i, r in enumerate(csv.DictReader(io.StringIO(text)), start=2)]


def _index_metadata(records: list[tuple[int, dict[str, Any]]], name: str, kind: MediaKind
                    ) -> tuple[dict[str, dict[str, Any]], str, pa.Schema]:
    taken = {n for n, _ in (IMAGE_FIELDS if kind == "image" else AUDIO_FIELDS)} - {"file_name"}
    by_file: dict[str, dict[str, Any]] = {}
    for line_no, record in records:
        file_name = record.pop("file_name", None)
        if not isinstance(file_name, str) or not file_name:
            raise InputError(f"{name} line {line_no}: no file_name",
                             hint="each row needs file_name, the path relative to the folder")
        clash = taken & set(record)
        if clash:
            raise InputError(f"{name} line {line_no}: column {sorted(clash)[0]!r} is reserved",
                             hint=f"rename it; jingshu fills {', '.join(sorted(taken))} itself")
        by_file[file_name] = record
        record["_line"] = line_no
    values = [{k: v for k, v in r.items() if k != "_line"} for r in by_file.values()]
    schema = pa.Table.from_pylist(values).schema if values else pa.schema([])
    return by_file, name, schema


def _batched(rows: Iterable[dict[str, Any]], schema: pa.Schema,
             batch_rows: int) -> Iterator[pa.RecordBatch]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        row.pop("_line", None)
        chunk.append(row)
        if len(chunk) >= batch_rows:
            yield pa.RecordBatch.from_pylist(chunk, schema=schema)
            chunk = []
    if chunk:
        yield pa.RecordBatch.from_pylist(chunk, schema=schema)


def read_coco(path: str, blobs: BlobStore, *, batch_rows: int = 1000
              ) -> Iterator[pa.RecordBatch]:
    """Stream a COCO JSON (instances or captions) with its images, one row per image.

    Images are looked up by ``file_name`` beside the JSON, or anywhere below its
    folder by base name. Rows carry ``coco_id``, ``objects`` (boxes as ``[x, y, w, h]``,
    category, area, iscrowd, segmentation as JSON text) and ``captions``.

    Args:
        path: the annotation JSON.
        blobs: where the images' bytes are stored.
        batch_rows: rows per batch.

    Raises:
        InputError: not JSON, or no ``images`` list.
    """
    fs, local = fsspec.core.url_to_fs(path)
    try:
        coco = json.loads(_read(fs, str(local)))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not JSON (line {exc.lineno}: {exc.msg})",
                         hint="pass a COCO annotation file") from None
    if not isinstance(coco, dict) or not isinstance(coco.get("images"), list):
        raise InputError(f"{path}: no 'images' list, so not a COCO annotation file",
                         hint="COCO JSON has images, annotations and categories")
    folder = str(local).rsplit("/", 1)[0] if "/" in str(local) else "."
    found = {str(p).rsplit("/", 1)[-1]: str(p) for p in fs.find(folder)
             if str(p).lower().endswith(IMAGE_SUFFIXES)}
    objects, captions = _coco_annotations(coco)
    schema = pa.schema([*IMAGE_FIELDS, ("coco_id", pa.int64()), ("objects", pa.list_(_OBJECT)),
                        ("captions", pa.list_(pa.string()))])
    media = _Media(blobs, "image")

    def rows() -> Iterator[dict[str, Any]]:
        for i, image in enumerate(coco["images"]):
            name = str(image.get("file_name", ""))
            full = found.get(name.rsplit("/", 1)[-1])
            data = _read(fs, full) if full else None
            missing = f"images[{i}] {name}: not found under {folder}"
            row = media.row(name, data, missing=missing)
            cid = image.get("id")
            yield {**row, "coco_id": cid, "objects": objects.get(cid, []),
                   "captions": captions.get(cid, [])}

    yield from _batched(rows(), schema, batch_rows)


def _coco_annotations(coco: dict[str, Any]
                      ) -> tuple[dict[Any, list[dict[str, Any]]], dict[Any, list[str]]]:
    names = {c.get("id"): c.get("name") for c in coco.get("categories", [])}
    objects: dict[Any, list[dict[str, Any]]] = {}
    captions: dict[Any, list[str]] = {}
    for ann in coco.get("annotations", []):
        key = ann.get("image_id")
        if "caption" in ann:
            captions.setdefault(key, []).append(str(ann["caption"]))
        if "bbox" in ann:
            seg = ann.get("segmentation")
            objects.setdefault(key, []).append({
                "bbox": [float(v) for v in ann["bbox"]], "category_id": ann.get("category_id"),
                "category": names.get(ann.get("category_id")), "area": ann.get("area"),
                "iscrowd": bool(ann.get("iscrowd", 0)),
                "segmentation": None if seg is None else json.dumps(seg)})
    return objects, captions


def read_webdataset(path: str, blobs: BlobStore, *, batch_rows: int = 1000
                    ) -> Iterator[pa.RecordBatch]:
    """Stream a WebDataset tar (or a folder of them): one row per sample key.

    Members sharing a key (the path up to the first dot of the base name) form a
    sample: the image or audio member becomes the media, ``.txt`` the ``text``,
    ``.cls`` the ``label``, ``.json`` the ``json`` column. Whether the dataset is of
    images or audio is decided by the first media member.

    Args:
        path: a ``.tar`` file or a folder of them.
        blobs: where the media bytes are stored.
        batch_rows: rows per batch.

    Raises:
        InputError: no tar, or no image/audio member in the tars.
    """
    fs, local = fsspec.core.url_to_fs(path)
    tars = (sorted(str(p) for p in fs.find(local) if str(p).endswith(".tar"))
            if fs.isdir(local) else [str(local)])
    samples = (s for tar in tars for s in _tar_samples(fs, tar))
    first = next(samples, None)
    kind: MediaKind | None = None if first is None else first[1]
    if first is None or kind is None:
        raise InputError(f"{path}: no image or audio member in the WebDataset tar(s)",
                         hint="members are named KEY.jpg, KEY.wav, KEY.txt ...")
    fields = (IMAGE_FIELDS if kind == "image" else AUDIO_FIELDS) + [
        ("text", pa.string()), ("json", pa.string())]
    media = _Media(blobs, kind)

    def rows() -> Iterator[dict[str, Any]]:
        for sample in ([first] if first else []):
            yield _wds_row(media, *sample)
        for sample in samples:
            yield _wds_row(media, *sample)

    yield from _batched(rows(), pa.schema(fields), batch_rows)


def _wds_row(media: _Media, key: str, kind: MediaKind | None,
             parts: dict[str, bytes]) -> dict[str, Any]:
    ext = next((e for e in parts if f".{e}".endswith(_SUFFIXES[media.kind])), None)
    missing = f"sample {key}: no {media.kind} member (has {', '.join(sorted(parts))})"
    row = media.row(f"{key}.{ext}" if ext else key, parts.get(ext) if ext else None,
                    missing=missing)
    row["id"] = key
    text, cls = parts.get("txt"), parts.get("cls")
    row["text"] = text.decode("utf-8", "replace") if text is not None else None
    row["label"] = cls.decode("utf-8", "replace").strip() if cls is not None else None
    row["json"] = parts["json"].decode("utf-8", "replace") if "json" in parts else None
    return row


def _tar_samples(fs: Any, tar_path: str
                 ) -> Iterator[tuple[str, MediaKind | None, dict[str, bytes]]]:
    with fs.open(tar_path, "rb") as raw, tarfile.open(fileobj=raw, mode="r|*") as tar:
        key, parts = None, {}
        for member in tar:
            if not member.isfile():
                continue
            folder, _, base = member.name.rpartition("/")
            stem, _, ext = base.partition(".")
            this = f"{folder}/{stem}" if folder else stem
            if key is not None and this != key:
                yield key, _kind_of(parts), parts
                parts = {}
            key = this
            handle = tar.extractfile(member)
            parts[ext.lower()] = handle.read() if handle else b""
        if key is not None:
            yield key, _kind_of(parts), parts


def _kind_of(parts: dict[str, bytes]) -> MediaKind | None:
    for ext in parts:
        for kind, suffixes in _SUFFIXES.items():
            if f".{ext}".endswith(suffixes):
                return kind  # type: ignore[return-value]
    return None


def parquet_media_kind(path: str) -> MediaKind | None:
    """``image``/``audio`` when the Parquet file has such a column of bytes or of
    ``{bytes, path}`` structs (the Hugging Face ``Image``/``Audio`` storage)."""
    import pyarrow.parquet as pq

    fs, local = fsspec.core.url_to_fs(path)
    with fs.open(local, "rb") as f:
        schema = pq.ParquetFile(f).schema_arrow
    for kind in ("image", "audio"):
        if kind in schema.names:
            t = schema.field(kind).type
            if pa.types.is_binary(t) or pa.types.is_large_binary(t) or (
                    pa.types.is_struct(t) and t.get_field_index("bytes") >= 0):
                return kind  # type: ignore[return-value]
    return None


def read_media_parquet(path: str, kind: MediaKind, blobs: BlobStore, *,
                       batch_rows: int = 1000) -> Iterator[pa.RecordBatch]:
    """Stream a Parquet file whose ``image``/``audio`` column holds the media bytes.

    The bytes go to the blobs and the row gets ``<kind>_sha256`` and what the probe
    finds, like a folder import; the other columns are kept (those named like the
    probe's columns are measured again, not copied). Round-trips a jingshu or Hugging
    Face ``Image``/``Audio`` export.

    Args:
        path: the Parquet file.
        kind: ``image`` or ``audio`` (see :func:`parquet_media_kind`).
        blobs: where the media bytes are stored.
        batch_rows: rows per batch.
    """
    import pyarrow.parquet as pq

    base = IMAGE_FIELDS if kind == "image" else AUDIO_FIELDS
    taken = {n for n, _ in base} | {kind}
    fs, local = fsspec.core.url_to_fs(path)
    media = _Media(blobs, kind)
    with fs.open(local, "rb") as f:
        source = pq.ParquetFile(f)
        extra = [fld for fld in source.schema_arrow if fld.name not in taken]
        schema = pa.schema(base + [(fld.name, fld.type) for fld in extra])
        offset = 0
        for batch in source.iter_batches(batch_size=batch_rows):
            rows = []
            for row in batch.to_pylist():
                value = row[kind]
                data = value.get("bytes") if isinstance(value, dict) else value
                name = (value.get("path") if isinstance(value, dict) else None) \
                    or row.get("file_name") or f"row {offset}"
                missing = f"row {offset}: no {kind} bytes"
                out = media.row(str(name), data, row.get("label"), missing=missing)
                out["id"] = str(row["id"]) if row.get("id") is not None else str(offset)
                out.update({fld.name: row[fld.name] for fld in extra})
                rows.append(out)
                offset += 1
            yield pa.RecordBatch.from_pylist(rows, schema=schema)
