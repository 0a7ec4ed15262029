"""/datasets/{name}/versions/{number}/media/{sha256}: a row's image or audio bytes, or a
thumbnail, for viewers. Seeing media is seeing the data: the download policy applies,
and only media the version's rows name are served (a blob of another dataset is 404
here even when its sha256 is known)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Query, Request, Response

from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.service import open_version
from jingshu.errors import NotFoundError
from jingshu.platform import Platform
from jingshu.store.media_export import media_column
from jingshu.store.media_index import media_index
from jingshu.store.media_probe import content_type
from jingshu.store.version import StoredVersion
from jingshu.web.api.handlers.versions import load_version
from jingshu.web.deps import DbSession, PlatformDep, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

if TYPE_CHECKING:
    from jingshu.media.thumbnails import ThumbFormat

__all__ = ["router", "serve_media"]

router = APIRouter(prefix="/datasets/{name}/versions", tags=["versions"])
# the bytes of a sha256 never change; private: only this user may see them, and not for
# long, so a revoked grant stops showing them soon
_CACHE = "private, max-age=600"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _format_of(stored: StoredVersion, column: str, sha: str) -> str | None:
    """The row's ``format`` when the version names ``sha``; NotFoundError otherwise
    (a binary search in the version's sorted index, built once per process)."""
    found, fmt = media_index(stored, column).find(sha)
    if not found:
        raise NotFoundError(f"version {stored.manifest.version_id} names no media {sha}",
                            hint="take the sha256 from the version's rows")
    return fmt


@router.get("/{number}/media/{sha}")
def media(name: str, number: str, sha: str, request: Request, who: Who, session: DbSession,
          platform: PlatformDep,
          thumb: Annotated[int | None, Query(ge=16, le=1024,
                                             description="longest side of a preview")] = None,
          ) -> Response:
    """The media file, or an image's ``thumb`` px thumbnail (WebP if accepted, else JPEG).

    Thumbnails are made once per image, size and format and kept beside the blob. The
    file is served whole or as one byte range (``Range: bytes=…``, for audio players).
    """
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.download(version.dataset))
    return serve_media(platform, version, sha, request, thumb)


def serve_media(platform: Platform, version: DatasetVersion, sha: str, request: Request,
                thumb: int | None = None) -> Response:
    """The file ``sha`` of ``version`` (404 unless one of its rows names it), whole or by
    range, or an image's thumbnail; the caller has authorized seeing the version's rows
    (here: the download policy; annotation: a project's members)."""
    stored = open_version(platform.store, version)
    kind = media_column(stored.schema())
    if kind is None:
        raise NotFoundError(f"dataset {version.dataset.name!r} holds no media",
                            hint="it has no *_sha256 column")
    fmt = _format_of(stored, f"{kind}_sha256", sha)
    headers = {"Cache-Control": _CACHE}
    if thumb is not None and kind == "image":
        from jingshu.media.thumbnails import THUMB_FORMATS, cached_thumbnail  # Pillow: lazily

        out: ThumbFormat = "webp" if "image/webp" in request.headers.get("accept", "") else "jpeg"
        data = cached_thumbnail(platform.store.blobs(), sha, thumb, out)
        return Response(data, media_type=THUMB_FORMATS[out],
                        headers=headers | {"Vary": "Accept"})
    return _ranged(platform.store.blobs().get(sha), content_type(fmt), headers,
                   request.headers.get("range"))


def _ranged(data: bytes, media_type: str, headers: dict[str, str],
            wanted: str | None) -> Response:
    """The whole file, or the one byte range asked for (Safari's audio player asks)."""
    headers = headers | {"Accept-Ranges": "bytes"}
    match = _RANGE.match(wanted or "")
    if match is None:
        return Response(data, media_type=media_type, headers=headers)
    first_s, last_s = match.groups()
    size = len(data)
    if first_s:
        first, last = int(first_s), min(int(last_s) if last_s else size - 1, size - 1)
    else:  # bytes=-N: the last N bytes
        first, last = max(0, size - int(last_s or 0)), size - 1
    if first > last or first >= size:
        return Response(status_code=416, headers=headers | {"Content-Range": f"bytes */{size}"})
    return Response(data[first:last + 1], status_code=206, media_type=media_type,
                    headers=headers | {"Content-Range": f"bytes {first}-{last}/{size}"})
