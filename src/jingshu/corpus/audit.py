"""The damage audit: what a recipe's mappers change in real text, per mapper and per kind.

A mapper that "repairs" clean text damages it. :func:`audit_documents` runs a recipe's
mappers in order over documents (filters and deduplicators are skipped, so every
document is measured by every mapper), diffs each mapper's input and output with
:mod:`difflib`, and sorts each changed span into a :data:`CHANGE_CLASSES` class:

* deliberate normalisation (:data:`DELIBERATE`), changes that keep every character's
  meaning and every word boundary: ``width`` (a span replaced by its NFKC form, or an
  ASCII mark by the full-width form NFKC maps back to it: full-width ASCII folded,
  ``,`` or ``.`` after a Chinese character made ``，`` or ``。``), ``script`` (a span
  replaced by its OpenCC simplified or traditional form), ``layout`` (a run of spaces shortened, or
  spaces removed at a line's start or end) and ``entity`` (an HTML entity replaced by
  the character it names);
* everything else, the damage: ``whitespace`` (spaces removed between two
  non-spaces, line breaks changed), ``punctuation``, ``control`` (format and control
  characters removed), ``redaction`` (PII placeholders or masks), ``deletion``,
  ``insertion``, ``replacement``.

The report gives per mapper the share of documents and characters changed, split by
class, and keeps a seeded random sample of before/after diffs per mapper for the HTML
page (:mod:`jingshu.corpus.audit_html`)::

    report = audit_documents(load_recipe("zh-web"), docs, sample=5)
    report.damage_share          # changed characters outside DELIBERATE / characters in
"""

from __future__ import annotations

import difflib
import html
import random
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.recipe import Recipe, build_operators

__all__ = [
    "CHANGE_CLASSES",
    "DELIBERATE",
    "AuditReport",
    "DiffSample",
    "MapperAudit",
    "Span",
    "audit_documents",
    "classify",
    "diff_spans",
]

CHANGE_CLASSES = ("width", "script", "layout", "entity", "whitespace", "punctuation",
                  "control", "redaction", "deletion", "insertion", "replacement")
DELIBERATE = frozenset({"width", "script", "layout", "entity"})
_POSITIONAL_MAX = 0.3  # equal lengths, at most this share differing: compare by position
_ENTITY_TAIL = re.compile(r"^(?:[a-zA-Z]{2,8}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});$")
_REDACTED = re.compile(r"^(?:(?:\[[^\[\]]{1,12}\])+|\*+|＊+)$")


@dataclass(frozen=True)
class Span:
    """One changed span: ``before[a0:a1]`` became ``after[b0:b1]``."""

    kind: str
    a0: int
    a1: int
    b0: int
    b1: int

    @property
    def chars(self) -> int:
        """Characters changed: the longer side."""
        return max(self.a1 - self.a0, self.b1 - self.b0)


def _all(text: str, test: Any) -> bool:
    return bool(text) and all(test(c) for c in text)


def _punct(c: str) -> bool:
    return unicodedata.category(c).startswith(("P", "S")) or c.isspace()


def _script(a: str, b: str) -> bool:
    from jingshu.corpus.ops.script import to_simplified, to_traditional

    if not _all(a + b, lambda c: not c.isascii()):
        return False
    if to_simplified(a) == b or to_traditional(a) == b:
        return True
    # out of its phrase, a character may convert otherwise (乾燥 → 干燥, 乾 alone stays)
    return len(a) == len(b) and all(to_simplified(y) == to_simplified(x) or
                                    to_traditional(y) == to_traditional(x)
                                    for x, y in zip(a, b, strict=True))


def classify(a: str, b: str) -> str:
    """The class of one change: the text ``a`` replaced by ``b`` (either may be empty)."""
    if not b:
        if _all(a, str.isspace):
            return "whitespace"
        if _all(a, lambda c: unicodedata.category(c) in ("Cc", "Cf")):
            return "control"
        return "deletion"
    if not a:
        return "whitespace" if _all(b, str.isspace) else "insertion"
    if unicodedata.normalize("NFKC", a) == b or (
            a.isascii() and not a.isspace()
            and unicodedata.normalize("NFKC", b.replace("。", "．")) == a):
        return "width"
    if _all(a, str.isspace) and _all(b, str.isspace):
        return "whitespace"
    if "&" in a and html.unescape(a) == b:
        return "entity"
    if _REDACTED.match(b):
        return "redaction"
    if _all(a, _punct) and _all(b, _punct):
        return "punctuation"
    if _script(a, b):
        return "script"
    return "replacement"


