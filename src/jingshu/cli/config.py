"""``jingshu config``: the effective settings and where each comes from."""

from __future__ import annotations

import click

from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.settings import SETTINGS

__all__ = ["config"]


@click.command()
@json_option
@pass_app
def config(app: AppContext, as_json: bool) -> None:
    """Print the effective settings: name, value, environment variable and help.

    The secret key is masked. Nothing is created or written.
    """
    helps = {s.name: s.help for s in SETTINGS}
    rows = [(name, value, env, helps[name]) for name, value, env in app.settings().as_rows()]
    if as_json:
        echo_json([dict(zip(("name", "value", "env", "help"), r, strict=True)) for r in rows])
        return
    echo_table(("name", "value", "env"), [r[:3] for r in rows])
    click.echo()
    for name, _value, env, help_text in rows:
        click.echo(f"{name} ({env}): {help_text}")
