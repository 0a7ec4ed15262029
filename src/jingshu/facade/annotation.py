"""Annotation projects through the facade: create, follow, export labels, close.

The same use cases as ``jingshu annotate`` and the projects API, checked by
``AnnotationPolicy`` for the acting user (see :mod:`jingshu.web.policies.annotate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jingshu.annotate.access import source_of
from jingshu.annotate.alpha import project_alpha
from jingshu.annotate.annotator_qc import AnnotatorStats, annotator_stats
from jingshu.annotate.export import (
    LABEL_FORMATS,
    label_target,
    publish_labels,
    record_label_download,
    write_answers,
    write_hf,
    write_jsonl,
    write_labelstudio,
)
from jingshu.annotate.label_errors import LabelQuality
from jingshu.annotate.label_review import ReviewFill, project_label_quality, send_to_review
from jingshu.annotate.projects import (
    ProjectProgress,
    ProjectSpec,
    close_project,
    create_project,
    get_project,
    progress,
)
from jingshu.catalog.service import get_version, parse_ref
from jingshu.circulation import get_grant
from jingshu.errors import InputError
from jingshu.facade.datasets import DatasetView
from jingshu.web.policies.annotate import AnnotationPolicy

if TYPE_CHECKING:
    from jingshu.facade.client import Client

__all__ = ["ProjectStatus", "ProjectView", "new_project", "project_spec"]



@dataclass(frozen=True)
class ProjectStatus:
    """Progress, Krippendorff's alpha and the annotator table of a project."""

    name: str
    state: str
    progress: ProjectProgress
    alpha: float | None
    annotators: list[AnnotatorStats]


def new_project(client: Client, ref: str, spec: ProjectSpec, grant: str | None) -> ProjectView:
    """Create a project over the rows of ``ref`` (``NAME[@VERSION]``), as the API does."""
    with client.platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        made_under = get_grant(s, grant) if grant else None
        actor = client.actor(s)
        actor.allow(AnnotationPolicy.create(version.dataset, made_under))
        who = actor.principal
        own = who is None or AnnotationPolicy.owns_dataset(who, version.dataset)
        create_project(s, client.platform.store, version, spec, actor=actor.name,
                       organization_id=None if own or who is None else who.organization_id,
                       grant=None if own else made_under)
    return ProjectView(client, spec.name)


class ProjectView:
    """Annotation project ``name`` for the client's acting user."""

    def __init__(self, client: Client, name: str) -> None:
        self._client = client
        self.name = name

    def __repr__(self) -> str:
        return f"<ProjectView {self.name}>"

    def status(self) -> ProjectStatus:
        """What ``jingshu annotate status`` prints (the project's owners only)."""
        with self._client.platform.session() as s:
            project = get_project(s, self.name)
            self._client.actor(s).allow(AnnotationPolicy.manage(project))
            return ProjectStatus(self.name, project.state.value, progress(s, project),
                                 project_alpha(s, project), annotator_stats(s, project))

    def export(self, out: str | None = None, format: str = "catalog", *,
               dataset: str | None = None) -> DatasetView | int:
        """Export the aggregated labels, as ``jingshu annotate export``.

        Args:
            out: The file (jsonl, labelstudio, answers) or folder (hf) to write; not for
                catalog.
            format: ``catalog`` (a new version of ``dataset``, default ``NAME-labels``;
                returns its view), or ``jsonl``, ``labelstudio``, ``hf`` (returns the
                rows written), or ``answers`` (every answer per annotator as JSON lines:
                row key, annotator, value; returns the lines). Files carry the source's
                rows only for who may download them (JSON lines without them: keys and
                labels).
        """
        if format not in LABEL_FORMATS:
            raise InputError(f"label format {format!r} is not supported",
                             hint=f"use one of {', '.join(LABEL_FORMATS)}")
        if format == "catalog":
            return self._publish(dataset)
        if not out:
            raise InputError(f"format {format!r} needs out", hint="name a file, or a folder "
                             "for hf")
        with self._client.platform.session() as s:
            project = get_project(s, self.name)
            actor = self._client.actor(s)
            actor.allow(AnnotationPolicy.manage(project))
            with_rows = AnnotationPolicy.labels_with_rows(source_of(s, project)[0])
            if format == "jsonl":
                rows = write_jsonl(s, project, out, with_rows=actor.may(with_rows))
            elif format == "answers":  # row keys only, never rows
                rows = write_answers(s, project, out)
            else:  # Label Studio tasks and the hf folder hold the rows
                actor.allow(with_rows)
                rows = (write_labelstudio if format == "labelstudio" else write_hf)(
                    s, project, out)
            record_label_download(s, project, actor.name, format)
        return rows

    def _publish(self, dataset: str | None) -> DatasetView:
        with self._client.platform.session() as s:
            project = get_project(s, self.name)
            target_name, target = label_target(s, project, dataset)
            actor = self._client.actor(s)
            actor.allow(AnnotationPolicy.export(project, target))
            version = publish_labels(s, self._client.platform.store, project, actor=actor.name,
                                     dataset=target_name)
            ref = f"{version.dataset.name}@{version.number}"
        return self._client.dataset(ref)

    def label_errors(self, *, audit: str = "mv", against: str = "ds",
                     top: int = 20) -> LabelQuality:
        """Agreement and the ``top`` label-error candidates, as ``jingshu label-errors
        --project`` (who may review the project: ``AnnotationPolicy.review``)."""
        with self._client.platform.session() as s:
            project = get_project(s, self.name)
            self._client.actor(s).allow(AnnotationPolicy.review(project, *source_of(s, project)))
            return project_label_quality(s, project, audit=audit, against=against, top=top)

    def send_to_review(self, k: int, *, audit: str = "mv", against: str = "ds") -> ReviewFill:
        """Put the answers of the ``k`` most suspect items first in the review queue, as
        ``jingshu label-errors --project NAME --to-review K``."""
        with self._client.platform.session() as s:
            project = get_project(s, self.name)
            actor = self._client.actor(s)
            actor.allow(AnnotationPolicy.review(project, *source_of(s, project)))
            filled = send_to_review(s, project, k, actor=actor.name, audit=audit,
                                    against=against)
            return filled

    def close(self) -> None:
        """Hand out no more items (the project's owners only)."""
        with self._client.platform.session() as s:
            project = get_project(s, self.name)
            actor = self._client.actor(s)
            actor.allow(AnnotationPolicy.manage(project))
            close_project(s, project, actor=actor.name)


def project_spec(name: str, labels: list[str] | None, kind: str,
                 schema: Mapping[str, Any] | None, options: dict[str, Any]) -> ProjectSpec:
    """A :class:`ProjectSpec` from the facade's keywords (``labels`` or a full ``schema``)."""
    if schema is None:  # the schema's own checks name what is missing
        schema = {"kind": kind, **({"labels": list(labels)} if labels else {})}
    options.setdefault("title", name)
    return ProjectSpec(name=name, label_schema=dict(schema), **options)
