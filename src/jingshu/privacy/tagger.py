"""A small character tagger for person, organisation and place names, in numpy.

A linear-chain model over BIO tags (``PER``, ``ORG``, ``LOC``): each character's
tag scores are the sum of the weights of its features (the characters at offsets
-3..+3, the character bigrams and trigrams around it, hashed into a fixed table,
and dense dictionary features: script class, surname and its frequency rank, place-name
position from :mod:`jingshu.privacy.places`, transliteration characters around it, and
the longest dictionary word that starts, ends or runs across it with that word's class
(person, place, organisation, other name, idiom, other word; the word list is stored
in the weight file, so inference needs no dictionary), plus tag-transition weights;
the best tag sequence is found with Viterbi (Collins 2002, *Discriminative training
methods for hidden Markov models: theory and experiments with perceptron algorithms*).
Viterbi runs only over windows whose characters score any entity tag near ``O``;
elsewhere ``O`` is certain. Each name found has a *margin*: how much the best path
scores above the best path that does not tag those characters as a person
(:meth:`CharTagger.tag_scored`), so that a caller can keep only confident names.

The weights ship with jingshu (``models/ner_tagger.npz``, trained by
``bench/train_pii_tagger.py``, see :mod:`jingshu.privacy.tagger_train`); inference is
numpy only, no download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from jingshu.errors import InputError
from jingshu.privacy.places import match_places
from jingshu.privacy.spans import PiiSpan

__all__ = [
    "DENSE", "ENTITY_TYPES", "TAGS", "TRANSLIT_CHARS", "CharTagger", "WordTable", "default_tagger",
    "find_entities", "word_table",
]

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
_SURNAME_RANKED = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
    "郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏"
    "付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文傅施洪"
    "牛葛翟柳殷闵温齐鲁欧庞樊兰季俞章鲍涂凌蓝翁岳焦安伍颜倪梅盛童申霍甘祝聂包左柯管华祁纪艾符"
    "骆仇舒栗阮詹宁应单卜伊敖宫裴储解车邢戚尤阎娄岑晏池楚滕蔺麦谷卓苗冉关蒙鞠窦郁隋冷辛巫邝练"
    "刁杭农芦容商宗谈胥虞勾桂阙揭佟景路耿房柴连饶喻晋"
)
"""Single-character surnames by frequency (2020 census order for the first 100)."""
_COMPOUND_SURNAMES = re.findall(
    r"\S+",
    "欧阳 司马 上官 诸葛 东方 皇甫 慕容 令狐 司徒 宇文 尉迟 长孙 公孙 夏侯 轩辕 端木 呼延 澹台"
    " 独孤 南宫 西门 申屠 闻人 万俟 百里 钟离 太史 赫连 拓跋",
)
TRANSLIT_CHARS = frozenset(
    "阿埃艾安奥澳巴拜班邦贝本比彼毕波伯博布查达黛丹德迪蒂迭丁杜多厄恩法菲费芬丰弗福盖戈格古"
    "圭哈海汉豪赫亨胡霍基吉加贾杰捷金卡凯坎康柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里利莉列林琳隆卢"
    "鲁伦罗洛马玛迈麦曼梅蒙米密敏姆莫穆纳娜奈南内尼妮涅纽努诺欧帕派潘佩皮珀普齐奇恰乔切琼让"
    "若萨塞桑瑟森沙莎舍施什斯松苏索塔泰坦特提图托瓦威韦维温沃乌西希锡谢辛休雅亚扬耶伊因尤约"
    "泽扎詹兹佐"
)
"""Characters of transliterated foreign names (people and places alike)."""
WORD_CLASSES: dict[str, int] = {
    "nr": 1, "nrfg": 1, "nrt": 1, "ns": 2, "nt": 3, "nz": 4, "i": 5, "l": 5,
}  # fmt: skip
"""Dictionary part-of-speech tag → word class for the word features (6: any other)."""
N_WORD_CLASSES = 6
WORD_LENGTHS = (2, 3, 4, 5)
_WORD_SEED = np.uint64(0x9E3779B97F4A7C15)
_WORD_MULT = np.uint64(1_000_003)
LEGACY_DENSE: tuple[str, ...] = ("kind", "surname", "place")
DENSE: tuple[str, ...] = (
    "kind", "surname", "place", "surname_rank", "translit", "word_start", "word_end",
    "word_inside",
)  # fmt: skip
_WORD_CARD = 1 + N_WORD_CLASSES * len(WORD_LENGTHS)
DENSE_SIZES: dict[str, int] = {
    "kind": 6, "surname": 2, "place": 16, "surname_rank": 6, "translit": 10,
    "word_start": _WORD_CARD, "word_end": _WORD_CARD, "word_inside": 1 + N_WORD_CLASSES,
}  # fmt: skip
"""Dense features and how many values each takes."""
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
        uni: Offsets of the single-character features.
        hashed: Offsets of each hashed n-gram feature.
        dense: Names of the dense features used (keys of :data:`DENSE_SIZES`).
        words: Dictionary words for the ``word_*`` features (:func:`word_table`).
    """

    vocab: dict[str, int]
    buckets: int
    uni: tuple[int, ...] = UNI_OFFSETS
    hashed: tuple[tuple[int, ...], ...] = HASH_OFFSETS
    dense: tuple[str, ...] = LEGACY_DENSE
    words: WordTable | None = None
    _table: npt.NDArray[np.int64] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        unknown = [d for d in self.dense if d not in DENSE_SIZES]
        if unknown:
            raise InputError(f"unknown dense tagger features {unknown}",
                             hint=f"known: {', '.join(DENSE_SIZES)}")
        if self.words is None and any(d.startswith("word_") for d in self.dense):
            raise InputError("the word features need a word table", hint="pass words=")

    @property
    def size(self) -> int:
        """Rows of the weight table."""
        return (len(self.uni) * (len(self.vocab) + 1) + self.buckets
                + sum(DENSE_SIZES[d] for d in self.dense))

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
        words = self.words.features(points) if self.words is not None else None
        for name in self.dense:
            out.append(base + _dense(name, text, points, words))
            base += DENSE_SIZES[name]
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


