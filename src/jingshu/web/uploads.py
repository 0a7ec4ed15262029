"""One way to import an uploaded file: copied to a temporary folder in chunks, then imported.

The API (``POST /api/v1/datasets/{name}/versions``) and the portal's upload forms call
:func:`import_upload`, so both stream the same way (never holding a file in memory
whole; the size limit is :class:`~jingshu.web.limits.UploadLimitMiddleware`'s) and go
through the same use case, :func:`~jingshu.catalog.importing.import_file`, which
checks the schema, writes the version and records it in the audit log.

A ``.zip`` is unpacked first (:func:`unpack_zip`) and imported as the folder it holds:
images or audio (the ``imagefolder``/``audiofolder`` layouts, with an optional
``metadata.jsonl``/CSV), a COCO annotation JSON with its images, or text files. A
``.tar`` is a WebDataset.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePath

from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from jingshu.catalog.importing import import_file
from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.service import DatasetSpec
from jingshu.errors import InputError
from jingshu.store import DatasetStore

__all__ = ["MAX_ZIP_MEMBERS", "MAX_ZIP_RATIO", "import_upload", "unpack_zip", "upload_name"]

_COPY_CHUNK = 1 << 20
MAX_ZIP_MEMBERS = 500_000
"""Files one uploaded zip may hold."""
MAX_ZIP_RATIO = 50
"""Unpacked bytes per zipped byte, at most (plus 64 MB): media are compressed already,
so a larger ratio is a decompression bomb."""
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
        source, fmt = (unpack_zip(path, Path(folder) / path.stem)
                       if path.suffix.lower() == ".zip" else (path, None))
        try:
            return import_file(session, store, str(source), spec=spec, creator=creator,
                               append=append, fmt=fmt)
        except InputError as exc:
            exc.message = exc.message.replace(f"{folder}/", "")
            raise


def unpack_zip(path: Path, into: Path) -> tuple[Path, str | None]:
    """Unpack the zip ``path`` into ``into``; what to import and its format.

    The import is the COCO JSON when the zip holds one (``coco``), else the folder (its
    layout guessed: images, audio or text); a folder alone at the top is entered, so
    zipping ``photos/`` gives ``photos``'s subfolders as labels.

    Raises:
        InputError: not a zip, a member outside the folder (``..``, absolute), more than
            :data:`MAX_ZIP_MEMBERS` files, or more unpacked bytes than
            :data:`MAX_ZIP_RATIO` times the zip (checked while writing, not only from
            the headers); nothing of it is imported then.
    """
    limit = MAX_ZIP_RATIO * path.stat().st_size + (64 << 20)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path.name}: not a zip file ({exc})",
                         hint="zip the folder again, or upload a .tar WebDataset") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and not _hidden(m.filename)]
        if len(members) > MAX_ZIP_MEMBERS:
            raise InputError(f"{path.name}: {len(members):,} files (at most "
                             f"{MAX_ZIP_MEMBERS:,} in one upload)",
                             hint="split it into several versions, or import it with the CLI")
        written = 0
        for member in members:
            target = _inside(into, member.filename, path.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as src, target.open("wb") as out:
                while chunk := src.read(_COPY_CHUNK):
                    written += len(chunk)
                    if written > limit:
                        raise InputError(
                            f"{path.name}: unpacks to more than {limit:,} bytes "
                            f"({MAX_ZIP_RATIO}x the zip), at {member.filename}",
                            hint="a decompression bomb is refused; zip media as they are")
                    out.write(chunk)
    if not members:
        raise InputError(f"{path.name}: the zip holds no files",
                         hint="zip the folder of images, audio or text files")
    root = into
    while (entries := list(root.iterdir())) and len(entries) == 1 and entries[0].is_dir():
        root = entries[0]
    coco = [p for p in root.rglob("*.json") if _is_coco(p)]
    if len(coco) == 1:
        return coco[0], "coco"
    return root, None


def _hidden(name: str) -> bool:
    """macOS resource forks and dot files that zip tools add."""
    return any((part.startswith(".") and part not in (".", "..")) or part == "__MACOSX"
               for part in PurePath(name).parts)


def _inside(into: Path, name: str, zip_name: str) -> Path:
    pure = PurePath(name.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise InputError(f"{zip_name}: member {name!r} points outside the folder",
                         hint="zip with relative paths (no '..', no leading '/')")
    return into.joinpath(*pure.parts)


def _is_coco(path: Path) -> bool:
    """A COCO annotation file: a JSON object with an ``images`` list (up to 256 MB read)."""
    if path.stat().st_size > (256 << 20):
        return False
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and isinstance(data.get("images"), list)
