"""A small character tagger for person, organisation and place names, in numpy.

A linear-chain model over BIO tags (``PER``, ``ORG``, ``LOC``): each character's
tag scores are the sum of the weights of its features (the characters at offsets
-2..+2, the character bigrams and the trigram around it, hashed into a fixed table,
and three dictionary features: script class, surname, place-name position from
:mod:`jingshu.privacy.places`), plus tag-transition weights; the best tag sequence is
found with Viterbi (Collins 2002, *Discriminative training methods for hidden Markov
models: theory and experiments with perceptron algorithms*). Viterbi runs only over
windows whose characters score any entity tag near ``O``; elsewhere ``O`` is certain.

The weights ship with jingshu (``models/ner_tagger.npz``, trained by
``bench/train_pii_tagger.py``, see :mod:`jingshu.privacy.tagger_train`); inference is
numpy only, no download.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from jingshu.errors import InputError
from jingshu.privacy.places import match_places
from jingshu.privacy.spans import PiiSpan

__all__ = ["ENTITY_TYPES", "TAGS", "CharTagger", "default_tagger", "find_entities"]

TAGS: tuple[str, ...] = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
ENTITY_TYPES: dict[str, str] = {"PER": "person_name", "ORG": "organization", "LOC": "place"}
"""Tagger labels and the span types they become."""

DEFAULT_MODEL = Path(__file__).resolve().parent / "models" / "ner_tagger.npz"
UNI_OFFSETS: tuple[int, ...] = (-3, -2, -1, 0, 1, 2, 3)
HASH_OFFSETS: tuple[tuple[int, ...], ...] = (
    (-2, -1), (-1, 0), (0, 1), (1, 2), (-1, 1), (-2, -1, 0), (-1, 0, 1), (0, 1, 2),
)  # fmt: skip
_PAD = 3
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏"
    "苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵"
    "万覃武钱戴严莫孔向常汤康易乔赖文傅施洪牛葛翟柳殷闵温齐鲁欧庞樊兰季俞章鲍涂凌蓝翁岳焦安伍"
    "颜倪梅盛童申霍甘祝聂包左柯管华祁纪艾符骆仇舒栗阮詹宁应单卜伊敖宫裴储解车邢戚尤阎娄岑晏"
)
_PLACE_POS = {"B": 1, "I": 2, "E": 3, "S": 4}
_NEG = -1e9
_BATCH = 512


def _valid_transitions() -> npt.NDArray[np.float64]:
    """0 where a BIO transition is allowed, a large negative number where not."""
    mask = np.zeros((len(TAGS), len(TAGS)))
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            for i, prev in enumerate(TAGS):
                if prev[2:] != tag[2:]:
                    mask[i, j] = _NEG
    return mask


TRANSITION_MASK = _valid_transitions()
START_MASK = np.array([_NEG if t.startswith("I-") else 0.0 for t in TAGS])


def normalize_char(ch: str) -> str:
    """Digits become ``0``, Latin letters ``a``, full-width forms their ASCII ones."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        ch = chr(code - 0xFEE0)
    if ch.isdigit():
        return "0"
    if ch.isascii() and ch.isalpha():
        return "a"
    return ch


def _kind(ch: str) -> int:
    if "\u4e00" <= ch <= "\u9fff":
        return 1
    if ch.isdigit():
        return 2
    if ch.isalpha():
        return 3
    return 4 if ch.isspace() else 5


