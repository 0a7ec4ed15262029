"""A profile as Markdown, for dataset cards (aggregates only, never row content)."""

from __future__ import annotations

from jingshu.profiles.model import VersionProfile

__all__ = ["profile_markdown"]


def profile_markdown(profile: VersionProfile) -> str:
    """Tables of the text fields' and the columns' measures (no frequent values or lines)."""
    out = []
    if profile.text:
        out += ["| text field | rows | characters | tokens | chars/token | exact dup | near dup "
                "| simplified / traditional | PII docs (sampled) |",
                "|---|---|---|---|---|---|---|---|---|"]
        for t in profile.text:
            out.append(f"| `{t.name}` | {t.rows:,} | {t.chars:,} | {t.tokens:,} "
                       f"({t.tokenizer}) | {t.chars_per_token:.2f} | "
                       f"{t.dups.exact_dup_rate:.2%} | {t.dups.near_dup_rate:.2%} | "
                       f"{t.script.get('simplified', 0):,} / {t.script.get('traditional', 0):,} "
                       f"| {t.pii_doc_rate:.2%} |")
        out.append("")
    if profile.columns:
        out += ["| column | type | null rate | distinct (approx.) | median |",
                "|---|---|---|---|---|"]
        for c in profile.columns:
            median = f"{c.quantiles['p50']:.4g}" if c.quantiles else "—"
            out.append(f"| `{c.name}` | `{c.type}` | {c.null_rate:.1%} | {c.distinct:,} | "
                       f"{median} |")
        out.append("")
    out.append(f"Profiled by jingshu at {profile.computed_at}.")
    return "\n".join(out) + "\n"
