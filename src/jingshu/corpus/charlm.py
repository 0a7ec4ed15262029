"""A Chinese character bigram language model, for judging whether a repair helps.

Trained by default from the word-frequency dictionary that ships inside jieba
(``jieba/dict.txt``: ``word frequency POS`` per line): each word adds its frequency
to the unigram count of each of its characters and to the bigram count of each
adjacent pair. Probabilities are add-k smoothed and the bigram estimate is
interpolated with the unigram one, because the dictionary holds no pairs across
word boundaries. The counts are cached to a small gzip TSV file under the jingshu
home; :meth:`CharLM.train` retrains on a user's own reference texts.

Only "scored" characters count: ASCII, whitespace and common punctuation are
boundaries, everything else (Han characters, and the odd symbols mojibake produces)
is scored, unknown characters getting the smoothed probability of an unseen one.
"""

from __future__ import annotations

import contextlib
import gzip
import math
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from jingshu.settings import load_settings

__all__ = ["BOUNDARY", "CharLM", "UsesCharLM", "default_charlm", "scored_runs"]

BOUNDARY = frozenset(
    "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·～　\ufeff"
    "\uff01\uff02\uff03\uff05\uff06\uff07\uff0a\uff0b\uff0d\uff0e\uff0f\uff1c\uff1d\uff1e"
)
_CACHE_NAME = "charlm-jieba-v2.tsv.gz"
_MIN_BIGRAM = 3


def scored_runs(text: str) -> list[str]:
    """Split ``text`` into runs of scored characters (see the module docstring).

    Args:
        text: Any text.
    """
    runs: list[str] = []
    current: list[str] = []
    for ch in text:
        if ch.isascii() or ch.isspace() or ch in BOUNDARY:
            if current:
                runs.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        runs.append("".join(current))
    return runs


class CharLM:
    """Character bigram model with add-k smoothing and unigram interpolation.

    Args:
        unigrams: Character counts.
        bigrams: Counts of adjacent character pairs (two-character strings).
        k: Add-k smoothing constant.
        weight: Interpolation weight of the bigram estimate (0..1).
    """

    def __init__(
        self,
        unigrams: dict[str, float],
        bigrams: dict[str, float],
        *,
        k: float = 0.5,
        weight: float = 0.7,
    ) -> None:
        self.unigrams = unigrams
        self.bigrams = bigrams
        self.k = k
        self.weight = weight
        self.total = sum(unigrams.values())
        self.vocab = len(unigrams) + 1

    @classmethod
    def train(cls, texts: Iterable[str], *, weights: Iterable[float] | None = None) -> CharLM:
        """Count characters and pairs in ``texts`` (optionally weighted) and build a model.

        Args:
            texts: Reference texts (or dictionary words).
            weights: One weight per text, e.g. a word's frequency; 1 each if omitted.
        """
        uni: defaultdict[str, float] = defaultdict(float)
        bi: defaultdict[str, float] = defaultdict(float)
        weight_iter = iter(weights) if weights is not None else None
        for text in texts:
            w = next(weight_iter) if weight_iter is not None else 1.0
            for run in scored_runs(text):
                for i, ch in enumerate(run):
                    uni[ch] += w
                    if i:
                        bi[run[i - 1 : i + 1]] += w
        return cls(dict(uni), dict(bi))

    @classmethod
    def from_jieba(cls) -> CharLM:
        """Train from jieba's bundled ``dict.txt``, plus each word's traditional form (OpenCC)."""
        import jieba

        path = Path(jieba.__file__).parent / "dict.txt"
        words: list[str] = []
        freqs: list[float] = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split(" ")
                if len(parts) >= 2:
                    words.append(parts[0])
                    freqs.append(float(parts[1]))
        from opencc import OpenCC

        traditional = str(OpenCC("s2t").convert("\n".join(words))).split("\n")
        if len(traditional) == len(words):  # add each word's traditional form, same weight
            pairs = [(t, f) for t, w, f in zip(traditional, words, freqs, strict=True) if t != w]
            words += [t for t, _ in pairs]
            freqs += [f for _, f in pairs]
        model = cls.train(words, weights=freqs)
        model.bigrams = {b: c for b, c in model.bigrams.items() if c >= _MIN_BIGRAM}
        return model

    def save(self, path: Path) -> None:
        """Write the counts as gzip TSV (``u``/``b``, string, count per line)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as fh:
            for ch, c in self.unigrams.items():
                fh.write(f"u\t{ch}\t{c:g}\n")
            for pair, c in self.bigrams.items():
                fh.write(f"b\t{pair}\t{c:g}\n")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> CharLM:
        """Read counts written by :meth:`save`."""
        uni: dict[str, float] = {}
        bi: dict[str, float] = {}
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                kind, key, count = line.rstrip("\n").split("\t")
                (uni if kind == "u" else bi)[key] = float(count)
        return cls(uni, bi)

    def logprob(self, prev: str | None, ch: str) -> float:
        """Natural log of P(ch | prev), ``prev`` being ``None`` at a run's start."""
        p_uni = (self.unigrams.get(ch, 0.0) + self.k) / (self.total + self.k * self.vocab)
        if prev is None:
            return math.log(p_uni)
        c_prev = self.unigrams.get(prev, 0.0)
        p_bi = (self.bigrams.get(prev + ch, 0.0) + self.k) / (c_prev + self.k * self.vocab)
        return math.log(self.weight * p_bi + (1 - self.weight) * p_uni)

    def score(self, text: str) -> float:
        """Mean log-probability per scored character; 0.0 when nothing is scored.

        Args:
            text: Text to score; higher (closer to 0) means more like Chinese.
        """
        total, n = 0.0, 0
        for run in scored_runs(text):
            prev: str | None = None
            for ch in run:
                total += self.logprob(prev, ch)
                prev = ch
                n += 1
        return total / n if n else 0.0


@lru_cache(maxsize=1)
def default_charlm() -> CharLM:
    """The jieba-trained model, loaded from the cache or trained and cached once."""
    path = load_settings().home / "cache" / _CACHE_NAME
    if path.exists():
        return CharLM.load(path)
    model = CharLM.from_jieba()
    with contextlib.suppress(OSError):  # a read-only home only costs retraining next time
        model.save(path)
    return model


class UsesCharLM:
    """Mixin for operators that judge text with a :class:`CharLM`.

    The jieba-trained default takes about a second to read, and most texts never reach
    a step that needs it (``jingshu clean`` on a clean line), so it is loaded the first
    time :attr:`lm` is read, unless one was given.
    """

    _lm: CharLM | None = None

    @property
    def lm(self) -> CharLM:
        """The character model (the cached default when none was given)."""
        if self._lm is None:
            self._lm = default_charlm()
        return self._lm

