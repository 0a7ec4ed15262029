"""``jingshu privacy``: scan and redact Chinese PII, train name/address models, k-anonymity."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import click

from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.errors import ConfigError, InputError
from jingshu.privacy.actions import Action, RedactionPolicy, redact
from jingshu.privacy.kanon import QiKind
from jingshu.privacy.pii import RECOGNIZERS, find_pii
from jingshu.privacy.spans import Recognizer

__all__ = ["privacy"]


@click.group()
def privacy() -> None:
    """Personal data: find and redact PII, train recognizers, k-anonymize tables."""


def _records(path: Path, field: str) -> Iterator[tuple[dict[str, object] | None, str]]:
    """(record or None, text) per line of a .jsonl file or a plain text file."""
    if not path.is_file():
        raise InputError(f"{path} does not exist", hint="check the path")
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if path.suffix != ".jsonl":
                yield None, line.rstrip("\n")
                continue
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get(field), str):
                raise InputError(f"{path}:{n}: no string field {field!r}", hint="pass --field")
            yield record, str(record[field])


def _extra(model: str | None) -> list[Recognizer]:
    if not model:
        return []
    from jingshu.privacy.crf import CrfRecognizer

    return [CrfRecognizer.load(model)]


def _types(value: str | None) -> list[str] | None:
    if not value:
        return None
    names = [t.strip() for t in value.split(",") if t.strip()]
    unknown = [t for t in names if t not in RECOGNIZERS]
    if unknown:
        raise ConfigError(f"--types: unknown PII type {unknown[0]!r}",
                          hint="valid: " + ", ".join(RECOGNIZERS))
    return names


@privacy.command("train-ner")
@click.option("--train", "train_file", required=True, type=click.Path(dir_okay=False),
              help="Labelled spans: JSONL (spans or CLUENER layout) or a BIO/BMES tag file.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Model file to write.")
@click.option("--labels", default=None, help="Comma-separated labels to learn (default: all).")
@click.option("--iterations", default=100, show_default=True, type=click.IntRange(min=1),
              help="L-BFGS iterations.")
@json_option
def train_ner(train_file: str, out: str, labels: str | None, iterations: int,
              as_json: bool) -> None:
    """Train a CRF name/address recognizer on your own labelled spans."""
    from jingshu.privacy.crf import train_crf
    from jingshu.privacy.ner_data import read_labelled

    keep = [x.strip() for x in labels.split(",")] if labels else None
    result = train_crf(read_labelled(train_file), out, labels=keep, max_iterations=iterations)
    info = {"model": str(result.path), "texts": result.texts, "labels": list(result.labels)}
    if as_json:
        echo_json(info)
    else:
        click.echo(f"trained on {result.texts} texts, labels {', '.join(result.labels)}: {out}")


@privacy.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--model", default=None, type=click.Path(dir_okay=False),
              help="A CRF model from train-ner, run after the rules.")
@click.option("--types", default=None, help="Comma-separated recognizers (default: all).")
@click.option("--field", default="text", show_default=True, help="Text field of .jsonl input.")
@json_option
def scan(file: str, model: str | None, types: str | None, field: str, as_json: bool) -> None:
    """List the PII found in FILE (.jsonl records or plain text lines)."""
    extra, chosen = _extra(model), _types(types)
    rows: list[dict[str, object]] = []
    for line, (_record, text) in enumerate(_records(Path(file), field), 1):
        for span in find_pii(text, chosen, extra=extra):
            rows.append({"line": line, "type": span.type, "start": span.start,
                         "end": span.end, "value": span.value})
    if as_json:
        echo_json(rows)
    else:
        echo_table(["line", "type", "start", "end", "value"],
                   [[r["line"], r["type"], r["start"], r["end"], r["value"]] for r in rows])


def _policy(policy: str | None, actions: tuple[str, ...], key: str | None) -> RedactionPolicy:
    secret = key
    if secret is None:
        from jingshu.settings import load_settings

        secret = load_settings().secret_key or None
    raw = secret.encode() if secret else None
    if policy:
        return RedactionPolicy.from_file(policy, key=raw)
    return RedactionPolicy.parse(list(actions), key=raw)


@privacy.command("redact")
@click.option("--input", "source", required=True, type=click.Path(exists=True, dir_okay=False),
              help=".jsonl records or a plain text file.")
@click.option("--output", "target", required=True, type=click.Path(dir_okay=False),
              help="File to write (same format as the input).")
@click.option("--policy", default=None, type=click.Path(exists=True, dir_okay=False),
              help='JSON/YAML mapping of type to action, e.g. {"person_name": "pseudonym"}.')
@click.option("--action", "actions", multiple=True, metavar="TYPE=ACTION",
              help="Per-type action (mask, placeholder, pseudonym, generalize, keep); "
              "'*=ACTION' sets the default. Repeatable.")
@click.option("--key", default=None, envvar="JINGSHU_PSEUDONYM_KEY",
              help="Secret for pseudonyms (default: the platform secret key).")
@click.option("--model", default=None, type=click.Path(dir_okay=False),
              help="A CRF model from train-ner, run after the rules.")
@click.option("--field", default="text", show_default=True, help="Text field of .jsonl input.")
@json_option
def redact_command(source: str, target: str, policy: str | None, actions: tuple[str, ...],
                   key: str | None, model: str | None, field: str, as_json: bool) -> None:
    """Write a copy of --input with its PII replaced per a redaction policy.

    Organisations, places, public office holders' names (总理李克强) and well-known
    people's names (孙中山) are recognised but kept unless a --action or --policy entry
    names them (organization=placeholder, place=generalize, public_official=placeholder,
    public_figure=placeholder).
    """
    rules, extra = _policy(policy, actions, key), _extra(model)
    counts: dict[str, int] = {}
    kept: dict[str, int] = {}
    out = Path(target)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for record, text in _records(Path(source), field):
            spans = find_pii(text, extra=extra)
            for span in spans:
                tally = kept if rules.action_for(span.type) is Action.KEEP else counts
                tally[span.type] = tally.get(span.type, 0) + 1
            clean = redact(text, spans, rules)
            if record is None:
                fh.write(clean + "\n")
            else:
                fh.write(json.dumps({**record, field: clean}, ensure_ascii=False) + "\n")
    if as_json:
        echo_json({"output": target, "redacted": counts, "kept": kept})
    else:
        total = sum(counts.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        spared = ", ".join(f"{k} {v}" for k, v in sorted(kept.items()))
        click.echo(f"redacted {total} spans ({detail or 'none'}); kept {spared or 'none'}: "
                   f"{target}")


@privacy.command()
@click.option("--input", "source", required=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV, JSONL or Parquet file.")
@click.option("--output", "target", required=True, type=click.Path(dir_okay=False),
              help="Output file (.csv, .jsonl or .parquet).")
@click.option("--qi", required=True, metavar="COL[:KIND],...",
              help="Quasi-identifiers; KIND is numeric, date, region or categorical.")
@click.option("--k", "k", required=True, type=click.IntRange(min=2), help="Smallest class size.")
@click.option("--l", "l_div", default=1, show_default=True, type=click.IntRange(min=1),
              help="Distinct sensitive values per class (l-diversity).")
@click.option("--sensitive", default=None, help="Sensitive column for --l.")
@json_option
def kanon(source: str, target: str, qi: str, k: int, l_div: int, sensitive: str | None,
          as_json: bool) -> None:
    """Generalize quasi-identifiers (Mondrian) until each combination appears k times."""
    from jingshu.cli.privacy_io import read_table, write_table
    from jingshu.privacy.kanon import anonymize

    columns, kinds = _qi_spec(qi)
    out, report = anonymize(read_table(source), columns, k, kinds=kinds, l=l_div,
                            sensitive=sensitive)
    write_table(out, target)
    if as_json:
        echo_json({"output": target, "k": report.k, "l": report.l, "rows": report.rows,
                   "classes": report.classes, "smallest_class": report.smallest_class,
                   "ncp": dict(report.ncp), "ncp_total": report.ncp_total})
        return
    click.echo(f"{report.rows} rows in {report.classes} classes, smallest {report.smallest_class}"
               f" (k={k}); information loss (NCP) {report.ncp_total:.3f}: {target}")
    echo_table(["column", "kind", "NCP"],
               [[c, report.kinds[c], f"{v:.3f}"] for c, v in report.ncp.items()])


def _qi_spec(spec: str) -> tuple[list[str], dict[str, QiKind]]:
    columns: list[str] = []
    kinds: dict[str, QiKind] = {}
    for item in (x.strip() for x in spec.split(",") if x.strip()):
        name, _, kind = item.partition(":")
        if kind and kind not in {"numeric", "date", "region", "categorical"}:
            raise ConfigError(f"--qi: unknown kind {kind!r} for {name!r}",
                              hint="use numeric, date, region or categorical")
        columns.append(name)
        if kind:
            kinds[name] = cast(QiKind, kind)
    return columns, kinds
