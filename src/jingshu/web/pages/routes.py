"""The portal's routes: catalog pages, account pages and the language switch.

=====================================  =================================================
``GET /``                              home: search box, counts by open tier, latest
``GET /datasets``                      search with facets, see
                                       :mod:`jingshu.web.pages.catalog.routes`
``GET /datasets/{name}``               the dataset page in sections (the same module)
``GET /datasets/{name}/download``      export a version (``format=jsonl|parquet|csv``)
``GET /datasets/{name}/versions/{n}/   a processing report's plot (PNG), see
report/{plot}.png``                    :mod:`jingshu.web.pages.corpus.report`
``GET /login``, ``POST /login``        log in (double-submit CSRF)
``POST /logout``                       log out (session CSRF)
``GET /account``                       who am I, API tokens
``POST /account/tokens``               create an API token (shown once)
``GET /lang/{zh|en}?next=``            set the ``lang`` cookie and go back
(conditional opening)                  see :mod:`jingshu.web.pages.circulation.routes`
(annotation)                           see :mod:`jingshu.web.pages.annotate.routes`
(corpus runs)                          see :mod:`jingshu.web.pages.corpus.runs`
(DP sandbox)                           see :mod:`jingshu.web.pages.sandbox.routes`
(re-grading approvals)                 see :mod:`jingshu.web.pages.regrade.routes`
(quality tab)                          see :mod:`jingshu.web.pages.quality.routes`
(registration, members, orgs)          see :mod:`jingshu.web.pages.members.routes`
(new dataset, edit, upload versions)   see :mod:`jingshu.web.pages.publish.routes`
=====================================  =================================================
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from jingshu.errors import InputError
from jingshu.web.pages import account, datasets
from jingshu.web.pages.annotate import routes as annotate
from jingshu.web.pages.catalog import routes as catalog
from jingshu.web.pages.circulation import routes as circulation
from jingshu.web.pages.corpus import report as corpus_report
from jingshu.web.pages.corpus import runs as corpus_runs
from jingshu.web.pages.i18n import LANG_COOKIE, LANGS
from jingshu.web.pages.members import routes as members
from jingshu.web.pages.publish import routes as publish
from jingshu.web.pages.quality import routes as quality
from jingshu.web.pages.regrade import routes as regrade
from jingshu.web.pages.render import local_next
from jingshu.web.pages.sandbox import routes as sandbox

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
router.include_router(catalog.router)  # search with facets, the dataset page
router.include_router(datasets.router)
router.include_router(account.router)
router.include_router(circulation.router)
router.include_router(corpus_report.router)
router.include_router(corpus_runs.router)
router.include_router(annotate.router)
router.include_router(sandbox.router)
router.include_router(regrade.router)
router.include_router(quality.router)  # the dataset's quality tab
router.include_router(members.router)  # registration, members, organizations
router.include_router(publish.router)  # new dataset, edit metadata, upload versions

ONE_YEAR = 365 * 24 * 3600


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> RedirectResponse:
    if code not in LANGS:
        raise InputError(f"language {code!r} is not offered", hint="use /lang/zh or /lang/en")
    response = RedirectResponse(local_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, code, max_age=ONE_YEAR, samesite="lax")
    return response
