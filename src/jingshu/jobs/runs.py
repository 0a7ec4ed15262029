"""Corpus run records: a recipe over a catalog version, submitted now, executed later.

The use cases behind ``POST /api/v1/corpus/runs`` and the portal's "run a recipe"
form::

    run = submit(session, source_version, RunRequest("zh-web", "raw@1", "clean"),
                 actor="alice")          # validated, recorded (the caller commits)
    execute(platform, run.id)            # or run directly, without the job queue

:func:`submit` validates everything that can be checked before work (the recipe's
operators and parameters, ``workers``, the target's name) and stores the recipe as
validated YAML, so a bad recipe is refused at once and never queued. Who may read the
source and write the target is the caller's policy (web: ``CorpusRunPolicy``).
:func:`jingshu.jobs.corpus_runs.submit_run` records the run and queues its job
together; the job queue's workers execute it (:mod:`jingshu.jobs.corpus_runs`).

:func:`execute` runs a recorded run that has no job in this process: it claims it
(queued → running), calls :func:`run_recipe_on_dataset`, and records progress
(documents read), the created version and the report, or the error: a failed run
publishes nothing.

These records are the platform layer (they read the catalog and accounts and publish
versions), so they live in :mod:`jingshu.jobs`, above the domains; the table keeps
its name, ``corpus_runs``.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from dataclasses import dataclass

import yaml
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jingshu.accounts.models import Role, User
from jingshu.accounts.service import check_name
from jingshu.audit import record
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.rules import check_protected, protection_of
from jingshu.catalog.service import DatasetSpec
from jingshu.corpus.params import suggest
from jingshu.corpus.paths import PathResolver, local_files
from jingshu.corpus.recipe import BUILTIN_RECIPES, Recipe, load_recipe, parse_recipe_text
from jingshu.db.base import utcnow
from jingshu.db.lookup import get_existing
from jingshu.errors import ConfigError, InputError, JingshuError, RecipeError
from jingshu.jobs.dataset_run import recipe_yaml, run_recipe_on_dataset
from jingshu.jobs.run_models import CorpusRun, RunStatus
from jingshu.media.recipe import (
    BUILTIN_MEDIA_RECIPES,
    MediaRecipe,
    load_media_recipe,
    parse_media_recipe,
)
from jingshu.platform import Platform

__all__ = [
    "CorpusRun",
    "RunInterrupted",
    "RunRequest",
    "RunStatus",
    "execute",
    "get_run",
    "list_runs",
    "new_target_spec",
    "resolve_recipe",
    "stored_recipe",
    "submit",
]

INTERRUPTED_BY_SHUTDOWN = "interrupted by server shutdown; submit again"
PROGRESS_EVERY_S = 1.0
MAX_WORKERS = 32
"""The most worker processes one run may ask for (each holds a shard's documents)."""
_log = logging.getLogger(__name__)


class RunInterrupted(JingshuError):
    """The server is stopping: the run stops at the next batch, publishing nothing."""

    code = "interrupted"


@dataclass(frozen=True)
class RunRequest:
    """What a caller asks for.

    Args:
        recipe: A built-in recipe name (``zh-web``, ``zh-docs``, ``zh-sft``; media:
            ``img-release``, ``img-text``, ``audio-speech``) or the YAML text of a
            recipe (a media recipe has a ``media`` key). Never a path: files on the
            server are not read.
        source: ``NAME@VERSION`` of the input version.
        target: Dataset that gets the output version; created when missing.
        workers: Worker processes of the file executor the run uses (1 to
            :data:`MAX_WORKERS`), as ``jingshu corpus run --workers``.
    """

    recipe: str
    source: str
    target: str
    workers: int = 1


def resolve_recipe(text: str, resolve: PathResolver | None = None) -> Recipe | MediaRecipe:
    """The validated recipe (corpus or media) named or written in ``text``.

    ``resolve`` turns file-naming parameters into files; the server's accepts only
    registered artefacts (:func:`jingshu.artefacts.server_resolver`), so a recipe
    cannot make the server open a path.

    Raises:
        RecipeError: Not a built-in name, not YAML, or an invalid recipe; the message
            names the step, operator or parameter and suggests the closest name.
    """
    text = text.strip()
    resolve = resolve or local_files
    if text in BUILTIN_RECIPES:
        return load_recipe(text, resolve=resolve)
    if text in BUILTIN_MEDIA_RECIPES:
        return _media_recipe(text, "recipe")
    if "\n" not in text and ":" not in text:
        names = [*BUILTIN_RECIPES, *BUILTIN_MEDIA_RECIPES]
        raise RecipeError(f"recipe {text!r} is not a built-in recipe",
                          hint=f"{suggest(text, names)} Or send the recipe's YAML text")
    try:
        return _media_recipe(text, "recipe") if _is_media(text) else parse_recipe_text(
            text, source="recipe", resolve=resolve)
    except ConfigError as exc:
        raise RecipeError(exc.message, hint=exc.hint) from None


def _is_media(text: str) -> bool:
    """A YAML recipe with a top-level ``media`` key (a name is never one)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False  # the corpus parser names the line
    return isinstance(data, dict) and "media" in data


def _media_recipe(text: str, source: str) -> MediaRecipe:
    """A media recipe by built-in name or from YAML text; what is wrong raises
    :class:`ConfigError` naming the step."""
    if text in BUILTIN_MEDIA_RECIPES:
        return load_media_recipe(text)
    return parse_media_recipe(yaml.safe_load(text), source)  # builds its operators


def submit(session: Session, source: DatasetVersion, request: RunRequest, *,
           actor: str) -> CorpusRun:
    """Validate ``request`` and queue a run over ``source``; the caller commits.

    Args:
        session: Database session.
        source: The input version (already loaded and authorized by the caller).
        request: Recipe, target and workers.
        actor: User name of the caller, who will own the run and the new version.

    Raises:
        RecipeError: The recipe is invalid (see :func:`resolve_recipe`).
        InputError: ``workers`` is outside 1..MAX_WORKERS or the target's name is not allowed.
        RuleViolation: The existing target is less protected than the source (lineage
            carries protection: :func:`~jingshu.catalog.rules.check_protected`).
    """
    recipe = resolve_recipe(request.recipe, _submitter_resolver(session, actor))
    if not 1 <= request.workers <= MAX_WORKERS:
        raise InputError(f"workers={request.workers}: a run uses 1 to {MAX_WORKERS} "
                         "worker processes",
                         hint="ask for at most as many workers as the worker machine has cores")
    target = session.scalar(select(Dataset).where(Dataset.name == request.target))
    if target is None:
        check_name("dataset", request.target)
    else:  # refused now, not after reading every document (publishing checks it again)
        check_protected(target, [source.dataset])
    run = CorpusRun(recipe_name=recipe.name, recipe_yaml=recipe_yaml(recipe),
                    source_version_id=source.id,
                    source_ref=f"{source.dataset.name}@{source.number}",
                    target_name=request.target, workers=request.workers,
                    status=RunStatus.QUEUED, progress=0, error="", created_by=actor)
    session.add(run)
    session.flush()
    record(session, actor, "corpus.run.submit", f"dataset:{source.dataset.name}",
           {"run": run.id, "recipe": recipe.name, "source": run.source_ref,
            "target": request.target})
    return run


def _submitter_resolver(session: Session, actor: str) -> PathResolver:
    """Artefacts the submitter may use; never a path (a recipe is the caller's input)."""
    from jingshu.artefacts import Viewer, home_of, server_resolver

    user = session.scalar(select(User).where(User.username == actor))
    viewer = Viewer(None) if user is None else Viewer(user.organization_id,
                                                      admin=user.role is Role.ADMIN)
    return server_resolver(session, home_of(session), viewer)


def get_run(session: Session, run_id: int) -> CorpusRun:
    """Run ``run_id``, or :class:`NotFoundError`."""
    return get_existing(session, CorpusRun, run_id, f"corpus run {run_id}",
                        hint="list your runs with GET /api/v1/corpus/runs")


def list_runs(session: Session, *, created_by: str | None = None,
              limit: int = 200) -> list[CorpusRun]:
    """Newest first; only ``created_by``'s runs when given (``None``: everyone's)."""
    query = select(CorpusRun).order_by(CorpusRun.id.desc()).limit(limit)
    if created_by is not None:
        query = query.where(CorpusRun.created_by == created_by)
    return list(session.scalars(query))


def execute(platform: Platform, run_id: int, *,
            stop: threading.Event | None = None) -> RunStatus | None:
    """Run a queued run to its end; ``None`` if it was not queued (taken, or gone) or
    has a job (the job queue's workers run it, publishing it once).

    Every error of the recipe, the data or the store marks the run failed with the
    message; nothing is published then. ``stop`` set: the run stops at the next batch.
    """
    claimed = _claim(platform, run_id)
    if claimed is None:
        return None
    run, spec = claimed
    try:
        version, report = run_recipe_on_dataset(
            platform, stored_recipe(platform, run), run.source_ref, run.target_name,
            creator=run.created_by, workers=run.workers,
            progress=False, target_spec=spec, on_progress=_ProgressWriter(platform, run_id, stop))
    except Exception as exc:  # any failure is the run's outcome
        if not isinstance(exc, JingshuError):
            _log.exception("corpus run %s failed", run_id)
        _finish(platform, run_id, RunStatus.FAILED, error=_describe(exc))
        return RunStatus.FAILED
    _finish(platform, run_id, RunStatus.SUCCEEDED, version_number=version.number,
            report=report.to_dict(), progress=report.docs_in)
    return RunStatus.SUCCEEDED


def stored_recipe(platform: Platform, run: CorpusRun) -> Recipe | MediaRecipe:
    """The run's recipe as stored at submission; artefacts by the sha256 checked then."""
    from jingshu.artefacts import stored_resolver

    if _is_media(run.recipe_yaml):
        return _media_recipe(run.recipe_yaml, f"corpus run {run.id}")
    with platform.session() as s:
        return parse_recipe_text(run.recipe_yaml, source=f"corpus run {run.id}",
                                 resolve=stored_resolver(s, platform.settings.home))


def _claim(platform: Platform, run_id: int) -> tuple[CorpusRun, DatasetSpec | None] | None:
    """queued (and no job's) → running, atomically; with the spec of a target still to
    create."""
    with platform.session() as s:
        taken = s.execute(update(CorpusRun)
                          .where(CorpusRun.id == run_id, CorpusRun.status == RunStatus.QUEUED,
                                 CorpusRun.job_id.is_(None))
                          .values(status=RunStatus.RUNNING, started_at=utcnow()))
        if getattr(taken, "rowcount", 0) != 1:
            return None
        run = get_run(s, run_id)
        return run, new_target_spec(s, run)


def new_target_spec(s: Session, run: CorpusRun) -> DatasetSpec | None:
    """A new target: the source's metadata and protection, published by the submitter's
    organization."""
    if s.scalar(select(Dataset.id).where(Dataset.name == run.target_name)) is not None:
        return None
    source = s.get(DatasetVersion, run.source_version_id)
    if source is None:
        return None  # the source is gone: run_recipe_on_dataset says so
    spec = DatasetSpec.of(source.dataset)
    user = s.scalar(select(User).where(User.username == run.created_by))
    org = user.organization.name if user is not None and user.organization else spec.organization
    least = protection_of([source.dataset])
    return dataclasses.replace(spec, name=run.target_name, title=run.target_name,
                               organization=org, open_tier=least.open_tier, grade=least.grade,
                               sensitivity=least.sensitivity)


def _finish(platform: Platform, run_id: int, status: RunStatus, **values: object) -> None:
    with platform.session() as s:
        s.execute(update(CorpusRun).where(CorpusRun.id == run_id)
                  .values(status=status, finished_at=utcnow(), **values))


def _describe(exc: Exception) -> str:
    if isinstance(exc, JingshuError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class _ProgressWriter:
    """Records documents read, at most once per :data:`PROGRESS_EVERY_S`; stops on ``stop``."""

    def __init__(self, platform: Platform, run_id: int, stop: threading.Event | None) -> None:
        self._platform = platform
        self._run_id = run_id
        self._stop = stop
        self._last = 0.0

    def __call__(self, read: int) -> None:
        if self._stop is not None and self._stop.is_set():
            raise RunInterrupted(INTERRUPTED_BY_SHUTDOWN)
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY_S:
            return
        self._last = now
        with self._platform.session() as s:
            s.execute(update(CorpusRun).where(CorpusRun.id == self._run_id)
                      .values(progress=read))
