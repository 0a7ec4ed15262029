"""Pure ASGI middlewares that guard request bodies before the app reads them.

* :class:`UploadLimitMiddleware` refuses a body over the upload limit: at once when
  ``Content-Length`` announces it, else (``Transfer-Encoding: chunked``) by counting
  bytes as they stream in, stopping the app as soon as the limit is passed. The
  refusal is the one JSON error body under ``/api/``, the portal's error page (in the
  page's language) elsewhere, as for every other error.
* :class:`BodyAuthMiddleware` refuses a body-carrying request without valid
  credentials (bearer token or session cookie) before a byte of the body is read,
  except on the few routes open to anonymous writers (:data:`PUBLIC_BODIES`) and the
  CKAN-compatible read API (:data:`PUBLIC_BODY_PREFIXES`: its actions only read, and
  take their parameters as a JSON body; they resolve CKAN's credentials themselves).

Both are plain ASGI (``BaseHTTPMiddleware`` would add a task group and body streaming
to each request).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jingshu.errors import JingshuError
from jingshu.web.deps import PRINCIPAL_KEY, UNSAFE, body_principal
from jingshu.web.errors import domain_response, error_response

__all__ = ["PUBLIC_BODIES", "PUBLIC_BODY_PREFIXES", "BodyAuthMiddleware",
           "UploadLimitMiddleware"]

# Routes that take a body from someone not (yet) logged in: (method, path).
PUBLIC_BODIES = frozenset({("POST", "/api/v1/auth/login"), ("POST", "/login"),
                           ("POST", "/api/v1/auth/register"), ("POST", "/register")})
PUBLIC_BODY_PREFIXES = ("/api/3/action/", "/api/action/")


class _TooLarge(Exception):
    """Raised into the app from ``receive`` once the streamed body passes the limit."""


class UploadLimitMiddleware:
    """Answer 413 ``too_large`` when a request body is over ``max_mb`` MiB."""

    def __init__(self, app: ASGIApp, max_mb: int) -> None:
        self.app = app
        self.max_mb = max_mb
        self.limit = max_mb * 2**20

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _content_length(scope)
        if length > self.limit:
            refusal = self._refuse(scope, f"the upload is {length // 2**20} MiB")
            await refusal(scope, receive, send)
            return
        await self._counted(scope, receive, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app on a ``receive`` that counts body bytes; answer 413 past the limit.

        Once over, whatever the app answers (it sees an error while reading) is dropped
        and the 413 is sent instead, unless the app had already started its response.
        """
        seen = 0
        over = started = False

        async def counting_receive() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    over = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if over and not started:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not over or started:
                raise
        if over and not started:
            refusal = self._refuse(scope,
                                   f"the upload is over {self.max_mb} MiB (sent in chunks)")
            await refusal(scope, receive, send)

    def _refuse(self, scope: Scope, what: str) -> Response:
        """413 ``too_large``: the JSON error body, or the error page for the portal."""
        response = error_response(
            Request(scope), 413, "too_large",
            f"{what}, over the limit of {self.max_mb} MiB",
            "split the file, or raise JINGSHU_MAX_UPLOAD_MB on the server",
        )
        response.headers["Connection"] = "close"
        return response


class BodyAuthMiddleware:
    """Refuse (401) a request with a body and no valid credentials, before reading it.

    The principal it resolves is kept in the request's scope for the ``principal``
    dependency, so an authenticated request is not resolved twice.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope["method"] in UNSAFE and _has_body(scope)
                and (scope["method"], scope["path"]) not in PUBLIC_BODIES
                and not scope["path"].startswith(PUBLIC_BODY_PREFIXES)):
            request = Request(scope)
            try:
                who = await body_principal(request)
            except JingshuError as exc:
                response = domain_response(request, exc)
                response.headers["Connection"] = "close"
                await response(scope, receive, send)
                return
            scope[PRINCIPAL_KEY] = who  # this request's scope only
        await self.app(scope, receive, send)


def _content_length(scope: Scope) -> int:
    """The announced body size; 0 when absent or not a plain number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


def _has_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return value.strip() not in (b"", b"0")
        if name == b"transfer-encoding":
            return True
    return False
