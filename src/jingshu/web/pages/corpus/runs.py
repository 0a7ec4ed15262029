"""Portal pages of corpus runs: the "run a recipe" form and the runs page.

=============================================  =========================================
``POST /datasets/{name}/versions/{n}/runs``    queue a run of a built-in recipe or a
                                               pasted YAML over version ``n`` (form:
                                               ``recipe``, ``recipe_yaml``, ``target``)
``GET /corpus/runs``                           signed in: my runs (admins: all), their
                                               status, progress, report link, error
=============================================  =========================================

The form sits on the dataset page (``run_form.html``) for viewers who may run a
recipe on it (:class:`CorpusRunPolicy`); the use cases are the API's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from jingshu.accounts.models import Role
from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import Modality
from jingshu.catalog.service import get_version
from jingshu.corpus.recipe import BUILTIN_RECIPES
from jingshu.jobs.runs import RunRequest, list_runs, submit
from jingshu.web.deps import DbSession, Principal, Viewer, Who, worker_of
from jingshu.web.pages.render import render
from jingshu.web.policies import authorize
from jingshu.web.policies.corpus_runs import CorpusRunPolicy

__all__ = ["CUSTOM", "RunForm", "router", "run_form"]

router = APIRouter(include_in_schema=False)
CUSTOM = "custom"  # the recipe select's value for a pasted YAML


@dataclass(frozen=True)
class RunForm:
    """What the dataset page's "run a recipe" form needs."""

    action: str
    recipes: tuple[str, ...]
    target: str


def run_form(who: Principal, dataset: Dataset, number: int) -> RunForm | None:
    """The form for version ``number`` of ``dataset``, or ``None`` when ``who`` may not run."""
    if CorpusRunPolicy.submit(dataset, None)(who) is not None:
        return None
    return RunForm(f"/datasets/{dataset.name}/versions/{number}/runs",
                   _RECIPES.get(dataset.modality, BUILTIN_RECIPES), f"{dataset.name}-clean")


_RECIPES = {Modality.IMAGE: ("img-release",), Modality.MULTIMODAL: ("img-text", "img-release"),
            Modality.AUDIO: ("audio-speech",)}
"""The built-in recipes offered for a media dataset (corpus recipes for the rest)."""


@router.post("/datasets/{name}/versions/{number}/runs")
def submit_form(request: Request, name: str, number: int, session: DbSession, who: Who,
                recipe: Annotated[str, Form()], target: Annotated[str, Form()],
                recipe_yaml: Annotated[str, Form()] = "") -> RedirectResponse:
    source = get_version(session, name, number)
    existing = session.scalar(select(Dataset).where(Dataset.name == target.strip()))
    authorize(who, CorpusRunPolicy.submit(source.dataset, existing))
    text = recipe_yaml if recipe == CUSTOM else recipe
    run = submit(session, source, RunRequest(text, f"{name}@{number}", target.strip()),
                 actor=who.username)
    session.commit()
    worker_of(request).enqueue(run.id)
    return RedirectResponse(f"/corpus/runs#run-{run.id}", status_code=303)


@router.get("/corpus/runs", response_class=HTMLResponse)
def runs_page(request: Request, session: DbSession, who: Viewer) -> HTMLResponse:
    authorize(who, CorpusRunPolicy.list())
    mine = None if who.role is Role.ADMIN else who.username
    return render(request, "corpus/runs.html", who=who, runs=list_runs(session, created_by=mine))
