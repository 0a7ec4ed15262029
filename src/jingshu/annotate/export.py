"""Aggregated labels out (a catalog version, JSONL, Label Studio JSON, a Hugging Face folder)
and Label Studio tasks in.

Labels of the single-label kinds (single, relation, image classification) are inferred
over the whole project with the default aggregator (``METHODS[DEFAULT_METHOD]``), seeded by
the gold items; the other kinds use the per-item consensus of
:mod:`jingshu.annotate.consensus`. Every exported row is the source row plus
``label``, ``label_confidence``, ``label_answers`` and ``label_done``. The ``answers``
format is every counted answer as given, one JSON line each (row key, annotator, value,
seconds), beside the consensus: polygons, segments and transcripts per annotator.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.accounts.models import Organization
from jingshu.annotate.access import may_hold_rows
from jingshu.annotate.aggregate import DEFAULT_METHOD, METHODS, Answers
from jingshu.annotate.labelstudio import to_results
from jingshu.annotate.models import COUNTED_STATES, AnnotationProject, Answer, Item
from jingshu.annotate.projects import schema_of
from jingshu.annotate.schema import (
    ImageClassSchema,
    ImageTextSchema,
    LabelSchema,
    MultiLabelSchema,
    RatingSchema,
    RelationSchema,
    SingleLabelSchema,
    TextSchema,
    TranscriptionSchema,
)
from jingshu.audit import record
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.rules import check_protected, protection_of
from jingshu.catalog.service import DatasetSpec, create_dataset, get_dataset, publish_version
from jingshu.errors import ConflictError, InputError, NotFoundError
from jingshu.store import DatasetStore, Provenance

__all__ = [
    "LABEL_COLUMNS",
    "LABEL_FORMATS",
    "LabeledRow",
    "final_labels",
    "label_target",
    "publish_labels",
    "record_label_download",
    "write_answers",
    "write_hf",
    "write_jsonl",
    "write_labelstudio",
]

LABEL_COLUMNS = ("label", "label_confidence", "label_answers", "label_done")

LABEL_FORMATS = ("catalog", "jsonl", "labelstudio", "hf", "answers")
"""Where a project's labels go: a new catalog version, or a JSON lines file, Label Studio
tasks, a Hugging Face folder, every answer per annotator as JSON lines (``jingshu annotate
export`` and the Python facade)."""


@dataclass(frozen=True)
class LabeledRow:
    row_key: str
    row: dict[str, Any]
    label: Any
    confidence: float
    answers: int
    done: bool


def _answers(session: Session, project: AnnotationProject) -> list[tuple[Answer, Item]]:
    return list(session.execute(
        select(Answer, Item).join(Item, Item.id == Answer.item_id)
        .where(Answer.project_id == project.id, Answer.state.in_(COUNTED_STATES))
        .order_by(Answer.id)).tuples())


def _dawid_skene(schema: LabelSchema,
                 rows: list[tuple[Answer, Item]]) -> dict[str, tuple[Any, float]]:
    if not rows:
        return {}
    answers = Answers.from_lists([i.row_key for _, i in rows], [a.annotator for a, _ in rows],
                                 [a.value for a, _ in rows], classes=list(schema.labels))  # type: ignore[union-attr]
    gold: dict[Hashable, Hashable] = {i.row_key: i.gold_answer for _, i in rows if i.is_gold}
    result = METHODS[DEFAULT_METHOD]().fit(answers, gold=gold)
    return {str(t.task): (t.label, t.confidence) for t in result.rows()}


def final_labels(session: Session, project: AnnotationProject) -> list[LabeledRow]:
    """One row per non-gold item that has at least one counted answer."""
    schema = schema_of(project)
    rows = _answers(session, project)
    inferred: dict[str, tuple[Any, float]] = {}
    if isinstance(schema, SingleLabelSchema | RelationSchema | ImageClassSchema):
        inferred = _dawid_skene(schema, rows)
    items = session.scalars(select(Item).where(Item.project_id == project.id,
                                               Item.is_gold.is_(False), Item.answers > 0)
                            .order_by(Item.id))
    out = []
    for item in items:
        label, conf = inferred.get(item.row_key, (item.label, item.label_confidence or 0.0))
        out.append(LabeledRow(item.row_key, dict(item.data), label, round(float(conf), 6),
                              item.answers, item.done))
    return out


def _label_type(schema: LabelSchema) -> pa.DataType:
    if isinstance(schema, MultiLabelSchema):
        return pa.list_(pa.string())
    if isinstance(schema, RatingSchema) or (isinstance(schema, ImageTextSchema)
                                            and not schema.labels):
        return pa.float64()
    return pa.string()


_PLAIN_TEXT = (SingleLabelSchema, RelationSchema, ImageClassSchema, TextSchema,
               TranscriptionSchema, ImageTextSchema)
"""Kinds whose string label is written as is; other string labels are JSON (regions)."""


def _base(r: LabeledRow, with_rows: bool) -> dict[str, Any]:
    """The source row without label columns, or only its key (labels without the rows)."""
    if not with_rows:
        return {"row_key": r.row_key}
    return {k: v for k, v in r.row.items() if k not in LABEL_COLUMNS}


def _table(schema: LabelSchema, rows: list[LabeledRow], with_rows: bool = True) -> pa.Table:
    json_label = _label_type(schema) == pa.string() and not isinstance(schema, _PLAIN_TEXT)
    records = []
    for r in rows:
        base = _base(r, with_rows)
        label = json.dumps(r.label, ensure_ascii=False) if json_label else r.label
        records.append(base | {"label": label, "label_confidence": r.confidence,
                               "label_answers": r.answers, "label_done": r.done})
    if not records:
        raise InputError("the project has no answered items yet", hint="label some items first")
    table = pa.Table.from_pylist(records)
    index = table.schema.get_field_index("label")
    return table.set_column(index, "label", table.column("label").cast(_label_type(schema)))


def label_target(session: Session, project: AnnotationProject,
                 dataset: str | None = None) -> tuple[str, Dataset | None]:
    """The name labels are exported into (default ``<project>-labels``) and that dataset,
    or ``None`` when it does not exist yet (the caller authorizes writing into it)."""
    name = dataset or f"{project.name}-labels"
    try:
        return name, get_dataset(session, name)
    except NotFoundError:
        return name, None


def _new_target(session: Session, project: AnnotationProject, source: DatasetVersion,
                name: str, actor: str) -> Dataset:
    """A target owned by the project's organization, at least as protected as the source."""
    spec = DatasetSpec.of(source.dataset)
    owner = session.get(Organization, project.organization_id) if project.organization_id else None
    least = protection_of([source.dataset])
    return create_dataset(session, DatasetSpec(
        name=name, title=f"{project.title}（标注结果）", description=(
            f"Labels from annotation project {project.name} over "
            f"{source.dataset.name}@{source.number}."),
        organization=owner.name if owner is not None else None, license=spec.license,
        languages=spec.languages, modality=spec.modality, open_tier=least.open_tier,
        grade=least.grade, sensitivity=least.sensitivity), actor=actor)


