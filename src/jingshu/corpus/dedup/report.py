"""What a deduplication run found: counts per step and sample clusters."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["DedupReport", "SampleCluster"]


@dataclass(frozen=True)
class SampleCluster:
    """A few members of one duplicate cluster, for people to check by eye.

    Args:
        kept: Id of the document kept.
        removed: Ids of (up to five) removed members.
        size: Number of members.
        snippet: The start of the kept document's text.
    """

    kept: str
    removed: list[str]
    size: int
    snippet: str


@dataclass
class DedupReport:
    """Counts of one ``dedup_files`` run.

    Args:
        docs_in: Readable documents in the input.
        docs_out: Documents kept.
        exact_removed: Removed as exact duplicates of the normalized text.
        near_removed: Removed as near duplicates (and not exact ones).
        clusters: Clusters with at least two members.
        candidate_pairs: Distinct LSH candidate pairs.
        verified_pairs: Candidate pairs merged (all of them without ``verify``).
        frequent_lines: Distinct lines found in at least ``line_min_docs`` documents.
        lines_removed: Lines removed from kept texts (``strip_lines``).
        bands: LSH bands used.
        rows: Rows per band.
        seconds: Wall time per step.
        samples: A few of the largest clusters.
    """

    docs_in: int = 0
    docs_out: int = 0
    exact_removed: int = 0
    near_removed: int = 0
    clusters: int = 0
    candidate_pairs: int = 0
    verified_pairs: int = 0
    frequent_lines: int = 0
    lines_removed: int = 0
    bands: int = 0
    rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    samples: list[SampleCluster] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        data = asdict(self)
        data["seconds"] = {k: round(v, 3) for k, v in self.seconds.items()}
        return data

    def to_json(self) -> str:
        """Indented JSON, Chinese kept readable."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_markdown(self) -> str:
        """A human-readable summary with the sample clusters."""
        total = sum(self.seconds.values())
        lines = [
            "# Deduplication report", "",
            f"- documents in: {self.docs_in}, kept: {self.docs_out}",
            f"- removed: {self.exact_removed} exact, {self.near_removed} near duplicates",
            f"- clusters (2+ members): {self.clusters}",
            f"- LSH: {self.bands} bands x {self.rows} rows; candidate pairs "
            f"{self.candidate_pairs}, merged {self.verified_pairs}",
            f"- frequent lines: {self.frequent_lines}, removed from texts: {self.lines_removed}",
            f"- time: {total:.2f} s (" + ", ".join(
                f"{k} {v:.2f}" for k, v in self.seconds.items()) + ")",
            "", "| kept | size | removed | text |", "|---|---|---|---|",
        ]
        for s in self.samples:
            text = s.snippet.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {s.kept} | {s.size} | {', '.join(s.removed)} | {text} |")
        return "\n".join(lines) + "\n"
