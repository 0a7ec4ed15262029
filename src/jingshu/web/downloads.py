"""One way to answer with a file written for the request: a temporary folder, removed after.

Every download handler (API and portal) writes its file through :func:`file_response`;
the folder goes once the response is sent, or at once when writing fails.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

__all__ = ["MEDIA_TYPES", "file_response"]

MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
    "csv": "text/csv; charset=utf-8",
    "tar": "application/x-tar",
}
"""Media type by file suffix; anything else is ``application/octet-stream``."""


def file_response(filename: str, write: Callable[[Path], object], *,
                  prefix: str = "jingshu-download-") -> FileResponse:
    """Call ``write(path)`` for a fresh temporary ``path`` named ``filename``; send it.

    Args:
        filename: the name the client saves the file as (its suffix picks the media type).
        write: writes the file at the path it is given; whatever it raises propagates,
            after the temporary folder is removed.
        prefix: of the temporary folder's name (shows what left it, should one remain).
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    path = folder / filename
    try:
        write(path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    media_type = MEDIA_TYPES.get(path.suffix.lstrip("."), "application/octet-stream")
    return FileResponse(path, media_type=media_type, filename=filename,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))
