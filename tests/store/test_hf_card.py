"""The Hugging Face dataset card: YAML metadata from the catalog, the profile, the lineage."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jingshu.catalog.hf_export import export_hf_version
from jingshu.catalog.mixing import mix_datasets
from jingshu.catalog.service import get_version
from jingshu.platform import Platform
from jingshu.store.hf_card import hf_license, size_category
from tests.factories import make_dataset

TEXTS = [f"第{i}条：北京市发布了关于数据要素市场建设的第{i}项措施。" for i in range(30)]


def _front_matter(card: str) -> dict[str, object]:
    assert card.startswith("---\n")
    data: dict[str, object] = yaml.safe_load(card.split("---\n")[1])
    return data


def test_card_has_catalog_metadata_and_profile(platform: Platform, tmp_path: Path) -> None:
    make_dataset(platform, name="news", title="新闻语料", description="北京新闻。",
                 license="CC-BY-SA-4.0", keywords=("新闻", "text-classification"),
                 rows=[{"text": t} for t in TEXTS])
    with platform.session() as s:
        export_hf_version(s, platform.store, get_version(s, "news"), str(tmp_path / "hf"))
    card = (tmp_path / "hf" / "README.md").read_text("utf-8")
    meta = _front_matter(card)
    assert meta["pretty_name"] == "新闻语料" and meta["license"] == "cc-by-sa-4.0"
    assert meta["language"] == ["zh"] and meta["task_categories"] == ["text-classification"]
    assert meta["size_categories"] == ["n<1K"] and meta["source_datasets"] == ["original"]
    assert meta["configs"] == [{"config_name": "default",
                                "data_files": [{"split": "train", "path": "data/*.parquet"}]}]
    assert "北京新闻。" in card and "## Quality profile" in card and "| `text` | 30 |" in card


def test_mix_card_names_sources_and_realised_shares(platform: Platform, tmp_path: Path) -> None:
    make_dataset(platform, name="aa", rows=[{"text": t} for t in TEXTS], license="MIT")
    make_dataset(platform, name="bb", rows=[{"text": t[::-1]} for t in TEXTS],
                 license="Custom licence 1.0")
    with platform.session() as s:
        v = mix_datasets(s, platform.store, "ab", ["aa@1:0.5", "bb@1:0.5"], 400,
                         creator="test").version
        export_hf_version(s, platform.store, v, str(tmp_path / "hf"))
    card = (tmp_path / "hf" / "README.md").read_text("utf-8")
    meta = _front_matter(card)
    assert meta["source_datasets"] == ["extended|aa", "extended|bb"]
    assert meta["task_categories"] == ["text-generation"]
    assert "realised share" in card and "| aa@1 | text | 0.5000 |" in card


@pytest.mark.parametrize(("rows", "label"), [(0, "n<1K"), (999, "n<1K"), (1000, "1K<n<10K"),
                                             (2_500_000, "1M<n<10M")])
def test_size_category(rows: int, label: str) -> None:
    assert size_category(rows) == label


def test_licences() -> None:
    assert hf_license("Apache-2.0") == ("apache-2.0", None)
    assert hf_license("") == ("unknown", None)
    assert hf_license("政府数据开放协议") == ("other", "政府数据开放协议")
