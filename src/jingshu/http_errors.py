"""Domain errors as HTTP: one status per error class, one JSON error body.

Every JSON error jingshu serves — the platform's API (:mod:`jingshu.web.errors`, which
adds the portal's HTML error pages on top) and the PSI server (:mod:`jingshu.psi.server`)
— has the body ``{"error": {"code": ..., "message": ..., "hint": ...}}`` and the status
:data:`STATUS` gives its class. Both servers take it from here, so the two cannot drift.

Base layer: imports :mod:`jingshu.errors` and the ASGI stack (FastAPI, Starlette) only.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from jingshu import errors
from jingshu.errors import JingshuError

__all__ = [
    "STATUS",
    "VALIDATION_HINT",
    "domain_json",
    "error_body",
    "error_headers",
    "http_detail",
    "install_json_error_handlers",
    "status_of",
    "validation_message",
]

STATUS: tuple[tuple[type[JingshuError], int], ...] = (
    (errors.TooManyAttempts, 429),
    (errors.PermissionDenied, 403),
    (errors.AuthError, 401),
    (errors.NotFoundError, 404),
    (errors.ConflictError, 409),
    (errors.RuleViolation, 422),
    (errors.RecipeError, 422),
    (errors.InputError, 400),
    (errors.IntegrityError, 500),
    (errors.ConfigError, 500),
    (errors.DependencyMissing, 501),
)

VALIDATION_HINT = "see /docs for the schema"


def status_of(exc: JingshuError) -> int:
    """The HTTP status of a domain error: the first class of :data:`STATUS` it is, else 500."""
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def error_body(code: str, message: str, hint: str | None = None) -> dict[str, object]:
    """The one JSON error body: ``{"error": {"code", "message", "hint"}}``."""
    return {"error": {"code": code, "message": message, "hint": hint}}


def error_headers(exc: JingshuError, status: int) -> dict[str, str]:
    """``Retry-After`` for throttled logins, ``WWW-Authenticate`` for a 401, else none."""
    if isinstance(exc, errors.TooManyAttempts):
        return {"Retry-After": str(exc.retry_after)}
    return {"WWW-Authenticate": "Bearer"} if status == 401 else {}


def domain_json(exc: JingshuError) -> JSONResponse:
    """A domain error as a JSON response: its status, body and headers."""
    status = status_of(exc)
    return JSONResponse(
        error_body(exc.code, exc.message, exc.hint), status, headers=error_headers(exc, status)
    )


def validation_message(exc: RequestValidationError) -> str:
    """The first problem of a request that failed validation, as ``where: what``."""
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def http_detail(exc: StarletteHTTPException) -> tuple[str, str | None]:
    """The message and hint for an HTTP error raised by the framework (404, 405, bad body)."""
    if isinstance(exc.__cause__, RecursionError):  # FastAPI: "error parsing the body"
        return (
            "the JSON body is nested too deeply to read",
            "nest objects and arrays at most a few dozen levels",
        )
    return str(exc.detail), None


def install_json_error_handlers(app: FastAPI) -> None:
    """Answer domain, validation and framework errors of ``app`` in the one JSON format."""

    async def on_domain(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, JingshuError):
            raise exc
        return domain_json(exc)

    async def on_validation(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, RequestValidationError):
            raise exc
        return JSONResponse(
            error_body("invalid_input", validation_message(exc), VALIDATION_HINT), 400
        )

    async def on_http(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, StarletteHTTPException):
            raise exc
        detail, hint = http_detail(exc)
        return JSONResponse(error_body("http_error", detail, hint), exc.status_code)

    app.add_exception_handler(JingshuError, on_domain)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
