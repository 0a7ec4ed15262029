"""The FastAPI application: JSON API under /api/v1 and the server-rendered portal."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from jingshu import __version__
from jingshu.jobs import queue_profiles_on_publish
from jingshu.jobs.embedded import EmbeddedWorker
from jingshu.platform import Platform, connect
from jingshu.web.api.handlers import ROUTERS
from jingshu.web.ckan import router as ckan_router
from jingshu.web.deps import Principal
from jingshu.web.docs import ASSETS_URL, OPENAPI_URL
from jingshu.web.docs import assets as docs_assets
from jingshu.web.docs import router as docs_router
from jingshu.web.errors import install_error_handlers
from jingshu.web.headers import SecurityHeadersMiddleware
from jingshu.web.hot import HotAnnotationMiddleware
from jingshu.web.limits import BodyAuthMiddleware, UploadLimitMiddleware
from jingshu.web.pages.routes import router as pages_router
from jingshu.web.token_cache import TokenCache

__all__ = ["NO_JOBS_ENV", "create_app", "create_app_from_environment"]

NO_JOBS_ENV = "JINGSHU_SERVE_NO_WORKER"
"""Set to 1 by ``jingshu serve --workers N --no-worker`` for its server processes (internal:
the handoff from the command to uvicorn's worker processes, not a user setting)."""

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "pages" / "static"


def _collect_garbage(platform: Platform) -> None:
    """Sweep leftovers older than the grace period; a failure only logs (never blocks start)."""
    try:
        report = platform.collect_garbage()
    except Exception:
        log.exception("garbage collection at start failed; run `jingshu store gc` to retry")
        return
    if report.count:
        log.info("removed %d leftover(s) of killed processes: %s", report.count,
                 ", ".join([*report.staging, *report.orphans, *report.temp]))


def create_app_from_environment() -> FastAPI:
    """One process of ``jingshu serve --workers N`` (uvicorn's app factory): the platform
    from the ``JINGSHU_*`` environment, which the command set from its own settings."""
    return create_app(job_threads=0 if os.environ.get(NO_JOBS_ENV) == "1" else None)


def create_app(platform: Platform | None = None, *, job_threads: int | None = None) -> FastAPI:
    """Build the app over ``platform`` (opened from the environment when omitted).

    ``job_threads``: jobs (corpus runs) this process runs; by default
    ``JINGSHU_CORPUS_RUN_WORKERS``, 0 for none (``jingshu worker`` processes run them).
    """
    platform = queue_profiles_on_publish(platform or connect())
    worker = EmbeddedWorker(platform, job_threads)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        _collect_garbage(platform)  # what killed processes left: store .tmp, temp folders
        worker.start()  # job threads; runs left without a job get one
        yield
        worker.close()

    app = FastAPI(
        lifespan=lifespan,
        title="jingshu 精数",
        version=__version__,
        description="Catalog, dataset store and governance API of jingshu.",
        docs_url=None,  # served by jingshu.web.docs, with local assets
        redoc_url=None,
        openapi_url=OPENAPI_URL,
    )
    app.state.platform = platform
    app.state.corpus_runs = worker
    app.state.token_cache = TokenCache[Principal]()
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, prefix="/api/v1")
    app.include_router(ckan_router)  # /api/3/action/*: CKAN-compatible, read only
    app.include_router(pages_router)
    app.include_router(docs_router)
    app.mount(ASSETS_URL, docs_assets(), name="docs-assets")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # the last added runs first: the annotators' hot routes (jingshu.web.hot: they do
    # what the next three do, for the requests they answer), then headers on every
    # answer, then size, then credentials
    app.add_middleware(BodyAuthMiddleware)
    app.add_middleware(UploadLimitMiddleware, max_mb=platform.settings.max_upload_mb)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(HotAnnotationMiddleware, platform=platform)
    return app
