"""``jingshu demo``: set up the demo catalog and serve the portal."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.serve import run_server
from jingshu.demo import demo_links, run_demo

__all__ = ["demo"]


@click.command()
@click.option("--no-serve", is_flag=True, help="Set everything up, print the login, and exit.")
@click.option("--bind", metavar="HOST:PORT", help="Address to serve on (default: JINGSHU_BIND).")
@click.option("--sample", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="FILE", help="JSONL documents (id, text, source) instead of the bundled "
              "sample.")
@pass_app
def demo(app: AppContext, no_serve: bool, bind: str | None, sample: Path | None) -> None:
    """Import the bundled Chinese sample, clean it with the zh-web recipe, serve the portal.

    Also writes the governance chain: a consumer (analyst) who can apply for the raw
    sample, its agreements, a DP sandbox declaration and an annotation project, and
    prints the pages to open. Needs nothing configured: the embedded database and
    store are created in the home folder. A second run reuses what the first made.
    """
    platform = app.platform
    result = run_demo(platform, progress=sys.stderr.isatty(), sample=sample)
    for item, kind in ((result.raw, "raw sample"), (result.clean, "cleaned corpus")):
        status = "created" if item.created else "found"
        click.echo(f"{kind}: {item.ref} ({item.rows} rows, {status})")
    click.echo(f"recipe {result.report.recipe}: kept {result.report.docs_out} of "
               f"{result.report.docs_in} documents")
    url = f"http://{bind}" if bind else result.url
    click.echo(f"annotation project {result.project}: {result.project_items} tasks")
    click.echo(f"portal: {url}")
    click.echo(f"login:  {result.admin} / {result.password}  (kept in {result.password_file})")
    click.echo(f"login:  {result.analyst} / {result.analyst_password}  "
               f"(kept in {result.analyst_password_file})")
    click.echo("where to click:")
    for link in demo_links():
        who = f"  [as {link.who}]" if link.who else ""
        click.echo(f"  {link.what}: {url}{link.path}{who}")
    if not no_serve:
        run_server(platform, bind)
