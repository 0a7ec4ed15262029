"""Publish a mix of catalogued versions as a new version, with lineage and protection.

The output has two columns, ``text`` and ``source`` (``name@number``); its parents are
every source version, its protection at least the highest of theirs (a new dataset is
created so; an existing one must already be as protected), and its card states the
plan: per source the weight, tokens, epochs, rows of the partial epoch and the
realised share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.rules import protection_of
from jingshu.catalog.service import (
    DatasetSpec,
    get_version,
    parse_ref,
    publish_new_dataset,
    publish_version,
)
from jingshu.errors import InputError
from jingshu.mix import MIX_SCHEMA, MixPlan, MixSource, mixed_batches, plan_mix
from jingshu.profiles import load_profile
from jingshu.profiles.profile import guess_text_fields
from jingshu.store import DatasetStore, Provenance, StoredVersion
from jingshu.tokens import TokenCounter

__all__ = ["MixResult", "mix_card", "mix_datasets", "parse_source"]

_SOURCE = re.compile(r"^(?P<ref>[^:\s]+):(?P<weight>[0-9.eE+-]+)$")


@dataclass(frozen=True)
class MixResult:
    """The published version and the plan it followed."""

    version: DatasetVersion
    plan: MixPlan


def parse_source(text: str) -> tuple[str, float]:
    """``NAME@V:WEIGHT`` to (``NAME@V``, weight).

    Raises:
        InputError: not of that form.
    """
    m = _SOURCE.match(text.strip())
    if m is None:
        raise InputError(f"mix source {text!r} is not NAME@VERSION:WEIGHT",
                         hint="e.g. --source zh-news@1:0.6")
    try:
        return m["ref"], float(m["weight"])
    except ValueError as exc:
        raise InputError(f"mix source {text!r}: weight {m['weight']!r} is not a number",
                         hint="e.g. --source zh-news@1:0.6") from exc


def _text_field(stored: StoredVersion, label: str, wanted: str | None) -> str:
    names = [f.name for f in stored.manifest.fields]
    if wanted:
        if wanted not in names:
            raise InputError(f"source {label} has no field {wanted!r}",
                             hint="fields: " + ", ".join(names))
        return wanted
    if "text" in names:
        return "text"
    profile = load_profile(stored)
    if profile is not None and profile.text:
        return profile.text[0].name
    guessed = guess_text_fields(stored)  # the profile job may not have run yet
    if guessed:
        return guessed[0]
    raise InputError(f"source {label}: cannot tell which field holds the text",
                     hint="name it: --field FIELD (fields: " + ", ".join(names) + ")")


def mix_card(plan: MixPlan) -> str:
    """The plan as a Markdown table (in the dataset's description and its HF card)."""
    shares = plan.shares()
    lines = [f"Mixed by jingshu to {plan.target_tokens:,.0f} tokens ({plan.tokenizer}), "
             f"seed {plan.seed}; realised {plan.realised_tokens:,} tokens.", "",
             "| source | field | weight | source tokens | epochs | partial rows | "
             "realised tokens | realised share |", "|---|---|---|---|---|---|---|---|"]
    total_weight = sum(s.weight for s in plan.sources)
    for s in plan.sources:
        kind = "upsampled" if s.ratio > 1 else "downsampled" if s.ratio < 1 else "as is"
        lines.append(f"| {s.label} | {s.text_field} | {s.weight / total_weight:.4f} | "
                     f"{s.tokens:,} | {s.epochs} ({kind}, ×{s.ratio:.3f}) | {s.partial_rows:,} "
                     f"| {s.realised_tokens:,} | {shares[s.label]:.4f} |")
    return "\n".join(lines) + "\n"


def mix_datasets(session: Session, store: DatasetStore, out: str, sources: Sequence[str],
                 tokens: float, *, seed: int = 0, creator: str, field: str | None = None,
                 tokenizer: str | None = None, title: str | None = None) -> MixResult:
    """Mix ``sources`` (``NAME@V:WEIGHT``) to ``tokens`` tokens into dataset ``out``.

    Raises:
        InputError: a malformed source, weight or budget.
        NotFoundError: a source version does not exist.
        RuleViolation: ``out`` exists and is less protected than a source.
    """
    parsed = [parse_source(s) for s in sources]
    versions = [get_version(session, *parse_ref(ref)) for ref, _ in parsed]
    inputs = []
    for v, (_, weight) in zip(versions, parsed, strict=True):
        label = f"{v.dataset.name}@{v.number}"
        stored = store.open(v.location)
        inputs.append(MixSource(label, stored, weight, _text_field(stored, label, field)))
    plan = plan_mix(inputs, tokens, seed=seed, counter=TokenCounter(tokenizer))
    detail = tuple((s.label, f"weight={s.weight} epochs={s.epochs} partial_rows="
                    f"{s.partial_rows} tokens={s.realised_tokens}") for s in plan.sources)
    made_by = Provenance("mix", out, (("seed", str(seed)), ("tokens", f"{tokens:.0f}"),
                                      ("tokenizer", plan.tokenizer), *detail))
    batches = mixed_batches(plan, inputs)
    parents = list({v.id: v for v in versions}.values())
    existing = session.scalar(select(Dataset).where(Dataset.name == out))
    if existing is not None:
        version = publish_version(session, store, existing, batches, creator=creator,
                                  made_by=made_by, parents=parents, schema=MIX_SCHEMA)
        return MixResult(version, plan)
    needed = protection_of([v.dataset for v in versions])
    spec = DatasetSpec(name=out, title=title or f"{out} (mix)", description=mix_card(plan),
                       open_tier=needed.open_tier, grade=needed.grade,
                       sensitivity=needed.sensitivity,
                       languages=tuple(sorted({lang for v in versions
                                               for lang in v.dataset.languages})))
    version = publish_new_dataset(session, store, spec, batches, creator=creator,
                                  made_by=made_by, parents=parents)
    return MixResult(version, plan)
