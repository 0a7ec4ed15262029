"""``jingshu watermark``: trace a leaked file back to the grant it was downloaded under."""

from __future__ import annotations

import click

from jingshu.circulation import trace_candidates
from jingshu.circulation.watermark import ALPHA, Verdict, trace
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, json_option

__all__ = ["EXIT_TOO_SMALL", "EXIT_UNMARKED", "watermark"]

EXIT_UNMARKED = 1
EXIT_TOO_SMALL = 3


@click.group()
def watermark() -> None:
    """Watermarked extracts of conditional data."""


@watermark.command("trace")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--alpha", default=ALPHA, show_default=True, type=click.FloatRange(0, 1),
              help="Bound on the chance of naming anyone who did not receive the file.")
@json_option
@pass_app
def trace_cmd(app: AppContext, file: str, alpha: float, as_json: bool) -> None:
    """Name the recipient and grant of leaked FILE (CSV, JSONL, Parquet or text).

    Exit status: 0 traced; 1 no known recipient's mark (unmarked or foreign: nobody
    is blamed); 3 too small to decide.
    """
    with app.platform.session() as s:
        candidates = trace_candidates(s)
    result = trace(file, candidates, alpha)
    if as_json:
        echo_json({"verdict": result.verdict.value, "message": result.message,
                   "slots": result.slots, "candidates": result.candidates, "alpha": alpha,
                   "findings": [{"grant": f.grant_id, "holder": f.holder,
                                 "dataset": f.dataset, "matched": f.matched,
                                 "slots": f.slots, "p_value": f.p_value,
                                 "confidence": f.confidence} for f in result.findings]})
    else:
        click.echo(result.message)
        for f in result.findings[1:]:
            click.echo(f"also: {f.holder} (grant {f.grant_id}): {f.matched}/{f.slots}, "
                       f"p ≤ {f.p_value:.1e}")
    if result.verdict is Verdict.UNMARKED:
        raise click.exceptions.Exit(EXIT_UNMARKED)
    if result.verdict is Verdict.TOO_SMALL:
        raise click.exceptions.Exit(EXIT_TOO_SMALL)
