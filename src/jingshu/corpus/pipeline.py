"""Run a recipe's operators over a stream of documents."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Mapper, Operator, RejectSink
from jingshu.corpus.profile import TextProfiler
from jingshu.corpus.recipe import Recipe, build_operators, load_recipe
from jingshu.corpus.report import RunReport
from jingshu.progress import OnStep, Step

__all__ = ["Pipeline", "clean_text"]


class Pipeline:
    """A recipe's operators, applied in order to each document, streaming.

    Args:
        recipe: A :class:`Recipe`, a built-in recipe name or a recipe path.
        reject_sink: Called with (document, operator, reason) for each dropped document.
        profile: Measure a sample of documents before and after, for the report's
            histograms (see :mod:`jingshu.corpus.profile`).
    """

    def __init__(
        self,
        recipe: Recipe | str | Path,
        *,
        reject_sink: RejectSink | None = None,
        profile: bool = True,
    ) -> None:
        self.recipe = recipe if isinstance(recipe, Recipe) else load_recipe(recipe)
        self.operators: Sequence[Operator[Any]] = build_operators(self.recipe)
        for op in self.operators:
            op.reject_sink = self._sink_for(op, reject_sink)
        self._report = RunReport(recipe=self.recipe.name)
        self._profiler = TextProfiler() if profile else None

    @staticmethod
    def _sink_for(op: Operator[Any], outer: RejectSink | None) -> RejectSink:
        """Keep a snippet of each example drop in ``op``'s stats, then call ``outer``."""

        def sink(doc: Document, operator: str, reason: str) -> None:
            op.stats.record_snippet(reason, doc.text)
            if outer is not None:
                outer(doc, operator, reason)

        return sink

    def run(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Yield the documents that pass every operator, changed by the mappers.

        Args:
            docs: Input documents, consumed lazily.
        """
        started = time.perf_counter()
        try:
            for doc in docs:
                self._report.docs_in += 1
                out = self._profiled(doc) if self._profiler is not None else self.process(doc)
                if out is not None:
                    self._report.docs_out += 1
                    yield out
        finally:
            self._report.seconds += time.perf_counter() - started

    def process(self, doc: Document) -> Document | None:
        """Apply every operator to one document; ``None`` when one drops it."""
        for op in self.operators:
            out = op(doc)
            if out is None:
                return None
            doc = out
        return doc

    def _profiled(self, doc: Document) -> Document | None:
        """:meth:`process`, measuring ``doc`` before and after if it is in the sample."""
        profiler = self._profiler
        assert profiler is not None
        if not profiler.wants(doc.id):
            return self.process(doc)
        values = profiler.measure(doc.text)
        profiler.add(values, after=False)
        out = self.process(doc)
        if out is not None:
            same = out.text == doc.text
            profiler.add(values if same else profiler.measure(out.text), after=True)
        return out

    def reset(self) -> None:
        """Clear operators' per-run state (deduplicators' memory), e.g. between shards."""
        for op in self.operators:
            op.reset()

    def report(self) -> RunReport:
        """Statistics so far: totals and one entry per operator."""
        self._report.operators = [op.stats for op in self.operators]
        if self._profiler is not None:
            self._report.profile = self._profiler.stats
        return self._report


def clean_text(text: str, recipe: Recipe | str | Path, on_step: OnStep | None = None) -> str:
    """Apply only the recipe's mappers to ``text`` (for ``jingshu clean``).

    Args:
        text: Text to repair.
        recipe: A :class:`Recipe`, a built-in recipe name or a recipe path.
        on_step: Told the mappers done so far, out of how many (``Step("clean", ...)``).
    """
    pipeline = Pipeline(recipe, profile=False)
    doc = Document(id="stdin", text=text)
    mappers = [op for op in pipeline.operators if isinstance(op, Mapper)]
    for done, op in enumerate(mappers, start=1):
        doc = op.map(doc)
        if on_step is not None:
            on_step(Step("clean", done, len(mappers), "mappers"))
    return doc.text
