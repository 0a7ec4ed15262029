"""The platform's durable job queue: jobs in the database, claimed by workers with a lease.

Typical use::

    from jingshu.jobs import JobWorker, enqueue, handlers_for

    with platform.session() as s:
        enqueue(s, "corpus.run", {"run": 7}, actor="alice")
    JobWorker(platform.session, handlers_for(platform)).run_forever()

Workers run inside the web server (embedded, the default) or as ``jingshu worker``
processes on any machine that reaches the database; see docs/guide/jobs.md.

:func:`queue_profiles_on_publish` gives a :class:`~jingshu.platform.Platform` the
queue's publish hook: every version published through it from then on queues its
``dataset.profile`` job. The front doors (CLI, web app, ``jingshu.connect``) call it on
every platform they open; importing this package registers nothing.
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
    "queue_profiles_on_publish",
    "worker_name",
]


def handlers_for(platform: Platform) -> Mapping[str, Handler]:
    """Every job kind the platform knows, with its handler over ``platform``."""
    from jingshu.jobs import label_jobs, mix_jobs
    from jingshu.jobs.corpus_runs import KIND, corpus_run_handler

    return {KIND: corpus_run_handler(platform),
            mix_jobs.KIND: mix_jobs.mix_handler(platform),
            label_jobs.KIND: label_jobs.label_errors_handler(platform),
            profile_jobs.KIND: profile_jobs.profile_handler(platform)}


def queue_profiles_on_publish(platform: Platform) -> Platform:
    """Queue a ``dataset.profile`` job for every version published through ``platform``
    (in the publishing transaction, :func:`~jingshu.jobs.profile_jobs.queue_profile`);
    ``platform`` itself, for chaining. Calling it again adds nothing."""
    platform.on_publish(profile_jobs.queue_profile)
    return platform
