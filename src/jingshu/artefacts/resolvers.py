"""Path resolvers (see :mod:`jingshu.corpus.paths`) backed by the artefact registry.

* :func:`server_resolver`: recipes sent over HTTP. Only ``artefact:`` references
  that the caller may use are accepted; any other value (absolute, relative, ``~``,
  ``file://``, ``s3://`` ...) is refused with one message that does not depend on
  the value, and the file system is never consulted for it.
* :func:`stored_resolver`: recipes the server stored at submission, read back by
  its run worker (references were checked then and are kept as sha256).
* :func:`local_resolver`: the user's own machine (``jingshu corpus run``): paths as
  written, and ``artefact:`` references to the local registry.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from jingshu.artefacts.models import ArtefactKind
from jingshu.artefacts.service import ADMIN, Viewer, artefact_file, find
from jingshu.corpus.paths import (
    ARTEFACT_SCHEME,
    PathParam,
    PathResolver,
    Resolved,
    is_artefact_reference,
)
from jingshu.errors import NotFoundError, RecipeError
from jingshu.platform import Platform

__all__ = ["local_resolver", "server_resolver", "stored_resolver"]


def _resolve(session: Session, home: Path, param: PathParam, value: str,
             viewer: Viewer) -> Resolved:
    kind = ArtefactKind(param.kind)
    try:
        artefact = find(session, value, viewer, kind=kind)
    except NotFoundError as exc:
        raise RecipeError(f"{param.where}: {exc.message}", hint=exc.hint) from None
    if artefact.kind is not kind:
        raise RecipeError(f"{param.where}: {artefact.reference} is a {artefact.kind.value}, "
                          f"this parameter needs a {kind.value}",
                          hint=f"upload one with --kind {kind.value}")
    return Resolved(path=str(artefact_file(home, artefact)),
                    reference=f"{ARTEFACT_SCHEME}{artefact.sha256}")


def server_resolver(session: Session, home: Path, viewer: Viewer) -> PathResolver:
    """Accept only artefacts ``viewer`` may use; refuse every path alike.

    Raises (from the resolver):
        RecipeError: The value is not an ``artefact:`` reference (the message names
            the step, operator and parameter, never the file), or no such artefact
            that ``viewer`` may use, or one of another kind.
    """
    def resolve(param: PathParam, value: str) -> Resolved:
        if not is_artefact_reference(value):
            raise RecipeError(
                f"{param.where}: a recipe sent to the server cannot name a file; it must "
                "reference an uploaded artefact",
                hint=f"upload the file (POST /api/v1/artefacts with kind={param.kind}, or "
                f"`jingshu artefact add FILE --kind {param.kind}`) and set "
                f"{param.name}: artefact:ID")
        return _resolve(session, home, param, value, viewer)
    return resolve


def stored_resolver(session: Session, home: Path) -> PathResolver:
    """For recipes the server stored after :func:`server_resolver` checked them."""
    return server_resolver(session, home, ADMIN)


def local_resolver(platform: Platform | Callable[[], Platform]) -> PathResolver:
    """Paths as written (the user's own files); ``artefact:`` from the local registry.

    Args:
        platform: The platform, or a function opening it: it is opened only when a
            recipe has an ``artefact:`` reference (``jingshu corpus run`` over files
            needs no database otherwise).
    """
    def resolve(param: PathParam, value: str) -> Resolved:
        if not is_artefact_reference(value):
            return Resolved(path=value, reference=value)
        opened = platform if isinstance(platform, Platform) else platform()
        with opened.session() as session:
            return _resolve(session, opened.settings.home, param, value, ADMIN)
    return resolve
