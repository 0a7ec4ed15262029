"""Portal quality tab: ``GET /datasets/{name}/quality?version=N``.

Everyone who may see the dataset's metadata sees its profile (view policy); frequent
values, repeated lines and string minima/maxima are row content and follow the download
policy, as the preview does.

A version whose profile job (queued when it was published) is still queued or running
shows that job's state and progress instead of profiling during the request; with no
such job (an older version, a failed job) the profile is computed now, as before.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from jingshu.catalog.quality import dictionary_checks, version_profile
from jingshu.catalog.service import get_dataset, get_version, open_version
from jingshu.jobs.models import JobStatus
from jingshu.jobs.profile_jobs import profile_job_of
from jingshu.jobs.schemas import job_summary
from jingshu.profiles import load_profile
from jingshu.web.deps import DbSession, PlatformDep, Viewer
from jingshu.web.pages.quality.views import QualityView
from jingshu.web.pages.render import render
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/datasets/{name}/quality", response_class=HTMLResponse)
def quality_page(request: Request, name: str, session: DbSession, who: Viewer,
                 platform: PlatformDep, version: int | None = Query(None, ge=1)) -> HTMLResponse:
    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.view(dataset))
    if not dataset.versions:
        return render(request, "quality/page.html", who=who, dataset=dataset, number=None,
                      view=None)
    chosen = get_version(session, name, version)
    if load_profile(open_version(platform.store, chosen)) is None:
        job = profile_job_of(session, chosen.id)
        if job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
            return render(request, "quality/page.html", who=who, dataset=dataset,
                          number=chosen.number, view=None, pending=job_summary(job))
    profile = version_profile(platform.store, chosen)
    if DatasetPolicy.download(dataset)(who) is not None:
        profile = profile.without_row_content()
    view = QualityView.of(profile, dictionary_checks(profile, chosen))
    return render(request, "quality/page.html", who=who, dataset=dataset,
                  number=chosen.number, view=view)
