"""Mojibake repair: text decoded with the wrong codec, guarded by a character LM.

Cases handled, each tried as a candidate and applied only when the Chinese character
language model (:mod:`jingshu.corpus.charlm`) scores the result better by a margin,
so that correct text is never touched:

* UTF-8 bytes read as Latin-1 / CP1252 (``ä¸­æ–‡`` → ``中文``), via ftfy's
  ``fix_encoding``; where CP1252's five undefined bytes became U+FFFD, each lost
  byte is chosen by the model among those five;
* UTF-8 bytes read as GBK / CP936 (``鍙傝€冩枃鐚`` → ``参考文献``): each run of non-ASCII
  characters is encoded back to GBK bytes and decoded as UTF-8; bytes the first wrong
  decoding lost come out as U+FFFD;
* GBK bytes shown as Latin-1 / CP1252 (``¸ü¶à¾«Ð£`` → ``更多精校``);
* GBK or Big5 streams decoded one byte out of phase (``?；泼鳎合衷谖倚?布`` →
  ``�黄明：现在我�布``, from Sogou's news sample): the characters the shift
  lost at each end become U+FFFD, absorbing a ``?`` that stood for them;
* ``锟斤拷`` runs (U+FFFD's UTF-8 bytes read as GBK): removed, or kept for
  :class:`~jingshu.corpus.ops.quality_heuristics.MojibakeFilter` to judge.

Byte-level candidates come from :mod:`jingshu.corpus.encoding`. What still looks
like mojibake afterwards gets ``metadata["mojibake"] = True``, for the filter;
U+FFFD marks of lost characters count towards the filter's replacement share.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import cached_property, lru_cache
from typing import Literal

import ftfy
import ftfy.badness
from pydantic import Field

from jingshu.corpus.charlm import BOUNDARY, CharLM, UsesCharLM
from jingshu.corpus.document import Document
from jingshu.corpus.encoding import (
    DOUBLE_BYTE_CODECS,
    PhaseShift,
    cp1252_utf8_options,
    latin1_gbk_candidate,
    phase_shift_parts,
)
from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.ops.phase_ends import GLOSS_AFTER, LOST_MARKS, EndGuesser
from jingshu.corpus.params import OperatorParams
from jingshu.hanzi import is_han as _is_han

__all__ = ["KUN_JIN_KAO", "MojibakeRepairer", "gbk_mojibake_candidate", "shaped_runs"]

KUN_JIN_KAO = re.compile("(?:锟斤拷)+锟?|(?:\ufffd){2,}")
# GBK bytes that UTF-8 Chinese text turns into: continuation bytes and the lead bytes
# of CJK ideographs (E4-E9) and punctuation (E2, E3, EF); FF stands for a lost byte.
_MOJIBAKE_BYTES = frozenset([*range(0x80, 0xC0), *range(0xE2, 0xEA), 0xEF, 0xFF])
_CP1252 = "\x80-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_LATIN1_RUN = re.compile(f"[{_CP1252}]{{4,}}")
_CP1252_LOST_RUN = re.compile(f"[{_CP1252}\ufffd]{{4,}}")
# a run of characters that may be a double-byte stream read out of phase; a "?" or
# U+FFFD at either end stood for the byte the shift lost
_DOUBLE_BYTE_RUN = re.compile(r"[^\x00-\x7f\s\ufffd]{3,}")
LOST = "\ufffd"


def _to_gbk_bytes(run: str) -> bytes | None:
    out = bytearray()
    for ch in run:
        if ch == "€":
            out += b"\x80"  # CP936 puts the euro sign at 0x80; Python's gbk codec does not
        elif ch == "\ufffd":
            out += b"\xff"  # a byte the wrong decoding lost; decodes to U+FFFD again
        else:
            try:
                out += ch.encode("gbk")
            except UnicodeEncodeError:
                return None
    return bytes(out)


def gbk_mojibake_candidate(run: str) -> str | None:
    """Decode ``run`` as the UTF-8 it was before being misread as GBK, if it can be.

    Args:
        run: A run of non-ASCII characters.

    Returns:
        The candidate, or ``None`` when the bytes are not UTF-8 (beyond lost bytes).
    """
    raw = _to_gbk_bytes(run)
    if raw is None:
        return None
    out = raw.decode("utf-8", errors="replace")
    lost = out.count("\ufffd")
    return out if lost <= max(1, len(out) // 3) and lost < len(out) else None


@lru_cache(maxsize=65536)
def _shaped(ch: str) -> bool:
    if ch in BOUNDARY:
        return False  # Chinese punctuation around mojibake is usually genuine
    raw = _to_gbk_bytes(ch)
    return raw is not None and len(raw) <= 2 and all(b in _MOJIBAKE_BYTES for b in raw)


def shaped_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of runs of two or more characters shaped like GBK-read UTF-8.

    Args:
        text: Any text.
    """
    spans: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(text + "\x00"):
        if not ch.isascii() and _shaped(ch):
            start = i if start < 0 else start
        elif start >= 0:
            if i - start >= 2:
                spans.append((start, i))
            start = -1
    return spans


