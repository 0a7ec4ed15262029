"""``jingshu audit``: check the hash chain of the audit log and read it."""

from __future__ import annotations

import click
from sqlalchemy import select

from jingshu.catalog.audit import AuditEntry, verify_chain
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.cli.views import audit_view

__all__ = ["audit"]


@click.group()
def audit() -> None:
    """Verify and read the tamper-evident audit log."""


@audit.command("verify")
@json_option
@pass_app
def verify(app: AppContext, as_json: bool) -> None:
    """Check every entry's hash and link; exit 1 naming the first broken entry.

    Finds entries edited, inserted or deleted behind the application's back, and a
    log whose newest entries were removed (truncated).
    """
    with app.platform.session() as s:
        count, problem = verify_chain(s)
    if as_json:
        echo_json({"intact": problem is None, "entries": count,
                   "problem": None if problem is None else {
                       "entry": problem.entry_id, "kind": problem.kind,
                       "message": problem.message}})
    elif problem is None:
        click.echo(f"audit log intact: {count} entries")
    else:
        click.echo(f"error: audit log broken at entry {problem.entry_id} ({problem.kind}): "
                   f"{problem.message}", err=True)
    if problem is not None:
        raise click.exceptions.Exit(1)


@audit.command("log")
@click.option("-n", "count", default=20, show_default=True, type=click.IntRange(min=1),
              help="How many of the newest entries.")
@json_option
@pass_app
def log(app: AppContext, count: int, as_json: bool) -> None:
    """Print the newest entries of the audit log, newest last."""
    with app.platform.session() as s:
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(count)
        entries = [audit_view(e) for e in reversed(list(s.scalars(query)))]
    if as_json:
        echo_json(entries)
        return
    echo_table(("id", "at", "actor", "action", "target"),
               [(e["id"], e["at"], e["actor"], e["action"], e["target"]) for e in entries])
