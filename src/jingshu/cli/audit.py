"""``jingshu audit``: check the hash chain of the audit log and read it."""

from __future__ import annotations

import click
from sqlalchemy import select

from jingshu.audit import AuditEntry, verify_chain
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

    Finds entries edited, inserted or deleted behind the application's back, a log
    whose newest entries were removed (truncated), and a log shorter than the head
    anchored outside the database after each commit (lost: an older copy of the
    database restored, or rows deleted together with the audit head).
    """
    anchor = app.platform.audit_anchor
    with app.platform.session() as s:
        count, problem = verify_chain(s, anchor)
    head = None if problem is not None and problem.kind == "anchor" else anchor.load()
    if as_json:
        echo_json({"intact": problem is None, "entries": count,
                   "anchor": None if head is None else {
                       "path": str(anchor.path), "entry": head.last_id, "at": head.at},
                   "problem": None if problem is None else {
                       "entry": problem.entry_id, "kind": problem.kind,
                       "message": problem.message}})
    elif problem is None:
        where = (f"; matches the head anchored at entry {head.last_id} ({anchor.path})"
                 if head else "; no anchored head yet (written after the next audited commit)")
        click.echo(f"audit log intact: {count} entries{where}")
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
