"""The Jinja2 environment of corpus's HTML reports (run report, damage audit).

Templates live in ``corpus/templates/``; autoescaping is on for all of them, as in the
portal (:mod:`jingshu.web.pages.render`), so text from documents is always escaped and
only values wrapped in :class:`markupsafe.Markup` (the audit's highlighted diffs) are
written as HTML.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

__all__ = ["TEMPLATES", "render_template"]

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["pct"] = lambda x: f"{x:.3%}"
    return env


def render_template(name: str, **context: object) -> str:
    """Render ``templates/NAME`` with ``context`` (autoescaped)."""
    return _environment().get_template(name).render(**context)
