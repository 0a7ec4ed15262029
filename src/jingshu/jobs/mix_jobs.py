"""Mixes as jobs (kind ``dataset.mix``): queued over HTTP, published exactly once.

:func:`submit_mix` checks what can be checked at once (each ``NAME[@V]:WEIGHT``
parses, each source version exists, the budget is positive) and queues the job in
the caller's transaction, with every source pinned to its version number, so the mix
is the same whenever it runs. :func:`mix_handler` is what a worker runs:
:func:`jingshu.catalog.mixing.mix_datasets`, then, in the same transaction,
:func:`~jingshu.jobs.queue.publish_once` and the job's result. An attempt that finds
the job already published (its worker died after the commit) returns that result,
and of two attempts racing the second rolls back: one version per job.

The caller authorizes at submission (the HTTP handler: download on every source,
edit on an existing target or create for a new one); the job keeps to what was
authorized: the target must still be the dataset it was then (or still absent).
``jingshu dataset mix`` and ``Platform.mix`` stay synchronous.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jingshu.accounts.models import Organization
from jingshu.accounts.service import check_name
from jingshu.catalog.mixing import mix_datasets, parse_source
from jingshu.catalog.models import Dataset
from jingshu.catalog.service import get_version, parse_ref
from jingshu.errors import ConflictError, InputError, JingshuError
from jingshu.jobs.models import Job
from jingshu.jobs.queue import enqueue, get_job, publish_once
from jingshu.jobs.worker import Handler, JobContext
from jingshu.platform import Platform

__all__ = ["KIND", "MixRequest", "mix_handler", "submit_mix"]

KIND = "dataset.mix"
MAX_ATTEMPTS = 2


@dataclass(frozen=True)
class MixRequest:
    """A mix to run: ``sources`` are ``NAME[@VERSION]:WEIGHT`` (see ``jingshu dataset mix``).

    Args:
        out: The output dataset (created when missing).
        sources: What to mix, with weights (token shares once normalised).
        tokens: Tokens in the output.
        seed: Seed of the row draws (same seed, same output).
        field: The text field of every source (guessed when ``None``).
        title: Title of a new output dataset.
        tokenizer: A ``tokenizer.json`` (the shipped Chinese BPE when ``None``).
    """

    out: str
    sources: tuple[str, ...]
    tokens: float
    seed: int = 0
    field: str | None = None
    title: str | None = None
    tokenizer: str | None = None


class AlreadyPublished(JingshuError):
    """Another attempt of the same mix job published its version first."""

    code = "already_published"


def _pinned(session: Session, sources: tuple[str, ...]) -> list[str]:
    pinned = []
    for text in sources:
        ref, weight = parse_source(text)
        version = get_version(session, *parse_ref(ref))
        pinned.append(f"{version.dataset.name}@{version.number}:{weight!r}")
    return pinned


def submit_mix(
    session: Session, request: MixRequest, *, actor: str, organization_id: int | None = None
) -> Job:
    """Check and queue ``request`` in the caller's transaction; the caller commits.

    ``organization_id`` owns the output dataset when the mix creates it.

    Raises:
        InputError: a malformed output name, source or weight, or a budget that is not
            positive.
        NotFoundError: a source version does not exist.
    """
    check_name("dataset", request.out)
    if not request.sources:
        raise InputError("a mix needs at least one source", hint="e.g. zh-news@1:0.6")
    if not request.tokens > 0:
        raise InputError(
            f"tokens={request.tokens!r}: the mix needs a positive token budget", hint="e.g. 2e9"
        )
    target = session.scalar(select(Dataset.id).where(Dataset.name == request.out))
    payload = {
        **asdict(request),
        "sources": _pinned(session, request.sources),
        "target_id": target,
        "organization_id": organization_id,
    }
    return enqueue(session, KIND, payload, actor=actor, max_attempts=MAX_ATTEMPTS)


def mix_handler(platform: Platform) -> Handler:
    """The handler of ``dataset.mix`` jobs over ``platform``."""

    def handle(ctx: JobContext) -> dict[str, Any]:
        return _mix(platform, ctx)

    return handle


def _published(platform: Platform, job_id: int) -> dict[str, Any] | None:
    with platform.session() as s:
        job = get_job(s, job_id)
        return dict(job.result or {}) if job.published_at is not None else None


def _check_target(session: Session, out: str, target_id: int | None) -> None:
    now = session.scalar(select(Dataset.id).where(Dataset.name == out))
    if now != target_id:
        raise ConflictError(
            f"dataset {out!r} "
            + ("was created" if target_id is None else "was deleted or replaced")
            + " after the mix was queued; the mix was authorized for the dataset as it was",
            hint="submit the mix again",
        )


def _mix(platform: Platform, ctx: JobContext) -> dict[str, Any]:
    job_id, p = ctx.job.id, ctx.payload
    done = _published(platform, job_id)
    if done is not None:  # an earlier attempt published, then died before finishing
        return done
    ctx.progress(0)
    location = None
    try:
        with platform.session() as s:
            _check_target(s, p["out"], p["target_id"])
            made = mix_datasets(
                s, platform.store, p["out"], p["sources"], float(p["tokens"]),
                seed=int(p["seed"]), creator=get_job(s, job_id).created_by, field=p["field"],
                tokenizer=p["tokenizer"], title=p["title"],
            )  # fmt: skip
            location = made.version.location
            if p["target_id"] is None and p["organization_id"] is not None:
                made.version.dataset.organization = s.get(Organization, p["organization_id"])
            result = {
                "dataset": p["out"],
                "version": made.version.number,
                "rows": made.version.rows,
                "tokens": made.plan.realised_tokens,
                "shares": made.plan.shares(),
            }
            if not publish_once(s, job_id):
                raise AlreadyPublished(f"mix job {job_id} already published its version")
            s.execute(update(Job).where(Job.id == job_id).values(result=result))
    except Exception:
        if location is not None:  # written, never recorded
            platform.store.delete(location)
        done = _published(platform, job_id)  # e.g. both attempts created the new dataset
        if done is not None:
            return done
        raise
    return result
