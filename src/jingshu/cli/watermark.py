"""``jingshu watermark``: trace a leaked file back to the grant it was downloaded under."""

from __future__ import annotations

import click
from sqlalchemy import select

from jingshu.accounts.models import Organization
from jingshu.circulation import trace_file
from jingshu.circulation.watermark import ALPHA, Verdict
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, json_option
from jingshu.errors import NotFoundError

__all__ = ["EXIT_TOO_SMALL", "EXIT_UNMARKED", "watermark"]

EXIT_UNMARKED = 1
EXIT_TOO_SMALL = 3


@click.group()
def watermark() -> None:
    """Watermarked extracts of conditional data."""


@watermark.command("trace")
@click.argument("file", type=click.Path(exists=True))
@click.option("--alpha", default=ALPHA, show_default=True,
              type=click.FloatRange(0, 1, min_open=True, max_open=True),
              help="Bound on the chance of naming anyone who did not receive the file.")
@click.option("--organization", default=None, metavar="ORG",
              help="Only grants on this organization's datasets (default: all grants).")
@json_option
@pass_app
def trace_cmd(app: AppContext, file: str, alpha: float, organization: str | None,
              as_json: bool) -> None:
    """Name the recipient and grant of leaked FILE (CSV, JSONL, Parquet, text, or a
    folder of shards, e.g. the output of `jingshu corpus run`; an image, a folder of
    images or a Parquet file with an image column is traced by its pixel marks).

    Exit status: 0 traced; 1 no known recipient's mark (unmarked or foreign: nobody
    is blamed); 3 too small to decide.
    """
    with app.platform.session() as s:
        org_id = None
        if organization is not None:
            org_id = s.scalar(select(Organization.id).where(Organization.name == organization))
            if org_id is None:
                raise NotFoundError(f"organization {organization!r} does not exist",
                                    hint="list organizations with `jingshu user org-list`")
        result = trace_file(s, app.platform.store, file, organization_id=org_id,
                            everything=organization is None, alpha=alpha)
    if as_json:
        echo_json({"verdict": result.verdict.value, "message": result.message,
                   "slots": result.slots, "records": result.records,
                   "images": result.images, "candidates": result.candidates,
                   "alpha": alpha,
                   "findings": [{"grant": f.grant_id, "holder": f.holder,
                                 "dataset": f.dataset, "evidence": f.evidence,
                                 "records": f.records, "inversions": f.inversions,
                                 "canaries_found": f.canaries_found, "canaries": f.canaries,
                                 "matched": f.matched, "slots": f.slots,
                                 "images": f.images, "image_z": f.image_z,
                                 "p_value": f.p_value, "confidence": f.confidence}
                                for f in result.findings]})
    else:
        click.echo(result.message)
        for f in result.findings[1:]:
            click.echo(f"also: {f.holder} (grant {f.grant_id}): {f.evidence}, "
                       f"p ≤ {f.p_value:.1e}")
    if result.verdict is Verdict.UNMARKED:
        raise click.exceptions.Exit(EXIT_UNMARKED)
    if result.verdict is Verdict.TOO_SMALL:
        raise click.exceptions.Exit(EXIT_TOO_SMALL)
