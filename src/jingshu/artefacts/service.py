"""Use cases of the artefact registry: add a file, list, find by reference, open its bytes.

::

    art = add_artefact(session, home, fh, filename="q.npz", kind=ArtefactKind.QUALITY_MODEL,
                       organization_id=org.id, actor="alice")   # the caller commits
    art.reference                     # 'artefact:7', what a recipe says
    find(session, "artefact:7", Viewer(org.id))                 # or by 'artefact:<sha256>'

A file is checked for its kind before it is registered (a quality model must load,
a PII model must open in CRFsuite, a word list must be UTF-8 text); its bytes are
stored once per sha256 under ``<home>/artefacts``. Who may see and use an artefact:
members of its organization and administrators (:func:`may_use`).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from jingshu.artefacts.models import Artefact, ArtefactKind
from jingshu.audit import record
from jingshu.corpus.paths import ARTEFACT_SCHEME
from jingshu.errors import ConfigError, InputError, IntegrityError, NotFoundError

__all__ = [
    "ADMIN",
    "MAX_ARTEFACT_BYTES",
    "Viewer",
    "add_artefact",
    "artefact_file",
    "find",
    "home_of",
    "list_artefacts",
    "may_use",
    "parse_kind",
]

MAX_ARTEFACT_BYTES = 256 * 2**20
"""Largest artefact accepted (256 MiB); models and word lists are far smaller."""

_CHUNK = 1 << 20
_SHA256 = re.compile(r"[0-9a-f]{64}")
_UNSAFE_CHARS = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class Viewer:
    """Who asks: their organization (``None``: none) and whether they administer."""

    organization_id: int | None
    admin: bool = False


ADMIN = Viewer(None, admin=True)
"""An administrator's view (everything): the CLI on the server's own machine."""


def may_use(artefact: Artefact, viewer: Viewer) -> bool:
    """Members of the owning organization and administrators."""
    return viewer.admin or (artefact.organization_id is not None
                            and artefact.organization_id == viewer.organization_id)


def parse_kind(value: str) -> ArtefactKind:
    """The kind named ``value``, or :class:`InputError` listing the kinds."""
    try:
        return ArtefactKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in ArtefactKind)
        raise InputError(f"unknown artefact kind {value!r}", hint=f"use one of: {kinds}") \
            from None


def home_of(session: Session) -> Path:
    """The home of the platform ``session`` was opened by (where artefacts are stored)."""
    from jingshu.platform import HOME_INFO_KEY

    home = session.info.get(HOME_INFO_KEY)
    if not home:
        raise ConfigError("this database session was not opened by a jingshu Platform",
                          hint="open sessions with platform.session()")
    return Path(str(home))


def _root(home: Path) -> Path:
    return Path(home) / "artefacts"


def artefact_file(home: Path, artefact: Artefact) -> Path:
    """The stored bytes of ``artefact``.

    Raises:
        IntegrityError: The file is gone from the store, or its bytes changed.
    """
    path = _root(home) / artefact.sha256[:2] / artefact.sha256
    if not path.is_file() or path.stat().st_size != artefact.size:
        raise IntegrityError(f"artefact {artefact.id}: its file is missing or changed in the "
                             "store", hint="add the file again (jingshu artefact add)")
    return path


@contextmanager
def _spooled(home: Path, source: BinaryIO, name: str) -> Iterator[tuple[Path, str, int]]:
    """Copy ``source`` to a temporary file in the store, hashing; yields (path, sha, size)."""
    folder = _root(home) / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=folder)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                if size > MAX_ARTEFACT_BYTES:
                    raise InputError(f"{name}: larger than {MAX_ARTEFACT_BYTES >> 20} MiB",
                                     hint="artefacts are models and word lists; check the file")
                digest.update(chunk)
                out.write(chunk)
        yield Path(temp), digest.hexdigest(), size
    finally:
        Path(temp).unlink(missing_ok=True)


def _check_kind(path: Path, kind: ArtefactKind, name: str) -> None:
    """Raise :class:`InputError` unless the file at ``path`` is a usable ``kind``."""
    try:
        if kind is ArtefactKind.QUALITY_MODEL:
            from jingshu.corpus.quality.model import QualityModel

            QualityModel.load(path)
        elif kind is ArtefactKind.PII_MODEL:
            from jingshu.privacy.crf import CrfRecognizer

            CrfRecognizer.load(path)
        else:
            text = path.read_bytes().decode("utf-8")
            if not text.strip():
                raise ValueError("the file is empty")
    except Exception as exc:  # any failure to load: the file is not that kind
        detail = str(exc).replace(str(path), name)
        raise InputError(f"{name}: not a usable {kind.value} ({detail})",
                         hint=_KIND_HINTS[kind]) from None


_KIND_HINTS = {
    ArtefactKind.QUALITY_MODEL: "upload a model made by `jingshu corpus train-quality`",
    ArtefactKind.PII_MODEL: "upload a model made by `jingshu privacy train-ner`",
    ArtefactKind.WORDLIST: "upload UTF-8 text, one entry a line",
}


def add_artefact(session: Session, home: Path, source: BinaryIO, *, filename: str,
                 kind: ArtefactKind, organization_id: int | None, actor: str) -> Artefact:
    """Check, store and register a file; the caller commits.

    Adding the same bytes of the same kind for the same organization again returns
    the artefact already registered.

    Args:
        session: Database session.
        home: The jingshu home (bytes go to ``home/artefacts``).
        source: The file's bytes, read in chunks.
        filename: Its name as the user knows it (kept for listing; never a path).
        kind: What the file is; it is checked to be one.
        organization_id: The owning organization (``None``: administrators only).
        actor: Who adds it (audited).

    Raises:
        InputError: Too large, or not a usable file of ``kind``.
    """
    name = _UNSAFE_CHARS.sub("_", PurePath(filename or "artefact").name)[:200] or "artefact"
    with _spooled(home, source, name) as (temp, sha, size):
        same = session.scalar(select(Artefact).where(
            Artefact.sha256 == sha, Artefact.kind == kind,
            Artefact.organization_id.is_(None) if organization_id is None
            else Artefact.organization_id == organization_id))
        if same is not None:
            return same
        _check_kind(temp, kind, name)
        blob = _root(home) / sha[:2] / sha
        blob.parent.mkdir(parents=True, exist_ok=True)
        if not blob.is_file():
            os.replace(temp, blob)
    artefact = Artefact(sha256=sha, kind=kind, name=name, size=size,
                        organization_id=organization_id, created_by=actor)
    session.add(artefact)
    session.flush()
    record(session, actor, "artefact.add", artefact.reference,
           {"kind": kind.value, "sha256": sha, "size": size, "name": name})
    return artefact


def _visible(query: Select[Artefact], viewer: Viewer) -> Select[Artefact]:
    if viewer.admin:
        return query
    if viewer.organization_id is None:
        return query.where(false())
    return query.where(Artefact.organization_id == viewer.organization_id)


def list_artefacts(session: Session, viewer: Viewer, *,
                   kind: ArtefactKind | None = None) -> list[Artefact]:
    """The artefacts ``viewer`` may use, newest first."""
    query = _visible(select(Artefact).order_by(Artefact.id.desc()), viewer)
    if kind is not None:
        query = query.where(Artefact.kind == kind)
    return list(session.scalars(query))


def find(session: Session, reference: str, viewer: Viewer, *,
         kind: ArtefactKind | None = None) -> Artefact:
    """The artefact ``artefact:<id>``, ``artefact:<sha256>`` (or the bare id or sha256).

    ``kind`` picks among artefacts of the same bytes (sha256 references only).

    Raises:
        NotFoundError: None that ``viewer`` may use; the same message whether it does
            not exist or belongs to another organization.
    """
    key = reference.removeprefix(ARTEFACT_SCHEME).strip().lower()
    query = _visible(select(Artefact).order_by(Artefact.id), viewer)
    if key.isdigit() and len(key) < 12:
        query = query.where(Artefact.id == int(key))
    elif _SHA256.fullmatch(key):
        query = query.where(Artefact.sha256 == key)
        if kind is not None:
            query = query.where(Artefact.kind == kind)
    else:
        raise NotFoundError(f"{reference!r} is not an artefact reference",
                            hint="write artefact:ID or artefact:SHA256")
    found = session.scalars(query).first()
    if found is None:
        raise NotFoundError(f"no artefact {reference!r} that you may use",
                            hint="list yours with `jingshu artefact list` or "
                            "GET /api/v1/artefacts")
    return found
