"""Import a folder written by Hugging Face ``datasets``' ``save_to_disk``.

Two layouts: one ``Dataset`` (``state.json`` naming its ``data-*.arrow`` files,
``dataset_info.json``) and a ``DatasetDict`` (``dataset_dict.json`` listing the splits,
one such folder per split; a ``split`` column is added). The Arrow files are read
directly with pyarrow's IPC stream reader, batch by batch, so ``datasets`` itself is not
needed and memory stays bounded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.ipc as ipc

from jingshu.errors import InputError

__all__ = ["is_hf_folder", "read_hf_folder"]


def _fs(path: str) -> tuple[Any, str]:
    fs, root = fsspec.core.url_to_fs(path)
    return fs, str(root).rstrip("/")


def is_hf_folder(path: str) -> bool:
    """Whether ``path`` is a folder in a ``save_to_disk`` layout."""
    fs, root = _fs(path)
    return bool(fs.isdir(root) and (fs.exists(f"{root}/state.json")
                                    or fs.exists(f"{root}/dataset_dict.json")))


def _json(fs: Any, file: str) -> Any:
    try:
        with fs.open(file, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{file}: cannot be read as JSON ({exc})",
                         hint="is this folder complete? re-save it with save_to_disk") from exc


def _split_batches(fs: Any, folder: str, batch_rows: int) -> Iterator[pa.RecordBatch]:
    state = _json(fs, f"{folder}/state.json")
    try:
        files = [str(d["filename"]) for d in state["_data_files"]]
    except (KeyError, TypeError) as exc:
        raise InputError(f"{folder}/state.json lists no _data_files",
                         hint="re-save the dataset with datasets' save_to_disk") from exc
    for name in files:
        with fs.open(f"{folder}/{name}", "rb") as f:
            try:
                reader = ipc.open_stream(f)
            except pa.ArrowInvalid as exc:
                raise InputError(f"{folder}/{name}: not an Arrow stream file ({exc})",
                                 hint="re-save the dataset with save_to_disk") from exc
            for batch in reader:
                for start in range(0, batch.num_rows, batch_rows):
                    yield batch.slice(start, batch_rows)


def read_hf_folder(path: str, *, batch_rows: int = 10_000) -> Iterator[pa.RecordBatch]:
    """Stream a ``save_to_disk`` folder (a Dataset, or a DatasetDict with a ``split`` column).

    Raises:
        InputError: not such a folder, or its files are damaged (the message names the file).
    """
    fs, root = _fs(path)
    if fs.exists(f"{root}/state.json"):
        yield from _split_batches(fs, root, batch_rows)
        return
    if not fs.exists(f"{root}/dataset_dict.json"):
        raise InputError(f"{path}: no state.json or dataset_dict.json",
                         hint="pass a folder written by datasets' save_to_disk")
    splits = _json(fs, f"{root}/dataset_dict.json").get("splits", [])
    schema: pa.Schema | None = None
    for split in splits:
        for batch in _split_batches(fs, f"{root}/{split}", batch_rows):
            out = pa.RecordBatch.from_arrays(
                [*batch.columns, pa.array([split] * batch.num_rows, pa.string())],
                names=[*batch.schema.names, "split"])
            if schema is None:
                schema = out.schema
            elif not out.schema.equals(schema):
                raise InputError(f"{path}: split {split!r} has another schema than the first "
                                 f"split ({out.schema} vs {schema})",
                                 hint="import the splits one by one (point at a split folder)")
            yield out
