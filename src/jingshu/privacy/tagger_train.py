"""Training the character tagger of :mod:`jingshu.privacy.tagger`: averaged perceptron.

The structured perceptron (Collins 2002) with weight averaging: for each sentence the
current weights' Viterbi path is compared with the gold tags, and where they differ the
gold features gain 1 and the predicted ones lose 1; the weights kept are the average
over all steps (the usual lazy-sum trick: ``w_avg = w - u / c``). Numpy only.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from jingshu.errors import InputError
from jingshu.hanzi import is_han
from jingshu.privacy.ner_data import LabelledText
from jingshu.privacy.tagger import (
    DENSE,
    START_MASK,
    TAGS,
    TRANSITION_MASK,
    WORD_CLASSES,
    WORD_LENGTHS,
    FeatureSpace,
    WordTable,
    normalize_char,
    viterbi,
    word_table,
)

__all__ = ["TaggerModel", "dictionary_words", "save_model", "train_tagger", "with_names_replaced"]

_MIN_WORD_FREQ = 5
"""jieba dictionary words seen fewer times are left out of the word table."""


def dictionary_words(min_freq: int = _MIN_WORD_FREQ) -> WordTable:
    """jieba's dictionary words of two to five Chinese characters (frequency at least
    ``min_freq``) with their class from jieba's part-of-speech tag (person ``nr``, place
    ``ns``, organisation ``nt``, other name ``nz``, idiom or set phrase ``i``/``l``,
    any other word), for the tagger's word features. The table is saved with the
    weights, so that the shipped tagger does not depend on jieba's dictionary.

    Args:
        min_freq: Lowest dictionary frequency kept.
    """
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    jieba.posseg.dt.initialize()
    tags: dict[str, str] = jieba.posseg.dt.word_tag_tab
    words = {
        w: WORD_CLASSES.get(tags.get(w, ""), 6)
        for w, f in jieba.dt.FREQ.items()
        if f >= min_freq and len(w) in WORD_LENGTHS
        and all(map(is_han, w))
    }
    return word_table(words)


@dataclass(frozen=True)
class TaggerModel:
    """Trained weights.

    Args:
        space: The feature space (vocabulary and hash size).
        weights: ``(space.size, len(TAGS))`` feature weights.
        trans: Tag-transition weights.
        start: First-tag weights.
    """

    space: FeatureSpace
    weights: npt.NDArray[np.float32]
    trans: npt.NDArray[np.float32]
    start: npt.NDArray[np.float32]


def _gold(example: LabelledText, label_map: Mapping[str, str]) -> npt.NDArray[np.int64]:
    tags = np.zeros(len(example.text), np.int64)
    index = {t: i for i, t in enumerate(TAGS)}
    for start, end, label in sorted(example.spans):
        kind = label_map.get(label)
        if kind is None or start < 0 or end > len(example.text) or tags[start:end].any():
            continue
        tags[start] = index["B-" + kind]
        tags[start + 1 : end] = index["I-" + kind]
    return tags


def _vocab(examples: Sequence[LabelledText], min_count: int) -> dict[str, int]:
    counts = Counter(normalize_char(c) for ex in examples for c in ex.text)
    chars = sorted(c for c, n in counts.items() if n >= min_count)
    return {c: i + 1 for i, c in enumerate(chars)}


def with_names_replaced(examples: Sequence[LabelledText], label_map: Mapping[str, str], *,
                        copies: int = 1, seed: int = 13) -> list[LabelledText]:
    """``examples`` and, for each that has a person's name, ``copies`` copies with every
    name swapped for another drawn from all the examples' names (mention replacement,
    Dai & Adel 2020, *An Analysis of Simple Data Augmentation for Named Entity
    Recognition*): the tagger then learns the contexts that introduce a name rather
    than the names of its training set.

    Args:
        examples: Texts with gold spans.
        label_map: Source label → ``PER``, ``ORG`` or ``LOC``.
        copies: Copies per text with a name.
        seed: Seed of the draws.
    """
    rng = random.Random(seed)
    pool = sorted({ex.text[s:e] for ex in examples for s, e, lab in ex.spans
                   if label_map.get(lab) == "PER" and e - s >= 2
                   and not any(c.isspace() for c in ex.text[s:e])})
    out = list(examples)
    for ex in examples:
        if not pool or not any(label_map.get(lab) == "PER" for _, _, lab in ex.spans):
            continue
        for _ in range(copies):
            text, spans, at, offset = [], [], 0, 0
            for start, end, label in sorted(ex.spans):
                if start < at:  # overlapping gold spans: keep the first
                    continue
                value = rng.choice(pool) if label_map.get(label) == "PER" else ex.text[start:end]
                text.append(ex.text[at:start])
                offset += start - at
                spans.append((offset, offset + len(value), label))
                text.append(value)
                offset += len(value)
                at = end
            text.append(ex.text[at:])
            out.append(LabelledText("".join(text), tuple(spans)))
    return out


def train_tagger(
    examples: Sequence[LabelledText],
    label_map: Mapping[str, str],
    *,
    epochs: int = 8,
    buckets: int = 1 << 19,
    min_count: int = 2,
    seed: int = 13,
    dense: tuple[str, ...] = DENSE,
    words: WordTable | None = None,
    on_epoch: Callable[[int, TaggerModel], None] | None = None,
) -> TaggerModel:
    """Train tagger weights on labelled texts.

    Args:
        examples: Texts with gold spans.
        label_map: Source label → ``PER``, ``ORG`` or ``LOC``; other labels are outside.
        epochs: Passes over the data.
        buckets: Rows of the hashed n-gram table.
        min_count: Characters seen fewer times share the unknown id.
        seed: Shuffling seed.
        dense: Dense features (:data:`jingshu.privacy.tagger.DENSE_SIZES`).
        words: Word table for the ``word_*`` features (default: :func:`dictionary_words`
            when one is used).
        on_epoch: Called after each pass with its number (from 1) and the averaged
            weights so far (e.g. to save a checkpoint).

    Raises:
        InputError: No example has a span with a mapped label.
    """
    if words is None and any(d.startswith("word_") for d in dense):
        words = dictionary_words()
    space = FeatureSpace(_vocab(examples, min_count), buckets, dense=dense, words=words)
    data = [(space.rows(ex.text).astype(np.int32), _gold(ex, label_map))
            for ex in examples if ex.text]
    if not any(g.any() for _, g in data):
        raise InputError("no span with a mapped label to learn from",
                         hint="check label_map against the file's labels")
    n_tags = len(TAGS)
    w = np.zeros((space.size, n_tags), np.float32)
    u = np.zeros_like(w)
    tr, tr_u = np.zeros((n_tags, n_tags)), np.zeros((n_tags, n_tags))
    st, st_u = np.zeros(n_tags), np.zeros(n_tags)
    rng = random.Random(seed)
    c = 1
    for epoch in range(epochs):
        rng.shuffle(data)
        for rows, gold in data:
            emit = w[rows].sum(0, dtype=np.float64)
            pred = np.array(viterbi(emit, tr + TRANSITION_MASK, st + START_MASK))
            wrong = np.flatnonzero(pred != gold)
            if wrong.size:
                cols = rows[:, wrong]
                for tags, sign in ((gold[wrong], 1.0), (pred[wrong], -1.0)):
                    idx = (cols, np.broadcast_to(tags, cols.shape))
                    np.add.at(w, idx, sign)
                    np.add.at(u, idx, sign * c)
                for tags, sign in ((gold, 1.0), (pred, -1.0)):
                    np.add.at(tr, (tags[:-1], tags[1:]), sign)
                    np.add.at(tr_u, (tags[:-1], tags[1:]), sign * c)
                    st[tags[0]] += sign
                    st_u[tags[0]] += sign * c
            c += 1
        if on_epoch is not None:
            on_epoch(epoch + 1, _averaged(space, w, u, tr, tr_u, st, st_u, c))
    return _averaged(space, w, u, tr, tr_u, st, st_u, c)


def _averaged(space: FeatureSpace, w: npt.NDArray[np.float32], u: npt.NDArray[np.float32],
              tr: npt.NDArray[np.float64], tr_u: npt.NDArray[np.float64],
              st: npt.NDArray[np.float64], st_u: npt.NDArray[np.float64],
              c: int) -> TaggerModel:
    return TaggerModel(space, (w - u / c).astype(np.float32),
                       (tr - tr_u / c).astype(np.float32), (st - st_u / c).astype(np.float32))


def save_model(model: TaggerModel, path: str | Path) -> Path:
    """Write ``model`` as a compressed ``.npz`` that :class:`CharTagger` reads.

    Weights are stored as float16 (they are averaged integer counts; the loss in
    precision does not change a decoded tag on the benchmark sets).

    Args:
        model: Trained weights.
        path: File to write.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    vocab = "".join(sorted(model.space.vocab, key=model.space.vocab.__getitem__))
    scale = float(np.abs(model.weights).max()) or 1.0
    hashed = ";".join(",".join(str(x) for x in offs) for offs in model.space.hashed)
    words = model.space.words or WordTable(np.zeros(0, np.uint64), np.zeros(0, np.uint8))
    np.savez_compressed(out, vocab=np.array(vocab), buckets=np.array(model.space.buckets),
                        uni=np.array(model.space.uni), hashed=np.array(hashed),
                        dense=np.array(",".join(model.space.dense)),
                        weights=(model.weights / scale).astype(np.float16),
                        trans=model.trans / scale, start=model.start / scale,
                        word_hashes=words.hashes, word_classes=words.classes)
    return out
