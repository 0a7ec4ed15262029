"""A pruned character 4-gram model with interpolated Kneser-Ney smoothing, for repairs.

The repairs of scraped pages (:mod:`jingshu.corpus.ops.phase_ends`,
:mod:`jingshu.corpus.ops.pinyin_restore`) choose one character among candidates that
a defect leaves equally possible: the cut first character of a GBK run keeps one byte
(about a hundred candidates), a gloss or a stray syllable leaves its homophones. jieba's
word frequencies and the dictionary's character pairs (:mod:`jingshu.corpus.charlm`)
know words but not how they follow one another; this model, counted on running text,
scores a candidate with up to three characters of context on each side, punctuation
included (``，以减少`` beats ``，一减少``).

Text is mapped to symbols first (:func:`symbols`): Han characters and punctuation stay,
ASCII ``,;:?!`` count as their full-width forms, a run of digits becomes ``0``, a run of
Latin letters ``a``, whitespace one space. Smoothing is interpolated Kneser-Ney (Chen &
Goodman 1999) with one discount per order, ``D = n1 / (n1 + 2 n2)``; 3- and 4-grams
seen once are pruned after the smoothing statistics are taken, so the backed-off
estimate of a pruned n-gram is a little low. The shipped model
(``models/zh_char4.npz``) was counted by ``bench/train_repair_lm.py``; its
``meta`` names the sources (none of the held-out sources of the repair benchmark).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["NgramLM", "default_ngram", "symbols"]

ORDER = 4
_BITS = 15  # vocabulary ids below 2**15; four ids fit in an int64 key
_START = "\n"  # a document or paragraph start
_UNK = "\x00"
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
MODEL_PATH = Path(__file__).resolve().parent / "models" / "zh_char4.npz"

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def symbols(text: str) -> list[str]:
    """``text`` as the model's symbols (see the module docstring)."""
    out: list[str] = []
    for ch in text:
        if ch.isdigit() and (ch.isascii() or "０" <= ch <= "９"):
            sym = "0"
        elif ch.isalpha() and (ch.isascii() or "Ａ" <= ch <= "ｚ"):
            sym = "a"
        elif ch.isspace():
            sym = " "
        else:
            sym = _FULL.get(ch, ch)
        if not (out and sym in "0a " and out[-1] == sym):
            out.append(sym)
    return out


def _keys(ids: IntArray, order: int) -> IntArray:
    """Keys of the ``order``-grams of an id sequence, one per start position."""
    n = len(ids) - order + 1
    key = np.zeros(max(n, 0), dtype=np.int64)
    for k in range(order):
        key = (key << _BITS) | ids[k : k + n]
    return key


