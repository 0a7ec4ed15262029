"""The two characters a double-byte run read out of phase cuts in half.

A GBK or Big5 run decoded one byte late (see
:func:`jingshu.corpus.encoding.phase_shift_parts`) loses the first byte of its first
character and the second byte of its last; scrapers show each lost byte as ``?``,
``!`` or U+FFFD. One byte of each is still known, which leaves about a hundred
candidate characters; a pinyin gloss right after the run (``(jiàn)``, or ``jiàn)``
when the ``(`` was swallowed with the lost byte) names the last one's reading.

Candidates are ranked by jieba's best segmentation of the window around them (word
unigram log-probabilities, four Han characters each side), plus twice the character
4-gram model's log-probability of the candidate and the three symbols after it given
the three before (:mod:`jingshu.corpus.ngram`, counted on running text, so it knows
which words follow which, punctuation included), plus a bonus for pairs written out
elsewhere in the same document (:func:`cache_bonus`). Exact repair of whole generated
documents on zhwiki and Sohu news, the tuning sets (``bench/bench_repair.py --scrape
--sources zhwiki,sohu``): 77.5/78.7% with jieba alone and no cache, 84.5/87.7% with
the cache and a quarter of the dictionary bigram model, 95.0/91.0% with the 4-gram model
instead of the bigram one; see docs/benchmarks.md for the held-out sources.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jingshu.corpus.charlm import CharLM
from jingshu.corpus.encoding import chars_with_byte
from jingshu.corpus.ngram import NgramLM, default_ngram


def _u_to_v(text: str) -> str:
    """ü (with or without a tone mark) written v, as toneless pinyin does (nǚ → nv)."""
    return text.translate(_UV)


_UV = str.maketrans(dict.fromkeys("üǖǘǚǜ", "v"))
__all__ = ["GLOSS_AFTER", "LOST_MARKS", "EndGuesser", "reading_matches"]

LOST_MARKS = "?!\ufffd"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# a gloss right after the run: (jiàn), （jiàn）, or jiàn) whose "(" went with a lost byte
GLOSS_AFTER = re.compile(f"[(（]?([a-zA-Z{_TONED}]{{1,6}}[1-5]?)[)）]")
_WINDOW = 4
# nats per log count; jingshu's own choice, tuned on zhwiki and Sohu news (exact repair
# of bench_repair.py --scrape: 77.5/78.7% without the cache, 83.5/82.6% at 8, 83.5/85.2%
# at 15 and at 25)
_CACHE_WEIGHT = 15.0
# the same for the three-character strings around the candidate (厨余垃圾 written out in
# the same article); tuned as above beside the 4-gram model: 0 gave 95.0/91.0%, 10 and 20
# 95.0/92.3%
_CACHE_TRIPLE_WEIGHT = 10.0
# the bigram model is trained on jieba's dictionary too, so it repeats the segmentation's
# in-word evidence; jingshu's own choice, tuned as above: weight 1 gave 83.5/85.2%, 0.5
# 84.5/87.1%, 0.25 84.5/87.7%, 0 84.0/88.4% before the 4-gram model; beside it (weight 2)
# 0.5 gave 94.5/90.3%, 0.25 94.5/91.0%, 0 95.0/91.0%
_BIGRAM_WEIGHT = 0.0
# weight of the character 4-gram model (jingshu.corpus.ngram) beside jieba's segmentation;
# jingshu's own choice, tuned on zhwiki and Sohu news as above: 0.5 gave 91.5/90.3%, 1
# 92.5/91.6%, 1.5 94.0/90.3%, 2 94.5/91.0%, 3 93.5/90.3% (bigram weight 0.25)
NGRAM_WEIGHT = 2.0
# weight of jieba's segmentation score; tuned as above: 0.5 gave 93.5/89.7%, 0.75
# 93.5/91.0%, 1 95.0/91.0%
_SEGMENT_WEIGHT = 1.0
# characters of raw context (punctuation included) the 4-gram model sees on each side
_NGRAM_CONTEXT = 3


def _toneless(reading: str) -> str:
    bare = unicodedata.normalize("NFD", _u_to_v(reading.lower().rstrip("12345")))
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


@lru_cache(maxsize=8192)
def _readings(ch: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    toned = pinyin(ch, style=Style.TONE, heteronym=True)[0]
    return frozenset([*toned, *map(_toneless, toned)])


@lru_cache(maxsize=8192)
def _common_reading(ch: str) -> str:
    from pypinyin import Style, pinyin

    return str(pinyin(ch, style=Style.TONE)[0][0])


def reading_matches(ch: str, gloss: str, *, tone: bool = False) -> bool:
    """True when ``gloss`` (``jiàn``, ``jian4`` or ``jian``) is a reading of ``ch``.

    Args:
        ch: One Han character.
        gloss: Pinyin with tone marks, a tone number or no tone.
        tone: Require the tone-marked form to match exactly.
    """
    readings = _readings(ch)
    return gloss.lower() in readings or (not tone and _toneless(gloss) in readings)


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    return jieba.dt


@dataclass
class EndGuesser:
    """Choose the character a lost byte belonged to, from its context.

    Args:
        lm: The character model (its bigrams complete jieba's word scores).
    """

    lm: CharLM
    ngram: NgramLM | None = None

    def ngram_scores(self, left: str, cands: list[str], right: str) -> list[float]:
        """The 4-gram model's log-probability of each candidate and what follows it,
        after ``left``, times :data:`NGRAM_WEIGHT` (the raw text, punctuation included).

        Args:
            left: Text before the candidates (an empty string is a document start).
            cands: The candidates.
            right: Text after them.
        """
        if NGRAM_WEIGHT == 0.0 or not cands:
            return [0.0] * len(cands)
        if self.ngram is None:
            self.ngram = default_ngram()
        scores = self.ngram.candidates(left[-_NGRAM_CONTEXT:], cands, right[:_NGRAM_CONTEXT])
        return [NGRAM_WEIGHT * float(x) for x in scores]

    def _segment_score(self, window: str) -> float:
        tokenizer = _jieba()
        route: dict[int, tuple[float, int]] = {}
        tokenizer.calc(window, tokenizer.get_DAG(window), route)
        return float(route[0][0])

    def window_score(self, left: str, ch: str, right: str, document: str = "") -> float:
        """jieba's best segmentation of ``left + ch + right`` plus the bigram score,
        plus the document cache bonus (see :func:`cache_bonus`).

        Args:
            left: Han characters before ``ch`` (a few).
            ch: The candidate.
            right: Han characters after it.
            document: The whole text the character stands in, if known.
        """
        bigram = self.lm.logprob(left[-1:] or None, ch)
        bigram += self.lm.logprob(ch, right[0]) if right else 0.0
        score = _SEGMENT_WEIGHT * self._segment_score(left + ch + right) + _BIGRAM_WEIGHT * bigram
        return score + cache_bonus(document, left, ch, right) if document else score

    def choose(
        self, byte: int, codec: str, *, lead: bool, left: str, right: str, gloss: str = "",
        document: str = "",
    ) -> str | None:
        """The best character with ``byte`` at that place, between ``left`` and ``right``.

        Args:
            byte: The byte known (first byte when ``lead``, else second).
            codec: The run's codec.
            lead: Whether ``byte`` is the character's first byte.
            left: Text before the character (its last few characters are used).
            right: Text after it.
            gloss: A pinyin reading the character must have, if known.
            document: The whole text, for the cache bonus (:func:`cache_bonus`).

        Returns:
            The character, or ``None`` when no known character fits.
        """
        cands = [c for c in chars_with_byte(byte, codec, lead=lead) if c in self.lm.unigrams]
        if gloss:  # the commonest reading, else any reading with that tone, else any tone
            common = [c for c in cands if _common_reading(c) == gloss.lower()]
            toned = common or [c for c in cands if reading_matches(c, gloss, tone=True)]
            cands = toned or [c for c in cands if reading_matches(c, gloss)]
        if not cands:
            return None
        ngram = self.ngram_scores(left, cands, right)
        left, right = _han_tail(left), _han_head(right)
        scores = [self.window_score(left, c, right, document) + extra
                  for c, extra in zip(cands, ngram, strict=True)]
        return cands[max(range(len(cands)), key=scores.__getitem__)]


def cache_bonus(document: str, left: str, ch: str, right: str) -> float:
    """Log-count bonus for a candidate whose pairs (and triples) with its neighbours occur
    elsewhere in the same document: a cache language model (Kuhn & De Mori 1990), because a name
    or term that a defect hides is often written out intact nearby (佩尔塞涅森林 in the
    title, 佩尔?涅森林 in the body), and no general model knows rare names.

    Args:
        document: The whole text (its defect hides the candidate, so it is not counted).
        left: Han characters before the candidate.
        ch: The candidate.
        right: Han characters after it.
    """
    pairs = ([left[-1] + ch] if left else []) + ([ch + right[0]] if right else [])
    triples = (([left[-2:] + ch] if len(left) >= 2 else [])
               + ([ch + right[:2]] if len(right) >= 2 else [])
               + ([left[-1] + ch + right[0]] if left and right else []))
    return (_CACHE_WEIGHT * sum(math.log1p(document.count(p)) for p in pairs)
            + _CACHE_TRIPLE_WEIGHT * sum(math.log1p(document.count(t)) for t in triples))


def _han_tail(text: str) -> str:
    tail = text[-_WINDOW:]
    cut = max((i for i, ch in enumerate(tail) if not _scored(ch)), default=-1)
    return tail[cut + 1 :]


def _han_head(text: str) -> str:
    head = text[:_WINDOW]
    cut = next((i for i, ch in enumerate(head) if not _scored(ch)), len(head))
    return head[:cut]


def _scored(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"
