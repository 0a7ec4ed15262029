"""``jingshu dataset mix``: a new version mixed from others by token share."""

from __future__ import annotations

import click

from jingshu.catalog.mixing import mix_card, mix_datasets
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, json_option

__all__ = ["mix"]


@click.command()
@click.argument("out")
@click.option("--source", "sources", multiple=True, required=True, metavar="NAME@V:WEIGHT",
              help="A source version and its token share (repeat; weights are normalised).")
@click.option("--tokens", required=True, type=float,
              help="Tokens in the output, e.g. 2e9.")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Seed of the row order of partial epochs (same seed, same rows).")
@click.option("--field", default=None,
              help="The text field of every source (default: 'text', else the first text "
                   "field of the source's profile).")
@click.option("--tokenizer", default=None, type=click.Path(exists=True, dir_okay=False),
              help="A tokenizer.json (default: the shipped Chinese byte-level BPE).")
@click.option("--title", default=None, help="Title of a new output dataset.")
@click.option("--queue", "queued", is_flag=True,
              help="Queue the mix as a job and return at once (a worker publishes it: "
                   "`jingshu worker`, or the server's); `jingshu jobs show ID` tells the result.")
@json_option
@pass_app
def mix(app: AppContext, out: str, sources: tuple[str, ...], tokens: float, seed: int,
        field: str | None, tokenizer: str | None, title: str | None, queued: bool,
        as_json: bool) -> None:
    """Mix versions into dataset OUT by token share, e.g.
    ``--source a@1:0.6 --source b@2:0.4 --tokens 2e9 --seed 7``.

    A source with too few tokens is repeated (whole epochs, upsampling), one with more
    is cut (downsampling); the output (text, source) has lineage to every source and is
    at least as protected as each.
    """
    if queued:
        _queue(app, out, sources, tokens, seed=seed, field=field, tokenizer=tokenizer,
               title=title, as_json=as_json)
        return
    with app.platform.session() as s:
        result = mix_datasets(s, app.platform.store, out, sources, tokens, seed=seed,
                              creator=app.actor, field=field, tokenizer=tokenizer, title=title)
        number, rows = result.version.number, result.version.rows
    plan = result.plan
    if as_json:
        echo_json({"dataset": out, "version": number, "rows": rows,
                   "tokens": plan.realised_tokens, "target_tokens": plan.target_tokens,
                   "seed": plan.seed, "tokenizer": plan.tokenizer, "sources": [
                       {"source": p.label, "field": p.text_field, "weight": p.weight,
                        "source_tokens": p.tokens, "target_tokens": p.target_tokens,
                        "epochs": p.epochs, "partial_rows": p.partial_rows,
                        "realised_tokens": p.realised_tokens, "realised_rows": p.realised_rows,
                        "share": plan.shares()[p.label]} for p in plan.sources]})
        return
    click.echo(f"mixed {rows} rows into {out}@{number}")
    click.echo(mix_card(plan), nl=False)


def _queue(app: AppContext, out: str, sources: tuple[str, ...], tokens: float, *, seed: int,
           field: str | None, tokenizer: str | None, title: str | None, as_json: bool) -> None:
    from jingshu.cli.jobs import report_queued
    from jingshu.jobs.mix_jobs import MixRequest, submit_mix

    request = MixRequest(out, sources, tokens, seed=seed, field=field, title=title,
                         tokenizer=tokenizer)
    report_queued(app, lambda s: submit_mix(s, request, actor=app.actor), f"mix into {out}",
                  as_json)