@dataclass
class FeatureSpace:
    """How characters become rows of the weight table.

    Args:
        vocab: Character → id (0 is unknown).
        buckets: Size of the hashed n-gram table.
    """

    vocab: dict[str, int]
    buckets: int
    uni: tuple[int, ...] = UNI_OFFSETS
    hashed: tuple[tuple[int, ...], ...] = HASH_OFFSETS
    _table: npt.NDArray[np.int64] | None = field(default=None, init=False, repr=False)

    @property
    def size(self) -> int:
        """Rows of the weight table."""
        return len(self.uni) * (len(self.vocab) + 1) + self.buckets + 6 + 2 + 16

    def rows(self, text: str) -> npt.NDArray[np.int64]:
        """Feature rows, shape ``(features, len(text))``.

        Args:
            text: Any text (one line or a whole document).
        """
        n, v = len(text), len(self.vocab) + 1
        points = np.frombuffer(text.encode("utf-32-le"), np.uint32).astype(np.int64)
        points = np.where(points < 0x10000, points, 0)
        ids = self._lookup()[points]
        padded = np.concatenate(
            [np.full(_PAD, v, np.int64), ids, np.full(_PAD, v + 1, np.int64)]
        )
        out: list[npt.NDArray[np.int64]] = []
        for k, off in enumerate(self.uni):
            col = padded[_PAD + off : _PAD + off + n]
            out.append(np.where(col >= v, 0, col) + k * v)
        base = len(self.uni) * v
        for k, offs in enumerate(self.hashed):
            h = np.full(n, k + 1, np.int64)
            for off in offs:
                h = (h * 1_000_003 + padded[_PAD + off : _PAD + off + n]) % 2_147_483_647
            out.append(base + h % self.buckets)
        base += self.buckets
        kinds, surnames = _char_tables()
        out.append(base + kinds[points])
        base += 6
        out.append(base + surnames[points])
        base += 2
        out.append(base + _place_feature(text))
        return np.stack(out)

    def _lookup(self) -> npt.NDArray[np.int64]:
        """Code point (BMP) → vocabulary id, with :func:`normalize_char` applied."""
        if self._table is None:
            table = np.zeros(0x10000, np.int64)
            for cp in range(0x10000):
                if not 0xD800 <= cp < 0xE000:
                    table[cp] = self.vocab.get(normalize_char(chr(cp)), 0)
            self._table = table
        return self._table


