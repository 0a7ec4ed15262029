"""Creating an annotation project in the portal: a schema editor, templates and a preview.

=========================================  ============================================
``GET /projects/new[?template=T]``         publisher or admin: the form, optionally
                                           filled from a template (topic, sentiment,
                                           ner, qa_rating, image_text, asr)
``POST /projects/new``                     the same: create, or the form again with
                                           each error beside its field
=========================================  ============================================

The datasets offered are those :meth:`AnnotationPolicy.create` lets the viewer use
(their organization's, unconditional ones, or one of theirs under an active annotate
grant: :func:`jingshu.annotate.access.annotate_grant_refusal`), and the posted choice is
checked again by the same policy. Validation is the API's: the label schema
(:func:`~jingshu.annotate.schema.schema_errors`), :class:`ProjectSpec` and
:func:`create_project`; the page only places each error beside the field it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from jingshu.accounts.service import check_name
from jingshu.annotate.projects import ProjectSpec, create_project
from jingshu.annotate.schema import KINDS, schema_errors
from jingshu.catalog.models import Dataset
from jingshu.catalog.service import get_version, list_datasets
from jingshu.circulation.grants import list_grants
from jingshu.circulation.models import Grant
from jingshu.errors import ConflictError, InputError, RuleViolation
from jingshu.web.deps import DbSession, PlatformDep, Principal, Viewer, Who
from jingshu.web.pages.i18n import language_of, t
from jingshu.web.pages.render import render
from jingshu.web.policies import authorize
from jingshu.web.policies.annotate import AnnotationPolicy

__all__ = ["TEMPLATES", "DatasetChoice", "ProjectForm", "annotatable", "router"]

router = APIRouter(include_in_schema=False)
_LOCALIZED = {"labels": "ann.new.labels_needed", "max": "ann.new.max_above_min",
              "step": "ann.new.step_positive"}
_NUMBERS = {"min": float, "max": float, "step": float, "max_length": int, "min_labels": int,
            "overlap": int}


@dataclass(frozen=True)
class ProjectForm:
    """The form's fields, as strings (what the browser posts)."""

    name: str = ""
    title: str = ""
    dataset: str = ""
    kind: str = "single"
    labels: str = ""
    field: str = "text"
    second_field: str = ""
    min: str = "1"
    max: str = "5"
    step: str = "1"
    max_length: str = "2000"
    min_labels: str = "0"
    allow_nested: str = ""
    duration_field: str = "duration_s"
    instructions: str = ""
    overlap: str = "3"

    @classmethod
    def parse(cls, form: Mapping[str, str]) -> ProjectForm:
        return cls(**{f.name: str(form.get(f.name, "")).strip() for f in fields(cls)})

    def label_list(self) -> list[str]:
        """Labels one per line (or separated by commas, 、 or ，)."""
        text = self.labels.replace("，", "\n").replace("、", "\n").replace(",", "\n")
        return [x.strip() for x in text.splitlines() if x.strip()]

    def numbers(self, lang: str) -> tuple[dict[str, float | int], dict[str, str]]:
        """The numeric fields the kind uses, parsed (blank: the default), and an error per
        field that is not a number."""
        out: dict[str, float | int] = {}
        errors = {}
        used = {"rating": ("min", "max", "step"), "multi": ("min_labels",),
                "text": ("max_length",), "transcription": ("max_length",),
                "image_text": () if self.label_list() else ("min", "max", "step"),
                }.get(self.kind, ())
        for key in ("overlap", *used):
            kind = _NUMBERS[key]
            try:
                out[key] = kind(getattr(self, key) or getattr(ProjectForm, key))
            except ValueError:
                errors[key] = t("ann.new.not_int" if kind is int else "ann.new.not_number", lang)
        return out, errors

    def label_schema(self, numbers: Mapping[str, float | int]) -> dict[str, Any]:
        """The schema's JSON form for the chosen kind (only the keys that kind has)."""
        schema: dict[str, Any] = {"kind": self.kind, "field": self.field}
        if self.kind in ("single", "multi", "spans", "relation", "image_class", "boxes",
                         "polygons", "audio_segments") or (self.kind == "image_text"
                                                           and self.label_list()):
            schema["labels"] = self.label_list()
        if self.kind == "relation" or (self.kind in ("rating", "image_text")
                                       and self.second_field):
            schema["second_field"] = self.second_field
        if self.kind == "audio_segments" and self.duration_field:
            schema["duration_field"] = self.duration_field
        if self.kind == "multi" and "min_labels" in numbers:
            schema["min_labels"] = numbers["min_labels"]
        if self.kind == "spans":
            schema["allow_nested"] = bool(self.allow_nested)
        if self.kind in ("text", "transcription") and "max_length" in numbers:
            schema["max_length"] = numbers["max_length"]
        if self.kind in ("rating", "image_text"):
            schema |= {k: numbers[k] for k in ("min", "max", "step") if k in numbers}
        return schema


