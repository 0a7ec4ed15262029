"""/datasets/{name}/versions: upload, manifest, preview, download, dictionary, lineage.

``{number}`` is a version number or ``latest`` everywhere.
"""

from __future__ import annotations

import enum
import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.catalog.croissant_media import media_files
from jingshu.catalog.exporting import FOLDER_FORMATS, export_version
from jingshu.catalog.linkeddata import dataset_croissant
from jingshu.catalog.models import DatasetVersion, VersionParent
from jingshu.catalog.quality import exported_profile
from jingshu.catalog.service import (
    DatasetSpec,
    describe_field,
    get_dataset,
    get_version,
    lineage,
    open_version,
    record_download,
)
from jingshu.errors import InputError
from jingshu.store.rows import MAX_PAGE_ROWS, page_rows
from jingshu.web.api.handlers.catalog import JSON_LD
from jingshu.web.api.schemas.datasets import (
    DescriptionIn,
    FieldOut,
    LineageOut,
    PreviewOut,
    RowsOut,
    VersionDetailOut,
    VersionOut,
)
from jingshu.web.deps import DbSession, PlatformDep, Who
from jingshu.web.downloads import file_response
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy
from jingshu.web.uploads import import_upload

__all__ = ["DownloadFormat", "router"]

router = APIRouter(prefix="/datasets/{name}/versions", tags=["versions"])

_COPY_CHUNK = 1 << 20


class DownloadFormat(enum.StrEnum):
    """``catalog.exporting.EXPORT_FORMATS`` as an enum (tests/facade checks they agree);
    the folder formats come as one ``.tar`` file."""

    JSONL = "jsonl"
    PARQUET = "parquet"
    CSV = "csv"
    HF = "hf"
    WEBDATASET = "webdataset"


def load_version(session: Session, name: str, number: str) -> DatasetVersion:
    """Version ``number`` (digits or ``latest``) of dataset ``name``, or 404."""
    if number == "latest":
        return get_version(session, name)
    if not number.isdigit():
        raise InputError(f"version {number!r} is not a version number",
                         hint="use a number such as 2, or 'latest'")
    return get_version(session, name, int(number))


@router.post("", status_code=201)
def upload(name: str, file: UploadFile, who: Who, session: DbSession,
           platform: PlatformDep) -> VersionOut:
    """Add a version from an uploaded file (same schema as the newest version).

    The upload is copied to a temporary file in chunks, never held in memory whole
    (:func:`jingshu.web.uploads.import_upload`, shared with the portal's upload forms).
    """
    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.edit(dataset))
    version = import_upload(session, platform.store, file, spec=DatasetSpec.of(dataset),
                            creator=who.username, append=True)
    session.commit()
    return VersionOut.of(version)


@router.get("")
def list_versions(name: str, who: Who, session: DbSession) -> list[VersionOut]:
    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.view(dataset))
    return [VersionOut.of(v) for v in dataset.versions]


@router.get("/{number}")
def read_version(name: str, number: str, who: Who, session: DbSession) -> VersionDetailOut:
    """The manifest: fields with their dictionary descriptions, shards and parents."""
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.view(version.dataset))
    query = (select(DatasetVersion)
             .join(VersionParent, VersionParent.parent_id == DatasetVersion.id)
             .where(VersionParent.version_id == version.id)
             .order_by(DatasetVersion.created_at))
    return VersionDetailOut.detail(version, list(session.scalars(query)))


@router.get("/{number}/preview")
def preview(name: str, number: str, who: Who, session: DbSession, platform: PlatformDep,
            limit: Annotated[int, Query(ge=1, le=1000)] = 20) -> PreviewOut:
    """The first rows; seeing rows is seeing the data, so the download policy applies."""
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.download(version.dataset))
    stored = open_version(platform.store, version)
    return PreviewOut(dataset=name, number=version.number,
                      columns=[f.name for f in stored.manifest.fields],
                      rows=stored.head(limit))


