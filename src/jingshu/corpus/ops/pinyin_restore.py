"""Restore Han characters that were replaced by a romanized pinyin syllable.

Input methods and careless editing leave a toneless syllable where a character
should be (``我们去gong园玩`` → ``我们去公园玩``). Each lowercase syllable standing
between Han characters is looked up in pypinyin's character–reading table; every
candidate character is scored with the character language model in its context
(the characters on either side), and the best one replaces the syllable only when it
beats the runner-up by ``min_margin`` nats and forms a pair the model has seen with
a neighbour. Anything less certain is left as it is. A character and its traditional
form compete as one candidate; the form written matches the script of the neighbours.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from functools import cached_property, lru_cache

from pydantic import Field

from jingshu.corpus.charlm import CharLM, UsesCharLM
from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.ops.phase_ends import EndGuesser
from jingshu.corpus.ops.script import to_simplified
from jingshu.corpus.params import OperatorParams


def _u_to_v(text: str) -> str:
    """ü (with or without a tone mark) written v, as toneless pinyin does (nǚ → nv)."""
    return text.translate(_UV)


_UV = str.maketrans(dict.fromkeys("üǖǘǚǜ", "v"))
__all__ = ["PinyinSyllableRestorer", "syllable_candidates"]

_HAN = "\u4e00-\u9fff"
# a syllable between Han characters, or after a comma that follows one (方案, ze要求)
_STRAY = re.compile(
    f"(?:(?<=[{_HAN}])|(?<=[{_HAN}][,，])|(?<=[{_HAN}][,，] ))([a-z]{{1,6}})(?=[{_HAN}])"
)


def _toneless(reading: str) -> str:
    bare = unicodedata.normalize("NFD", _u_to_v(reading))
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _syllable_table() -> dict[str, tuple[str, ...]]:
    from pypinyin.pinyin_dict import pinyin_dict

    table: defaultdict[str, list[str]] = defaultdict(list)
    for code, readings in pinyin_dict.items():
        if 0x4E00 <= code <= 0x9FFF:
            for reading in readings.split(","):
                table[_toneless(reading)].append(chr(code))
    return {syl: tuple(chars) for syl, chars in table.items()}


def syllable_candidates(syllable: str) -> tuple[str, ...]:
    """Han characters (U+4E00..U+9FFF) that pypinyin reads as ``syllable``, any tone.

    Args:
        syllable: Lowercase toneless pinyin (``gong``; ``lv`` for ``lü``).
    """
    return _syllable_table().get(syllable, ())


@lru_cache(maxsize=4096)
def _grouped(syllable: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Candidates grouped by simplified form: (simplified, (forms...))."""
    groups: dict[str, list[str]] = {}
    for ch in dict.fromkeys(syllable_candidates(syllable)):
        groups.setdefault(to_simplified(ch), []).append(ch)
    return tuple((simp, tuple(forms)) for simp, forms in groups.items())


# nats; jingshu's own choice, tuned on zhwiki and Sohu news (bench_repair.py --scrape)
_RARE_READING = 3.0


@lru_cache(maxsize=8192)
def _common_toneless(ch: str) -> str:
    from pypinyin import Style, pinyin

    return str(pinyin(ch, style=Style.NORMAL)[0][0])


class PinyinRestoreParams(OperatorParams):
    min_margin: float = Field(
        2.0, ge=0.0, description="nats by which the best character must beat the runner-up"
    )
    min_margin_after_comma: float = Field(
        0.0, ge=0.0, description="the same margin for a syllable after a comma (方案, ze要求), "
        "ranked by jieba's segmentation of the words that follow"
    )
    min_pair_count: float = Field(
        20.0, ge=0.0,
        description="the chosen character must form a pair seen this often with a neighbour"
    )


class PinyinSyllableRestorer(UsesCharLM, Mapper[PinyinRestoreParams]):
    """Replace a stray pinyin syllable between Han characters by the character it stands for.

    Needs ``pip install pypinyin``.
    """

    name = "pinyin_restore"
    Params = PinyinRestoreParams
    requires = ("pypinyin",)

    def __init__(self, *, lm: CharLM | None = None, **params: object) -> None:
        """Args:
        lm: Character model; the jieba-trained default if omitted.
        **params: See :class:`PinyinRestoreParams`.
        """
        super().__init__(**params)
        self._lm = lm

    @cached_property
    def _guess(self) -> EndGuesser:
        return EndGuesser(self.lm)

    def _score(self, prev: str | None, ch: str, nxt: str) -> float:
        return self.lm.logprob(prev, ch) + self.lm.logprob(ch, nxt)

    def _choose(self, prev: str | None, syllable: str, nxt: str) -> str | None:
        scored: list[tuple[float, str, tuple[str, ...]]] = []
        for simp, forms in _grouped(syllable):
            known = [f for f in forms if f in self.lm.unigrams]
            if known:
                scored.append((max(self._score(prev, f, nxt) for f in known), simp, forms))
        if not scored:
            return None
        scored.sort(reverse=True)
        best, simp, forms = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else -math.inf
        traditional = [f for f in forms if f != simp]
        context = (prev or "") + nxt
        ch = traditional[0] if traditional and to_simplified(context) != context else simp
        before = self.lm.bigrams.get(prev + ch, 0.0) if prev else 0.0
        pair = max(before, self.lm.bigrams.get(ch + nxt, 0.0))
        if best - runner_up < self.params.min_margin or pair < self.params.min_pair_count:
            return None
        return ch

    def _choose_after_comma(self, syllable: str, left: str, right: str, document: str,
                            ) -> str | None:
        """A syllable starting a clause (方案, ze要求): jieba's segmentation of what follows,
        the document cache (:func:`~jingshu.corpus.ops.phase_ends.cache_bonus`) and the
        character 4-gram model over the comma before and the words after
        (:meth:`~jingshu.corpus.ops.phase_ends.EndGuesser.ngram_scores`).

        A character read that way only in rare words (侧 read zè) pays a penalty.
        """
        cands = [simp for simp, _ in _grouped(syllable) if simp in self.lm.unigrams]
        ngram = self._guess.ngram_scores(left, cands, right)
        scored = sorted(
            ((self._guess.window_score("", simp, right, document) + extra
              - _RARE_READING * (_common_toneless(simp) != syllable), simp)
             for simp, extra in zip(cands, ngram, strict=True)),
            reverse=True,
        )
        margin = scored[0][0] - scored[1][0] if len(scored) > 1 else math.inf
        if not scored or margin < self.params.min_margin_after_comma:
            return None
        return scored[0][1]

    def map_text(self, text: str) -> str:
        if not _STRAY.search(text):
            return text

        def repl(m: re.Match[str]) -> str:
            prev = text[m.start() - 1]
            if prev >= "\u4e00":
                ch = self._choose(prev, m.group(1), text[m.end()])
            else:
                left = text[max(0, m.start() - 4) : m.start()].rstrip()
                ch = self._choose_after_comma(m.group(1), left, text[m.end() : m.end() + 4], text)
            if ch is None:
                return m.group(1)
            self.count("syllables_restored")
            return ch

        return _STRAY.sub(repl, text)
