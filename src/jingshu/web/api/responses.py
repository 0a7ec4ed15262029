"""Responses built straight from a schema object, for the hot annotation routes.

A handler that returns a pydantic model lets FastAPI validate it again against the
route's ``response_model`` (in a worker thread, for sync handlers) before encoding
it. Returning :func:`json_response` skips that: the object is already valid. The
route still declares ``response_model`` so the OpenAPI schema is unchanged.
"""

from __future__ import annotations

from pydantic import BaseModel
from starlette.responses import Response

__all__ = ["json_response"]


def json_response(body: BaseModel, status_code: int = 200) -> Response:
    """``body`` encoded once by pydantic (in Rust), sent as ``application/json``."""
    return Response(body.model_dump_json(), status_code, media_type="application/json")