@lru_cache(maxsize=1)
def _char_tables() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Code point (BMP) → script class, and → 1 for a surname character."""
    kinds = np.zeros(0x10000, np.int64)
    for cp in range(0x10000):
        if not 0xD800 <= cp < 0xE000:
            kinds[cp] = _kind(chr(cp))
    surnames = np.zeros(0x10000, np.int64)
    surnames[[ord(c) for c in _SURNAMES]] = 1
    return kinds, surnames


def _place_feature(text: str) -> npt.NDArray[np.int64]:
    feat = np.zeros(len(text), np.int64)
    levels = {"province": 0, "city": 1, "district": 2}
    for start, end, place in match_places(text):
        level = levels.get(place.level, 2) * 5
        if end - start == 1:
            feat[start] = level + _PLACE_POS["S"]
            continue
        feat[start] = level + _PLACE_POS["B"]
        feat[start + 1 : end - 1] = level + _PLACE_POS["I"]
        feat[end - 1] = level + _PLACE_POS["E"]
    return feat


def viterbi(emit: npt.NDArray[np.float64], trans: npt.NDArray[np.float64],
            start: npt.NDArray[np.float64]) -> list[int]:
    """The best tag sequence for emission scores ``emit`` (positions × tags).

    Args:
        emit: Per-position tag scores.
        trans: ``trans[i, j]``: score of tag ``j`` after tag ``i`` (masked for BIO).
        start: Score of each tag at the first position.
    """
    n = emit.shape[0]
    back = np.zeros((n, emit.shape[1]), np.int64)
    score = start + emit[0]
    for i in range(1, n):
        cand = score[:, None] + trans
        back[i] = cand.argmax(0)
        score = cand.max(0) + emit[i]
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]


def batch_viterbi(emits: list[npt.NDArray[np.float32]], trans: npt.NDArray[np.float64],
                  firsts: npt.NDArray[np.float64]) -> list[list[int]]:
    """:func:`viterbi` over several sequences at once (one numpy step per position).

    Args:
        emits: Emission scores of each sequence.
        trans: Transition scores.
        firsts: Score of each tag at the first position, one row per sequence.
    """
    sizes = np.array([e.shape[0] for e in emits])
    batch, longest, n_tags = len(emits), int(sizes.max()), trans.shape[0]
    emit = np.zeros((batch, longest, n_tags))
    for b, e in enumerate(emits):
        emit[b, : e.shape[0]] = e
    back = np.zeros((batch, longest, n_tags), np.int64)
    score = firsts + emit[:, 0]
    final = score.copy()
    for i in range(1, longest):
        cand = score[:, :, None] + trans
        back[:, i] = cand.argmax(1)
        score = cand.max(1) + emit[:, i]
        ends = sizes == i + 1
        final[ends] = score[ends]
    paths: list[list[int]] = []
    for b in range(batch):
        path = [int(final[b].argmax())]
        for i in range(int(sizes[b]) - 1, 0, -1):
            path.append(int(back[b, i, path[-1]]))
        paths.append(path[::-1])
    return paths


def spans_of(path: list[int]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of each entity in a BIO path of tag indices."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, t in enumerate([*path, 0]):
        tag = TAGS[t]
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == label):
            spans.append((start, i, label))
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, label = i, tag[2:]
    return spans


class CharTagger:
    """Person, organisation and place names from a trained weight file.

    Args:
        path: An ``.npz`` written by :func:`jingshu.privacy.tagger_train.save_model`.
    """

    def __init__(self, path: str | Path = DEFAULT_MODEL) -> None:
        file = Path(path)
        if not file.is_file():
            raise InputError(f"tagger weights {file} do not exist",
                             hint="reinstall jingshu or run bench/train_pii_tagger.py")
        with np.load(file, allow_pickle=False) as data:
            vocab = str(data["vocab"])
            hashed = tuple(tuple(int(x) for x in part.split(","))
                           for part in str(data["hashed"]).split(";"))
            self.space = FeatureSpace({c: i + 1 for i, c in enumerate(vocab)},
                                      int(data["buckets"]), tuple(int(x) for x in data["uni"]),
                                      hashed)
            self.weights = data["weights"].astype(np.float32)
            self.trans = data["trans"].astype(np.float64) + TRANSITION_MASK
            self.start = data["start"].astype(np.float64) + START_MASK
        self.margin = _switch_gain(self.trans)

    def emissions(self, text: str) -> npt.NDArray[np.float32]:
        """Tag scores per character, shape ``(len(text), len(TAGS))``."""
        rows = self.space.rows(text)
        acc: npt.NDArray[np.float32] = np.array(self.weights[rows[0]], dtype=np.float32)
        for k in range(1, rows.shape[0]):
            acc += self.weights[rows[k]]
        return acc

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` of each name in ``text`` (labels ``PER``/``ORG``/``LOC``).

        Viterbi runs over the windows where some entity tag, with the most its
        transitions in and out can gain over ``O``'s, outscores ``O``; elsewhere the
        best path keeps ``O`` (checked against full Viterbi on CLUENER dev in the tests).
        """
        if not text:
            return []
        emit = self.emissions(text)
        live = np.flatnonzero(((emit[:, 1:] - emit[:, :1]) + self.margin > 0).any(1))
        windows = _windows(live, len(text))
        spans: list[tuple[int, int, str]] = []
        order = sorted(range(len(windows)), key=lambda k: windows[k][1] - windows[k][0])
        for g in range(0, len(order), _BATCH):
            group = [windows[k] for k in order[g : g + _BATCH]]
            firsts = np.stack([self.start if lo == 0 else self.trans[0] for lo, _ in group])
            paths = batch_viterbi([emit[lo:hi] for lo, hi in group], self.trans, firsts)
            for (lo, _hi), path in zip(group, paths, strict=True):
                spans += [(lo + s, lo + e, lab) for s, e, lab in spans_of(path)]
        return sorted(spans)

    def __call__(self, text: str) -> list[PiiSpan]:
        return [PiiSpan(ENTITY_TYPES[lab], s, e, text[s:e]) for s, e, lab in self.tag(text)]


def _switch_gain(trans: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
    """Per tag ``t``: the most that entering and leaving ``t`` instead of ``O`` can gain."""
    ok = trans > _NEG / 2
    into = np.where(ok & ok[:, :1], trans - trans[:, :1], -np.inf).max(0)
    out = np.where(ok & ok[:1, :], trans - trans[:1, :], -np.inf).max(1)
    gain: npt.NDArray[np.float32] = np.asarray((into + out + 1e-3)[1:], dtype=np.float32)
    return gain


def _windows(live: npt.NDArray[np.int64], n: int, pad: int = 2) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i in live.tolist():
        lo, hi = max(0, i - pad), min(n, i + pad + 1)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


@lru_cache(maxsize=1)
def default_tagger() -> CharTagger:
    """The tagger with the weights that ship with jingshu (loaded once)."""
    return CharTagger(DEFAULT_MODEL)


def find_entities(text: str) -> list[PiiSpan]:
    """Person, organisation and place names in ``text`` by the shipped tagger."""
    return default_tagger()(text)