def _word_hashes(points: npt.NDArray[np.int64], length: int) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each ``length``-character run of ``points`` (position = start)."""
    n = points.shape[0] - length + 1
    if n <= 0:
        return np.zeros(0, np.uint64)
    cps = points.astype(np.uint64)
    h = np.full(n, _WORD_SEED + np.uint64(length), np.uint64)
    for k in range(length):
        h = h * _WORD_MULT + cps[k : k + n]
    return h


@dataclass(frozen=True)
class WordTable:
    """Dictionary words (two to five characters) and their classes, as sorted hashes.

    Args:
        hashes: Sorted 64-bit hashes of the words (:func:`word_table`).
        classes: The class (1..6, :data:`WORD_CLASSES`) of each hashed word.
    """

    hashes: npt.NDArray[np.uint64]
    classes: npt.NDArray[np.uint8]

    def lookup(self, points: npt.NDArray[np.int64], length: int) -> npt.NDArray[np.int64]:
        """Class of the ``length``-character word starting at each position (0: none)."""
        out = np.zeros(points.shape[0], np.int64)
        h = _word_hashes(points, length)
        if h.size == 0 or self.hashes.size == 0:
            return out
        at = np.minimum(np.searchsorted(self.hashes, h), self.hashes.size - 1)
        hit = self.hashes[at] == h
        out[: h.size] = np.where(hit, self.classes[at], 0)
        return out

    def features(self, points: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], ...]:
        """Per position: (class, length) of the longest word starting there, of the
        longest word ending there, and the class of the longest word running across it
        (starting before and ending after it), each as one categorical value."""
        n = points.shape[0]
        start = np.zeros(n, np.int64)
        end = np.zeros(n, np.int64)
        inside = np.zeros(n, np.int64)
        inside_len = np.zeros(n, np.int64)
        for k, length in enumerate(WORD_LENGTHS):
            cls = self.lookup(points, length)
            code = np.where(cls > 0, 1 + k * N_WORD_CLASSES + cls - 1, 0)
            start = np.where(cls > 0, code, start)
            if n >= length:
                end[length - 1 :] = np.where(cls[: n - length + 1] > 0,
                                             code[: n - length + 1], end[length - 1 :])
            for off in range(1, length - 1):
                if n < length:
                    break
                src = cls[: n - length + 1]
                tgt = slice(off, off + n - length + 1)
                better = (src > 0) & (length > inside_len[tgt])
                inside[tgt] = np.where(better, src, inside[tgt])
                inside_len[tgt] = np.where(better, length, inside_len[tgt])
        return start, end, inside


def word_table(words: dict[str, int]) -> WordTable:
    """A :class:`WordTable` of ``words`` (word → class 1..6).

    Args:
        words: Words of two to five BMP characters and their classes.
    """
    pairs: dict[int, int] = {}
    for word, cls in words.items():
        if len(word) in WORD_LENGTHS and all(ord(c) < 0x10000 for c in word):
            cps = np.frombuffer(word.encode("utf-32-le"), np.uint32).astype(np.int64)
            pairs[int(_word_hashes(cps, len(word))[0])] = cls
    keys = np.array(sorted(pairs), np.uint64)
    return WordTable(keys, np.array([pairs[int(k)] for k in keys], np.uint8))


def _dense(name: str, text: str, points: npt.NDArray[np.int64],
           words: tuple[npt.NDArray[np.int64], ...] | None) -> npt.NDArray[np.int64]:
    tables = _char_tables()
    if name == "kind":
        return tables["kind"][points]
    if name == "surname":
        return tables["surname"][points]
    if name == "place":
        return _place_feature(text)
    if name == "surname_rank":
        rank = tables["rank"][points]
        for m in _compound_re().finditer(text):
            rank[m.start()] = 4
            rank[m.start() + 1] = 5
        return rank
    if name == "translit":
        mark = tables["translit"][points]
        pad = np.concatenate([np.zeros(2, np.int64), mark, np.zeros(2, np.int64)])
        n = points.shape[0]
        around = pad[0:n] + pad[1 : n + 1] + pad[3 : n + 3] + pad[4 : n + 4]
        out: npt.NDArray[np.int64] = mark * 5 + around
        return out
    assert words is not None
    return words[("word_start", "word_end", "word_inside").index(name)]


@lru_cache(maxsize=1)
def _compound_re() -> re.Pattern[str]:
    return re.compile("|".join(_COMPOUND_SURNAMES))


@lru_cache(maxsize=1)
def _char_tables() -> dict[str, npt.NDArray[np.int64]]:
    """Code point (BMP) → script class, → 1 for a surname character, → surname
    frequency rank class (1: top 20, 2: to 100, 3: the rest), → 1 for a
    transliteration character."""
    kinds = np.zeros(0x10000, np.int64)
    for cp in range(0x10000):
        if not 0xD800 <= cp < 0xE000:
            kinds[cp] = _kind(chr(cp))
    surnames = np.zeros(0x10000, np.int64)
    surnames[[ord(c) for c in _SURNAMES]] = 1
    rank = np.zeros(0x10000, np.int64)
    for i, c in enumerate(_SURNAME_RANKED):
        if not rank[ord(c)]:
            rank[ord(c)] = 1 if i < 20 else 2 if i < 100 else 3
    translit = np.zeros(0x10000, np.int64)
    translit[[ord(c) for c in TRANSLIT_CHARS]] = 1
    return {"kind": kinds, "surname": surnames, "rank": rank, "translit": translit}


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
            dense = (tuple(str(data["dense"]).split(",")) if "dense" in data.files
                     else LEGACY_DENSE)
            words = (WordTable(data["word_hashes"].astype(np.uint64),
                               data["word_classes"].astype(np.uint8))
                     if any(d.startswith("word_") for d in dense) else None)
            self.space = FeatureSpace({c: i + 1 for i, c in enumerate(vocab)},
                                      int(data["buckets"]), tuple(int(x) for x in data["uni"]),
                                      hashed, dense, words)
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
        return [(s, e, lab) for s, e, lab, _m in self._decode(text, margins=False)]

    def tag_scored(self, text: str) -> list[tuple[int, int, str, float]]:
        """:meth:`tag` with a margin per span: for a ``PER`` span, the best path's score
        minus the best score of a path that tags none of its characters ``PER`` (0 when
        another reading is as good; larger is surer); ``inf`` for other labels."""
        return self._decode(text, margins=True)

    def _decode(self, text: str, *, margins: bool) -> list[tuple[int, int, str, float]]:
        if not text:
            return []
        emit = self.emissions(text)
        live = np.flatnonzero(((emit[:, 1:] - emit[:, :1]) + self.margin > 0).any(1))
        windows = _windows(live, len(text))
        spans: list[tuple[int, int, str, float]] = []
        order = sorted(range(len(windows)), key=lambda k: windows[k][1] - windows[k][0])
        for g in range(0, len(order), _BATCH):
            group = [windows[k] for k in order[g : g + _BATCH]]
            firsts = np.stack([self.start if lo == 0 else self.trans[0] for lo, _ in group])
            paths = batch_viterbi([emit[lo:hi] for lo, hi in group], self.trans, firsts)
            for (lo, hi), first, path in zip(group, firsts, paths, strict=True):
                window = emit[lo:hi].astype(np.float64)
                best = _path_score(window, self.trans, first, path) if margins else 0.0
                for s, e, lab in spans_of(path):
                    gap = float("inf")
                    if margins and lab == "PER":
                        blocked = window.copy()
                        blocked[s:e, 1:3] = _NEG
                        other = viterbi(blocked, self.trans, first)
                        gap = best - _path_score(blocked, self.trans, first, other)
                    spans.append((lo + s, lo + e, lab, gap))
        return sorted(spans)

    def __call__(self, text: str) -> list[PiiSpan]:
        return [PiiSpan(ENTITY_TYPES[lab], s, e, text[s:e]) for s, e, lab in self.tag(text)]


def _path_score(emit: npt.NDArray[np.float64], trans: npt.NDArray[np.float64],
                first: npt.NDArray[np.float64], path: list[int]) -> float:
    tags = np.array(path)
    total = first[tags[0]] + emit[np.arange(len(path)), tags].sum()
    return float(total + trans[tags[:-1], tags[1:]].sum())


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
