"""Routes of the CKAN-compatible API: the envelope, credentials and CKAN's error shapes.

``GET|POST /api/3/action/{action}`` and ``/api/action/{action}`` (the path ``ckanapi``
uses) run one of :data:`jingshu.web.ckan.actions.ACTIONS` on the merged query
parameters and JSON body. Success is ``{"help": URL, "success": true, "result": …}``;
failure is ``{"help": URL, "success": false, "error": {"__type": …, "message": …}}``
with the status CKAN gives that type.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from jingshu.errors import AuthError, InputError, JingshuError, NotFoundError, PermissionDenied
from jingshu.web.ckan.actions import ACTIONS, Context
from jingshu.web.ckan.params import SearchQueryError
from jingshu.web.deps import DbSession, Principal, _token_principal, principal

__all__ = ["PREFIXES", "router"]

PREFIXES = ("/api/3/action/", "/api/action/")
router = APIRouter(tags=["ckan"])


class BadRequest(Exception):
    """CKAN's ``Bad Request``: an unknown action or a body that is not a JSON object."""


async def _who(request: Request, session: Session) -> Principal:
    """``Authorization: TOKEN`` / ``X-CKAN-API-Key`` (CKAN), else as the native API."""
    key = request.headers.get("x-ckan-api-key") or request.headers.get("authorization", "")
    if key.strip():
        scheme, _, secret = key.strip().partition(" ")
        token = secret.strip() if scheme.lower() == "bearer" and secret.strip() else key.strip()
        return await _token_principal(request, token)
    return await principal(request, session)


async def _params(request: Request) -> dict[str, Any]:
    """Query parameters, then the JSON body's (a POST's) over them."""
    params: dict[str, Any] = dict(request.query_params)
    body = await request.body()
    if request.method == "POST" and body.strip():
        if "form" in request.headers.get("content-type", ""):
            params |= dict(await request.form())
            return params
        try:
            sent = json.loads(body)
        except ValueError as exc:
            raise BadRequest(f"Bad request - JSON Error: {exc}") from None
        if not isinstance(sent, dict):
            raise BadRequest("Bad request - JSON Error: the body must be a JSON object")
        params |= sent
    return params


def _validation(exc: ValidationError, action: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "__root__"
        text = (f"parameter {name!r} is not known to {action}" if error["type"] ==
                "extra_forbidden" else error["msg"])
        fields.setdefault(name, []).append(text)
    first = next(iter(fields.items()))
    return {"__type": "Validation Error", "message": f"{first[0]}: {first[1][0]}"} | fields


def _error(exc: Exception, action: str) -> tuple[int, dict[str, Any]]:
    """CKAN's status and error dictionary for ``exc``."""
    if isinstance(exc, ValidationError):
        return 409, _validation(exc, action)
    if isinstance(exc, SearchQueryError):
        return 400, {"__type": "Search Query Error", "message": f"Search Query is invalid: {exc}"}
    if isinstance(exc, BadRequest):
        return 400, {"__type": "Bad Request", "message": str(exc)}
    if isinstance(exc, NotFoundError):
        return 404, {"__type": "Not Found Error", "message": f"Not found: {exc.message}"}
    if isinstance(exc, AuthError | PermissionDenied):
        return 403, {"__type": "Authorization Error", "message": f"Access denied: {exc.message}"}
    if isinstance(exc, InputError):
        return 409, {"__type": "Validation Error", "message": exc.message,
                     "hint": [exc.hint or ""]}
    raise exc


def _run(action: str, request: Request, session: Session, who: Principal,
         params: dict[str, Any]) -> Any:
    base = str(request.base_url).rstrip("/")
    result = ACTIONS[action](Context(session, who, base, params))
    session.rollback()  # reads only: end the transaction here, in the worker thread
    return result


async def _call(action: str, request: Request, session: Session) -> JSONResponse:
    help_url = f"{str(request.base_url).rstrip('/')}/api/3/action/help_show?name={action}"
    try:
        if action not in ACTIONS:
            raise BadRequest(f"Bad request - Action name not known: {action}")
        params = await _params(request)
        who = await _who(request, session)
        result = await run_in_threadpool(_run, action, request, session, who, params)
    except (ValidationError, JingshuError, SearchQueryError, BadRequest) as exc:
        status, error = _error(exc, action)
        return JSONResponse({"help": help_url, "success": False, "error": error}, status)
    return JSONResponse({"help": help_url, "success": True, "result": result})


@router.get("/api/3/action/{action}")
async def action_get(action: str, request: Request,
                     session: DbSession) -> JSONResponse:
    """A CKAN action (read only) with query parameters: package_search, package_show, …"""
    return await _call(action, request, session)


@router.post("/api/3/action/{action}")
async def action_post(action: str, request: Request,
                      session: DbSession) -> JSONResponse:
    """A CKAN action (read only) with a JSON body of parameters."""
    return await _call(action, request, session)


# the path without the version, as ckanapi calls it; the same actions
router.add_api_route("/api/action/{action}", action_get, methods=["GET"],
                     include_in_schema=False)
router.add_api_route("/api/action/{action}", action_post, methods=["POST"],
                     include_in_schema=False)
