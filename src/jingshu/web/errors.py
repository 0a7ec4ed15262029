"""Domain errors to HTTP: one mapping, one error format.

Every API error body is ``{"error": {"code": ..., "message": ..., "hint": ...}}``;
portal pages render the same message in the error template.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from jingshu.errors import (
    AuthError,
    ConfigError,
    ConflictError,
    DependencyMissing,
    InputError,
    IntegrityError,
    JingshuError,
    NotFoundError,
    PermissionDenied,
    RecipeError,
    RuleViolation,
    TooManyAttempts,
)

__all__ = [
    "STATUS",
    "domain_response",
    "error_body",
    "install_error_handlers",
    "is_write_conflict",
    "status_of",
]

STATUS: tuple[tuple[type[JingshuError], int], ...] = (
    (TooManyAttempts, 429),
    (PermissionDenied, 403),
    (AuthError, 401),
    (NotFoundError, 404),
    (ConflictError, 409),
    (RuleViolation, 422),
    (RecipeError, 422),
    (InputError, 400),
    (IntegrityError, 500),
    (ConfigError, 500),
    (DependencyMissing, 501),
)


log = logging.getLogger(__name__)

_RETRYABLE_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization, deadlock, lock timeout


def is_write_conflict(exc: OperationalError) -> bool:
    """Whether a database error means "another writer was in the way" (safe to retry)."""
    if getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES:
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database table is locked" in text


def status_of(exc: JingshuError) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def error_body(code: str, message: str, hint: str | None = None) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "hint": hint}}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def _headers_for(exc: JingshuError, status: int) -> dict[str, str]:
    if isinstance(exc, TooManyAttempts):
        return {"Retry-After": str(exc.retry_after)}
    return {"WWW-Authenticate": "Bearer"} if status == 401 else {}


def domain_response(request: Request, exc: JingshuError) -> Response:
    """The response for a domain error: the error page for the portal, else JSON."""
    from jingshu.web.pages.render import render_error

    status = status_of(exc)
    headers = _headers_for(exc, status)
    if _wants_html(request):
        page = render_error(request, status, exc.message, exc.hint)
        if "Retry-After" in headers:
            page.headers["Retry-After"] = headers["Retry-After"]
        return page
    return JSONResponse(error_body(exc.code, exc.message, exc.hint), status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    from jingshu.web.pages.render import render_error

    async def on_domain(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, JingshuError):
            raise exc
        return domain_response(request, exc)

    async def on_validation(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, RequestValidationError):
            raise exc
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"])
        message = f"{where}: {first['msg']}" if where else str(first["msg"])
        if _wants_html(request):
            return render_error(request, 400, message, None)
        return JSONResponse(error_body("invalid_input", message, "see /docs for the schema"),
                            400)

    async def on_http(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, StarletteHTTPException):
            raise exc
        detail, hint = str(exc.detail), None
        if isinstance(exc.__cause__, RecursionError):  # FastAPI: "error parsing the body"
            detail = "the JSON body is nested too deeply to read"
            hint = "nest objects and arrays at most a few dozen levels"
        if _wants_html(request):
            return render_error(request, exc.status_code, detail, hint)
        return JSONResponse(error_body("http_error", detail, hint), exc.status_code)

    async def on_unstorable(request: Request, exc: Exception) -> Response:
        # a number past the database's integer range (SQLite raises OverflowError,
        # PostgreSQL a DataError) or a text it cannot store: the request's fault
        message = "a value in the request is out of range or cannot be stored"
        hint = "use numbers below 2^31 and text without NUL characters"
        if _wants_html(request):
            return render_error(request, 400, message, hint)
        return JSONResponse(error_body("invalid_input", message, hint), 400)

    async def on_operational(request: Request, exc: Exception) -> Response:
        # another writer held the database past the busy timeout (SQLite), or PostgreSQL
        # broke a deadlock or serialization conflict: nothing was written, a retry works
        if not isinstance(exc, OperationalError):
            raise exc
        if not is_write_conflict(exc):
            log.error("database error on %s %s", request.method, request.url.path,
                      exc_info=exc)
            message, status, code, hint = "internal server error", 500, "error", None
        else:
            message = "the database was busy with other writes; nothing was changed"
            status, code, hint = 409, ConflictError.code, "send the same request again"
        if _wants_html(request):
            return render_error(request, status, message, hint)
        headers = {"Retry-After": "1"} if status == 409 else None
        return JSONResponse(error_body(code, message, hint), status, headers=headers)

    app.add_exception_handler(JingshuError, on_domain)
    app.add_exception_handler(OperationalError, on_operational)
    app.add_exception_handler(OverflowError, on_unstorable)
    app.add_exception_handler(DataError, on_unstorable)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
