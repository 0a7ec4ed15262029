"""One way to import an uploaded file: copied to a temporary folder in chunks, then imported.

The API (``POST /api/v1/datasets/{name}/versions``) and the portal's upload forms call
:func:`import_upload`, so both stream the same way (never holding a file in memory
whole; the size limit is :class:`~jingshu.web.limits.UploadLimitMiddleware`'s) and go
through the same use case, :func:`~jingshu.catalog.importing.import_file`, which
checks the schema, writes the version and records it in the audit log.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path, PurePath

from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from jingshu.catalog.importing import import_file
from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.service import DatasetSpec
from jingshu.errors import InputError
from jingshu.store import DatasetStore

__all__ = ["import_upload", "upload_name"]

_COPY_CHUNK = 1 << 20
_UNSAFE_CHARS = re.compile(r"[^\w.\-]+")


def upload_name(filename: str | None) -> str:
    """The uploaded file's base name, made safe; its extension gives the format."""
    name = _UNSAFE_CHARS.sub("_", PurePath(filename or "").name).lstrip(".")
    if "." not in name:
        raise InputError(f"the uploaded file name {filename!r} has no extension",
                         hint="name the file with its format, e.g. data.jsonl or data.csv")
    return name


def import_upload(session: Session, store: DatasetStore, file: UploadFile, *,
                  spec: DatasetSpec, creator: str, append: bool) -> DatasetVersion:
    """Import ``file`` as dataset ``spec`` (new) or, with ``append``, as its next version.

    The caller commits. Errors name the uploaded file, not the server's temporary path.
    """
    with tempfile.TemporaryDirectory(prefix="jingshu-upload-") as folder:
        path = Path(folder) / upload_name(file.filename)
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out, _COPY_CHUNK)
        try:
            return import_file(session, store, str(path), spec=spec, creator=creator,
                               append=append)
        except InputError as exc:
            exc.message = exc.message.replace(str(path), path.name)
            raise
