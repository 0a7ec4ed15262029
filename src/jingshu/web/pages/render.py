"""Rendering portal pages: one Jinja2 environment, the viewer's language, the error page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from jingshu import __version__
from jingshu.web.deps import Principal
from jingshu.web.pages.hints import localize_hint
from jingshu.web.pages.i18n import MESSAGES, language_of, t

__all__ = [
    "TEMPLATES",
    "environment",
    "human_bytes",
    "local_next",
    "page_url",
    "render",
    "render_error",
]

TEMPLATES = Path(__file__).parent / "templates"


def human_bytes(size: int) -> str:
    """``1536`` → ``1.5 KB``."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def when(moment: datetime | None) -> str:
    """A stored (naive UTC) time as ``2024-05-01 12:00 UTC``; empty for None."""
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else ""


def page_url(path: str, **params: object) -> str:
    """``path`` with the non-empty ``params`` as its query string."""
    kept = {k: str(v) for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def local_next(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site (no scheme, no ``//host``), else ``default``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def _here(request: Request) -> str:
    """The current path and query, without ``lang`` (for the language switch and login)."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return request.url.path + (f"?{urlencode(query)}" if query else "")


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.globals["url"] = page_url
    env.filters["bytes"] = human_bytes
    env.filters["when"] = when
    return env


_ENV = environment()


def render(request: Request, template: str, *, who: Principal, status: int = 200,
           **context: object) -> HTMLResponse:
    """Render ``template`` in the viewer's language, with the header's state."""
    lang = language_of(request)
    here = _here(request)
    other = "en" if lang == "zh" else "zh"

    def translate(key: str, **values: object) -> str:
        return t(key, lang, **values)

    html = _ENV.get_template(template).render(
        lang=lang, _=translate, who=who, here=here,
        lang_url=page_url(f"/lang/{other}", next=here), other_lang=other, **context,
    )
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, status: int, message: str, hint: str | None) -> Response:
    """The error page: status, message and hint, with the chrome in the viewer's language."""
    title_key = f"error.{status}" if f"error.{status}" in MESSAGES else "error.title"
    explain = f"error.explain.{status}" if f"error.explain.{status}" in MESSAGES else None
    return render(request, "error.html", who=Principal.anonymous(), status=status,
                  status_code=status, title_key=title_key, message=message,
                  hint=localize_hint(hint, language_of(request)), explain_key=explain)
