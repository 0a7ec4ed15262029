"""A version's quality profile as linked data: W3C Data Quality Vocabulary (DQV) terms.

DQV (https://www.w3.org/TR/vocab-dqv/) describes a measured figure as a
``dqv:QualityMeasurement``: ``dqv:isMeasurementOf`` a ``dqv:Metric`` (which is
``dqv:inDimension`` a ``dqv:Dimension``), ``dqv:computedOn`` the thing measured (here a
DCAT distribution, or a Croissant record set field), with a typed ``dqv:value``. DQV
defines no metrics of its own; jingshu's are :data:`METRICS`, in the ``jingshu:``
namespace, grouped in :data:`DIMENSIONS`, and every document that holds measurements
also holds their definitions (:func:`metric_nodes`).

A measurement of one field of a version names it with ``jingshu:field``; PII hits name
their kind with ``jingshu:piiType``. Only what the profile holds is written: a profile
passed through :meth:`~jingshu.profiles.VersionProfile.without_row_content` (for readers
whom the download policy refuses) has no frequent values, repeated lines or string
minima and maxima, so none are exported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jingshu.profiles import ColumnProfile, TextFieldProfile, TopItem, VersionProfile

__all__ = ["DIMENSIONS", "DQV_NS", "METRICS", "Measurement", "Metric", "dqv_node",
           "field_summary", "measurements", "metric_nodes"]

DQV_NS = "http://www.w3.org/ns/dqv#"

DIMENSIONS: dict[str, str] = {
    "volume": "Volume: how much data a version holds (rows, characters, tokens).",
    "uniqueness": "Uniqueness: how much of it repeats (exact and near duplicates, "
                  "distinct values).",
    "completeness": "Completeness: how many values are missing (nulls).",
    "textIntegrity": "Text integrity: damage to the text (mojibake, U+FFFD, control "
                     "characters) and flagged words.",
    "privacy": "Privacy: personal information found in the text.",
    "distribution": "Distribution: the values a column takes (range, mean, median, "
                    "frequent values).",
}
"""The ``dqv:Dimension`` s of :data:`METRICS` (local name: definition)."""


@dataclass(frozen=True)
class Metric:
    """A ``dqv:Metric``: local name in the ``jingshu:`` namespace, what it measures,
    its dimension (a key of :data:`DIMENSIONS`) and the XSD type of its values
    (``json`` for a JSON list)."""

    name: str
    definition: str
    dimension: str
    datatype: str


METRICS: tuple[Metric, ...] = (
    Metric("rowCount", "Rows of the version (or of a field, nulls included).", "volume",
           "integer"),
    Metric("characterCount", "Characters of a text field.", "volume", "integer"),
    Metric("tokenCount", "Tokens of a text field (the profile's tokenizer).", "volume",
           "integer"),
    Metric("charactersPerToken", "Characters per token of a text field.", "volume", "double"),
    Metric("exactDuplicateRate", "Share of sampled documents identical to an earlier one.",
           "uniqueness", "double"),
    Metric("nearDuplicateRate", "Share of sampled documents sharing a MinHash LSH bucket "
           "with an earlier one (exact duplicates included).", "uniqueness", "double"),
    Metric("distinctCount", "Distinct values of a column (HyperLogLog estimate).",
           "uniqueness", "integer"),
    Metric("nullRate", "Share of rows whose value is null.", "completeness", "double"),
    Metric("mojibakeRate", "Share of sampled texts with mojibake.", "textIntegrity",
           "double"),
    Metric("replacementCharacterRate", "Share of characters that are U+FFFD.",
           "textIntegrity", "double"),
    Metric("controlCharacterRate", "Share of characters that are control characters.",
           "textIntegrity", "double"),
    Metric("flaggedWordRate", "Share of sampled texts over 1% flagged words.",
           "textIntegrity", "double"),
    Metric("piiDocumentRate", "Share of sampled texts with personal information.",
           "privacy", "double"),
    Metric("piiHits", "Personal information found in the sampled texts, of one type "
           "(jingshu:piiType).", "privacy", "integer"),
    Metric("minimum", "Smallest value of a column.", "distribution", "string"),
    Metric("maximum", "Largest value of a column.", "distribution", "string"),
    Metric("mean", "Mean of a numeric column.", "distribution", "double"),
    Metric("median", "Median of a numeric or date column (KLL estimate).", "distribution",
           "double"),
    Metric("frequentValues", "A column's most frequent values with their counts (lower "
           "bounds): row content.", "distribution", "json"),
    Metric("repeatedLines", "A text field's most repeated lines with their counts (lower "
           "bounds): row content.", "uniqueness", "json"),
)
_BY_NAME = {m.name: m for m in METRICS}


@dataclass(frozen=True)
class Measurement:
    """One figure of a profile: a metric's value, of the version or of ``field``."""

    metric: str
    value: int | float | str | list[dict[str, Any]]
    field: str | None = None
    pii_type: str | None = None


def _top(items: tuple[TopItem, ...]) -> list[dict[str, Any]]:
    return [{"value": i.value, "count": i.count} for i in items]


