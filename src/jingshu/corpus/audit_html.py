"""The damage audit as one HTML page (Jinja2): the per-mapper table and sampled diffs.

Changed characters are highlighted in place, coloured by class: removed text struck
through in the "before" column, added text underlined in the "after" column. Long
documents show only the changes with some context around each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, select_autoescape

from jingshu.corpus.audit import CHANGE_CLASSES, DELIBERATE, AuditReport, DiffSample, Span

__all__ = ["render_audit_html", "write_audit_html"]

_CONTEXT = 40  # characters shown around each change

_TEMPLATE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8">
<title>Damage audit: {{ r.recipe }} over {{ r.corpus }}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem;max-width:80rem}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;
vertical-align:top}th{background:#f3f4f6}td.n{text-align:right}
td.t{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all;max-width:36rem}
del{background:#fee2e2}ins{background:#dcfce7;text-decoration:underline}
.width,.script,.layout,.entity{background:#e0e7ff}.gap{color:#999}
</style></head><body>
<h1>Damage audit · 改动审计</h1>
<p>Recipe <b>{{ r.recipe }}</b> over <b>{{ r.corpus }}</b>: {{ r.docs }} documents,
{{ r.chars }} characters. Only the recipe's mappers ran, in order. Changed characters:
{{ pct(r.changed_share) }}; outside deliberate normalisation ({{ deliberate }}):
<b>{{ pct(r.damage_share) }}</b>.</p>
<table><tr><th>#</th><th>mapper</th><th>docs changed</th><th>chars changed</th>
<th>damage</th>{% for k in classes %}<th>{{ k }}</th>{% endfor %}</tr>
{% for m in r.mappers %}<tr><td class=n>{{ loop.index }}</td><td>{{ m.name }}</td>
<td class=n>{{ m.docs_changed }} ({{ pct(m.docs_changed / m.docs if m.docs else 0) }})</td>
<td class=n>{{ pct(m.chars_changed / m.chars if m.chars else 0) }}</td>
<td class=n>{{ pct(m.damage / m.chars if m.chars else 0) }}</td>
{% for k in classes %}<td class=n>{{ m.changed.get(k, "") }}</td>{% endfor %}</tr>
{% endfor %}</table>
<h2>Sampled changes · 抽样</h2>
{% for s in samples %}<h3>{{ s.mapper }} · <code>{{ s.doc_id }}</code></h3>
<p>{{ s.kinds }}</p>
<table><tr><th>before</th><th>after</th></tr>
<tr><td class=t>{{ s.before }}</td><td class=t>{{ s.after }}</td></tr></table>
{% else %}<p>No mapper changed any document.</p>{% endfor %}
</body></html>
"""


@dataclass(frozen=True)
class _Shown:
    mapper: str
    doc_id: str
    kinds: str
    before: object
    after: object


def _windows(spans: tuple[Span, ...], length: int, side: str) -> list[tuple[int, int]]:
    """Merged [start, end) windows of ``_CONTEXT`` characters around the changes."""
    out: list[tuple[int, int]] = []
    for span in spans:
        lo, hi = (span.a0, span.a1) if side == "a" else (span.b0, span.b1)
        lo, hi = max(0, lo - _CONTEXT), min(length, hi + _CONTEXT)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _marked(text: str, spans: tuple[Span, ...], side: str) -> object:
    from markupsafe import Markup, escape

    tag = "del" if side == "a" else "ins"
    parts: list[str] = []
    for lo, hi in _windows(spans, len(text), side):
        if lo > 0 or parts:
            parts.append('<span class="gap">…</span>')
        at = lo
        for span in spans:
            s0, s1 = (span.a0, span.a1) if side == "a" else (span.b0, span.b1)
            if s1 < lo or s0 > hi or (s0 == s1 and not lo <= s0 <= hi):
                continue
            s0, s1 = max(s0, lo), min(s1, hi)
            parts.append(str(escape(text[at:s0])))
            parts.append(f'<{tag} class="{span.kind}" title="{span.kind}">'
                         f"{escape(text[s0:s1]) or '∅'}</{tag}>")
            at = s1
        parts.append(str(escape(text[at:hi])))
    if parts and _windows(spans, len(text), side)[-1][1] < len(text):
        parts.append('<span class="gap">…</span>')
    return Markup("".join(parts))


def _shown(sample: DiffSample) -> _Shown:
    counts: dict[str, int] = {}
    for span in sample.spans:
        counts[span.kind] = counts.get(span.kind, 0) + span.chars
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return _Shown(sample.mapper, sample.doc_id, kinds, _marked(sample.before, sample.spans, "a"),
                  _marked(sample.after, sample.spans, "b"))


def render_audit_html(report: AuditReport) -> str:
    """The report as a self-contained HTML page."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(_TEMPLATE).render(
        r=report, classes=CHANGE_CLASSES, deliberate=", ".join(sorted(DELIBERATE)),
        samples=[_shown(s) for s in report.samples], pct=lambda x: f"{x:.3%}")


def write_audit_html(report: AuditReport, path: str | Path) -> Path:
    """Write :func:`render_audit_html` to ``path``; returns it."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_audit_html(report), encoding="utf-8")
    return out