TEMPLATES: dict[str, ProjectForm] = {
    "topic": ProjectForm(title="新闻主题分类", kind="single",
                         labels="时政\n财经\n科技\n体育\n娱乐\n教育\n健康\n其他",
                         instructions="阅读文本，选择**最贴切的一个**主题；都不合适时选“其他”。"),
    "sentiment": ProjectForm(title="评论情感", kind="single", labels="正面\n负面\n中性",
                             instructions="判断文本作者的情感倾向：褒扬为**正面**，批评或不满为"
                                          "**负面**，只陈述事实为**中性**。"),
    "ner": ProjectForm(title="命名实体", kind="spans", labels="人名\n地名\n机构名",
                       instructions="用鼠标或 Shift+方向键选中实体，再按数字键给它标签。"
                                    "只标专名，不标代词。"),
    "qa_rating": ProjectForm(title="问答对评分", kind="rating", field="question",
                             second_field="answer", min="1", max="5", step="1",
                             instructions="阅读问题与回答，按 1（答非所问或有害）到 5（准确、完整、"
                                          "通顺）给回答打分。"),
    "image_text": ProjectForm(title="图文匹配", kind="image_text", field="image_sha256",
                              second_field="caption", labels="匹配\n部分匹配\n不匹配",
                              instructions="看图片和说明：说明准确描述图片为**匹配**，只说对一部分为"
                                           "**部分匹配**，说的不是这张图为**不匹配**。按数字键选择。"),
    "asr": ProjectForm(title="语音转写", kind="transcription", field="audio_sha256",
                       instructions="听音频（空格播放/暂停，←/→ 跳转），逐字写下所说的话；"
                                    "听不清的字写成 ×。"),
}
"""Common Chinese tasks: topic, sentiment, named entities, question–answer rating,
image–text match, speech transcription."""


@dataclass(frozen=True)
class DatasetChoice:
    """A dataset the viewer may annotate, and the grant that allows it (if any)."""

    value: str
    dataset: Dataset
    grant: Grant | None = None


def annotatable(session: Session, who: Principal) -> list[DatasetChoice]:
    """Datasets with a version that :meth:`AnnotationPolicy.create` lets ``who`` use."""
    choices = [DatasetChoice(ds.name, ds) for ds in list_datasets(session)
               if ds.versions and AnnotationPolicy.create(ds)(who) is None]
    if who.user_id is not None:
        choices += [DatasetChoice(f"{g.dataset.name}|{g.id}", g.dataset, g)
                    for g in list_grants(session, user_id=who.user_id)
                    if g.annotate and g.dataset.versions
                    and AnnotationPolicy.create(g.dataset)(who) is not None
                    and AnnotationPolicy.create(g.dataset, g)(who) is None]
    return choices


def _may_create(who: Principal) -> str | None:
    if who.is_anonymous:
        return "sign in to create an annotation project"
    return None


def _create(session: Session, who: Principal, platform: PlatformDep, form: ProjectForm,
            choice: DatasetChoice, lang: str) -> dict[str, str]:
    """Create the project; the errors by field when it cannot be."""
    numbers, errors = form.numbers(lang)
    schema = form.label_schema(numbers)
    found = schema_errors(schema)
    for key, message_key in _LOCALIZED.items():  # the usual ones in the viewer's language
        if key in found:
            found[key] = t(message_key, lang, n=1 if form.kind in (
                "spans", "boxes", "polygons", "audio_segments") else 2)
    errors = found | errors
    try:
        check_name("project", form.name)
    except InputError:
        errors["name"] = t("ann.new.bad_name", lang)
    if errors:
        return errors
    spec = ProjectSpec(name=form.name, title=form.title, label_schema=schema,
                       instructions=form.instructions, overlap=int(numbers["overlap"]))
    try:
        spec.check()
    except InputError as exc:  # the form sets only overlap of the spec's numbers
        return {"overlap": exc.message}
    own = AnnotationPolicy.owns_dataset(who, choice.dataset)
    try:
        create_project(session, platform.store, get_version(session, choice.dataset.name),
                       spec, actor=who.username,
                       organization_id=None if own else who.organization_id,
                       grant=None if own else choice.grant)
    except ConflictError:
        return {"name": t("ann.new.name_taken", lang, name=form.name)}
    except RuleViolation as exc:
        return {"dataset": exc.message}
    except InputError as exc:
        key = "field" if "field" in exc.message and "column" in exc.message else "dataset"
        return {key: exc.message + (f" ({exc.hint})" if exc.hint else "")}
    session.commit()
    return {}


def _page(request: Request, who: Principal, session: Session, form: ProjectForm,
          errors: dict[str, str], status: int = 200) -> HTMLResponse:
    return render(request, "annotate/new.html", who=who, form=form, errors=errors,
                  choices=annotatable(session, who), kinds=KINDS, templates=TEMPLATES,
                  form_json=asdict(form), status=status)


async def _fields(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


@router.get("/projects/new", response_class=HTMLResponse)
def new_page(request: Request, session: DbSession, who: Viewer,
             template: str = "") -> HTMLResponse:
    authorize(who, _may_create)
    return _page(request, who, session, TEMPLATES.get(template, ProjectForm()), {})


@router.post("/projects/new", response_class=HTMLResponse, response_model=None)
def new_submit(request: Request, session: DbSession, who: Who, platform: PlatformDep,
               posted: Annotated[dict[str, str], Depends(_fields)]
               ) -> HTMLResponse | RedirectResponse:
    authorize(who, _may_create)
    lang = language_of(request)
    form = ProjectForm.parse(posted)
    choice = next((c for c in annotatable(session, who) if c.value == form.dataset), None)
    if choice is None:
        errors = {"dataset": t("ann.new.no_dataset", lang)}
        return _page(request, who, session, form, errors, 400)
    # the same check as the API, on the posted choice (the list above already applied it)
    authorize(who, AnnotationPolicy.create(choice.dataset, choice.grant))
    errors = _create(session, who, platform, form, choice, lang)
    if errors:
        session.rollback()
        return _page(request, who, session, form, errors, 400)
    return RedirectResponse(f"/projects/{form.name}", status_code=303)
