"""Token counts with a real tokenizer: the shipped Chinese byte-level BPE, or any local
``tokenizer.json`` (Hugging Face ``tokenizers`` format).

The shipped ``data/zh_bpe_32k.json`` (32,000 symbols, trained by
:mod:`jingshu.tokens.train`) is the default. Counting encodes batches with
``encode_batch``, which runs on all cores in the Rust library.

Library layer: imports :mod:`jingshu.errors` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jingshu.errors import ConfigError, InputError
from jingshu.store import StoredVersion

__all__ = ["DEFAULT_TOKENIZER", "ENCODE_BATCH", "WORD_CACHE", "TokenCount", "TokenCounter",
           "count_tokens", "default_counter"]

DEFAULT_TOKENIZER = Path(__file__).with_name("data") / "zh_bpe_32k.json"
ENCODE_BATCH = 256
"""Texts per ``encode_batch`` call: each encoding holds ids, offsets and token strings
(about 100 bytes a token), so smaller calls bound memory; 256 still fill every core."""
WORD_CACHE = 1000
"""Pre-tokenized words whose BPE merges a tokenizer keeps (``tokenizers`` keeps 10,000 by
default). Chinese text has no spaces, so a "word" is a whole run of Han characters and
10,000 of them held about 35 MB in the reference corpus; hits are rare, and 1,000 count
as fast (docs/guides/quality-profiles.md, *Memory*)."""


class TokenCounter:
    """Counts tokens of texts with one tokenizer.

    Args:
        path: a ``tokenizer.json``; the shipped Chinese BPE when omitted.

    Raises:
        ConfigError: ``tokenizers`` is not installed.
        InputError: the file is missing or is not a tokenizer.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise ConfigError("counting tokens needs the 'tokenizers' package",
                              hint="pip install tokenizers") from exc
        self.path = Path(path) if path is not None else DEFAULT_TOKENIZER
        if not self.path.is_file():
            raise InputError(f"{self.path}: no such tokenizer file",
                             hint="pass a tokenizer.json saved by the Hugging Face tokenizers "
                             "library, or leave it out for the shipped Chinese BPE")
        try:
            self._tokenizer: Any = Tokenizer.from_file(str(self.path))
        except Exception as exc:
            raise InputError(f"{self.path}: not a tokenizer.json ({exc})",
                             hint="save one with tokenizers' Tokenizer.save(path)") from exc
        resize = getattr(self._tokenizer.model, "_resize_cache", None)
        if resize is not None:  # BPE models (tokenizers >= 0.20)
            resize(WORD_CACHE)

    @property
    def name(self) -> str:
        """The tokenizer file's name, as reports cite it."""
        return self.path.name

    def count(self, texts: Sequence[str]) -> list[int]:
        """Tokens per text (no special tokens added).

        Args:
            texts: the texts of one batch.
        """
        counts: list[int] = []
        for start in range(0, len(texts), ENCODE_BATCH):
            encodings = self._tokenizer.encode_batch(list(texts[start:start + ENCODE_BATCH]),
                                                     add_special_tokens=False)
            counts.extend(len(e.ids) for e in encodings)
        return counts

    def total(self, texts: Sequence[str]) -> int:
        """Tokens in all of ``texts``."""
        return sum(self.count(texts))


@lru_cache(maxsize=4)
def default_counter(path: str | None = None) -> TokenCounter:
    """A cached :class:`TokenCounter` (the shipped one when ``path`` is None)."""
    return TokenCounter(path)


@dataclass(frozen=True)
class TokenCount:
    """Tokens of one text field of a version."""

    field: str
    tokenizer: str
    rows: int
    chars: int
    tokens: int

    @property
    def chars_per_token(self) -> float:
        return self.chars / self.tokens if self.tokens else 0.0


def count_tokens(version: StoredVersion, field: str, counter: TokenCounter | None = None,
                 *, batch_size: int = 8192) -> TokenCount:
    """Stream ``field`` of ``version`` and count its characters and tokens.

    Args:
        version: the stored version.
        field: a string field.
        counter: the tokenizer (the shipped Chinese BPE by default).
        batch_size: rows per ``encode_batch`` call (the Rust library uses every core).

    Raises:
        InputError: ``field`` does not exist.
    """
    counter = counter or default_counter()
    rows = chars = tokens = 0
    for batch in version.iter_batches(columns=[field], batch_size=batch_size):
        texts = [t for t in batch.column(0).to_pylist() if isinstance(t, str)]
        rows += batch.num_rows
        chars += sum(map(len, texts))
        tokens += counter.total(texts)
    return TokenCount(field, counter.name, rows, chars, tokens)
