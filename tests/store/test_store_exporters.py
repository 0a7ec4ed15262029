from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
import zstandard

from jingshu.errors import InputError
from jingshu.store import DatasetStore, StoredVersion, export_hf, export_jsonl, export_parquet

from .conftest import IMPORT, numbers


@pytest.fixture
def version(store: DatasetStore) -> StoredVersion:
    with store.writer("评论", creator="a", made_by=IMPORT, shard_rows=4) as w:
        w.write_batch(numbers(0, 10))
        location, _ = w.commit()
    return store.open(location)


@pytest.mark.parametrize("name", ["o.jsonl", "o.jsonl.gz", "o.jsonl.zst"])
def test_export_jsonl(version: StoredVersion, tmp_path: Path, name: str) -> None:
    out = tmp_path / "exp" / name
    assert export_jsonl(version, str(out)) == 10
    data = out.read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    elif name.endswith(".zst"):
        data = zstandard.ZstdDecompressor().stream_reader(data).read()
    text = data.decode("utf-8")
    assert "第0条" in text  # ensure_ascii=False
    assert [json.loads(line) for line in text.splitlines()] == numbers(0, 10).to_pylist()
    assert [p.name for p in out.parent.iterdir()] == [name]


def test_export_parquet(version: StoredVersion, tmp_path: Path) -> None:
    out = tmp_path / "o.parquet"
    assert export_parquet(version, str(out)) == 10
    assert pq.read_table(out).to_pylist() == numbers(0, 10).to_pylist()


def test_failed_export_leaves_no_file(store: DatasetStore, tmp_path: Path) -> None:
    with store.writer("ds", creator="a", made_by=IMPORT) as w:
        w.write_batch(numbers(0, 1))
        location, _ = w.commit()
    version = store.open(location)
    (tmp_path / "root" / location / "part-00000.parquet").write_bytes(b"broken")
    out = tmp_path / "exp"
    with pytest.raises(Exception, match="Parquet"):
        export_jsonl(version, str(out / "o.jsonl"))
    assert list(out.iterdir()) == []


def test_export_hf_layout_and_card(version: StoredVersion, tmp_path: Path) -> None:
    out = tmp_path / "hf"
    assert export_hf(version, str(out)) == 10
    names = sorted(p.name for p in (out / "data").iterdir())
    assert names == [f"train-0000{i}-of-00003.parquet" for i in range(3)]
    card = (out / "README.md").read_text("utf-8")
    meta = yaml.safe_load(card.split("---\n")[1])
    assert card.startswith("---\n") and meta["size_categories"] == ["n<1K"]
    assert meta["configs"] == [{"config_name": "default",
                                "data_files": [{"split": "train", "path": "data/*.parquet"}]}]
    assert "# 评论" in card
    with pytest.raises(InputError, match="exists and is not empty"):
        export_hf(version, str(out))


@pytest.mark.skipif(
    importlib.util.find_spec("datasets") is None, reason="the 'datasets' package is not installed"
)
def test_export_hf_loads_with_datasets(
    version: StoredVersion, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    import datasets

    out = tmp_path / "hf"
    export_hf(version, str(out))
    ds = datasets.load_dataset(
        "parquet", data_files=str(out / "data" / "*.parquet"), cache_dir=str(tmp_path / "cache")
    )["train"]
    assert ds.num_rows == 10
    assert sorted(ds["id"]) == list(range(10))
    assert "第3条" in ds["text"]
