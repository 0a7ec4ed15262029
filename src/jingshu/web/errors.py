"""Domain errors to HTTP: one mapping, one error format.

Every API error body is ``{"error": {"code": ..., "message": ..., "hint": ...}}``
(the mapping and the body live in :mod:`jingshu.http_errors`, which the PSI server
shares); portal pages render the same message in the error template.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from jingshu.errors import ConflictError, JingshuError
from jingshu.http_errors import (
    STATUS,
    VALIDATION_HINT,
    domain_json,
    error_body,
    error_headers,
    http_detail,
    status_of,
    validation_message,
)

__all__ = [
    "STATUS",
    "database_error_response",
    "domain_response",
    "error_body",
    "error_response",
    "install_error_handlers",
    "is_write_conflict",
    "status_of",
]


log = logging.getLogger(__name__)

_RETRYABLE_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization, deadlock, lock timeout


def is_write_conflict(exc: OperationalError) -> bool:
    """Whether a database error means "another writer was in the way" (safe to retry)."""
    if getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES:
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database table is locked" in text


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def domain_response(request: Request, exc: JingshuError) -> Response:
    """The response for a domain error: the error page for the portal, else JSON."""
    from jingshu.web.pages.render import render_error

    if not _wants_html(request):
        return domain_json(exc)
    status = status_of(exc)
    headers = error_headers(exc, status)
    page = render_error(request, status, exc.message, exc.hint)
    if "Retry-After" in headers:
        page.headers["Retry-After"] = headers["Retry-After"]
    return page


def error_response(request: Request, status: int, code: str, message: str, hint: str | None,
           headers: dict[str, str] | None = None) -> Response:
    """The error page for the portal, else the one JSON error body (with ``headers``)."""
    from jingshu.web.pages.render import render_error

    if _wants_html(request):
        return render_error(request, status, message, hint)
    return JSONResponse(error_body(code, message, hint), status, headers=headers)


def database_error_response(request: Request, exc: Exception) -> Response | None:
    """The answer to a database error a handler let through; ``None`` for other errors.

    Used by the app's exception handlers and by the hot annotation routes
    (:mod:`jingshu.web.hot`), which run outside FastAPI's exception middleware.
    """
    if isinstance(exc, OverflowError | DataError):
        # a number past the database's integer range (SQLite raises OverflowError,
        # PostgreSQL a DataError) or a text it cannot store: the request's fault
        return error_response(request, 400, "invalid_input",
                              "a value in the request is out of range or cannot be stored",
                              "use numbers below 2^31 and text without NUL characters")
    if not isinstance(exc, OperationalError):
        return None
    # another writer held the database past the busy timeout (SQLite), or PostgreSQL
    # broke a deadlock or serialization conflict: nothing was written, a retry works
    if is_write_conflict(exc):
        return error_response(request, 409, ConflictError.code,
                              "the database was busy with other writes; nothing was changed",
                              "send the same request again", headers={"Retry-After": "1"})
    log.error("database error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "error", "internal server error", None)


def install_error_handlers(app: FastAPI) -> None:
    async def on_domain(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, JingshuError):
            raise exc
        return domain_response(request, exc)

    async def on_validation(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, RequestValidationError):
            raise exc
        hint = None if _wants_html(request) else VALIDATION_HINT  # the page has no /docs
        return error_response(request, 400, "invalid_input", validation_message(exc), hint)

    async def on_http(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, StarletteHTTPException):
            raise exc
        detail, hint = http_detail(exc)
        return error_response(request, exc.status_code, "http_error", detail, hint)

    async def on_database(request: Request, exc: Exception) -> Response:
        response = database_error_response(request, exc)
        if response is None:
            raise exc
        return response

    app.add_exception_handler(JingshuError, on_domain)
    app.add_exception_handler(OperationalError, on_database)
    app.add_exception_handler(OverflowError, on_database)
    app.add_exception_handler(DataError, on_database)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
