"""A profile as Markdown, for dataset cards (aggregates only, never row content)."""

from __future__ import annotations

from jingshu.profiles.model import MediaProfile, VersionProfile

__all__ = ["media_markdown", "profile_markdown"]


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
    if profile.media is not None:
        out += media_markdown(profile.media)
    out.append(f"Profiled by jingshu at {profile.computed_at}.")
    return "\n".join(out) + "\n"


def media_markdown(m: MediaProfile) -> list[str]:
    """Lines of Markdown: a table of the files' measures, the size or duration histogram."""
    label = "images" if m.kind == "image" else "audio"
    formats = ", ".join(f"{k} {v:,}" for k, v in m.formats.items()) or "—"
    gps = f"{m.gps_found:,} of {m.gps_checked:,} checked" if m.kind == "image" else "—"
    out = [f"| {label} | rows with a file | undecodable | distinct files | duplicate rows "
           "| MB | formats | GPS position found |",
           "|---|---|---|---|---|---|---|---|",
           f"| {label} | {m.with_file:,} | {m.undecodable:,} | {m.distinct_files:,} | "
           f"{m.duplicate_rows:,} | {m.bytes / 1e6:,.1f} | {formats} | {gps} |", ""]
    unit = "longest side (px)" if m.kind == "image" else "duration (s)"
    edges = m.sizes.edges
    bins = [f"[{edges[i]:g}, {edges[i + 1]:g}) {c:,}" if i < len(edges) - 2
            else f"≥ {edges[i]:g} {c:,}" for i, c in enumerate(m.sizes.counts) if c]
    out += [f"{unit}: " + ("; ".join(bins) or "—"), ""]
    if m.gps_removed is not None or m.faces_blurred is not None:
        out += [f"GPS removed: {m.gps_removed or 0:,}; faces blurred: {m.faces_blurred or 0:,}",
                ""]
    return out