@router.get("/{number}/rows")
def rows(name: str, number: str, who: Who, session: DbSession, platform: PlatformDep,
         offset: Annotated[int, Query(ge=0)] = 0,
         limit: Annotated[int, Query(ge=1, le=MAX_PAGE_ROWS)] = 100,
         q: Annotated[str, Query(max_length=200, description="only rows containing this")] = "",
         column: Annotated[list[str] | None, Query(description="search these columns")] = None,
         ) -> RowsOut:
    """A page of rows at any offset, or of the rows whose text contains ``q``.

    Seeing rows is seeing the data: the download policy applies, as for the preview.
    """
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.download(version.dataset))
    stored = open_version(platform.store, version)
    page = page_rows(stored, offset=offset, limit=limit, contains=q, columns=column)
    return RowsOut(dataset=name, number=version.number,
                   columns=[f.name for f in stored.manifest.fields], offset=offset, limit=limit,
                   total=page.total, q=q, row_numbers=page.numbers, rows=page.rows)


@router.get("/{number}/download", response_class=FileResponse)
def download(name: str, number: str, who: Who, session: DbSession, platform: PlatformDep,
             format: DownloadFormat = DownloadFormat.JSONL) -> FileResponse:
    """Stream the version as one file, recorded in the audit log: JSON lines, Parquet,
    CSV, or a ``.tar`` of a Hugging Face folder (``hf``; a media version's files inline)
    or of WebDataset shards (``webdataset``, media versions)."""
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.download(version.dataset))

    def write(path: Path) -> None:  # the use case of `jingshu dataset export`
        folder = format.value in FOLDER_FORMATS
        out = path.with_suffix("") if folder else path
        export_version(session, platform.store, version, str(out), format.value,
                       actor=who.username)
        if folder:  # one file to send: the folder as an uncompressed tar (media are)
            with tarfile.open(path, "w") as tar:
                tar.add(out, arcname=out.name)
            shutil.rmtree(out)
        session.commit()

    suffix = f"{format.value}.tar" if format.value in FOLDER_FORMATS else format.value
    return file_response(f"{name}-v{version.number}.{suffix}", write)


@router.get("/{number}/files/{shard}")
def shard_file(name: str, number: str, shard: str, who: Who, session: DbSession,
               platform: PlatformDep) -> StreamingResponse:
    """One Parquet shard as stored (the files a Croissant description points at)."""
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.download(version.dataset))
    stream = open_version(platform.store, version).open_shard(shard)
    record_download(session, who.username, version, f"shard:{shard}")
    session.commit()

    def chunks() -> Iterator[bytes]:
        with stream:
            while chunk := stream.read(_COPY_CHUNK):
                yield chunk

    return StreamingResponse(chunks(), media_type="application/vnd.apache.parquet",
                             headers={"Content-Disposition": f'attachment; filename="{shard}"'})


@router.get("/{number}/dictionary")
def dictionary(name: str, number: str, who: Who, session: DbSession) -> list[FieldOut]:
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.view(version.dataset))
    return [FieldOut.of(f) for f in version.fields]


@router.put("/{number}/dictionary/{field}")
def describe(name: str, number: str, field: str, body: DescriptionIn, who: Who,
             session: DbSession) -> FieldOut:
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.edit(version.dataset))
    doc = describe_field(session, version, field, body.description, actor=who.username)
    session.commit()
    return FieldOut.of(doc)


@router.get("/{number}/lineage")
def version_lineage(name: str, number: str, who: Who, session: DbSession) -> LineageOut:
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.view(version.dataset))
    return LineageOut.of(lineage(session, version))


@router.get("/{number}/croissant", response_class=JSONResponse)
def croissant(name: str, number: str, request: Request, who: Who,
              session: DbSession, platform: PlatformDep) -> JSONResponse:
    """Croissant 1.0 JSON-LD metadata of the version, with its stored quality profile.

    Its media files (one ``cr:FileObject`` each) and the profile's row content (frequent
    values, repeated lines) are listed only to whoever may download the version: which
    files a dataset holds is row data.
    """
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.view(version.dataset))
    may_download = DatasetPolicy.download(version.dataset)(who) is None
    media = media_files(open_version(platform.store, version)) if may_download else None
    profile = exported_profile(platform.store, version, row_content=may_download)
    document = dataset_croissant(version.dataset, version, str(request.base_url).rstrip("/"),
                                 media, profile)
    return JSONResponse(document, media_type=JSON_LD)
