"""Token counts: the shipped Chinese BPE, any local tokenizer.json, and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingshu.errors import InputError
from jingshu.tokens import DEFAULT_TOKENIZER, TokenCounter
from jingshu.tokens.train import train_byte_level_bpe

TEXT = "北京市朝阳区人民政府发布了新的公共数据开放政策。"


def test_shipped_tokenizer_merges_chinese() -> None:
    assert DEFAULT_TOKENIZER.stat().st_size < 5_000_000
    counter = TokenCounter()
    [n] = counter.count([TEXT])
    assert 1 < n < len(TEXT)  # merges: fewer tokens than characters
    assert counter.count([]) == [] and counter.total(["", TEXT]) == n
    assert counter.name == "zh_bpe_32k.json"


def test_a_local_tokenizer_counts_differently(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    train_byte_level_bpe([TEXT] * 5, path, vocab_size=300)
    tiny = TokenCounter(path)
    assert tiny.total([TEXT]) != TokenCounter().total([TEXT])
    unseen = "完全没见过的字"
    assert len(unseen) < tiny.total([unseen]) <= len(unseen.encode())  # byte-level fallback


def test_bad_tokenizer_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such tokenizer file"):
        TokenCounter(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(InputError, match=r"not a tokenizer\.json"):
        TokenCounter(bad)
