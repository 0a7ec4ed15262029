"""``jingshu store``: housekeeping of the dataset store."""

from __future__ import annotations

import re

import click

from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, json_option
from jingshu.store.gc import DEFAULT_GRACE_S

__all__ = ["parse_duration", "store"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_S = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in ``90``, ``90s``, ``30m``, ``2h`` or ``1d``."""
    m = _DURATION.match(text.lower())
    if m is None:
        raise click.BadParameter(f"{text!r} is not a duration", param_hint="--grace")
    return float(m[1]) * _UNIT_S[m[2]]


@click.group()
def store() -> None:
    """Housekeeping of the dataset store."""


@store.command("gc")
@click.option("--grace", default=f"{int(DEFAULT_GRACE_S // 60)}m", show_default=True,
              help="Keep anything changed more recently than this (90s, 30m, 2h, 1d): writes "
              "in progress stay. 0 also removes writes in progress: only when nothing runs.")
@click.option("--dry-run", is_flag=True, help="List what would be removed; remove nothing.")
@json_option
@pass_app
def gc(app: AppContext, grace: str, dry_run: bool, as_json: bool) -> None:
    """Remove what killed processes left behind.

    Staging folders under the store's .tmp, versions no catalog row records (a crash
    between writing and recording), and temporary upload/download folders. The
    server also does this when it starts.
    """
    report = app.platform.collect_garbage(parse_duration(grace), dry_run=dry_run)
    if as_json:
        echo_json({"dry_run": report.dry_run, "staging": report.staging,
                   "orphans": report.orphans, "temp": report.temp})
        return
    verb = "would remove" if dry_run else "removed"
    for kind, paths in (("staging", report.staging), ("orphan version", report.orphans),
                        ("temporary", report.temp)):
        for path in paths:
            click.echo(f"{verb} {kind}: {path}")
    click.echo(f"{verb} {report.count} leftover(s)")
