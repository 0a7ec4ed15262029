"""A pure ASGI middleware that refuses oversized uploads before the app reads them.

It looks only at the ``Content-Length`` header, so it costs one header scan per
request (``BaseHTTPMiddleware`` would add a task group and body streaming to each).
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from jingshu.web.errors import error_body

__all__ = ["UploadLimitMiddleware"]


class UploadLimitMiddleware:
    """Answer 413 ``too_large`` when a request announces more than ``max_mb`` MiB."""

    def __init__(self, app: ASGIApp, max_mb: int) -> None:
        self.app = app
        self.max_mb = max_mb
        self.limit = max_mb * 2**20

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = _content_length(scope)
            if length > self.limit:
                await self._refuse(length)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _refuse(self, length: int) -> JSONResponse:
        body = error_body(
            "too_large",
            f"the upload is {length // 2**20} MiB, over the limit of {self.max_mb} MiB",
            "split the file, or raise JINGSHU_MAX_UPLOAD_MB on the server",
        )
        return JSONResponse(body, 413)


def _content_length(scope: Scope) -> int:
    """The announced body size; 0 when absent or not a plain number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0
