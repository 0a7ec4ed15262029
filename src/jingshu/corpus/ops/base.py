"""Base classes of corpus operators: :class:`Mapper`, :class:`Filter`, :class:`Deduplicator`.

Modeled on datatrove's pipeline steps. A subclass declares:

* ``name``: the snake_case key recipes use (``cjk_ratio``);
* ``Params``: an :class:`~jingshu.corpus.params.OperatorParams` (a frozen, strict
  pydantic model) of typed parameters with defaults; ranges, choices and help lines
  are pydantic ``Field`` arguments, checked by :mod:`jingshu.corpus.params` before
  any work starts, for recipes and Python callers alike;
* ``requires``: optional packages, checked at construction (:class:`DependencyMissing`
  with the ``pip install`` line).

It then implements one narrow method: ``map_text``/``map`` for a mapper, ``filter``
for a filter. The base class counts documents in and out, drops by reason (with a few
example ids), time spent, and writes dropped documents with their reason to a sink.
"""

from __future__ import annotations

import abc
import importlib.util
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar, Generic, TypeVar

from jingshu.corpus.document import Document
from jingshu.corpus.params import NoParams, OperatorParams, build_params
from jingshu.corpus.stats import OperatorStats
from jingshu.errors import DependencyMissing

__all__ = ["Deduplicator", "Filter", "FilterResult", "Mapper", "Operator", "RejectSink"]

P = TypeVar("P", bound=OperatorParams)
FilterResult = bool | tuple[bool, str]
RejectSink = Callable[[Document, str, str], None]
"""Called with (document, operator name, reason) for each dropped document."""


class Operator(abc.ABC, Generic[P]):
    """One step of a pipeline. Subclass :class:`Mapper` or :class:`Filter`, not this."""

    name: ClassVar[str] = ""
    kind: ClassVar[str] = "operator"
    Params: ClassVar[type[OperatorParams]] = NoParams
    requires: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **params: Any) -> None:
        """Check optional packages, then validate and store ``params``.

        Args:
            **params: Values for the fields of ``Params``; others keep their defaults.
        """
        for package in self.requires:
            if importlib.util.find_spec(package) is None:
                raise DependencyMissing(
                    package.replace("_", "-"), needed_for=f"operator {self.name!r}"
                )
        self.params: P = build_params(  # type: ignore[assignment]
            self.Params, params, where=f"operator {self.name!r}"
        )
        self.stats = OperatorStats(name=self.name, kind=self.kind)
        self.reject_sink: RejectSink | None = None

    def __call__(self, doc: Document) -> Document | None:
        """Process one document, recording stats; ``None`` means it was dropped."""
        started = time.perf_counter()
        self.stats.docs_in += 1
        out = self.process(doc)
        self.stats.seconds += time.perf_counter() - started
        if out is not None:
            self.stats.docs_out += 1
        return out

    @abc.abstractmethod
    def process(self, doc: Document) -> Document | None:
        """Transform or judge ``doc``; subclasses of the kinds below implement it."""

    def reset(self) -> None:
        """Forget per-run state (deduplicators' seen sets); stats are kept."""

    def count(self, counter: str, amount: int = 1) -> None:
        """Add ``amount`` to a named counter shown in the report (e.g. PII per type)."""
        self.stats.counters[counter] = self.stats.counters.get(counter, 0) + amount


class Mapper(Operator[P]):
    """Changes text. Implement :meth:`map_text`, or :meth:`map` to see metadata too."""

    kind = "mapper"

    def map_text(self, text: str) -> str:
        """Return the changed text.

        Args:
            text: The document's text.
        """
        raise TypeError(f"mapper {type(self).__name__} must override map_text or map")

    def map(self, doc: Document) -> Document:
        """Return the changed document; by default applies :meth:`map_text` to its text."""
        text = self.map_text(doc.text)
        return doc if text == doc.text else replace(doc, text=text)

    def process(self, doc: Document) -> Document:
        out = self.map(doc)
        if out.text != doc.text:
            self.stats.changed += 1
        return out


class Filter(Operator[P]):
    """Keeps or drops documents. Implement only :meth:`filter`."""

    kind = "filter"

    @abc.abstractmethod
    def filter(self, doc: Document) -> FilterResult:
        """Return ``True`` to keep, or ``False`` / ``(False, reason)`` to drop.

        Args:
            doc: The document to judge; must not be changed.
        """

    def process(self, doc: Document) -> Document | None:
        result = self.filter(doc)
        keep, reason = (result, self.name) if isinstance(result, bool) else result
        if keep:
            return doc
        self.stats.record_drop(reason or self.name, doc.id)
        if self.reject_sink is not None:
            self.reject_sink(doc, self.name, reason or self.name)
        return None


class Deduplicator(Filter[P]):
    """A filter that remembers what it has seen; :meth:`reset` clears that memory.

    Exact deduplication is a filter with state; the fuzzy, multi-stage kinds
    (MinHash: signatures, buckets, clusters) extend this in the deduplication issue.
    """

    kind = "dedup"
