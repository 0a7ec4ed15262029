"""The artefact registry: files operators read (models, word lists), uploaded and owned.

Recipes sent to the server never name a path on it: they say ``artefact:<id>`` (or
``artefact:<sha256>``) for a file added with ``POST /api/v1/artefacts`` or
``jingshu artefact add FILE --kind KIND``. The registry checks the file is of its
kind, stores it once per sha256 under the jingshu home, and lets members of the
owning organization (and administrators) list and use it.

Platform layer, below ``jobs``: imports the :class:`~jingshu.platform.Platform` (its
database and home find the files), the domains, the library and the base; never
``jobs``, ``web`` or ``cli``.
"""

from jingshu.artefacts.models import Artefact, ArtefactKind
from jingshu.artefacts.resolvers import local_resolver, server_resolver, stored_resolver
from jingshu.artefacts.service import (
    ADMIN,
    MAX_ARTEFACT_BYTES,
    Viewer,
    add_artefact,
    artefact_file,
    find,
    home_of,
    list_artefacts,
    may_use,
    parse_kind,
)

__all__ = [
    "ADMIN",
    "MAX_ARTEFACT_BYTES",
    "Artefact",
    "ArtefactKind",
    "Viewer",
    "add_artefact",
    "artefact_file",
    "find",
    "home_of",
    "list_artefacts",
    "local_resolver",
    "may_use",
    "parse_kind",
    "server_resolver",
    "stored_resolver",
]
