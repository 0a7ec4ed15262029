"""``jingshu worker``: run queued jobs (corpus runs) in this process, beside any others."""

from __future__ import annotations

import signal
from types import FrameType

import click

from jingshu.cli.context import AppContext, pass_app

__all__ = ["worker"]


@click.command()
@click.option("--threads", default=1, show_default=True, type=click.IntRange(min=1),
              help="Jobs this process runs at the same time.")
@click.option("--lease", "lease_s", default=30.0, show_default=True,
              type=click.FloatRange(min=0.5),
              help="Seconds a claimed job stays this worker's without a heartbeat; another "
              "worker takes it over after that (heartbeats every third of it).")
@click.option("--poll", "poll_s", default=1.0, show_default=True,
              type=click.FloatRange(min=0.05), help="Seconds an idle thread waits for work.")
@click.option("--once", is_flag=True, help="Run the jobs waiting now, then exit.")
@pass_app
def worker(app: AppContext, threads: int, lease_s: float, poll_s: float, once: bool) -> None:
    """Run queued jobs until stopped (Ctrl-C or SIGTERM: running jobs go back to the queue).

    Any number of workers, on any machine that reaches the database, share the queue;
    the web server runs one inside itself unless started with --no-worker. A worker
    killed outright loses its jobs' leases, and another worker takes them over.
    """
    from jingshu.jobs import JobWorker, handlers_for

    jobs = JobWorker(app.platform.session, handlers_for(app.platform), threads=threads,
                     lease_s=lease_s, poll_s=poll_s)
    if once:
        ran = 0
        while jobs.run_one() is not None:
            ran += 1
        click.echo(f"ran {ran} job(s)")
        return

    def stop(_signum: int, _frame: FrameType | None) -> None:
        jobs.close(wait=False)

    signal.signal(signal.SIGTERM, stop)
    click.echo(f"worker: {threads} thread(s), lease {lease_s:g} s; Ctrl-C stops", err=True)
    jobs.run_forever()
