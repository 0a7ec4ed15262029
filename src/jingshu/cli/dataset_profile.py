"""``jingshu dataset profile`` and ``jingshu dataset diff``: quality profiles of versions."""

from __future__ import annotations

from dataclasses import asdict

import click

from jingshu.catalog.quality import dictionary_checks, diff_versions, version_profile
from jingshu.catalog.service import get_version, parse_ref
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.cli.refs import DATASET_REF
from jingshu.profiles import ColumnProfile, TextFieldProfile, VersionProfile, load_profile
from jingshu.profiles.markdown import media_markdown
from jingshu.tokens import TokenCounter, count_tokens

__all__ = ["diff", "profile", "tokens"]


@click.command()
@click.argument("ref", metavar="NAME[@VERSION]", type=DATASET_REF)
@click.option("--refresh", is_flag=True, help="Compute the profile again and store it.")
@json_option
@pass_app
def profile(app: AppContext, ref: str, refresh: bool, as_json: bool) -> None:
    """Show the quality profile of a version (computed and stored if it has none).

    Text fields: rows, characters, tokens (shipped Chinese BPE), script mix, U+FFFD,
    control characters, mojibake, PII per type, flagged words, languages, duplicates,
    repeated lines. Other columns: nulls, distinct values, quantiles, frequent values.
    Then the checks against the data dictionary.
    """
    with app.platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        result = version_profile(app.platform.store, version, refresh=refresh)
        checks = dictionary_checks(result, version)
        label = f"{version.dataset.name}@{version.number}"
    if as_json:
        echo_json({**result.to_dict(), "checks": [asdict(c) for c in checks]})
        return
    click.echo(f"{label}: {result.rows} rows, profiled {result.computed_at} "
               f"in {result.seconds:.1f} s")
    for t in result.text:
        _print_text(t)
    if result.columns:
        _print_columns(result)
    if result.media is not None:
        click.echo("\n" + "\n".join(media_markdown(result.media)).rstrip())
    for c in checks:
        click.echo(f"{c.level}: {c.field}: {c.code}: {c.message}")


def _print_text(t: TextFieldProfile) -> None:
    click.echo(f"\ntext field {t.name}: {t.rows} rows ({t.nulls} null), {t.chars} characters, "
               f"{t.tokens} tokens ({t.chars_per_token:.2f} characters/token, {t.tokenizer})")
    scripts = ", ".join(f"{k} {v}" for k, v in t.script.items() if v)
    click.echo(f"  script: {scripts}")
    click.echo(f"  U+FFFD {t.replacement_char_rate:.4%} of characters, control "
               f"{t.control_char_rate:.4%}")
    click.echo(f"  duplicates ({t.dups.sampled} sampled): exact {t.dups.exact_dup_rate:.2%}, "
               f"near (Jaccard ≥ {t.dups.threshold}) {t.dups.near_dup_rate:.2%}")
    langs = ", ".join(f"{k} {v}" for k, v in list(t.languages.items())[:5])
    click.echo(f"  of {t.sampled} sampled: mojibake {t.mojibake_rate:.2%}, flagged words "
               f"{t.flagged_word_rate:.2%}, PII in {t.pii_doc_rate:.2%} "
               f"({', '.join(f'{k} {v}' for k, v in t.pii_hits.items()) or 'none'}); "
               f"languages {langs}")
    for item in t.top_lines[:5]:
        click.echo(f"  repeated ×{item.count}: {item.value[:60]}")


def _print_columns(result: VersionProfile) -> None:
    click.echo("")
    rows = []
    for c in result.columns:
        assert isinstance(c, ColumnProfile)
        top = ", ".join(f"{i.value[:12]}×{i.count}" for i in c.top_values[:3])
        median = f"{c.quantiles['p50']:.4g}" if c.quantiles else ""
        rows.append((c.name, c.type, f"{c.null_rate:.1%}", c.distinct, c.min or "",
                     median, c.max or "", top))
    echo_table(("column", "type", "null", "distinct", "min", "median", "max", "top values"),
               rows)


@click.command()
@click.argument("before", metavar="NAME@V1", type=DATASET_REF)
@click.argument("after", metavar="NAME@V2", type=DATASET_REF)
@json_option
@pass_app
def diff(app: AppContext, before: str, after: str, as_json: bool) -> None:
    """Compare two versions: measures that changed, and rows added and removed
    (distinct rows, by content hash)."""
    with app.platform.session() as s:
        result = diff_versions(app.platform.store, get_version(s, *parse_ref(before)),
                               get_version(s, *parse_ref(after)))
    if as_json:
        echo_json(asdict(result))
        return
    r = result.rows
    click.echo(f"{result.before} → {result.after}: {r.before_rows} → {r.after_rows} rows; "
               f"{r.added} added, {r.removed} removed, {r.unchanged} unchanged (distinct rows)")
    p = result.profile
    if p.added_fields or p.removed_fields:
        click.echo(f"fields added: {', '.join(p.added_fields) or '—'}; "
                   f"removed: {', '.join(p.removed_fields) or '—'}")
    echo_table(("field", "measure", "before", "after"),
               [(c.field, c.measure, _fmt(c.before), _fmt(c.after)) for c in p.changes])


def _fmt(value: float | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


@click.command()
@click.argument("ref", metavar="NAME[@VERSION]", type=DATASET_REF)
@click.option("--field", default=None,
              help="The text field (default: 'text', else the profile's first text field).")
@click.option("--tokenizer", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Any tokenizer.json (default: the shipped Chinese byte-level BPE).")
@json_option
@pass_app
def tokens(app: AppContext, ref: str, field: str | None, tokenizer: str | None,
           as_json: bool) -> None:
    """Count the tokens of a version's text field with a real tokenizer; report
    characters per token."""
    with app.platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        stored = app.platform.store.open(version.location)
        label = f"{version.dataset.name}@{version.number}"
    if field is None:
        names = [f.name for f in stored.manifest.fields]
        profile = load_profile(stored)
        field = "text" if "text" in names else profile.text[0].name if profile and \
            profile.text else names[0]
    result = count_tokens(stored, field, TokenCounter(tokenizer))
    if as_json:
        echo_json({**asdict(result), "chars_per_token": round(result.chars_per_token, 4)})
        return
    click.echo(f"{label} {result.field}: {result.rows} rows, {result.chars} characters, "
               f"{result.tokens} tokens ({result.tokenizer}), "
               f"{result.chars_per_token:.3f} characters/token")
