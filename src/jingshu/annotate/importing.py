"""Import Label Studio tasks (with their annotations) as a dataset version and a project.

The tasks' ``data`` become the rows of a new catalog dataset; the project is created
over that version; each annotation becomes a counted answer by the annotator
``ls:<completed_by>``, checked against the project's schema like any other answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.annotate.labelstudio import from_results
from jingshu.annotate.models import (
    AnnotationProject,
    Answer,
    Item,
    Lease,
    LeaseState,
    Member,
    MemberState,
)
from jingshu.annotate.projects import (
    ProjectSpec,
    create_project,
    get_member,
    schema_of,
    settle,
)
from jingshu.annotate.schema import check_answer
from jingshu.audit import record
from jingshu.catalog.service import DatasetSpec, create_dataset, publish_version
from jingshu.db.base import utcnow
from jingshu.errors import InputError
from jingshu.store import DatasetStore, Provenance

__all__ = ["import_labelstudio", "project_items", "read_tasks"]


def read_tasks(path: str) -> list[dict[str, Any]]:
    """The task list of a Label Studio JSON export."""
    try:
        tasks = json.loads(Path(path).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable Label Studio JSON export ({exc})",
                         hint="export from Label Studio with format JSON") from exc
    if not isinstance(tasks, list) or not all(isinstance(t, dict) and isinstance(
            t.get("data"), dict) for t in tasks):
        raise InputError(f"{path}: expected a list of tasks, each with a 'data' object")
    if not tasks:
        raise InputError(f"{path}: the export holds no tasks")
    return tasks


def _rows(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": str(t.get("id", i))} | {k: v for k, v in t["data"].items() if k != "id"}
            for i, t in enumerate(tasks)]


def import_labelstudio(session: Session, store: DatasetStore, path: str, *, dataset: str,
                       spec: ProjectSpec, actor: str) -> AnnotationProject:
    """Create dataset ``dataset`` from the tasks and project ``spec`` with their answers."""
    tasks = read_tasks(path)
    rows = _rows(tasks)
    target = create_dataset(session, DatasetSpec(name=dataset, title=spec.title or dataset),
                            actor=actor)
    version = publish_version(session, store, target, [pa.RecordBatch.from_pylist(rows)],
                              creator=actor, made_by=Provenance("import", Path(path).name))
    project = create_project(session, store, version, spec, actor=actor)
    items = {i.row_key: i for i in project_items(session, project)}
    schema = schema_of(project)
    imported = 0
    for n, (task, row) in enumerate(zip(tasks, rows, strict=True)):
        item = items[row["id"]]
        for annotation in task.get("annotations") or []:
            if annotation.get("was_cancelled"):
                continue
            who = f"ls:{annotation.get('completed_by', 'unknown')}"
            try:
                value = check_answer(schema, from_results(schema, annotation["result"]), row)
            except (InputError, KeyError, TypeError) as exc:
                raise InputError(f"{path}: task {n} (id {row['id']}): {exc}",
                                 hint="fix or drop that annotation and import again") from exc
            _add_answer(session, project, item, who, value, annotation)
            imported += 1
        if not item.is_gold and item.answers:
            item.needed = max(item.needed, item.answers)
            settle(session, project, item)
    record(session, actor, "project.import", f"project:{project.name}",
           {"file": Path(path).name, "tasks": len(tasks), "answers": imported})
    return project


def project_items(session: Session, project: AnnotationProject) -> list[Item]:
    return list(session.scalars(select(Item).where(Item.project_id == project.id)))


def _add_answer(session: Session, project: AnnotationProject, item: Item, who: str, value: Any,
                annotation: dict[str, Any]) -> None:
    if get_member(session, project, who) is None:
        session.add(Member(project_id=project.id, annotator=who, state=MemberState.ACTIVE))
    now = utcnow()
    lease = Lease(project_id=project.id, item_id=item.id, annotator=who,
                  state=LeaseState.SUBMITTED, leased_at=now, expires_at=now)
    session.add(lease)
    session.flush()
    session.add(Answer(project_id=project.id, item_id=item.id, lease_id=lease.id, annotator=who,
                       value=value, is_gold=item.is_gold,
                       seconds=float(annotation.get("lead_time") or 0.0), submitted_at=now))
    if not item.is_gold:
        item.answers += 1
        item.taken += 1
    session.flush()
