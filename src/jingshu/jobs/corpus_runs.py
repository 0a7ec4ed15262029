"""Corpus runs executed through the job queue (kind ``corpus.run``).

:func:`submit_run` validates and records the run (:func:`jingshu.jobs.runs.submit`)
and queues its job in the same transaction. :func:`corpus_run_handler` is what a
worker calls: it reads the source version, runs the recipe and publishes the new
version in one transaction with :func:`~jingshu.jobs.queue.publish_once` and the run's
``succeeded`` record. So an attempt that dies after publishing leaves a run that the
next attempt finds done, and two attempts racing publish one version.
"""

from __future__ import annotations

import logging
import shutil
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from jingshu.catalog.models import DatasetVersion
from jingshu.corpus.report import RunReport
from jingshu.db.base import utcnow
from jingshu.errors import JingshuError
from jingshu.jobs.dataset_run import run_recipe_on_dataset
from jingshu.jobs.queue import enqueue, publish_once
from jingshu.jobs.run_models import CorpusRun, RunStatus
from jingshu.jobs.runs import RunRequest, get_run, new_target_spec, stored_recipe, submit
from jingshu.jobs.worker import Handler, JobContext, JobStopped
from jingshu.platform import Platform

__all__ = ["KIND", "AlreadyPublished", "corpus_run_handler", "submit_run"]

KIND = "corpus.run"
_log = logging.getLogger(__name__)


class AlreadyPublished(JingshuError):
    """Another attempt of the same job published its version first."""

    code = "already_published"


def submit_run(session: Session, source: DatasetVersion, request: RunRequest, *,
               actor: str, max_attempts: int = 3) -> CorpusRun:
    """Validate, record and queue a run over ``source``; the caller commits.

    Raises what :func:`jingshu.jobs.runs.submit` raises (bad recipe, target, workers).
    """
    run = submit(session, source, request, actor=actor)
    job = enqueue(session, KIND, {"run": run.id}, actor=actor, max_attempts=max_attempts)
    run.job_id = job.id
    session.flush()
    return run


def corpus_run_handler(platform: Platform) -> Handler:
    """The handler of ``corpus.run`` jobs over ``platform``."""

    def handle(ctx: JobContext) -> dict[str, Any]:
        return _execute(platform, ctx)

    return handle


def _set(platform: Platform, run_id: int, **values: object) -> None:
    with platform.session() as s:
        s.execute(update(CorpusRun).where(CorpusRun.id == run_id).values(**values))


def _published(platform: Platform, run_id: int) -> dict[str, Any] | None:
    """The result of the run when some attempt published it, else ``None``."""
    with platform.session() as s:
        run = get_run(s, run_id)
        if run.status is not RunStatus.SUCCEEDED:
            return None
        return {"run": run_id, "dataset": run.target_name, "version": run.version_number}


def _execute(platform: Platform, ctx: JobContext) -> dict[str, Any]:
    run_id = int(ctx.payload["run"])
    with platform.session() as s:
        run = get_run(s, run_id)
        if run.status is RunStatus.SUCCEEDED:  # an earlier attempt published, then died
            return {"run": run_id, "dataset": run.target_name, "version": run.version_number}
        run.status, run.error, run.started_at = RunStatus.RUNNING, "", utcnow()
        total = s.get(DatasetVersion, run.source_version_id)
        spec = new_target_spec(s, run)
        s.flush()
        s.expunge(run)
    rows = total.rows if total is not None else None
    job_id = ctx.job.id

    def publish(s: Session, version: DatasetVersion, report: RunReport) -> None:
        # once per job and once per run, in the transaction that records the version
        recorded = s.execute(update(CorpusRun).where(
            CorpusRun.id == run_id, CorpusRun.version_number.is_(None)).values(
            status=RunStatus.SUCCEEDED, version_number=version.number, report=report.to_dict(),
            progress=report.docs_in, finished_at=utcnow()))
        if not publish_once(s, job_id) or getattr(recorded, "rowcount", 0) != 1:
            raise AlreadyPublished(f"run {run_id} (job {job_id}) already published its version")

    resumed = [0, 0]  # shards and documents an earlier attempt finished

    def resume(shards: int, docs: int) -> None:
        resumed[:] = [shards, docs]
        _log.info("corpus run %s (job %s, attempt %s): %d finished shards (%d documents) "
                  "of an earlier attempt reused", run_id, job_id, ctx.job.attempt, shards,
                  docs)

    def progress(read: int) -> None:
        _set(platform, run_id, progress=resumed[1] + read)
        ctx.progress(resumed[1] + read)

    # the run's folder: the source exported once, an output folder per attempt (one
    # presumed dead may still be writing in its own); a later attempt starts from the
    # shards earlier ones finished. All of it goes once the run is done
    runs_work = platform.settings.home / "work" / f"corpus-run-{run_id}"
    cluster = platform.settings.ray_address or None  # JINGSHU_RAY_ADDRESS
    try:
        ctx.progress(0, rows)
        version, _report = run_recipe_on_dataset(
            platform, stored_recipe(platform, run), run.source_ref, run.target_name,
            creator=run.created_by, workers=run.workers, progress=False, target_spec=spec,
            on_progress=progress, before_commit=publish, work_dir=runs_work,
            on_resume=resume, executor="ray" if cluster else "local", address=cluster)
    except AlreadyPublished:
        shutil.rmtree(runs_work, ignore_errors=True)
        return _published(platform, run_id) or {"run": run_id}
    except JobStopped:
        if ctx.reason == "cancelled":
            _set(platform, run_id, status=RunStatus.FAILED, error="cancelled",
                 finished_at=utcnow())
            shutil.rmtree(runs_work, ignore_errors=True)
        elif ctx.reason == "the worker is stopping":
            _set(platform, run_id, status=RunStatus.QUEUED,
                 error="interrupted by a stopping worker; it will be run again")
        raise  # lease lost: the run is another attempt's now, left as it is
    except Exception as exc:
        done = _published(platform, run_id)  # e.g. both attempts created the new target
        if done is not None:
            return done
        final = isinstance(exc, JingshuError) or ctx.job.attempt >= ctx.job.max_attempts
        message = str(exc) if isinstance(exc, JingshuError) else f"{type(exc).__name__}: {exc}"
        if final:
            _set(platform, run_id, status=RunStatus.FAILED, error=message, finished_at=utcnow())
            shutil.rmtree(runs_work, ignore_errors=True)
        else:
            _set(platform, run_id, status=RunStatus.QUEUED, error=f"retrying: {message}")
        raise  # this attempt's output stays for the next one to resume from
    shutil.rmtree(runs_work, ignore_errors=True)  # and those of attempts presumed dead
    result: dict[str, Any] = {"run": run_id, "dataset": run.target_name,
                              "version": version.number}
    if resumed[0]:
        result["resumed_shards"] = resumed[0]
    return result
