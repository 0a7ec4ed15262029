"""Training the character tagger of :mod:`jingshu.privacy.tagger`: averaged perceptron.

The structured perceptron (Collins 2002) with weight averaging: for each sentence the
current weights' Viterbi path is compared with the gold tags, and where they differ the
gold features gain 1 and the predicted ones lose 1; the weights kept are the average
over all steps (the usual lazy-sum trick: ``w_avg = w - u / c``). Numpy only.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from jingshu.errors import InputError
from jingshu.privacy.ner_data import LabelledText
from jingshu.privacy.tagger import (
    START_MASK,
    TAGS,
    TRANSITION_MASK,
    FeatureSpace,
    normalize_char,
    viterbi,
)

__all__ = ["TaggerModel", "save_model", "train_tagger"]


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


def train_tagger(
    examples: Sequence[LabelledText],
    label_map: Mapping[str, str],
    *,
    epochs: int = 8,
    buckets: int = 1 << 19,
    min_count: int = 2,
    seed: int = 13,
) -> TaggerModel:
    """Train tagger weights on labelled texts.

    Args:
        examples: Texts with gold spans.
        label_map: Source label → ``PER``, ``ORG`` or ``LOC``; other labels are outside.
        epochs: Passes over the data.
        buckets: Rows of the hashed n-gram table.
        min_count: Characters seen fewer times share the unknown id.
        seed: Shuffling seed.

    Raises:
        InputError: No example has a span with a mapped label.
    """
    space = FeatureSpace(_vocab(examples, min_count), buckets)
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
    for _ in range(epochs):
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
    np.savez_compressed(out, vocab=np.array(vocab), buckets=np.array(model.space.buckets),
                        uni=np.array(model.space.uni), hashed=np.array(hashed),
                        weights=(model.weights / scale).astype(np.float16),
                        trans=model.trans / scale, start=model.start / scale)
    return out
