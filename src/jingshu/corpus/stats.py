"""Per-operator run statistics, mergeable across shards and workers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["MAX_EXAMPLES", "SNIPPET_CHARS", "OperatorStats"]

MAX_EXAMPLES = 3
"""How many example document ids (and text snippets) are kept per drop reason."""
SNIPPET_CHARS = 120
"""How much of a dropped document's text an example keeps."""


@dataclass
class OperatorStats:
    """What one operator did during a run.

    Args:
        name: The operator's registry name.
        kind: ``mapper``, ``filter`` or ``dedup``.
        docs_in: Documents it received.
        docs_out: Documents it passed on.
        changed: Documents whose text a mapper changed.
        seconds: Time spent inside the operator.
        drops: Dropped documents by reason.
        examples: A few dropped document ids per reason.
        snippets: The start of those documents' text, per reason (same order).
        counters: Operator-specific counts (PII spans per type, lines removed ...).
    """

    name: str
    kind: str
    docs_in: int = 0
    docs_out: int = 0
    changed: int = 0
    seconds: float = 0.0
    drops: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    snippets: dict[str, list[str]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)

    def record_drop(self, reason: str, doc_id: str) -> None:
        """Count one dropped document under ``reason`` and keep its id as an example."""
        self.drops[reason] = self.drops.get(reason, 0) + 1
        ids = self.examples.setdefault(reason, [])
        if len(ids) < MAX_EXAMPLES:
            ids.append(doc_id)

    def record_snippet(self, reason: str, text: str) -> None:
        """Keep the start of a dropped document's text as an example of ``reason``."""
        texts = self.snippets.setdefault(reason, [])
        if len(texts) < MAX_EXAMPLES:
            texts.append(" ".join(text[:SNIPPET_CHARS].split()))

    def merge(self, other: OperatorStats) -> None:
        """Add ``other`` (the same operator on another shard) into these stats."""
        self.docs_in += other.docs_in
        self.docs_out += other.docs_out
        self.changed += other.changed
        self.seconds += other.seconds
        for reason, n in other.drops.items():
            self.drops[reason] = self.drops.get(reason, 0) + n
        for reason, ids in other.examples.items():
            mine = self.examples.setdefault(reason, [])
            mine.extend(ids[: MAX_EXAMPLES - len(mine)])
        for reason, texts in other.snippets.items():
            kept = self.snippets.setdefault(reason, [])
            kept.extend(texts[: MAX_EXAMPLES - len(kept)])
        for key, n in other.counters.items():
            self.counters[key] = self.counters.get(key, 0) + n

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OperatorStats:
        """Inverse of :meth:`to_dict`."""
        return cls(**data)
