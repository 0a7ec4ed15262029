"""The damage audit as one HTML page: the per-mapper table and sampled diffs.

Changed characters are highlighted in place, coloured by class: removed text struck
through in the "before" column, added text underlined in the "after" column. Long
documents show only the changes with some context around each. The page is
``corpus/templates/damage_audit.html`` (Jinja2, autoescaped); this module cuts the
documents into the pieces it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jingshu.corpus.audit import CHANGE_CLASSES, DELIBERATE, AuditReport, DiffSample, Span
from jingshu.corpus.html_templates import render_template

__all__ = ["render_audit_html", "write_audit_html"]

_CONTEXT = 40  # characters shown around each change


@dataclass(frozen=True)
class _Piece:
    """Part of a shown document: plain text, a change of class ``kind``, or a gap (…)."""

    text: str = ""
    kind: str | None = None
    gap: bool = False


_GAP = _Piece(gap=True)


@dataclass(frozen=True)
class _Shown:
    mapper: str
    doc_id: str
    kinds: str
    before: list[_Piece]
    after: list[_Piece]


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


def _marked(text: str, spans: tuple[Span, ...], side: str) -> list[_Piece]:
    """``text`` cut into pieces around its changes, only ``_CONTEXT`` characters of context."""
    pieces: list[_Piece] = []
    windows = _windows(spans, len(text), side)
    for lo, hi in windows:
        if lo > 0 or pieces:
            pieces.append(_GAP)
        at = lo
        for span in spans:
            s0, s1 = (span.a0, span.a1) if side == "a" else (span.b0, span.b1)
            if s1 < lo or s0 > hi or (s0 == s1 and not lo <= s0 <= hi):
                continue
            s0, s1 = max(s0, lo), min(s1, hi)
            pieces += [_Piece(text[at:s0]), _Piece(text[s0:s1], span.kind)]
            at = s1
        pieces.append(_Piece(text[at:hi]))
    if pieces and windows[-1][1] < len(text):
        pieces.append(_GAP)
    return pieces


def _shown(sample: DiffSample) -> _Shown:
    counts: dict[str, int] = {}
    for span in sample.spans:
        counts[span.kind] = counts.get(span.kind, 0) + span.chars
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return _Shown(sample.mapper, sample.doc_id, kinds, _marked(sample.before, sample.spans, "a"),
                  _marked(sample.after, sample.spans, "b"))


def render_audit_html(report: AuditReport) -> str:
    """The report as a self-contained HTML page (``corpus/templates/damage_audit.html``)."""
    return render_template("damage_audit.html", r=report, classes=CHANGE_CLASSES,
                           deliberate=", ".join(sorted(DELIBERATE)),
                           samples=[_shown(s) for s in report.samples])


def write_audit_html(report: AuditReport, path: str | Path) -> Path:
    """Write :func:`render_audit_html` to ``path``; returns it."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_audit_html(report), encoding="utf-8")
    return out
