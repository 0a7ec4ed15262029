"""The FastAPI application: JSON API under /api/v1 and the server-rendered portal."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from jingshu import __version__
from jingshu.corpus.run_worker import RunWorker
from jingshu.platform import Platform, connect
from jingshu.web.api.handlers import ROUTERS
from jingshu.web.errors import error_body, install_error_handlers
from jingshu.web.pages.routes import router as pages_router

__all__ = ["create_app"]

STATIC = Path(__file__).parent / "pages" / "static"


def create_app(platform: Platform | None = None) -> FastAPI:
    """Build the app over ``platform`` (opened from the environment when omitted)."""
    platform = platform or connect()
    worker = RunWorker(platform)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        worker.start()  # fail runs a killed server left running; pick up queued ones
        yield
        worker.close()

    app = FastAPI(
        lifespan=lifespan,
        title="jingshu 精数",
        version=__version__,
        description="Catalog, dataset store and governance API of jingshu.",
        docs_url="/docs",
        openapi_url="/api/v1/openapi.json",
    )
    app.state.platform = platform
    app.state.corpus_runs = worker
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, prefix="/api/v1")
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    limit = platform.settings.max_upload_mb * 1024 * 1024

    @app.middleware("http")
    async def refuse_oversized(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit:
            body = error_body(
                "too_large",
                f"the upload is {int(length) // 2**20} MiB, over the limit of "
                f"{platform.settings.max_upload_mb} MiB",
                "split the file, or raise JINGSHU_MAX_UPLOAD_MB on the server",
            )
            return JSONResponse(body, 413)
        return await call_next(request)

    return app