def _check_same_schema(store: DatasetStore, project: AnnotationProject, target: Dataset,
                       table: pa.Table) -> None:
    """Appending never changes a dataset's columns: refuse a table whose schema differs."""
    if not target.versions:
        return
    latest = target.versions[-1]
    stored = store.open(latest.location)
    if not stored.manifest.shards:
        return
    old = stored.schema()
    if old.equals(table.schema, check_metadata=False):
        return
    had = {f.name: str(f.type) for f in old}
    new = {f.name: str(f.type) for f in table.schema}
    diff = sorted(n for n in had.keys() | new.keys() if had.get(n) != new.get(n))
    raise ConflictError(
        f"labels of project {project.name!r} have columns that differ from "
        f"{target.name}@{latest.number}: "
        + ", ".join(f"{n} ({had.get(n, 'absent')} → {new.get(n, 'absent')})" for n in diff),
        hint="export into a new dataset (?dataset=NAME) instead of changing this one's schema")


def publish_labels(session: Session, store: DatasetStore, project: AnnotationProject, *,
                   actor: str, dataset: str | None = None) -> DatasetVersion:
    """The aggregated labels as the next version of ``dataset`` (default ``<project>-labels``),
    with lineage to the project's source version.

    A new target is created for the project's organization at the source's protection
    (:func:`~jingshu.catalog.rules.protection_of`); an existing one must be at least as
    protected (``RuleViolation``) and keep its columns (``ConflictError``). The rows
    carry the source's columns only where the target's organization may hold them
    (:func:`~jingshu.annotate.access.may_hold_rows`); otherwise ``row_key`` and the
    labels. Who may write into the target is the caller's policy (web: edit rights).
    """
    source = session.get_one(DatasetVersion, project.source_version_id)
    name, target = label_target(session, project, dataset)
    if target is None:
        target = _new_target(session, project, source, name, actor)
    check_protected(target, [source.dataset])
    with_rows = may_hold_rows(source.dataset, target.organization_id)
    table = _table(schema_of(project), final_labels(session, project), with_rows)
    _check_same_schema(store, project, target, table)
    made_by = Provenance(kind="annotation", source=f"project:{project.name}",
                         detail=(("project_id", str(project.id)),
                                 ("kind", schema_of(project).kind)))
    version = publish_version(session, store, target, table.to_batches(), creator=actor,
                              made_by=made_by, parents=[source], schema=table.schema)
    record(session, actor, "project.export", f"project:{project.name}",
           {"dataset": f"{name}@{version.number}", "rows": version.rows,
            "with_rows": with_rows})
    return version