def _opcodes(before: str, after: str) -> list[tuple[str, int, int, int, int]]:
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    a, b = before[head:len(before) - tail], after[head:len(after) - tail]
    if len(a) == len(b):
        differing = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differing) <= _POSITIONAL_MAX * len(a):
            return _runs(differing, head)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(tag, i1 + head, i2 + head, j1 + head, j2 + head)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _runs(positions: list[int], offset: int) -> list[tuple[str, int, int, int, int]]:
    """Consecutive differing positions of equal-length texts as ``replace`` opcodes."""
    out: list[tuple[str, int, int, int, int]] = []
    for i in positions:
        if out and out[-1][2] == i + offset:
            _, s, _, _, _ = out[-1]
            out[-1] = ("replace", s, i + offset + 1, s, i + offset + 1)
        else:
            out.append(("replace", i + offset, i + offset + 1, i + offset, i + offset + 1))
    return out


def diff_spans(before: str, after: str) -> list[Span]:
    """The changed spans of ``before`` → ``after``, each classified (:func:`classify`)."""
    if before == after:
        return []
    spans: list[Span] = []
    for _tag, a0, a1, b0, b1 in _opcodes(before, after):
        kind = classify(before[a0:a1], after[b0:b1])
        if kind == "deletion" and _entity_tail(before, a0, a1, after, b0):
            kind = "entity"
        elif kind == "whitespace" and _layout(before, a0, a1, after[b0:b1]):
            kind = "layout"
        if kind == "replacement" and a1 - a0 == b1 - b0 > 1:
            spans += _by_character(before, after, a0, b0, a1 - a0)
        else:
            spans.append(Span(kind, a0, a1, b0, b1))
    return spans


def _layout(before: str, a0: int, a1: int, new: str) -> bool:
    """A whitespace change that keeps the text's words and lines: spaces shortened to
    spaces (a line break stays a line break), or removed beside other whitespace or
    at the text's start or end."""
    old = before[a0:a1]
    if new:
        return ("\n" in old) == ("\n" in new)
    left = before[a0 - 1] if a0 else "\n"
    right = before[a1] if a1 < len(before) else "\n"
    return left.isspace() or right.isspace()


def _entity_tail(before: str, a0: int, a1: int, after: str, b0: int) -> bool:
    """``&amp;`` → ``&`` diffs as the deletion of ``amp;`` after a kept ``&``."""
    start = before.rfind("&", max(0, a0 - 10), a0 + 1)
    if start < 0 or not _ENTITY_TAIL.match(before[start + 1:a1]):
        return False
    decoded = html.unescape(before[start:a1])
    at = b0 - (a0 - start)
    return decoded != before[start:a1] and after[at:at + len(decoded)] == decoded


def _by_character(before: str, after: str, a0: int, b0: int, n: int) -> list[Span]:
    """An equal-length replacement classified character by character (a run that mixes
    width folding and conversion, say), runs of one class merged."""
    out: list[Span] = []
    for i in range(n):
        x, y = before[a0 + i], after[b0 + i]
        if x == y:
            continue
        kind = classify(x, y)
        last = out[-1] if out else None
        if last is not None and last.kind == kind and last.a1 == a0 + i:
            out[-1] = Span(kind, last.a0, a0 + i + 1, last.b0, b0 + i + 1)
        else:
            out.append(Span(kind, a0 + i, a0 + i + 1, b0 + i, b0 + i + 1))
    return out


@dataclass(frozen=True)
class DiffSample:
    """A changed document kept for the HTML page."""

    mapper: str
    doc_id: str
    before: str
    after: str
    spans: tuple[Span, ...]


