"""The job worker that runs inside the web server (the embedded default).

The app makes one :class:`EmbeddedWorker` and starts it with the app::

    worker = EmbeddedWorker(platform)   # JINGSHU_CORPUS_RUN_WORKERS threads
    worker.start()                      # queue jobs for runs left without one; run jobs
    worker.enqueue(run.id)              # after the submitting request committed
    worker.close()                      # at shutdown: running jobs go back to the queue

Nothing is held in the process: jobs and leases are in the database, so any number
of server processes and ``jingshu worker`` processes share the queue, and a server
killed mid-run loses only the lease (another worker takes the run over when it
expires). ``threads=0`` runs no job here (``jingshu serve --no-worker``): runs still
queue, for separate workers.
"""

from __future__ import annotations

from sqlalchemy import select, update

from jingshu.jobs.corpus_runs import KIND
from jingshu.jobs.queue import DEFAULT_LEASE_S, enqueue
from jingshu.jobs.run_models import CorpusRun, RunStatus
from jingshu.jobs.worker import JobWorker
from jingshu.platform import Platform

__all__ = ["EmbeddedWorker", "queue_run"]


def queue_run(platform: Platform, run_id: int) -> int | None:
    """Queue the job of run ``run_id`` unless it has one; its id (``None``: no such run)."""
    with platform.session() as s:
        run = s.get(CorpusRun, run_id)
        if run is None or run.job_id is not None:
            return None if run is None else run.job_id
        job = enqueue(s, KIND, {"run": run.id}, actor=run.created_by)
        linked = s.execute(update(CorpusRun).where(CorpusRun.id == run_id,
                                                   CorpusRun.job_id.is_(None))
                           .values(job_id=job.id))
        if getattr(linked, "rowcount", 0) == 1:
            return job.id
        s.rollback()  # another process queued it meanwhile
    with platform.session() as s:
        return s.scalar(select(CorpusRun.job_id).where(CorpusRun.id == run_id))


class EmbeddedWorker:
    """Runs ``corpus.run`` jobs on ``threads`` threads of the server process."""

    def __init__(self, platform: Platform, threads: int | None = None, *,
                 lease_s: float = DEFAULT_LEASE_S, poll_s: float = 1.0) -> None:
        from jingshu.jobs import handlers_for

        self.platform = platform
        self.size = platform.settings.corpus_run_workers if threads is None else threads
        self._jobs = JobWorker(platform.session, handlers_for(platform), threads=self.size,
                               lease_s=lease_s, poll_s=poll_s)

    def start(self) -> list[int]:
        """Queue jobs for queued runs that have none (a submitter died between the two
        commits) and start the threads; returns those runs' ids."""
        with self.platform.session() as s:
            orphans = list(s.scalars(select(CorpusRun.id).where(
                CorpusRun.status == RunStatus.QUEUED, CorpusRun.job_id.is_(None))
                .order_by(CorpusRun.id)))
        for run_id in orphans:
            queue_run(self.platform, run_id)
        if self.size:
            self._jobs.start()
        return orphans

    def enqueue(self, run_id: int) -> int | None:
        """Make sure run ``run_id`` has a job and wake an idle thread; the job's id."""
        job_id = queue_run(self.platform, run_id)
        self._jobs.wake()
        return job_id

    def wake(self) -> None:
        """A job was queued: look for work now."""
        self._jobs.wake()

    def close(self, *, wait: bool = True) -> None:
        """Stop the threads; their running jobs go back to the queue."""
        self._jobs.close(wait=wait)