def _text(t: TextFieldProfile) -> list[Measurement]:
    f = t.name
    found = [Measurement("rowCount", t.rows, f),
             Measurement("nullRate", t.nulls / t.rows if t.rows else 0.0, f),
             Measurement("characterCount", t.chars, f), Measurement("tokenCount", t.tokens, f),
             Measurement("charactersPerToken", round(t.chars_per_token, 4), f),
             Measurement("exactDuplicateRate", t.dups.exact_dup_rate, f),
             Measurement("nearDuplicateRate", t.dups.near_dup_rate, f),
             Measurement("mojibakeRate", t.mojibake_rate, f),
             Measurement("replacementCharacterRate", t.replacement_char_rate, f),
             Measurement("controlCharacterRate", t.control_char_rate, f),
             Measurement("flaggedWordRate", t.flagged_word_rate, f),
             Measurement("piiDocumentRate", t.pii_doc_rate, f)]
    found += [Measurement("piiHits", n, f, pii_type=kind) for kind, n in t.pii_hits.items()]
    if t.top_lines:
        found.append(Measurement("repeatedLines", _top(t.top_lines), f))
    return found


def _column(c: ColumnProfile) -> list[Measurement]:
    f = c.name
    found = [Measurement("rowCount", c.rows, f), Measurement("nullRate", c.null_rate, f),
             Measurement("distinctCount", c.distinct, f)]
    if c.min is not None:
        found.append(Measurement("minimum", c.min, f))
    if c.max is not None:
        found.append(Measurement("maximum", c.max, f))
    if c.mean is not None:
        found.append(Measurement("mean", c.mean, f))
    if "p50" in c.quantiles:
        found.append(Measurement("median", c.quantiles["p50"], f))
    if c.top_values:
        found.append(Measurement("frequentValues", _top(c.top_values), f))
    return found


def measurements(profile: VersionProfile) -> list[Measurement]:
    """Every figure of ``profile`` that :data:`METRICS` names: the version's rows, then
    each text field's and each column's."""
    found = [Measurement("rowCount", profile.rows)]
    for t in profile.text:
        found += _text(t)
    for c in profile.columns:
        found += _column(c)
    return found


def _value(metric: Metric, value: int | float | str | list[dict[str, Any]]) -> dict[str, Any]:
    if metric.datatype == "json":
        return {"@value": value, "@type": "@json"}
    if metric.datatype == "double" and isinstance(value, int | float):
        return {"@value": repr(float(value)), "@type": "xsd:double"}
    return {"@value": str(value), "@type": f"xsd:{metric.datatype}"}


def dqv_node(m: Measurement, computed_on: str) -> dict[str, Any]:
    """``m`` as a ``dqv:QualityMeasurement`` node, ``dqv:computedOn`` node ``computed_on``.

    Prefixes ``dqv``, ``xsd`` and ``jingshu`` must be in the document's context.
    """
    metric = _BY_NAME[m.metric]
    node: dict[str, Any] = {
        "@type": "dqv:QualityMeasurement",
        "dqv:isMeasurementOf": {"@id": f"jingshu:{metric.name}"},
        "dqv:computedOn": {"@id": computed_on},
        "dqv:value": _value(metric, m.value),
    }
    if m.field is not None:
        node["jingshu:field"] = m.field
    if m.pii_type is not None:
        node["jingshu:piiType"] = m.pii_type
    return node


def metric_nodes(used: set[str] | None = None) -> list[dict[str, Any]]:
    """The ``dqv:Metric`` definitions (of the metrics named in ``used``; all when None),
    each with its ``dqv:Dimension``."""
    return [{
        "@id": f"jingshu:{m.name}",
        "@type": "dqv:Metric",
        "skos:definition": m.definition,
        "dqv:expectedDataType": {"@id": "rdf:JSON" if m.datatype == "json"
                                 else f"xsd:{m.datatype}"},
        "dqv:inDimension": {"@id": f"jingshu:{m.dimension}", "@type": "dqv:Dimension",
                            "skos:definition": DIMENSIONS[m.dimension]},
    } for m in METRICS if used is None or m.name in used]


def field_summary(f: TextFieldProfile | ColumnProfile) -> str:
    """One sentence of a field's key figures, for a Croissant field's description."""
    nulls = f"{f.rows:,} rows, {f.nulls:,} null"
    if isinstance(f, TextFieldProfile):
        pii = ", ".join(f"{k} {n:,}" for k, n in f.pii_hits.items()) or "none"
        return (f"Profile: {nulls}; {f.chars:,} characters, {f.tokens:,} tokens "
                f"({f.tokenizer}), {f.chars_per_token:.2f} characters per token; "
                f"exact duplicates {f.dups.exact_dup_rate:.2%}, near duplicates "
                f"{f.dups.near_dup_rate:.2%} (of {f.dups.sampled:,} sampled); mojibake "
                f"{f.mojibake_rate:.2%}; PII hits (sampled): {pii}.")
    spread = f"; median {f.quantiles['p50']:.6g}" if "p50" in f.quantiles else ""
    bounds = f"; from {f.min} to {f.max}" if f.min is not None and f.max is not None else ""
    return (f"Profile: {nulls} ({f.null_rate:.1%}); about {f.distinct:,} distinct "
            f"values{bounds}{spread}.")
