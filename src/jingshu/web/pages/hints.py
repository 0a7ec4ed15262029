"""Error hints in the page's language.

Domain errors carry an English message and hint (the API's). A portal page in Chinese
shows, above them, a Chinese explanation of the status (``error.explain.*`` in
:mod:`jingshu.web.pages.i18n`), and the hints the portal meets most often — the
refusals of :func:`jingshu.web.policies.authorize` — translated here; other hints stay
as they are, under "details".
"""

from __future__ import annotations

import re

from jingshu.web.pages.i18n import t

__all__ = ["localize_hint"]

# (English hint pattern, message key whose placeholders are the pattern's groups)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"log in, or send 'Authorization: Bearer TOKEN'"), "hint.login"),
    (re.compile(r"your role is (?P<role>[\w.]+); ask an administrator"), "hint.role"),
    (re.compile(r"this is one of the platform's protection rules, which administrators "
                r"cannot override either"), "hint.admin"),
    (re.compile(r"reload the page and submit the form again"), "hint.reload"),
    (re.compile(r"ask an administrator or a data officer"), "hint.officer"),
    (re.compile(r"split the file, or raise JINGSHU_MAX_UPLOAD_MB on the server"),
     "hint.too_large"),
)


def localize_hint(hint: str | None, lang: str) -> str | None:
    """``hint`` in ``lang`` where it is one the portal knows; else ``hint`` unchanged."""
    if not hint:
        return hint
    for pattern, key in _PATTERNS:
        match = pattern.fullmatch(hint)
        if match:
            values = dict(match.groupdict())
            if "role" in values:
                values["role"] = t(f"role.{values['role'].removeprefix('Role.').lower()}",
                                   lang)
            return t(key, lang, **values)
    return hint
