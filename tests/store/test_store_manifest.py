from __future__ import annotations

import pytest

import jingshu.store as store_pkg
from jingshu.errors import InputError
from jingshu.store import FieldInfo, Manifest, Provenance, ShardInfo


def _manifest() -> Manifest:
    return Manifest(
        version_id="a" * 32,
        dataset="新闻",
        fields=(FieldInfo("text", "string", True),),
        rows=3,
        bytes=10,
        shards=(ShardInfo("part-00000.parquet", 3, 10, "0" * 64),),
        creator="alice",
        created_at="2026-01-01T00:00:00.000Z",
        parents=("b" * 32,),
        made_by=Provenance("recipe", "clean.yaml", (("hash", "x"),)),
    )


def test_manifest_json_round_trip_keeps_chinese_readable() -> None:
    m = _manifest()
    text = m.to_json()
    assert "新闻" in text
    assert Manifest.from_json(text) == m


def test_manifest_from_bad_json_names_the_file() -> None:
    with pytest.raises(InputError, match=r"manifest\.json"):
        Manifest.from_json('{"rows": 1}')


def test_provenance_kind_is_checked() -> None:
    with pytest.raises(InputError, match="provenance kind 'crawl'"):
        Provenance("crawl", "x")


def test_public_api_is_listed() -> None:
    for name in store_pkg.__all__:
        assert hasattr(store_pkg, name)
    assert {"DatasetStore", "Manifest", "read_source", "export_hf"} <= set(store_pkg.__all__)
