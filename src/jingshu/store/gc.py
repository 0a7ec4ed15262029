"""Leftovers of killed processes: staging folders, unrecorded versions, temporary folders.

A process killed with ``kill -9`` runs no cleanup: a writer leaves its staging folder
under ``ROOT/.tmp``, a crash between the store's commit and the catalog's leaves a
version folder no row knows, and an upload or download leaves its temporary folder
(``jingshu-upload-*`` … in the system's temporary folder, ``tmp*`` in the home and
in ``HOME/artefacts/tmp``).
Garbage collection removes them, but only once nothing in them changed for a grace
period (one hour by default), so writes in progress are never touched: a writer's
folder is as young as the newest shard it wrote.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DEFAULT_GRACE_S", "TEMP_PREFIX", "GcReport", "newest_change", "sweep_temp_folders"]

DEFAULT_GRACE_S = 3600.0
TEMP_PREFIX = "jingshu-"
"""Name prefix of the temporary folders jingshu makes (``jingshu-upload-…``)."""


@dataclass(frozen=True)
class GcReport:
    """What garbage collection removed (or, with ``dry_run``, would remove).

    Args:
        staging: staging folders under the store's ``.tmp`` (relative to the store root).
        orphans: committed versions no catalog row knows (relative to the store root).
        temp: temporary folders (absolute paths).
        dry_run: nothing was removed.
    """

    staging: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    temp: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def count(self) -> int:
        return len(self.staging) + len(self.orphans) + len(self.temp)


def newest_change(path: Path) -> float:
    """The newest modification time of ``path`` and everything under it (epoch seconds).

    Args:
        path: a file or folder; entries vanishing meanwhile are skipped.
    """
    newest = path.lstat().st_mtime
    for parent, dirs, files in os.walk(path):
        for name in (*dirs, *files):
            try:
                newest = max(newest, os.lstat(os.path.join(parent, name)).st_mtime)
            except FileNotFoundError:
                continue
    return newest


def _stale(path: Path, grace_s: float, now: float) -> bool:
    try:
        return (not path.is_symlink() and path.stat().st_uid == os.getuid()
                and now - newest_change(path) >= grace_s)
    except FileNotFoundError:
        return False


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def sweep_temp_folders(places: Iterable[tuple[Path, str]], *, grace_s: float = DEFAULT_GRACE_S,
                       dry_run: bool = False) -> list[str]:
    """Remove files and folders named ``PREFIX*`` in each ``(folder, prefix)`` that are stale.

    Args:
        places: where to look and which name prefix marks jingshu's folders.
        grace_s: keep folders with anything changed in the last ``grace_s`` seconds.
        dry_run: only list them.

    Returns:
        The removed paths, absolute and sorted; only this user's are considered.
    """
    now = time.time()
    removed = []
    for folder, prefix in places:
        if not folder.is_dir():
            continue
        for child in folder.iterdir():
            if child.name.startswith(prefix) and _stale(child, grace_s, now):
                if not dry_run:
                    _remove(child)
                removed.append(str(child))
    return sorted(removed)
