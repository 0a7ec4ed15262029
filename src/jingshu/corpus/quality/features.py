"""Hashed character n-gram features of normalized text, as sparse rows.

The text is normalized first (NFKC, traditional to simplified characters, lower
case, runs of whitespace to one space, cut to ``max_chars``) so that width, script
and case variants of the same text share features. Script conversion is character by
character, from OpenCC's ``TSCharacters`` table (its first candidate), through
``str.translate``: several times faster than phrase-level conversion, and n-gram
features need no more. Each character n-gram (``min_n`` to ``max_n``) is hashed into
one of ``2**buckets_log2`` buckets with the hashing trick (Weinberger et al., 2009, "Feature
Hashing for Large Scale Multitask Learning"), the way fastText (Joulin et al., 2017,
"Bag of Tricks for Efficient Text Classification") hashes its n-grams. Optionally
jieba words are hashed into the same buckets. A row holds ``1 + log(count)`` per
bucket, scaled to unit length.

Hashing is vectorized over a document's code points with numpy: FNV-1a over the code
points of each n-gram, then MurmurHash3's 64-bit finalizer, the bucket taken from the
top bits. It depends on nothing but the text, so scores are the same in every process.
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from jingshu.corpus.ops.script import t2s_characters
from jingshu.errors import ConfigError

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["FeatureConfig", "featurize", "hash_indices", "normalize_text"]

_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)
_WORD_SALT = 0x9E3779B9
_CHUNK = 256

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class FeatureConfig:
    """How text becomes features; stored in the model file.

    Args:
        min_n: Shortest character n-gram.
        max_n: Longest character n-gram.
        buckets_log2: The number of hash buckets is ``2**buckets_log2``.
        max_chars: Only the first ``max_chars`` characters are read.
        t2s: Map traditional characters to simplified ones before hashing.
        words: Also hash jieba words (slower; helps little on character n-grams).
    """

    min_n: int = 1
    max_n: int = 3
    buckets_log2: int = 20
    max_chars: int = 4000
    t2s: bool = True
    words: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.min_n <= self.max_n <= 8:
            raise ConfigError(f"n-gram range {self.min_n}..{self.max_n} is invalid",
                              hint="use 1 <= min_n <= max_n <= 8")
        if not 10 <= self.buckets_log2 <= 24:
            raise ConfigError(f"buckets_log2={self.buckets_log2} is out of range",
                              hint="use 10 to 24 (2**20 to 2**22 is usual)")
        if self.max_chars < 1:
            raise ConfigError(f"max_chars={self.max_chars} must be positive",
                              hint="use the number of leading characters to read")

    @property
    def buckets(self) -> int:
        """The number of hash buckets (the model's weight count)."""
        return 1 << self.buckets_log2

    def to_dict(self) -> dict[str, Any]:
        """The config as JSON-ready data."""
        return asdict(self)


def normalize_text(text: str, config: FeatureConfig) -> str:
    """The text the features are hashed from.

    Args:
        text: Raw document text.
        config: Feature settings (``max_chars``, ``t2s``).
    """
    out = unicodedata.normalize("NFKC", text[: config.max_chars])
    if config.t2s:
        out = out.translate(t2s_characters())
    return " ".join(out.lower().split())


def _fmix(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    h = h ^ (h >> np.uint64(33))
    h = h * _MIX1
    h = h ^ (h >> np.uint64(33))
    h = h * _MIX2
    return h ^ (h >> np.uint64(33))


def _code_points(text: str) -> npt.NDArray[np.uint64]:
    raw = text.encode("utf-32-le", errors="surrogatepass")
    return np.frombuffer(raw, dtype=np.uint32).astype(np.uint64)


def _hashed(texts: list[str], config: FeatureConfig) -> tuple[IntArray, IntArray]:
    """(text number, bucket) of every n-gram and word of already normalized ``texts``.

    All texts are hashed in one pass over their joined code points; n-grams that
    would cross from one text into the next are dropped.
    """
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    cps = _code_points("".join(texts))
    doc_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    end_of = np.cumsum(lengths)[doc_of]
    shift = np.uint64(64 - config.buckets_log2)
    docs: list[IntArray] = []
    buckets: list[IntArray] = []
    with np.errstate(over="ignore"):
        for n in range(config.min_n, config.max_n + 1):
            count = len(cps) - n + 1
            if count <= 0:
                break
            h = np.full(count, _FNV_OFFSET ^ np.uint64(n), dtype=np.uint64)
            for k in range(n):
                h = (h ^ cps[k : k + count]) * _FNV_PRIME
            inside = np.arange(n, count + n) <= end_of[:count]
            docs.append(doc_of[:count][inside])
            buckets.append((_fmix(h[inside]) >> shift).astype(np.int64))
    if config.words:
        for i, text in enumerate(texts):
            words = _word_indices(text, config)
            docs.append(np.full(len(words), i, dtype=np.int64))
            buckets.append(words)
    if not docs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(docs), np.concatenate(buckets)


def hash_indices(text: str, config: FeatureConfig) -> IntArray:
    """Bucket indices of every n-gram (and word) of already normalized ``text``.

    Args:
        text: Normalized text (see :func:`normalize_text`).
        config: Feature settings.
    """
    return _hashed([text], config)[1]


def _word_indices(text: str, config: FeatureConfig) -> IntArray:
    import jieba

    words = [w for w in jieba.lcut(text) if w.strip()]
    salted = [zlib.crc32(w.encode("utf-8"), _WORD_SALT) for w in words]
    h = np.asarray(salted, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return (_fmix(h) >> np.uint64(64 - config.buckets_log2)).astype(np.int64)


def _chunk_rows(texts: list[str], config: FeatureConfig
                ) -> tuple[FloatArray, IntArray, IntArray]:
    """CSR parts (data, indices, row lengths) of a few raw texts."""
    docs, buckets = _hashed([normalize_text(t, config) for t in texts], config)
    keys, counts = np.unique(docs * config.buckets + buckets, return_counts=True)
    rows, cols = np.divmod(keys, config.buckets)
    values = 1.0 + np.log(counts)
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
    return values / norms[rows], cols, np.bincount(rows, minlength=len(texts))


def _chunks(texts: Iterable[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    for text in texts:
        chunk.append(text)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def featurize(texts: Iterable[str], config: FeatureConfig) -> sparse.csr_matrix:
    """One sparse row of unit length per text (an empty text gives an empty row).

    Args:
        texts: Raw document texts.
        config: Feature settings.
    """
    data: list[FloatArray] = [np.zeros(0)]
    indices: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    lengths: list[IntArray] = [np.zeros(1, dtype=np.int64)]
    for chunk in _chunks(texts):
        d, i, n = _chunk_rows(chunk, config)
        data.append(d)
        indices.append(i)
        lengths.append(n)
    indptr = np.cumsum(np.concatenate(lengths))
    shape = (len(indptr) - 1, config.buckets)
    from scipy import sparse  # imported when first used: scoring is rare at start-up

    return sparse.csr_matrix((np.concatenate(data), np.concatenate(indices), indptr),
                             shape=shape)
