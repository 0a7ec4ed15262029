"""Workers: threads that claim jobs, run their handler, renew the lease, record the outcome.

One :class:`JobWorker` runs inside the web server by default (``JINGSHU_CORPUS_RUN_WORKERS``
threads) and any number more run as ``jingshu worker`` processes on any machine that
reaches the database::

    worker = JobWorker(platform.session, {"corpus.run": run_corpus_job}, threads=2)
    worker.start()          # background threads; worker.close() stops them
    worker.run_forever()    # or in the foreground (``jingshu worker``)

A handler receives a :class:`JobContext`: the payload, the attempt number, a
``progress(done, total)`` call and ``check()``, which raises :class:`JobStopped` once
the job was cancelled, the lease was lost, or the worker is stopping. A separate
heartbeat thread renews the lease every third of it; a worker killed outright stops
renewing, and another worker takes the job over when the lease expires.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jingshu.errors import JingshuError
from jingshu.jobs.models import JobStatus
from jingshu.jobs.queue import DEFAULT_LEASE_S, Claimed, SessionFactory, claim, finish, heartbeat

__all__ = ["Handler", "JobContext", "JobStopped", "JobWorker", "worker_name"]

_log = logging.getLogger(__name__)


class JobStopped(JingshuError):
    """The job must stop now: cancelled, its lease lost, or the worker is stopping."""

    code = "job_stopped"


@dataclass
class JobContext:
    """What a handler gets for one attempt of one job."""

    job: Claimed
    sessions: SessionFactory
    _stop: threading.Event = field(default_factory=threading.Event)
    reason: str = ""
    done: int = 0
    total: int | None = None

    @property
    def payload(self) -> dict[str, Any]:
        return self.job.payload

    def progress(self, done: int, total: int | None = None) -> None:
        """Record progress (sent with the next heartbeat) and stop if asked to."""
        self.done = done
        if total is not None:
            self.total = total
        self.check()

    def check(self) -> None:
        """Raise :class:`JobStopped` when the job must stop."""
        if self._stop.is_set():
            raise JobStopped(f"job {self.job.id} stopped: {self.reason}")

    def stop(self, reason: str) -> None:
        if not self._stop.is_set():
            self.reason = reason
            self._stop.set()


Handler = Callable[[JobContext], "dict[str, Any] | None"]
"""Runs one job; returns its result (JSON) or raises. Must be safe to run again."""


def worker_name(index: int = 0) -> str:
    """``host:pid:index``: who holds a lease, readable in ``jingshu jobs list``."""
    return f"{socket.gethostname()}:{os.getpid()}:{index}"


class JobWorker:
    """Claims and runs jobs of the ``handlers``' kinds on ``threads`` threads.

    Args:
        sessions: Opens a committing session (``Platform.session``).
        handlers: Each job kind to the function that runs it.
        threads: Jobs run at the same time in this process.
        lease_s: Lease length; renewed every third of it.
        poll_s: How long an idle thread waits before looking for work again.
    """

    def __init__(self, sessions: SessionFactory, handlers: Mapping[str, Handler], *,
                 threads: int = 1, lease_s: float = DEFAULT_LEASE_S,
                 poll_s: float = 1.0) -> None:
        self.sessions = sessions
        self.handlers = dict(handlers)
        self.threads = threads
        self.lease_s = lease_s
        self.poll_s = poll_s
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._running: dict[int, JobContext] = {}
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Start the worker threads in the background."""
        for i in range(self.threads):
            t = threading.Thread(target=self._loop, args=(worker_name(i),), daemon=True,
                                 name=f"jingshu-job-{i}")
            t.start()
            self._threads.append(t)

    def wake(self) -> None:
        """Look for work now (a job was just queued) instead of at the next poll."""
        self._wake.set()

    def run_forever(self) -> None:
        """Start and wait until :meth:`close` (or Ctrl-C)."""
        self.start()
        try:
            while not self._stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.close()

    def close(self, *, wait: bool = True) -> None:
        """Stop: running jobs stop at their next ``check()`` and go back to the queue."""
        self._stop.set()
        self._wake.set()
        with self._lock:
            for ctx in self._running.values():
                ctx.stop("the worker is stopping")
        if wait:
            for t in self._threads:
                t.join(timeout=60)

    def run_one(self, owner: str | None = None) -> JobStatus | None:
        """Claim and run one job in this thread; ``None`` when none was waiting."""
        job = claim(self.sessions, owner or worker_name(), list(self.handlers),
                    lease_s=self.lease_s)
        return None if job is None else self._run(job)

    def _loop(self, owner: str) -> None:
        while not self._stop.is_set():
            try:
                ran = self.run_one(owner)
            except Exception:  # the database failing: log, wait, try again
                _log.exception("job worker %s: could not claim or record a job", owner)
                ran = None
            if ran is None:
                self._wake.wait(self.poll_s)
                self._wake.clear()

    def _run(self, job: Claimed) -> JobStatus | None:
        ctx = JobContext(job, self.sessions)
        if self._stop.is_set():
            ctx.stop("the worker is stopping")
        with self._lock:
            self._running[job.id] = ctx
        beats = threading.Thread(target=self._beat, args=(ctx,), daemon=True,
                                 name=f"jingshu-job-{job.id}-heartbeat")
        beats.start()
        try:
            return self._outcome(ctx)
        finally:
            with self._lock:
                self._running.pop(job.id, None)
            ctx.stop("finished")
            beats.join(timeout=self.lease_s)

    def _outcome(self, ctx: JobContext) -> JobStatus | None:
        job = ctx.job
        try:
            result = self.handlers[job.kind](ctx)
        except JobStopped:
            if ctx.reason == "cancelled":
                return finish(self.sessions, job.id, job.owner, cancelled=True)
            if ctx.reason == "the worker is stopping":
                return finish(self.sessions, job.id, job.owner, error=ctx.reason)
            return None  # the lease is lost: the job is someone else's now
        except Exception as exc:  # the job's own failure is its outcome
            if not isinstance(exc, JingshuError):
                _log.exception("job %s (%s) failed", job.id, job.kind)
            message = str(exc) if isinstance(exc, JingshuError) else \
                f"{type(exc).__name__}: {exc}"
            # a domain error (bad data, bad recipe) fails the same way every time
            return finish(self.sessions, job.id, job.owner, error=message,
                          retry=not isinstance(exc, JingshuError))
        return finish(self.sessions, job.id, job.owner, result=result, done=ctx.done,
                      total=ctx.total)

    def _beat(self, ctx: JobContext) -> None:
        job = ctx.job
        while not ctx._stop.wait(self.lease_s / 3):
            try:
                beat = heartbeat(self.sessions, job.id, job.owner, lease_s=self.lease_s,
                                 done=ctx.done, total=ctx.total)
            except Exception:  # a missed beat is retried; the lease outlasts two of them
                _log.exception("job %s: heartbeat failed", job.id)
                continue
            if not beat.held:
                ctx.stop("its lease was lost")
            elif beat.cancel:
                ctx.stop("cancelled")
