"""The platform's durable job queue: jobs in the database, claimed by workers with a lease.

Typical use::

    from jingshu.jobs import JobWorker, enqueue, handlers_for

    with platform.session() as s:
        enqueue(s, "corpus.run", {"run": 7}, actor="alice")
    JobWorker(platform.session, handlers_for(platform)).run_forever()

Workers run inside the web server (embedded, the default) or as ``jingshu worker``
processes on any machine that reaches the database; see docs/guide/jobs.md.

Importing this package registers :func:`jingshu.jobs.profile_jobs.queue_profile` with
the catalog's publish: every version published from then on queues its
``dataset.profile`` job. (The migrations import every table, this package's too, so
an opened :class:`~jingshu.platform.Platform` always has it.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from jingshu.jobs import profile_jobs
from jingshu.jobs.models import FINISHED, Job, JobStatus
from jingshu.jobs.queue import (
    DEFAULT_LEASE_S,
    Beat,
    Claimed,
    cancel,
    claim,
    enqueue,
    finish,
    get_job,
    heartbeat,
    list_jobs,
    publish_once,
)
from jingshu.jobs.worker import Handler, JobContext, JobStopped, JobWorker, worker_name

if TYPE_CHECKING:
    from jingshu.platform import Platform

__all__ = [
    "DEFAULT_LEASE_S",
    "FINISHED",
    "Beat",
    "Claimed",
    "Handler",
    "Job",
    "JobContext",
    "JobStatus",
    "JobStopped",
    "JobWorker",
    "cancel",
    "claim",
    "enqueue",
    "finish",
    "get_job",
    "handlers_for",
    "heartbeat",
    "list_jobs",
    "publish_once",
    "worker_name",
]


def handlers_for(platform: Platform) -> Mapping[str, Handler]:
    """Every job kind the platform knows, with its handler over ``platform``."""
    from jingshu.jobs import mix_jobs
    from jingshu.jobs.corpus_runs import KIND, corpus_run_handler

    return {KIND: corpus_run_handler(platform),
            mix_jobs.KIND: mix_jobs.mix_handler(platform),
            profile_jobs.KIND: profile_jobs.profile_handler(platform)}
