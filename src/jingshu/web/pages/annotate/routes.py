"""Portal pages of crowd annotation.

=========================================  ============================================
``GET /projects``                          signed in: projects (join, work, dashboard)
``POST /projects/{name}/join``             annotator: join (qualification may follow)
``GET|POST /projects/new``                 see :mod:`jingshu.web.pages.annotate.create`
``GET /projects/{name}/work``              member who may see the source's rows: the
                                           annotation workspace (JS over the JSON API:
                                           next, answers, skip)
``GET /projects/{name}``                   owner: dashboard (progress, alpha, annotators,
                                           cost, export)
``POST /projects/{name}/export``           owner who may edit the target: publish labels
                                           as a catalog version
``GET /projects/{name}/review``            owner who may see the rows: review queue
``POST /projects/{name}/review/{id}``      the same: accept, or reject with a reason
=========================================  ============================================

The same policies as the API (:class:`AnnotationPolicy`, which reads the dataset rules).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markdown_it import MarkdownIt

from jingshu.annotate.access import source_of
from jingshu.annotate.alpha import project_alpha
from jingshu.annotate.annotator_qc import annotator_stats, review_answer
from jingshu.annotate.export import label_target, publish_labels
from jingshu.annotate.projects import get_member, get_project, join_project, list_projects, progress
from jingshu.errors import PermissionDenied
from jingshu.web.deps import DbSession, PlatformDep, Viewer, Who
from jingshu.web.pages.annotate import create
from jingshu.web.pages.annotate.review import review_rows
from jingshu.web.pages.render import render
from jingshu.web.policies import authorize
from jingshu.web.policies.annotate import AnnotationPolicy

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
router.include_router(create.router)  # /projects/new before /projects/{name}
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/projects", response_class=HTMLResponse)
def projects_page(request: Request, session: DbSession, who: Viewer) -> HTMLResponse:
    authorize(who, AnnotationPolicy.list())
    rows = []
    for project in list_projects(session):
        member = get_member(session, project, who.username)
        can_join = member is None and AnnotationPolicy.join(
            project, *source_of(session, project))(who) is None
        rows.append({"project": project, "progress": progress(session, project),
                     "member": member, "can_join": can_join,
                     "owner": AnnotationPolicy.manage(project)(who) is None})
    may_create = not who.is_anonymous and bool(create.annotatable(session, who))
    return render(request, "annotate/projects.html", who=who, rows=rows, may_create=may_create)


@router.post("/projects/{name}/join")
def join_submit(name: str, session: DbSession, who: Who) -> RedirectResponse:
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.join(project, *source_of(session, project)))
    join_project(session, project, who.username, actor=who.username)
    session.commit()
    return _back(f"/projects/{name}/work")


@router.get("/projects/{name}/work", response_class=HTMLResponse)
def workspace(request: Request, name: str, session: DbSession, who: Viewer) -> HTMLResponse:
    project = get_project(session, name)
    member = get_member(session, project, who.username)
    authorize(who, AnnotationPolicy.work(project, member))
    authorize(who, AnnotationPolicy.see_rows(*source_of(session, project)))
    if member is None:
        raise PermissionDenied(f"you are not a member of project {name!r}",
                               hint="join the project from the projects page first")
    return render(request, "annotate/work.html", who=who, project=project, member=member,
                  instructions=_MARKDOWN.render(project.instructions),
                  progress=progress(session, project))


@router.get("/projects/{name}", response_class=HTMLResponse)
def dashboard(request: Request, name: str, session: DbSession, who: Viewer,
              exported: str = "") -> HTMLResponse:
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.manage(project))
    return render(request, "annotate/dashboard.html", who=who, project=project,
                  progress=progress(session, project), alpha=project_alpha(session, project),
                  annotators=annotator_stats(session, project), exported=exported)


@router.post("/projects/{name}/export")
def export_submit(name: str, session: DbSession, who: Who,
                  platform: PlatformDep) -> RedirectResponse:
    project = get_project(session, name)
    target_name, target = label_target(session, project)
    authorize(who, AnnotationPolicy.export(project, target))
    version = publish_labels(session, platform.store, project, actor=who.username,
                             dataset=target_name)
    session.commit()
    return _back(f"/projects/{name}?exported={version.dataset.name}@{version.number}")


@router.get("/projects/{name}/review", response_class=HTMLResponse)
def review_page(request: Request, name: str, session: DbSession, who: Viewer) -> HTMLResponse:
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.review(project, *source_of(session, project)))
    kind, rows = review_rows(session, project)
    return render(request, "annotate/review.html", who=who, project=project, rows=rows,
                  kind=kind)


@router.post("/projects/{name}/review/{answer_id}")
def review_submit(name: str, answer_id: int, session: DbSession, who: Who,
                  action: Annotated[str, Form()],
                  reason: Annotated[str, Form()] = "") -> RedirectResponse:
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.review(project, *source_of(session, project)))
    review_answer(session, project, answer_id, accept=action == "accept", reason=reason,
                  reviewer=who.username)
    session.commit()
    return _back(f"/projects/{name}/review")
