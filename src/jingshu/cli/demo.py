"""``jingshu demo``: set up the demo catalog and serve the portal."""

from __future__ import annotations

import sys

import click

from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.serve import run_server
from jingshu.demo import run_demo

__all__ = ["demo"]


@click.command()
@click.option("--no-serve", is_flag=True, help="Set everything up, print the login, and exit.")
@click.option("--bind", metavar="HOST:PORT", help="Address to serve on (default: JINGSHU_BIND).")
@pass_app
def demo(app: AppContext, no_serve: bool, bind: str | None) -> None:
    """Import the bundled Chinese sample, clean it with the zh-web recipe, serve the portal.

    Needs nothing configured: the embedded database and store are created in the home
    folder. A second run reuses what the first made.
    """
    platform = app.platform
    result = run_demo(platform, progress=sys.stderr.isatty())
    for item, kind in ((result.raw, "raw sample"), (result.clean, "cleaned corpus")):
        status = "created" if item.created else "found"
        click.echo(f"{kind}: {item.ref} ({item.rows} rows, {status})")
    click.echo(f"recipe {result.report.recipe}: kept {result.report.docs_out} of "
               f"{result.report.docs_in} documents")
    url = f"http://{bind}" if bind else result.url
    click.echo(f"portal: {url}")
    click.echo(f"login:  {result.admin} / {result.password}  (kept in {result.password_file})")
    if not no_serve:
        run_server(platform, bind)
