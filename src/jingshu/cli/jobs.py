"""``jingshu jobs``: list, show and cancel the jobs of the queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["jobs", "report_queued"]

_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")


@click.group()
def jobs() -> None:
    """The job queue: list, show and cancel jobs (corpus runs ...)."""


def _as_dict(job: Any) -> dict[str, Any]:
    from jingshu.jobs.schemas import job_summary

    return job_summary(job)


def report_queued(app: AppContext, submit: Callable[[Session], Any], what: str,
                  as_json: bool) -> None:
    """Queue a job (``submit`` adds it in the session given) and say so: its summary
    (``--json``), or a line naming ``what`` it does and how to follow it."""
    with app.platform.session() as s:
        job = submit(s)
        s.commit()
        summary = _as_dict(job)
    if as_json:
        echo_json(summary)
        return
    click.echo(f"queued {what} as job {summary['id']} ({summary['kind']}): a worker "
               f"(`jingshu worker`, or the server's) runs it; `jingshu jobs show "
               f"{summary['id']}` gives its state and result")


@jobs.command("list")
@click.option("--status", type=click.Choice(_STATUSES), default=None,
              help="Only jobs in this state.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1),
              help="Newest jobs shown.")
@json_option
@pass_app
def list_(app: AppContext, status: str | None, limit: int, as_json: bool) -> None:
    """Jobs, newest first: kind, state, attempts, progress and ETA, who holds the lease."""
    from jingshu.jobs import JobStatus, list_jobs

    with app.platform.session() as s:
        items = [_as_dict(j) for j in list_jobs(
            s, status=JobStatus(status) if status else None, limit=limit)]
    if as_json:
        echo_json(items)
        return
    echo_table(("id", "kind", "status", "attempt", "progress", "eta s", "worker", "error"),
               [(j["id"], j["kind"], j["status"], f"{j['attempts']}/{j['max_attempts']}",
                 "" if j["percent"] is None else f"{j['percent']:.0f}%",
                 "" if j["eta_s"] is None else f"{j['eta_s']:.0f}", j["lease_owner"],
                 j["error"][:40]) for j in items])


@jobs.command()
@click.argument("job_id", type=int)
@json_option
@pass_app
def show(app: AppContext, job_id: int, as_json: bool) -> None:
    """One job with its payload and result."""
    from jingshu.jobs import get_job

    with app.platform.session() as s:
        item = _as_dict(get_job(s, job_id))
    if as_json:
        echo_json(item)
        return
    for key, value in item.items():
        click.echo(f"{key}: {value}")


@jobs.command()
@click.argument("job_id", type=int)
@json_option
@pass_app
def cancel(app: AppContext, job_id: int, as_json: bool) -> None:
    """Cancel JOB_ID: a queued job at once, a running one at its next heartbeat."""
    from jingshu.jobs import cancel as cancel_job

    with app.platform.session() as s:
        item = _as_dict(cancel_job(s, job_id))
    if as_json:
        echo_json(item)
        return
    state = "cancelled" if item["status"] == "cancelled" else "cancel requested (stops soon)"
    click.echo(f"job {job_id}: {state}")
