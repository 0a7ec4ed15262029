"""/corpus/runs: run a recipe over a dataset version on the server, as a job.

``POST`` validates and queues (202) a ``corpus.run`` job, which the server's embedded
worker or any ``jingshu worker`` process executes (cancel it at /jobs/{job}); ``GET``
polls its status, the documents read so far and, once done, the published version.
Every handler reads: load-or-404 → ``authorize(who, CorpusRunPolicy.action(obj))``
→ use case → ``session.commit()`` → response schema.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select

from jingshu.accounts.models import Role
from jingshu.catalog.models import Dataset
from jingshu.catalog.service import get_version, parse_ref
from jingshu.jobs.corpus_runs import submit_run as queue_run
from jingshu.jobs.runs import get_run, list_runs
from jingshu.web.api.schemas.corpus import CorpusRunIn, CorpusRunOut
from jingshu.web.deps import DbSession, Who, worker_of
from jingshu.web.policies import authorize
from jingshu.web.policies.corpus_runs import CorpusRunPolicy

__all__ = ["router"]

router = APIRouter(prefix="/corpus/runs", tags=["corpus"])


@router.post("", status_code=202)
def submit_run(body: CorpusRunIn, request: Request, who: Who,
               session: DbSession) -> CorpusRunOut:
    """Queue a run of ``recipe`` over ``source``, publishing into ``target``.

    A bad recipe is refused here (422, naming the step and operator), never queued.
    """
    source = get_version(session, *parse_ref(body.source))
    target = session.scalar(select(Dataset).where(Dataset.name == body.target))
    authorize(who, CorpusRunPolicy.submit(source.dataset, target))
    run = queue_run(session, source, body.to_request(), actor=who.username)
    session.commit()
    worker_of(request).wake()
    return CorpusRunOut.of(run)


@router.get("")
def my_runs(who: Who, session: DbSession) -> list[CorpusRunOut]:
    """The caller's runs, newest first (administrators: everyone's)."""
    authorize(who, CorpusRunPolicy.list())
    mine = None if who.role is Role.ADMIN else who.username
    return [CorpusRunOut.of(r) for r in list_runs(session, created_by=mine)]


@router.get("/{run_id}")
def read_run(run_id: int, who: Who, session: DbSession) -> CorpusRunOut:
    """One run: status, documents read so far, report summary, the version it made."""
    run = get_run(session, run_id)
    authorize(who, CorpusRunPolicy.view(run))
    return CorpusRunOut.of(run)
