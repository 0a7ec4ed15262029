"""Security headers on every response: CSP, framing, sniffing, referrer (pure ASGI).

The portal's policy allows scripts and styles from this server only: its pages load
``/static/*.js`` and ``/static/style.css``, and keep inline data in
``<script type="application/json">`` (not executed, so not blocked). Inline ``style``
attributes (progress bars) are allowed through ``style-src-attr``; images and audio
may come from dataset rows (``data:`` and https URLs in the annotation workspace, and
the project form's sample clip, a ``data:`` WAV). The API
documentation pages (``/docs``, ``/redoc``) load Swagger UI / ReDoc from this server
(:mod:`jingshu.web.docs`) with an inline start-up script, so they get a policy of their
own that allows inline scripts and styles, and nothing from elsewhere. Requests
that arrived over https also get ``Strict-Transport-Security``.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "DOCS_CSP", "HSTS", "SecurityHeadersMiddleware"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "style-src-attr 'unsafe-inline'; img-src 'self' data: blob: https:; "
       "media-src 'self' data: blob: https:; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
            "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
            "object-src 'none'; base-uri 'self'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs", "/redoc")
HSTS = "max-age=31536000"  # a year; sent on https requests only
COMMON = (
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("cross-origin-opener-policy", "same-origin"),
)


class SecurityHeadersMiddleware:
    """Add the headers to each HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"].startswith(DOCS_PATHS) else CSP
        extra = [("content-security-policy", csp)]
        if scope.get("scheme") == "https":  # only what arrived over TLS may pin it
            extra.append(("strict-transport-security", HSTS))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in (*COMMON, *extra):
                    if name not in headers:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