class NgramLM:
    """Interpolated Kneser-Ney character model in backoff form.

    Args:
        vocab: Symbols by id (id 0 is the unknown symbol).
        keys: Per order (1..4), the sorted keys of the n-grams kept.
        logp: Per order, log P(last symbol | the others), interpolated.
        backoff: Per order, log of the weight its lower order gets after each n-gram as a
            context (0 where it is never a context).
        meta: What trained the model.
    """

    def __init__(self, vocab: Sequence[str], keys: list[IntArray], logp: list[FloatArray],
                 backoff: list[FloatArray], meta: dict[str, Any] | None = None) -> None:
        self.vocab = list(vocab)
        self.ids = {sym: i for i, sym in enumerate(self.vocab)}
        self.keys, self.logp, self.backoff = keys, logp, backoff
        self.meta = meta or {}
        self.floor = float(min(logp[0])) if len(logp[0]) else -20.0

    # -- training ------------------------------------------------------------------
    @classmethod
    def train(cls, texts: Iterable[str], *, min_count: int = 2, prune: int = 2,
              meta: dict[str, Any] | None = None) -> NgramLM:
        """Count ``texts`` and smooth.

        Args:
            texts: Running text (each starts a new context).
            min_count: Symbols seen fewer times become the unknown symbol.
            prune: 3- and 4-grams seen fewer times are dropped after smoothing.
            meta: Stored with the model (sources, sizes).
        """
        seqs = [[_START, *symbols(t)] for t in texts]
        counts: dict[str, int] = {}
        for seq in seqs:
            for sym in seq:
                counts[sym] = counts.get(sym, 0) + 1
        vocab = [_UNK, *sorted(s for s, c in counts.items() if c >= min_count)]
        if len(vocab) >= 2**_BITS:
            raise ValueError(f"vocabulary of {len(vocab)} symbols exceeds {2**_BITS - 1}")
        index = {s: i for i, s in enumerate(vocab)}
        ids = np.fromiter((index.get(s, 0) for seq in seqs for s in seq), dtype=np.int64)
        # n-grams may not cross a start symbol except at their first position
        start = index[_START]
        uniq: list[IntArray] = []
        raw: list[IntArray] = []
        for order in range(1, ORDER + 1):
            key = _keys(ids, order)
            ok = np.ones(len(key), dtype=bool)
            for k in range(1, order):
                ok &= ids[k : k + len(key)] != start
            u, c = np.unique(key[ok], return_counts=True)
            uniq.append(u)
            raw.append(c.astype(np.int64))
        # Kneser-Ney: lower orders count distinct left extensions
        adjusted = [raw[ORDER - 1]]
        for order in range(ORDER - 1, 0, -1):
            suffix = uniq[order] & ((1 << (_BITS * order)) - 1)
            s, c = np.unique(suffix, return_counts=True)
            cont = np.zeros(len(uniq[order - 1]), dtype=np.int64)
            cont[np.searchsorted(uniq[order - 1], s)] = c
            # n-grams never extended to the left (after a start) keep their raw count
            adjusted.insert(0, np.where(cont > 0, cont, raw[order - 1]))
        logp: list[FloatArray] = []
        backoff: list[FloatArray] = [np.zeros(len(u)) for u in uniq]
        for order in range(1, ORDER + 1):
            u, c = uniq[order - 1], adjusted[order - 1].astype(np.float64)
            n1, n2 = float((c == 1).sum()), float((c == 2).sum())
            disc = n1 / (n1 + 2 * n2) if n1 + n2 else 0.5
            if order == 1:
                p = (np.maximum(c - disc, 0) + disc * len(u) / len(vocab)) / c.sum()
            else:
                cu, inv = np.unique(u >> _BITS, return_inverse=True)
                ctx_total = np.bincount(inv, weights=c)
                gamma = disc * np.bincount(inv) / ctx_total
                backoff[order - 2][np.searchsorted(uniq[order - 2], cu)] = np.log(gamma)
                # P_lower(w | h'): the previous order's estimate of the n-gram's suffix
                suffix = u & ((1 << (_BITS * (order - 1))) - 1)
                low = logp[order - 2][np.searchsorted(uniq[order - 2], suffix)]
                p = np.maximum(c - disc, 0) / ctx_total[inv] + gamma[inv] * np.exp(low)
            logp.append(np.log(p))
        keep_keys, keep_logp, keep_back = [], [], []
        for order in range(1, ORDER + 1):
            keep = raw[order - 1] >= (prune if order >= 3 else 1)
            keep_keys.append(uniq[order - 1][keep])
            keep_logp.append(logp[order - 1][keep])
            keep_back.append(backoff[order - 1][keep])
        info = {**(meta or {}), "symbols": len(ids), "vocab": len(vocab),
                "ngrams": [len(k) for k in keep_keys], "prune": prune,
                "min_count": min_count}
        return cls(vocab, keep_keys, keep_logp, keep_back, info)

    # -- storage -------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the model as compressed ``.npz`` (log-probabilities as float16)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = {
            "vocab": np.array("".join(self.vocab[1:])),
            "meta": np.array(json.dumps(self.meta, ensure_ascii=False)),
        }
        for order in range(1, ORDER + 1):
            keys = self.keys[order - 1]
            # sorted keys compress far better as differences
            arrays[f"d{order}"] = np.diff(keys, prepend=0)
            arrays[f"p{order}"] = self.logp[order - 1].astype(np.float16)
            if order < ORDER:
                arrays[f"b{order}"] = self.backoff[order - 1].astype(np.float16)
        with path.open("wb") as fh:
            np.savez_compressed(fh, **arrays)

    @classmethod
    def load(cls, path: Path) -> NgramLM:
        """Read a model written by :meth:`save`."""
        with np.load(path) as data:
            vocab = [_UNK, *str(data["vocab"])]
            keys = [np.cumsum(data[f"d{o}"]) for o in range(1, ORDER + 1)]
            logp = [data[f"p{o}"].astype(np.float64) for o in range(1, ORDER + 1)]
            backoff = [data[f"b{o}"].astype(np.float64) for o in range(1, ORDER)]
            meta = json.loads(str(data["meta"]))
        backoff.append(np.zeros(len(keys[-1])))
        return cls(vocab, keys, logp, backoff, meta)

    # -- scoring -------------------------------------------------------------------
    def encode(self, text: str) -> list[int]:
        """Symbol ids of ``text`` (unknown symbols are 0)."""
        return [self.ids.get(s, 0) for s in symbols(text)]

    def _lookup(self, order: int, key: IntArray) -> tuple[npt.NDArray[np.bool_], IntArray]:
        table = self.keys[order - 1]
        pos = np.minimum(np.searchsorted(table, key), len(table) - 1)
        return table[pos] == key, pos

    def logprobs(self, hist: IntArray, word: IntArray) -> FloatArray:
        """log P(word | history) for rows of histories (ids, -1 where unknown/absent).

        Args:
            hist: Shape (n, 3): the three symbols before each word, oldest first.
            word: Shape (n,): the symbols scored.
        """
        n = len(word)
        out = np.zeros(n)
        acc = np.zeros(n)
        done = np.zeros(n, dtype=bool)
        for order in range(ORDER, 0, -1):
            h = hist[:, ORDER - order :] if order > 1 else hist[:, :0]
            valid = ~done & (h >= 0).all(axis=1)
            if order > 1:
                valid &= (h > 0).all(axis=1)  # no statistics after an unknown symbol
            if not valid.any():
                continue
            key = np.zeros(n, dtype=np.int64)
            for k in range(order - 1):
                key = (key << _BITS) | np.maximum(h[:, k], 0)
            ctx = key.copy()
            key = (key << _BITS) | word
            found, pos = self._lookup(order, key)
            hit = valid & found
            out[hit] = acc[hit] + self.logp[order - 1][pos[hit]]
            done |= hit
            miss = valid & ~found
            if order > 1 and miss.any():
                cfound, cpos = self._lookup(order - 1, ctx)
                add = miss & cfound
                acc[add] += self.backoff[order - 2][cpos[add]]
        out[~done] = acc[~done] + self.floor  # a symbol never seen
        return out

    def candidates(self, left: str, cands: Sequence[str], right: str) -> FloatArray:
        """For each candidate ``c``: log P of ``c`` and of the symbols of ``right`` after it
        (as far as they depend on it), given ``left``.

        Args:
            left: Text before the candidates (its last three symbols are used; an empty
                ``left`` is a document start).
            cands: Candidate strings (usually single characters).
            right: Text after them.
        """
        left_ids = self.encode(left)[-(ORDER - 1) :] if left else [self.ids[_START]]
        right_ids = self.encode(right)[: ORDER - 1]
        hists: list[list[int]] = []
        words: list[int] = []
        rows: list[int] = []
        for i, cand in enumerate(cands):
            seq = [*left_ids, *self.encode(cand), *right_ids]
            first = len(left_ids)
            last = min(len(seq), first + len(seq) - len(left_ids) - len(right_ids) + ORDER - 1)
            for p in range(first, last):
                h = seq[max(0, p - ORDER + 1) : p]
                hists.append([-1] * (ORDER - 1 - len(h)) + h)
                words.append(seq[p])
                rows.append(i)
        lp = self.logprobs(np.array(hists, dtype=np.int64).reshape(-1, ORDER - 1),
                           np.array(words, dtype=np.int64))
        return np.bincount(np.array(rows, dtype=np.int64), weights=lp,
                           minlength=len(cands)).astype(np.float64)

    def score(self, text: str) -> float:
        """Total log-probability of ``text`` after a document start."""
        return float(self.candidates("", [text], "").sum())


@lru_cache(maxsize=1)
def default_ngram() -> NgramLM:
    """The shipped model (``models/zh_char4.npz``), loaded once."""
    return NgramLM.load(MODEL_PATH)
