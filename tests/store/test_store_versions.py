from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jingshu.errors import InputError, IntegrityError, NotFoundError, SchemaMismatchError
from jingshu.store import DatasetStore, Provenance

from .conftest import IMPORT, numbers


def _write(store: DatasetStore, n: int = 10, shard_rows: int = 4, **kw: object) -> str:
    with store.writer("ds", creator="alice", made_by=IMPORT, shard_rows=shard_rows, **kw) as w:
        w.write_batch(numbers(0, n // 2))
        w.write_batch(numbers(n // 2, n - n // 2))
        location, _ = w.commit()
    return location


def test_round_trip_manifest_and_shards(store: DatasetStore, tmp_path: Path) -> None:
    location = _write(store, n=10, shard_rows=4, parents=["p" * 32])
    version = store.open(location)
    m = version.manifest
    assert location == f"datasets/ds/{m.version_id}"
    assert (m.rows, len(m.shards), [s.rows for s in m.shards]) == (10, 3, [4, 4, 2])
    assert m.parents == ("p" * 32,) and m.creator == "alice" and m.made_by == IMPORT
    assert m.created_at.endswith("Z")
    assert [(f.name, f.type) for f in m.fields] == [("id", "int64"), ("text", "string")]
    folder = tmp_path / "root" / location
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json",
        "part-00000.parquet",
        "part-00001.parquet",
        "part-00002.parquet",
    ]
    for s in m.shards:
        data = (folder / s.path).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (s.bytes, s.sha256)
        assert pq.ParquetFile(folder / s.path).metadata.row_group(0).column(0).compression == "ZSTD"
    assert m.bytes == sum(s.bytes for s in m.shards)
    rows = [r for b in version.iter_batches() for r in b.to_pylist()]
    assert rows == numbers(0, 10).to_pylist()
    assert version.schema() == numbers(0, 1).schema
    version.verify()


def test_iter_batches_streams_shard_by_shard(store: DatasetStore) -> None:
    version = store.open(_write(store, n=10, shard_rows=3))
    batches = list(version.iter_batches(columns=["text"], batch_size=2))
    assert len(batches) >= 4 and all(b.num_rows <= 2 for b in batches)
    assert batches[0].schema.names == ["text"]
    assert sum(b.num_rows for b in batches) == 10


def test_head_and_unknown_column(store: DatasetStore) -> None:
    version = store.open(_write(store, n=10, shard_rows=3))
    assert version.head(5) == numbers(0, 5).to_pylist()
    assert len(version.head()) == 10
    with pytest.raises(InputError, match=r"no column 'nope'.*choose from: id, text"):
        next(version.iter_batches(columns=["nope"]))


def test_verify_names_the_damaged_shard(store: DatasetStore, tmp_path: Path) -> None:
    location = _write(store, n=10, shard_rows=4)
    shard = tmp_path / "root" / location / "part-00001.parquet"
    shard.write_bytes(shard.read_bytes()[:-1] + b"X")
    with pytest.raises(IntegrityError, match=r"part-00001.parquet: content changed"):
        store.open(location).verify()
    shard.unlink()
    with pytest.raises(IntegrityError, match=r"part-00001.parquet: shard .* missing"):
        store.open(location).verify()


def test_later_batch_with_other_schema_names_fields(store: DatasetStore) -> None:
    with store.writer("ds", creator="a", made_by=IMPORT) as w:
        w.write_batch(numbers(0, 2))
        bad = pa.record_batch({"id": ["x"], "label": [1]})
        with pytest.raises(SchemaMismatchError, match=r"missing fields: text.*extra fields: label"):
            w.write_batch(bad)
        with pytest.raises(SchemaMismatchError, match=r"id \(expected int64, got string\)"):
            w.write_batch(pa.record_batch({"id": ["x"], "text": ["y"]}))
        reordered = pa.record_batch({"text": ["z"], "id": [9]})
        w.write_batch(reordered)
        _, m = w.commit()
    assert m.rows == 3


def test_given_schema_is_enforced_and_empty_version_allowed(store: DatasetStore) -> None:
    schema = numbers(0, 1).schema
    with store.writer("ds", creator="a", made_by=IMPORT, schema=schema) as w:
        location, m = w.commit()
    assert m.rows == 0 and len(m.shards) == 1
    assert store.open(location).schema() == schema
    with (
        store.writer("ds", creator="a", made_by=IMPORT) as w,
        pytest.raises(InputError, match=r"no rows were written and no schema"),
    ):
        w.commit()


def test_exception_in_with_block_leaves_nothing(store: DatasetStore, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), store.writer("ds", creator="a", made_by=IMPORT) as w:
        w.write_batch(numbers(0, 5))
        raise RuntimeError("boom")
    assert store.locations() == []
    assert list((tmp_path / "root" / ".tmp").iterdir()) == []
    with pytest.raises(InputError, match=r"already aborted"):
        w.write_batch(numbers(0, 1))


def test_killed_writer_leaves_only_a_temp_folder(store: DatasetStore, tmp_path: Path) -> None:
    root = tmp_path / "root"
    code = textwrap.dedent(
        f"""
        import os, pyarrow as pa
        from jingshu.store import DatasetStore, Provenance
        w = DatasetStore({str(root)!r}).writer("ds", creator="a",
            made_by=Provenance("import", "x"), shard_rows=2)
        w.write_batch(pa.record_batch({{"id": list(range(5))}}))
        os._exit(9)
        """
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 9
    assert store.locations() == []
    temps = [p.name for p in (root / ".tmp").iterdir()]
    assert len(temps) == 1
    assert store.sweep_orphans(set()) == [f".tmp/{temps[0]}"]
    assert list((root / ".tmp").iterdir()) == []


def test_sweep_orphans_keeps_known_versions(store: DatasetStore) -> None:
    keep, drop = _write(store), _write(store)
    assert store.sweep_orphans({keep}, grace_s=3600) == []
    assert store.sweep_orphans({keep}) == [drop]
    assert store.locations() == [keep]
    with pytest.raises(NotFoundError, match=r"no committed dataset version"):
        store.open(drop)


def test_delete_and_location_guard(store: DatasetStore) -> None:
    location = _write(store)
    store.delete(location)
    assert store.locations() == []
    with pytest.raises(NotFoundError):
        store.delete(location)
    with pytest.raises(InputError, match=r"not a dataset version location"):
        store.delete("../etc")


def test_bad_dataset_name_and_parents(store: DatasetStore) -> None:
    with pytest.raises(InputError, match=r"cannot be used as a folder name"):
        store.writer("a/b", creator="a", made_by=IMPORT)
    with pytest.raises(InputError, match=r"not one string"):
        store.writer("ds", creator="a", made_by=IMPORT, parents="abc")


def test_object_store_commit_marker(tmp_path: Path) -> None:
    store = DatasetStore(f"memory://jingshu-test-{tmp_path.name}")
    with store.writer("ds", creator="a", made_by=Provenance("upload", "u")) as w:
        w.write_batch(numbers(0, 3))
        location, _ = w.commit()
    version = store.open(location)
    version.verify()
    assert version.head(1) == numbers(0, 1).to_pylist()
    with store.writer("ds", creator="a", made_by=IMPORT) as w2:
        w2.write_batch(numbers(0, 3))
        w2._close_shard()  # shards exist, no manifest: not committed
        assert store.locations() == [location]
        assert store.sweep_orphans({location}) == [f"datasets/ds/{w2.version_id}"]
        w2.abort()
