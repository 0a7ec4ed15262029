"""The Python facade: what the ``jingshu`` command does, as methods of one object.

::

    import jingshu

    js = jingshu.connect(home="/srv/jingshu", user="alice")  # alice's rights, audited as her
    news = js.dataset("zh-news@2")
    df = news.to_pandas()                      # rows through the dataset's policy
    news.export("news.parquet")                # as `jingshu dataset export`
    run = js.corpus_run("zh-web", "zh-news@2", "zh-news-clean")
    js.create_project("zh-news@2", "sentiment", labels=["正面", "负面"])

Each method calls the use case its command calls, with the policy the HTTP API
applies for the acting user (:mod:`jingshu.facade.acting`); a client opened without a
user is the operator, like the command line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
from sqlalchemy.orm import Session

from jingshu.artefacts import local_resolver
from jingshu.audit.log import ChainProblem
from jingshu.catalog.models import Dataset
from jingshu.catalog.quality import VersionDiff
from jingshu.catalog.search import SearchFilters, SearchHit, search
from jingshu.catalog.service import get_dataset, get_version, list_datasets, parse_ref
from jingshu.circulation import Application, GrantTerms, current_agreements
from jingshu.circulation.watermark import ALPHA, TraceResult
from jingshu.corpus.executor import Executor, OutputFormat, run_files
from jingshu.corpus.recipe import load_recipe
from jingshu.corpus.report import RunReport
from jingshu.errors import NotFoundError
from jingshu.facade import catalog, linked
from jingshu.facade import jobs as facade_jobs
from jingshu.facade.acting import Actor, actor_of
from jingshu.facade.annotation import ProjectView, new_project, project_spec
from jingshu.facade.circulation import (
    GrantInfo,
    GrantView,
    RequestInfo,
    review,
    revoke_grant,
    submit,
    trace_leak,
    visible_grants,
    visible_requests,
    write_agreement,
)
from jingshu.facade.datasets import DatasetView
from jingshu.jobs import queue_profiles_on_publish
from jingshu.jobs.dataset_run import any_recipe, run_recipe_on_dataset
from jingshu.jobs.label_jobs import LabelErrorsRequest
from jingshu.jobs.schemas import JobOut
from jingshu.mix import MixPlan
from jingshu.platform import Platform
from jingshu.profiles import VersionProfile
from jingshu.settings import load_settings
from jingshu.store import Manifest
from jingshu.web.policies.corpus_runs import CorpusRunPolicy
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["Client", "CorpusRun", "connect"]


@dataclass(frozen=True)
class CorpusRun:
    """What a corpus run made: ``output`` (``NAME@VERSION`` or a folder) and its report."""

    output: str
    report: RunReport
    dataset: DatasetView | None = None


class Client:
    """The platform seen by one acting user (``user=None``: the operator).

    Args:
        platform: An opened :class:`~jingshu.platform.Platform` (``client.platform``:
            its session and store for lower-level use).
        user: The account whose rights apply and whom the audit log names.
    """

    def __init__(self, platform: Platform, user: str | None = None) -> None:
        self.platform = platform
        self.user = user
        with platform.session() as s:
            actor_of(s, user)  # an unknown or deactivated user fails here, not at first use

    def __repr__(self) -> str:
        return f"<jingshu.Client {self.platform.settings.home} as {self.user or 'operator'}>"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.platform.close()

    def actor(self, session: Session) -> Actor:
        """The acting user as the database says now (role, organization, active)."""
        return actor_of(session, self.user)

    # datasets ------------------------------------------------------------------------

    def dataset(self, ref: str) -> DatasetView:
        """Version ``NAME[@VERSION]`` (the newest when no version is given)."""
        with self.platform.session() as s:
            version = get_version(s, *parse_ref(ref))
            self.actor(s).allow(DatasetPolicy.view(version.dataset))
            columns = [f.name for f in Manifest.from_json(version.manifest).fields]
            return DatasetView(self, version.dataset.name, version.number, version.rows,
                               columns)

    def datasets(self) -> list[DatasetView]:
        """The newest version of every dataset that has one, by name (as ``jingshu
        dataset list``; metadata is public, rows stay behind each view's policy)."""
        with self.platform.session() as s:
            names = [d.name for d in list_datasets(s) if d.versions]
        return [self.dataset(name) for name in names]

    def read(self, ref: str, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        """Stream the record batches of ``NAME[@VERSION]`` (:meth:`DatasetView.read`)."""
        return self.dataset(ref).read(columns)

    def profile(self, ref: str, *, refresh: bool = False) -> VersionProfile:
        """The quality profile of ``NAME[@VERSION]`` (:meth:`DatasetView.profile`)."""
        return self.dataset(ref).profile(refresh=refresh)

    def diff(self, before: str, after: str) -> VersionDiff:
        """Profile changes and rows added/removed between two ``NAME@VERSION``."""
        return catalog.diff(self, before, after)

    def search(self, q: str = "", **filters: Any) -> list[SearchHit]:
        """Catalog search, as ``jingshu catalog search`` (filters: tier, grade, theme ...)."""
        with self.platform.session() as s:
            hits, _total = search(s, q, SearchFilters(**filters))
            return hits

    def import_file(self, path: str | Path, name: str, *, append: bool = False,
                    fmt: str | None = None, text_field: str | None = None,
                    **metadata: Any) -> DatasetView:
        """Import ``path`` as a new dataset ``name`` (or, ``append``, its next version),
        as ``jingshu dataset import``; ``metadata``: :class:`~jingshu.DatasetSpec` fields
        (title, open_tier, grade, organization ...)."""
        return self.dataset(catalog.import_path(self, path, name, append, fmt, text_field,
                                                dict(metadata)))

    def update_dataset(self, name: str, *, reason: str | None = None,
                       **changes: Any) -> int | None:
        """Change dataset ``name``'s metadata (:class:`~jingshu.DatasetSpec` fields), as
        ``jingshu dataset set``; the tier/grade rule is checked on the result. Raising
        protection applies at once; lowering it opens a regrade request (needs
        ``reason``), whose id is returned."""
        return catalog.update(self, name, reason, dict(changes))

    def mix(self, out: str, sources: list[str], tokens: float, *, seed: int = 0,
            field: str | None = None, tokenizer: str | None = None) -> MixPlan:
        """Mix ``NAME@V:WEIGHT`` sources by token share into dataset ``out``, as
        ``jingshu dataset mix``; the plan."""
        return catalog.mix(self, out, sources, tokens, seed=seed, field=field,
                           tokenizer=tokenizer)[1]

    def request_regrade(self, name: str, *, reason: str, open_tier: str | None = None,
                        grade: str | None = None, sensitivity: str | None = None) -> int:
        """Ask to lower dataset ``name``'s protection; the regrade request's id."""
        return catalog.request_regrade(self, name, reason, {
            "open_tier": open_tier, "grade": grade, "sensitivity": sensitivity})

    def approve_regrade(self, request_id: int, *, note: str = "",
                        approver: str | None = None) -> None:
        """Approve as the acting user (an operator client names the ``approver``)."""
        catalog.decide_regrade(self, request_id, approve=True, note=note, approver=approver)

    def reject_regrade(self, request_id: int, *, note: str,
                       approver: str | None = None) -> None:
        """Reject as the acting user (an operator client names the ``approver``)."""
        catalog.decide_regrade(self, request_id, approve=False, note=note, approver=approver)

    # corpus --------------------------------------------------------------------------

    def corpus_run(self, recipe: str | Path, source: str, target: str, *, workers: int = 1,
                   executor: Executor = "local", address: str | None = None,
                   allow_empty: bool = False) -> CorpusRun:
        """Run ``recipe`` over dataset version ``source`` (``NAME[@VERSION]``) and publish
        the result as the next version of dataset ``target``, as ``jingshu corpus run
        RECIPE --input-dataset SOURCE --output-dataset TARGET``.

        The acting user must be allowed to download the source in full and to publish
        the target (``CorpusRunPolicy.submit``).
        """
        with self.platform.session() as s:
            source_ds = get_version(s, *parse_ref(source)).dataset
            actor = self.actor(s)
            actor.allow(CorpusRunPolicy.submit(source_ds, _existing(s, target)))
        loaded = any_recipe(recipe, resolve=local_resolver(lambda: self.platform))
        version, report = run_recipe_on_dataset(
            self.platform, loaded, source, target, creator=actor.name, workers=workers,
            progress=False, allow_empty=allow_empty, executor=executor, address=address)
        ref = f"{version.dataset.name}@{version.number}"
        return CorpusRun(ref, report, self.dataset(ref))

    def corpus_run_files(self, recipe: str | Path, source: str | Path, output: str | Path, *,
                         workers: int = 1, fmt: OutputFormat = "jsonl.gz",
                         rejects: bool = False, executor: Executor = "local",
                         address: str | None = None, overwrite: bool = False,
                         allow_empty: bool = False) -> CorpusRun:
        """Run ``recipe`` over shard files into folder ``output``, as ``jingshu corpus run
        RECIPE --input PATH --output FOLDER`` (local files: no catalog rights involved)."""
        loaded = load_recipe(recipe, resolve=local_resolver(lambda: self.platform))
        report = run_files(loaded, source, output, workers=workers, fmt=fmt,
                           write_rejects=rejects, progress=False, executor=executor,
                           address=address, overwrite=overwrite, allow_empty=allow_empty)
        return CorpusRun(str(output), report)

    # annotation ----------------------------------------------------------------------

    def create_project(self, ref: str, name: str, *, labels: list[str] | None = None,
                       kind: str = "single", schema: Mapping[str, Any] | None = None,
                       grant: str | None = None, **options: Any) -> ProjectView:
        """An annotation project over the rows of ``ref``, as ``jingshu annotate create``.

        Args:
            labels: The labels of a ``single`` or ``multi`` choice schema ...
            kind: ... of this kind; or give the whole ``schema``.
            grant: Over another organization's conditional data: the acting user's
                annotate grant it is made under.
            options: Other :class:`~jingshu.annotate.projects.ProjectSpec` fields
                (title, instructions, overlap, gold, cost_per_answer ...).
        """
        return new_project(self, ref, project_spec(name, labels, kind, schema, options), grant)

    def dcat(self, base_url: str | None = None) -> dict[str, Any]:
        """The catalog as DCAT-AP JSON-LD, as ``GET /api/v1/catalog/dcat`` gives it: each
        version's stored quality profile as DQV measurements on its distribution, row
        content only where the user may download (``base_url``: ``http://BIND`` when None).
        """
        return linked.dcat_of(self, base_url)

    def queue_label_errors(self, *, project: str | None = None, dataset: str | None = None,
                           audit: str = "mv", against: str = "ds", top: int = 20,
                           to_review: int | None = None, task: str = "task",
                           worker: str = "worker", label: str = "label") -> JobOut:
        """Queue ``jingshu label-errors --queue`` for a ``project`` or a ``dataset``
        version of answers (``NAME[@V]``, columns ``task``/``worker``/``label``); the job,
        whose ``result`` :meth:`job` gives once a worker ran it."""
        return facade_jobs.queue_label_errors(self, LabelErrorsRequest(
            project=project, dataset=dataset, task=task, worker=worker, label=label,
            audit=audit, against=against, top=top, to_review=to_review))

    def job(self, job_id: int) -> JobOut:
        """Job ``job_id``: state, progress, and its ``result`` once done (its creator's)."""
        return facade_jobs.job_of(self, job_id)

    def project(self, name: str) -> ProjectView:
        """Project ``name``: ``status()``, ``export(...)``, ``close()``."""
        return ProjectView(self, name)

    # conditional opening -------------------------------------------------------------

    def agreements(self, name: str) -> dict[str, tuple[int, str] | None]:
        """Dataset ``name``'s current security commitment and use agreement:
        ``{"commitment": (version, text), "use": ...}`` (None where none is written)."""
        with self.platform.session() as s:
            found = current_agreements(s, get_dataset(s, name))
            return {k.value: (a.version, a.text) if a else None for k, a in found.items()}

    def set_agreement(self, name: str, kind: str, text: str) -> int:
        """Publish a new version of ``commitment`` or ``use`` text, as ``jingshu grant
        agreement``; its version number."""
        return write_agreement(self, name, kind, text)

    def apply(self, name: str, *, purpose: str, scenario: str, duration_days: int,
              commitment_version: int, use_version: int, organization: str = "",
              fields: list[str] | None = None) -> RequestInfo:
        """Apply for conditional dataset ``name``, accepting these agreement versions
        (see :meth:`agreements`); needs a user. ``organization`` defaults to the title of
        the applicant's registered organization."""
        return submit(self, name, Application(
            organization=organization, purpose=purpose, scenario=scenario,
            duration_days=duration_days, commitment_version=commitment_version,
            use_version=use_version, fields=list(fields or [])))

    def requests(self, status: str | None = None, *, to_review: bool = False
                 ) -> list[RequestInfo]:
        """Applications: the user's own, or (``to_review``) those they review; the
        operator's: all, as ``jingshu grant requests``."""
        with self.platform.session() as s:
            return [RequestInfo.of(r)
                    for r in visible_requests(s, self.actor(s), status, to_review)]

    def approve(self, request_id: int, *, quota: int = 3, days: int | None = None,
                fields: list[str] | None = None, annotate: bool = False) -> GrantInfo:
        """Approve an application, as ``jingshu grant approve``; the new grant."""
        made = review(self, request_id, "approve", terms=GrantTerms(
            quota=quota, days=days, fields=fields, annotate=annotate))
        assert made is not None
        return made

    def reject(self, request_id: int, reason: str) -> None:
        """Reject an application with a reason, as ``jingshu grant reject``."""
        review(self, request_id, "reject", note=reason)

    def ask_changes(self, request_id: int, note: str) -> None:
        """Send an application back for changes, as ``jingshu grant changes``."""
        review(self, request_id, "changes", note=note)

    def grants(self, *, issued: bool = False) -> list[GrantInfo]:
        """Grants: the user's own, or (``issued``) those on their organization's
        datasets; the operator's: all, as ``jingshu grant list``."""
        with self.platform.session() as s:
            return [GrantInfo.of(g) for g in visible_grants(s, self.actor(s), issued)]

    def grant(self, grant_id: str) -> GrantView:
        """Grant ``grant_id``: ``info()``, ``download(path)``, ``to_pandas()``."""
        return GrantView(self, grant_id)

    def revoke(self, grant_id: str, reason: str) -> None:
        """Revoke a grant at once, as ``jingshu grant revoke``."""
        revoke_grant(self, grant_id, reason)

    def verify_audit(self) -> tuple[int, ChainProblem | None]:
        """Check every audit entry's hash and link and the anchored head, as ``jingshu
        audit verify``: ``(entries, None)`` when intact, else the first problem."""
        return catalog.verify_audit(self)

    def trace(self, path: str | Path, *, alpha: float = ALPHA) -> TraceResult:
        """Name the holder and grant of leaked file ``path``, as ``jingshu watermark
        trace``: ``verdict``, ``message``, ``findings`` (among the grants on the acting
        user's organization's datasets; administrators and the operator: all)."""
        return trace_leak(self, path, alpha)


def _existing(s: Session, name: str) -> Dataset | None:
    try:
        return get_dataset(s, name)
    except NotFoundError:
        return None


def connect(user: str | None = None, **overrides: str) -> Client:
    """Open the platform (settings from ``JINGSHU_*``, overridden by keywords) as ``user``.

    Example::

        import jingshu
        js = jingshu.connect(home="/tmp/jingshu-demo")               # the operator
        alice = jingshu.connect(home="/tmp/jingshu-demo", user="alice")
    """
    platform = queue_profiles_on_publish(Platform(load_settings(None, **overrides)))
    try:
        return Client(platform, user)
    except BaseException:  # an unknown or deactivated user: leave nothing open
        platform.close()
        raise
