"""Run reports: per-operator statistics and totals, as JSON and Markdown."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from jingshu.corpus.profile import ProfileStats
from jingshu.corpus.stats import OperatorStats

__all__ = ["RunReport"]


@dataclass
class RunReport:
    """What a pipeline run did.

    Args:
        recipe: Recipe name.
        operators: Stats per operator, in recipe order.
        docs_in: Documents read.
        docs_out: Documents written.
        seconds: Wall-clock time of the run.
        errors: Documents that could not be read (bad JSON, no text).
        profile: Histograms of sampled documents before and after the run.
        media: A media run's pictures (empty for text runs): ``column`` (the sha256
            column), ``examples`` (dropped example id -> sha256 of its file, and the
            kept file a near duplicate was dropped for) and ``histograms`` (numeric
            column -> ``edges``, ``before`` (source rows), ``after`` (kept rows)).
    """

    recipe: str
    operators: list[OperatorStats] = field(default_factory=list)
    docs_in: int = 0
    docs_out: int = 0
    seconds: float = 0.0
    errors: int = 0
    profile: ProfileStats = field(default_factory=ProfileStats)
    media: dict[str, Any] = field(default_factory=dict)

    @property
    def drops(self) -> dict[str, int]:
        """Dropped documents by ``operator:reason``."""
        return {f"{op.name}:{reason}": n for op in self.operators for reason, n in op.drops.items()}

    def merge(self, other: RunReport) -> None:
        """Add another shard's report (same recipe) into this one."""
        if not self.operators:
            self.operators = [OperatorStats(o.name, o.kind) for o in other.operators]
        for mine, theirs in zip(self.operators, other.operators, strict=True):
            mine.merge(theirs)
        self.docs_in += other.docs_in
        self.docs_out += other.docs_out
        self.errors += other.errors
        self.profile.merge(other.profile)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "recipe": self.recipe,
            "docs_in": self.docs_in,
            "docs_out": self.docs_out,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "docs_per_second": round(self.docs_in / self.seconds, 1) if self.seconds else None,
            "drops": self.drops,
            "operators": [op.to_dict() for op in self.operators],
            "profile": self.profile.to_dict(),
            **({"media": self.media} if self.media else {}),
        }

    def to_json(self) -> str:
        """The report as indented JSON (UTF-8 text, Chinese kept readable)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunReport:
        """Inverse of :meth:`to_dict`."""
        ops = [OperatorStats.from_dict(o) for o in data["operators"]]
        return cls(
            recipe=data["recipe"],
            operators=ops,
            docs_in=data["docs_in"],
            docs_out=data["docs_out"],
            seconds=data["seconds"],
            errors=data.get("errors", 0),
            profile=ProfileStats.from_dict(data["profile"]) if "profile" in data
            else ProfileStats(),
            media=dict(data.get("media") or {}),
        )

    def to_markdown(self, plot: str | None = None) -> str:
        """A human-readable summary: totals, then one table row per operator.

        Args:
            plot: Relative path of the report's chart, linked under the table.
        """
        kept = f"{self.docs_out / self.docs_in:.1%}" if self.docs_in else "n/a"
        lines = [
            f"# Run report: {self.recipe}",
            "",
            f"- documents in: {self.docs_in}",
            f"- documents out: {self.docs_out} ({kept} kept)",
            f"- unreadable records: {self.errors}",
            f"- time: {self.seconds:.2f} s",
            "",
            "| # | operator | kind | in | out | changed | time (s) | drops by reason | counters |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for i, op in enumerate(self.operators, start=1):
            drops = ", ".join(f"{r}: {n}" for r, n in sorted(op.drops.items())) or "-"
            counters = ", ".join(f"{k}: {n}" for k, n in sorted(op.counters.items())) or "-"
            lines.append(
                f"| {i} | {op.name} | {op.kind} | {op.docs_in} | {op.docs_out} | "
                f"{op.changed} | {op.seconds:.3f} | {drops} | {counters} |"
            )
        if plot:
            lines += ["", f"![documents kept after each step, drops by reason]({plot})"]
        return "\n".join(lines) + "\n"