class MojibakeParams(OperatorParams):
    min_gain: float = Field(
        1.5, ge=0.0, description="LM score gain (nats per character) a repair must bring"
    )
    flag_below: float = Field(
        -9.0, le=0.0,
        description="LM score under which a run of 6+ mojibake-shaped characters is flagged"
    )
    phase_check_below: float = Field(
        -8.0, le=0.0,
        description="LM score under which a run is tried as a byte stream out of phase"
    )
    replacement_runs: Literal["keep", "remove"] = Field(
        "keep",
        description="what to do with 锟斤拷 / U+FFFD runs: keep them for MojibakeFilter, or remove"
    )


class MojibakeRepairer(UsesCharLM, Mapper[MojibakeParams]):
    """Repair text decoded with the wrong codec, only where the character LM agrees."""

    name = "mojibake_repair"
    Params = MojibakeParams

    def __init__(self, *, lm: CharLM | None = None, **params: object) -> None:
        """Args:
        lm: Character model to judge repairs; the jieba-trained default if omitted.
        **params: See :class:`MojibakeParams`.
        """
        super().__init__(**params)
        self._lm = lm

    @cached_property
    def _guess(self) -> EndGuesser:
        return EndGuesser(self.lm)

    def _better(self, before: str, after: str) -> bool:
        return self.lm.score(after) >= self.lm.score(before) + self.params.min_gain

    def _accept(self, run: str, cand: str) -> bool:
        # Two GBK characters are too little evidence, and so is a lossy guess from a
        # short run; the result must also read as Chinese on its own.
        if len(run) < 3 or ("\ufffd" in cand and len(run) < 6):
            return False
        return self.lm.score(cand) > self.params.flag_below and self._better(run, cand)

    def _fix_gbk(self, text: str) -> str:
        parts: list[str] = []
        last = 0
        for start, end in shaped_runs(text):
            run = text[start:end]
            cand = gbk_mojibake_candidate(run)
            if cand is not None and self._accept(run, cand):
                self.count("gbk_repaired")
                parts += [text[last:start], cand]
                last = end
        return "".join([*parts, text[last:]]) if parts else text

    def _fix_latin1_gbk(self, text: str) -> str:
        def repl(m: re.Match[str]) -> str:
            cand = latin1_gbk_candidate(m.group(0))
            if cand is None or sum(map(_is_han, cand)) < 2 or not self._accept(m.group(0), cand):
                return m.group(0)
            self.count("latin1_gbk_repaired")
            return cand

        return _LATIN1_RUN.sub(repl, text) if _LATIN1_RUN.search(text) else text

    def _phase_candidate(self, run: str, marked: bool) -> tuple[str, PhaseShift] | None:
        """The best codec's re-reading; ``marked``: lost-byte marks on both sides."""
        # full-width digits and symbols (１０％) are not evidence, nor quotes between
        # a ? and a ! (巡检?”“嗯!我们); a marked run may be symbols and private-use codes
        if (sum(ch not in BOUNDARY for ch in run) if marked else sum(map(_is_han, run))) < 2:
            return None
        before = self.lm.score(run)
        if before > self.params.phase_check_below and not marked:
            return None  # reads as Chinese already: the common case, decided cheaply
        # lost-byte marks on both sides are evidence of their own: any gain will do
        gain = 0.0 if marked else self.params.min_gain
        floor = -math.inf if marked else self.params.flag_below
        best: tuple[float, str, PhaseShift] | None = None
        for codec in DOUBLE_BYTE_CODECS:
            parts = phase_shift_parts(run, codec)
            # unmarked, a short re-reading is too little evidence (5轮啊，5 → 职。)
            if parts is None or sum(map(_is_han, parts.inner)) < (1 if marked else 3):
                continue
            after = self.lm.score(parts.inner)
            if marked and after < before:  # the cut characters may tip it (克勒兹省)
                after = max(after, self.lm.score(self._completed(parts, codec)))
            if after > floor and after >= before + gain:
                best = (after, codec, parts) if best is None or after > best[0] else best
        return None if best is None else (best[1], best[2])

    def _completed(self, parts: PhaseShift, codec: str) -> str:
        """The re-reading with its two cut characters guessed from the run alone."""
        first = self._guess.choose(parts.first_trail, codec, lead=False, left="",
                                   right=parts.inner) or ""
        last = "" if parts.last_lead is None else self._guess.choose(
            parts.last_lead, codec, lead=True, left=parts.inner, right="") or ""
        return first + parts.inner + last

    def _rephase(self, text: str, start: int, end: int, codec: str, parts: PhaseShift,
                 ) -> tuple[str, int, int]:
        """The repaired run and the span it replaces: lost-byte marks and gloss included.

        The last character is chosen first (a gloss narrows it to a few homophones), so
        that the first one, about a hundred candidates, is judged with the whole run
        after it. (Choosing the last one again with the first and the text before the
        run changed no benchmark document and cost a fifth of the time: not done.)
        """
        start -= start > 0 and text[start - 1] in LOST_MARKS
        if parts.last_lead is None:
            first = self._guess.choose(parts.first_trail, codec, lead=False, left=text[:start],
                                       right=parts.inner + parts.fused_ascii + text[end:],
                                       document=text)
            return (first or LOST) + parts.inner + parts.fused_ascii, start, end
        end += end < len(text) and text[end] in LOST_MARKS
        last, end_after = self._last(text, end, codec, parts.last_lead, parts.inner)
        first = self._guess.choose(parts.first_trail, codec, lead=False, left=text[:start],
                                   right=parts.inner + (last or "") + text[end_after:],
                                   document=text)
        return (first or LOST) + parts.inner + (last or LOST), start, end_after

    def _last(self, text: str, end: int, codec: str, lead: int, left: str,
              ) -> tuple[str | None, int]:
        """The run's last character (``lead`` its first byte) and where the run ends:
        after the gloss that names its reading, when a candidate reads it."""
        gloss = GLOSS_AFTER.match(text, end)
        if gloss is not None:  # the gloss names the last character's reading, then goes
            last = self._guess.choose(lead, codec, lead=True, left=left,
                                      right=text[gloss.end():], gloss=gloss.group(1),
                                      document=text)
            if last is not None:
                return last, gloss.end()
        # no gloss, or none that a candidate reads: it was text after all
        return self._guess.choose(lead, codec, lead=True, left=left, right=text[end:],
                                  document=text), end

    def _fix_phase(self, text: str) -> str:
        parts: list[str] = []
        last = 0
        for m in _DOUBLE_BYTE_RUN.finditer(text):
            if m.start() < last:
                continue
            marked = (m.start() > 0 and text[m.start() - 1] in LOST_MARKS
                      and m.end() < len(text) and text[m.end()] in LOST_MARKS)
            found = self._phase_candidate(m.group(0), marked)
            if found is None:
                continue
            repaired, start, end = self._rephase(text, max(m.start(), last), m.end(), *found)
            parts += [text[last:start], repaired]
            last = end
            self.count("phase_repaired")
        return "".join([*parts, text[last:]]) if parts else text

    def _pick(self, options: list[list[str]]) -> str:
        out = ""
        for i, readings in enumerate(options):
            nxt = options[i + 1][0] if i + 1 < len(options) else ""
            prev = out[-1:]
            out += max(readings, key=lambda c: self.lm.score(prev + c + nxt))
        return out

    def _fix_cp1252_lost(self, text: str) -> str:
        """UTF-8 read as CP1252 whose undefined bytes became U+FFFD (``ç¼–ç\xa0�``)."""

        def repl(m: re.Match[str]) -> str:
            run = m.group(0)
            options = None if "\ufffd" not in run else cp1252_utf8_options(run)
            if options is None:
                return run
            cand = self._pick(options)
            if sum(map(_is_han, cand)) < 2 or not self._better(run, cand):
                return run
            self.count("cp1252_lost_repaired")
            return cand

        return _CP1252_LOST_RUN.sub(repl, text) if "\ufffd" in text else text

    def _fix_latin1(self, text: str) -> str:
        fixed: str = ftfy.fix_encoding(text)
        if fixed == text:
            return text
        # no Chinese either side (European mojibake): the LM cannot judge, ftfy's own
        # badness measure does
        no_han = not any(map(_is_han, text)) and not any(map(_is_han, fixed))
        if no_han and ftfy.badness.is_bad(text) and not ftfy.badness.is_bad(fixed):
            self.count("latin1_repaired")
            return fixed
        if self._better(text, fixed):
            self.count("latin1_repaired")
            return fixed
        return text

    def _still_bad(self, text: str) -> bool:
        if KUN_JIN_KAO.search(text) or ftfy.badness.is_bad(text):
            return True
        return any(
            end - start >= 6
            and sum(map(_is_han, text[start:end])) >= 4
            and self.lm.score(text[start:end]) < self.params.flag_below
            for start, end in shaped_runs(text)
        )

    def map(self, doc: Document) -> Document:
        text = self._fix_latin1(self._fix_cp1252_lost(doc.text))
        text = self._fix_phase(self._fix_gbk(self._fix_latin1_gbk(text)))
        if self.params.replacement_runs == "remove":
            text, n = KUN_JIN_KAO.subn("", text)
            if n:
                self.count("replacement_runs_removed", n)
        if self._still_bad(text):
            self.count("flagged")
            return replace(doc, text=text, metadata={**doc.metadata, "mojibake": True})
        return doc if text == doc.text else replace(doc, text=text)
