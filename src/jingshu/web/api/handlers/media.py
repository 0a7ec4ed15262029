"""/datasets/{name}/versions/{number}/media/{sha256}: a row's image or audio bytes, or a
thumbnail, for viewers. Seeing media is seeing the data: the download policy applies,
and only media the version's rows name are served (a blob of another dataset is 404
here even when its sha256 is known)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from jingshu.catalog.service import open_version
from jingshu.errors import NotFoundError
from jingshu.store.media_export import media_column
from jingshu.store.media_probe import content_type
from jingshu.store.version import StoredVersion
from jingshu.web.api.handlers.versions import load_version
from jingshu.web.deps import DbSession, PlatformDep, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["router"]

router = APIRouter(prefix="/datasets/{name}/versions", tags=["versions"])


def _format_of(stored: StoredVersion, column: str, sha: str) -> str | None:
    """The row's ``format`` when the version names ``sha``; NotFoundError otherwise."""
    names = stored.schema().names
    wanted = [column] + (["format"] if "format" in names else [])
    for batch in stored.iter_batches(columns=wanted):
        for row in batch.to_pylist():
            if row[column] == sha:
                return str(row["format"]) if row.get("format") else None
    raise NotFoundError(f"version {stored.manifest.version_id} names no media {sha}",
                        hint="take the sha256 from the version's rows")


@router.get("/{number}/media/{sha}")
def media(name: str, number: str, sha: str, who: Who, session: DbSession,
          platform: PlatformDep,
          thumb: Annotated[int | None, Query(ge=16, le=1024,
                                             description="longest side of a JPEG preview")] = None,
          ) -> Response:
    """The media file (or, for an image, a JPEG thumbnail of ``thumb`` px)."""
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.download(version.dataset))
    stored = open_version(platform.store, version)
    kind = media_column(stored.schema())
    if kind is None:
        raise NotFoundError(f"dataset {name!r} holds no media", hint="it has no *_sha256 column")
    fmt = _format_of(stored, f"{kind}_sha256", sha)
    data = platform.store.blobs().get(sha)
    if thumb is not None and kind == "image":
        from jingshu.media.thumbnails import thumbnail

        return Response(thumbnail(data, thumb), media_type="image/jpeg")
    return Response(data, media_type=content_type(fmt))
