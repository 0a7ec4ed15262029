"""TEMPORARY placeholder until the portal lands (written by the API helper; replace freely)."""

from __future__ import annotations

from html import escape

from fastapi import Request
from fastapi.responses import HTMLResponse

__all__ = ["render_error"]


def render_error(request: Request, status: int, message: str, hint: str | None) -> HTMLResponse:
    body = f"<h1>{status}</h1><p>{escape(message)}</p>"
    if hint:
        body += f"<p>{escape(hint)}</p>"
    return HTMLResponse(body, status)
