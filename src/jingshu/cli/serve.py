"""``jingshu serve``: the web API and portal under uvicorn."""

from __future__ import annotations

import os

import click

from jingshu.cli.context import AppContext, pass_app
from jingshu.platform import Platform

__all__ = ["run_server", "serve"]


def run_server(platform: Platform, bind: str | None = None, *,
               job_threads: int | None = None, processes: int = 1) -> None:
    """Serve ``jingshu.web.app.create_app(platform)`` until interrupted.

    ``processes`` > 1 starts that many uvicorn worker processes, each opening the
    platform from the environment, which is set here from ``platform``'s settings (the
    same database, store and secret key, so sessions and CSRF tokens hold across them).
    """
    import uvicorn

    from jingshu.web.app import NO_JOBS_ENV, create_app

    host, _, port = (bind or platform.settings.bind).rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"{bind!r} is not HOST:PORT", param_hint="--bind")
    if processes == 1:
        uvicorn.run(create_app(platform, job_threads=job_threads), host=host, port=int(port),
                    log_level="info")
        return
    settings = platform.settings
    os.environ.update({"JINGSHU_HOME": str(settings.home),
                       "JINGSHU_DATABASE_URL": settings.database_url,
                       "JINGSHU_STORAGE_ROOT": settings.storage_root,
                       "JINGSHU_SECRET_KEY": settings.secret_key,
                       NO_JOBS_ENV: "1" if job_threads == 0 else "0"})
    uvicorn.run("jingshu.web.app:create_app_from_environment", factory=True,
                workers=processes, host=host, port=int(port), log_level="info")


@click.command()
@click.option("--bind", metavar="HOST:PORT", help="Address to listen on (default: JINGSHU_BIND).")
@click.option("--workers", "processes", default=1, show_default=True,
              type=click.IntRange(min=1),
              help="Server processes (uvicorn workers); use PostgreSQL for more than one.")
@click.option("--no-worker", is_flag=True,
              help="Run no jobs in the server (corpus runs wait for `jingshu worker` processes).")
@pass_app
def serve(app: AppContext, bind: str | None, processes: int, no_worker: bool) -> None:
    """Serve the JSON API (/api/v1) and the portal over the same platform.

    Corpus runs submitted over HTTP are jobs in the database: the server runs them on
    JINGSHU_CORPUS_RUN_WORKERS threads unless --no-worker, and any number of
    `jingshu worker` processes may run them too.
    """
    platform = app.platform
    click.echo(f"serving jingshu at http://{bind or platform.settings.bind}", err=True)
    run_server(platform, bind, job_threads=0 if no_worker else None, processes=processes)
