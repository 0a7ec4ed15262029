"""Bodies of /projects: projects, items handed out, answers, reviews, quality."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from jingshu.annotate.access import shown
from jingshu.annotate.annotator_qc import AnnotatorStats
from jingshu.annotate.assignment import Assignment
from jingshu.annotate.models import AnnotationProject, Answer
from jingshu.annotate.projects import ProjectProgress, ProjectSpec
from jingshu.annotate.schema import LabelSchema

__all__ = [
    "AnnotatorOut",
    "AnswerIn",
    "AnswerOut",
    "AssignmentOut",
    "ProjectIn",
    "ProjectOut",
    "ReviewIn",
    "SkipIn",
    "SubmittedOut",
]


class ProjectIn(ProjectSpec):
    """A new project over ``dataset`` (``NAME`` or ``NAME@VERSION``); over another
    organization's data that is not unconditional, ``grant`` names the caller's annotate
    grant on it. The other fields are :class:`~jingshu.annotate.projects.ProjectSpec`'s;
    an empty ``title`` means the name."""

    title: str = ""
    dataset: str
    grant: str | None = None

    def to_spec(self) -> ProjectSpec:
        return ProjectSpec(**self.model_dump(exclude={"dataset", "grant"}))


class ProjectOut(BaseModel):
    name: str
    title: str
    state: str
    label_schema: dict[str, Any]
    instructions: str
    examples: list[dict[str, Any]]
    overlap: int
    max_overlap: int
    lease_seconds: int
    items: int
    done: int
    answers: int
    percent: float
    open_leases: int
    members: int
    cost: float
    alpha: float | None = None
    grant: str | None = Field(None, description="the annotate grant the project was made "
                              "under (over another organization's data)")

    @classmethod
    def of(cls, p: AnnotationProject, progress: ProjectProgress,
           alpha: float | None = None) -> ProjectOut:
        return cls(name=p.name, title=p.title, state=p.state.value, label_schema=p.label_schema,
                   instructions=p.instructions, examples=p.examples, overlap=p.overlap,
                   max_overlap=p.max_overlap, lease_seconds=p.lease_seconds,
                   items=progress.items, done=progress.done, answers=progress.answers,
                   percent=round(progress.percent, 1), open_leases=progress.open_leases,
                   members=progress.members, cost=progress.cost, alpha=alpha,
                   grant=p.grant_id)


class AssignmentOut(BaseModel):
    lease_id: int
    row_key: str
    data: dict[str, Any]
    expires_at: datetime

    @classmethod
    def of(cls, a: Assignment) -> AssignmentOut:
        return cls(lease_id=a.lease_id, row_key=a.row_key, data=a.data, expires_at=a.expires_at)


class AnswerIn(BaseModel):
    lease_id: int
    value: Any
    seconds: float = Field(0.0, description="time spent (0: the server measures it); "
                           "refused when negative or longer than the lease")


class SkipIn(BaseModel):
    lease_id: int
    reason: str


class SubmittedOut(BaseModel):
    answer_id: int
    item_done: bool
    member_state: str


class AnswerOut(BaseModel):
    id: int
    row_key: str
    data: dict[str, Any]
    annotator: str
    value: Any
    state: str
    is_gold: bool
    seconds: float
    review_reason: str

    @classmethod
    def of(cls, a: Answer, schema: LabelSchema) -> AnswerOut:
        """``a`` with only the columns ``schema`` shows of its row."""
        return cls(id=a.id, row_key=a.item.row_key, data=shown(schema, a.item.data),
                   annotator=a.annotator,
                   value=a.value, state=a.state.value, is_gold=a.is_gold, seconds=a.seconds,
                   review_reason=a.review_reason)


class ReviewIn(BaseModel):
    accept: bool
    reason: str = ""


class AnnotatorOut(BaseModel):
    annotator: str
    state: str
    answers: int
    gold_seen: int
    gold_accuracy: float | None
    agreement: float | None
    median_seconds: float | None
    cost: float

    @classmethod
    def of(cls, s: AnnotatorStats) -> AnnotatorOut:
        return cls(**s.__dict__)