@dataclass
class MapperAudit:
    """What one mapper changed: documents, characters in, characters changed by class."""

    name: str
    docs: int = 0
    docs_changed: int = 0
    chars: int = 0
    changed: dict[str, int] = field(default_factory=dict)

    @property
    def chars_changed(self) -> int:
        return sum(self.changed.values())

    @property
    def damage(self) -> int:
        """Changed characters outside :data:`DELIBERATE`."""
        return sum(n for kind, n in self.changed.items() if kind not in DELIBERATE)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "docs": self.docs, "docs_changed": self.docs_changed,
                "chars": self.chars, "chars_changed": self.chars_changed,
                "damage_chars": self.damage, "changed": dict(sorted(self.changed.items()))}


@dataclass
class AuditReport:
    """Per-mapper audits of one recipe over one corpus, with a sample of diffs."""

    recipe: str
    corpus: str
    docs: int = 0
    chars: int = 0
    mappers: list[MapperAudit] = field(default_factory=list)
    samples: list[DiffSample] = field(default_factory=list)

    def _share(self, n: int) -> float:
        return n / self.chars if self.chars else 0.0

    @property
    def changed_share(self) -> float:
        """Characters changed by all mappers, per character of the input."""
        return self._share(sum(m.chars_changed for m in self.mappers))

    @property
    def damage_share(self) -> float:
        """Characters changed outside deliberate normalisation, per input character."""
        return self._share(sum(m.damage for m in self.mappers))

    def damage_share_without(self, *kinds: str) -> float:
        """:attr:`damage_share` leaving out ``kinds`` too (``redaction``, say)."""
        left_out = DELIBERATE | set(kinds)
        return self._share(sum(n for m in self.mappers for kind, n in m.changed.items()
                               if kind not in left_out))

    def class_share(self, kind: str) -> float:
        """Characters changed in class ``kind``, per input character."""
        return self._share(sum(m.changed.get(kind, 0) for m in self.mappers))

    def to_dict(self) -> dict[str, Any]:
        return {"recipe": self.recipe, "corpus": self.corpus, "docs": self.docs,
                "chars": self.chars, "changed_share": self.changed_share,
                "damage_share": self.damage_share,
                "mappers": [m.to_dict() for m in self.mappers]}


class _Reservoir:
    """A seeded uniform sample of ``k`` items per key (Algorithm R)."""

    def __init__(self, k: int, seed: int) -> None:
        self.k, self.rng = k, random.Random(seed)
        self.seen: dict[str, int] = {}
        self.items: dict[str, list[DiffSample]] = {}

    def offer(self, key: str, item: DiffSample) -> None:
        n = self.seen[key] = self.seen.get(key, 0) + 1
        kept = self.items.setdefault(key, [])
        if len(kept) < self.k:
            kept.append(item)
        elif (j := self.rng.randrange(n)) < self.k:
            kept[j] = item


def audit_documents(recipe: Recipe, docs: Iterable[Document], *, corpus: str = "",
                    sample: int = 5, seed: int = 0) -> AuditReport:
    """Run ``recipe``'s mappers over ``docs`` and measure what each changes.

    Args:
        recipe: A validated recipe; only its mappers run, in order.
        docs: The documents (a clean corpus, to measure damage).
        corpus: Its name, for the report.
        sample: Changed documents kept per mapper for the HTML page.
        seed: Seed of the sample.
    """
    mappers = [op for op in build_operators(recipe) if isinstance(op, Mapper)]
    report = AuditReport(recipe.name, corpus, mappers=[MapperAudit(m.name) for m in mappers])
    reservoir = _Reservoir(sample, seed)
    for doc in docs:
        report.docs += 1
        report.chars += len(doc.text)
        for op, audit in zip(mappers, report.mappers, strict=True):
            after = op.map(doc)
            audit.docs += 1
            audit.chars += len(doc.text)
            if after.text != doc.text:
                spans = diff_spans(doc.text, after.text)
                audit.docs_changed += 1
                for span in spans:
                    audit.changed[span.kind] = audit.changed.get(span.kind, 0) + span.chars
                if sample:
                    reservoir.offer(op.name, DiffSample(op.name, doc.id, doc.text, after.text,
                                                        tuple(spans)))
            doc = after
    report.samples = [s for m in mappers for s in reservoir.items.get(m.name, [])]
    return report
