"""A tqdm progress bar over the bytes of a local file as some other code reads it.

The importer reads the file itself; a background thread finds the descriptor it
opened (``/proc/self/fd``) and follows its position (``/proc/self/fdinfo``). Where
that is impossible (not Linux, not a local file, a folder) no bar is shown.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm

__all__ = ["read_progress"]

_PROC_FD = Path("/proc/self/fd")
_POLL_S = 0.2


def _position(target: str) -> int | None:
    """Read offset of the first open descriptor on ``target``, or None."""
    try:
        entries = list(_PROC_FD.iterdir())
    except OSError:
        return None
    for entry in entries:
        try:
            if os.readlink(entry) != target:
                continue
            info = Path(f"/proc/self/fdinfo/{entry.name}").read_text()
        except OSError:
            continue
        for line in info.splitlines():
            if line.startswith("pos:"):
                return int(line.split()[1])
    return None


def _follow(bar: tqdm, target: str, stop: threading.Event) -> None:
    while not stop.wait(_POLL_S):
        pos = _position(target)
        if pos is not None and pos > bar.n:
            bar.update(pos - bar.n)


@contextmanager
def read_progress(path: str, *, enabled: bool = True) -> Iterator[None]:
    """Show a bar of the bytes of ``path`` read so far while the block runs."""
    local = Path(path)
    if not enabled or not _PROC_FD.is_dir() or not local.is_file():
        yield
        return
    target = str(local.resolve())
    size = local.stat().st_size
    bar = tqdm(total=size, unit="B", unit_scale=True, desc=local.name, leave=False)
    stop = threading.Event()
    thread = threading.Thread(target=_follow, args=(bar, target, stop), daemon=True)
    thread.start()
    try:
        yield
        bar.update(size - bar.n)
    finally:
        stop.set()
        thread.join()
        bar.close()