def write_jsonl(session: Session, project: AnnotationProject, out: str, *,
                with_rows: bool = True) -> int:
    """Aggregated labels as JSON lines (with the source rows, or only their keys);
    returns the rows written."""
    rows = final_labels(session, project)
    with Path(out).open("w", encoding="utf-8") as f:
        for r in rows:
            labels = {"label": r.label, "label_confidence": r.confidence,
                      "label_answers": r.answers, "label_done": r.done}
            f.write(json.dumps(_base(r, with_rows) | labels, ensure_ascii=False,
                               default=str) + "\n")
    return len(rows)


def write_answers(session: Session, project: AnnotationProject, out: str) -> int:
    """Every counted non-gold answer as a JSON line: ``row_key``, ``annotator``, ``value``
    (as stored: polygons, segments, transcripts as drawn or typed), ``seconds`` and
    ``submitted_at``; returns the lines written. No row data: keys only."""
    n = 0
    with Path(out).open("w", encoding="utf-8") as f:
        for answer, item in _answers(session, project):
            if item.is_gold:
                continue
            f.write(json.dumps({"row_key": item.row_key, "annotator": answer.annotator,
                                "value": answer.value, "seconds": round(answer.seconds, 3),
                                "submitted_at": answer.submitted_at.isoformat()},
                               ensure_ascii=False) + "\n")
            n += 1
    return n


def write_labelstudio(session: Session, project: AnnotationProject, out: str) -> int:
    """Label Studio tasks: every answer as an annotation, the label as a prediction."""
    schema = schema_of(project)
    by_item: dict[int, list[Answer]] = {}
    for answer, _ in _answers(session, project):
        by_item.setdefault(answer.item_id, []).append(answer)
    labels = {r.row_key: r for r in final_labels(session, project)}
    tasks = []
    for item in session.scalars(select(Item).where(Item.project_id == project.id,
                                                   Item.is_gold.is_(False)).order_by(Item.id)):
        task: dict[str, Any] = {"id": item.id, "data": item.data, "annotations": [
            {"id": a.id, "completed_by": a.annotator, "lead_time": a.seconds,
             "result": to_results(schema, a.value, item.data)} for a in by_item.get(item.id, [])]}
        if item.row_key in labels:
            final = labels[item.row_key]
            task["predictions"] = [{"model_version": "jingshu", "score": final.confidence,
                                    "result": to_results(schema, final.label, item.data)}]
        tasks.append(task)
    Path(out).write_text(json.dumps(tasks, ensure_ascii=False, indent=1, default=str), "utf-8")
    return len(tasks)


def write_hf(session: Session, project: AnnotationProject, out_dir: str) -> int:
    """A folder ``datasets.load_dataset(out_dir)`` reads: ``data/train-*.parquet`` + card."""
    folder = Path(out_dir)
    if folder.exists() and any(folder.iterdir()):
        raise InputError(f"{out_dir}: folder exists and is not empty",
                         hint="choose a new folder or remove the old export first")
    table = _table(schema_of(project), final_labels(session, project))
    (folder / "data").mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / "data" / "train-00000-of-00001.parquet")
    card = ("---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n"
            "    path: data/train-*.parquet\n---\n\n"
            f"# {project.title}\n\nLabels from jingshu annotation project `{project.name}`.\n")
    (folder / "README.md").write_text(card, "utf-8")
    return int(table.num_rows)


def record_label_download(session: Session, project: AnnotationProject, actor: str,
                          fmt: str) -> None:
    """Audit that ``actor`` took the project's labels out as a file."""
    record(session, actor, "project.download", f"project:{project.name}", {"format": fmt})
