"""A thin wrapper over an fsspec filesystem rooted at one folder or URL."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import fsspec

from jingshu.store.gc import newest_change

__all__ = ["RootedFS", "is_local_protocol"]

_LOCAL = {"file", "local"}


def is_local_protocol(fs: Any) -> bool:
    """Whether an fsspec filesystem is the local disk.

    Args:
        fs: an fsspec ``AbstractFileSystem``.
    """
    protocol = fs.protocol
    names = {protocol} if isinstance(protocol, str) else set(protocol)
    return bool(names & _LOCAL)


@dataclass(frozen=True)
class RootedFS:
    """An fsspec filesystem plus the root path inside it; all paths are relative to root.

    Args:
        fs: the fsspec filesystem.
        root: the root path as that filesystem spells it (no protocol).
    """

    fs: Any
    root: str

    @classmethod
    def from_url(cls, url: str, storage_options: dict[str, object] | None = None) -> RootedFS:
        """Build from a local folder or an fsspec URL such as ``s3://bucket/prefix``.

        Args:
            url: the folder or URL.
            storage_options: passed to fsspec (credentials, endpoint ...).
        """
        fs, root = fsspec.core.url_to_fs(url, **(storage_options or {}))
        return cls(fs=fs, root=str(root).rstrip("/"))

    @property
    def local(self) -> bool:
        """True when the files are on the local disk (atomic rename available)."""
        return is_local_protocol(self.fs)

    def full(self, rel: str) -> str:
        """The filesystem path of ``rel`` under the root.

        Args:
            rel: a ``/``-separated path relative to the root.
        """
        return f"{self.root}/{rel}" if rel else self.root

    def open(self, rel: str, mode: str = "rb") -> IO[bytes]:
        """Open a file under the root (binary).

        Args:
            rel: path relative to the root.
            mode: ``"rb"`` or ``"wb"``.
        """
        if "w" in mode:
            self.fs.makedirs(self.fs._parent(self.full(rel)), exist_ok=True)
        handle: IO[bytes] = self.fs.open(self.full(rel), mode)
        return handle

    def exists(self, rel: str) -> bool:
        """Whether ``rel`` exists under the root.

        Args:
            rel: path relative to the root.
        """
        return bool(self.fs.exists(self.full(rel)))

    def listdir(self, rel: str) -> list[str]:
        """Names (not paths) directly inside folder ``rel``; empty when it is missing.

        Args:
            rel: folder path relative to the root.
        """
        if not self.fs.exists(self.full(rel)):
            return []
        entries = self.fs.ls(self.full(rel), detail=False)
        return sorted(str(e).rstrip("/").rsplit("/", 1)[-1] for e in entries)

    def remove_tree(self, rel: str) -> None:
        """Delete folder ``rel`` and everything under it; missing is fine.

        Args:
            rel: folder path relative to the root.
        """
        if self.fs.exists(self.full(rel)):
            self.fs.rm(self.full(rel), recursive=True)

    def rename(self, src: str, dst: str) -> None:
        """Move ``src`` to ``dst``; on the local disk an atomic ``os.rename``.

        Args:
            src: path relative to the root.
            dst: path relative to the root; its parent is created.
        """
        self.fs.makedirs(self.fs._parent(self.full(dst)), exist_ok=True)
        if self.local:
            os.rename(self.full(src), self.full(dst))
        else:
            self.fs.mv(self.full(src), self.full(dst), recursive=True)

    def age_s(self, rel: str) -> float:
        """Seconds since ``rel`` was last modified; infinity where the store cannot tell.

        On the local disk a folder is as young as the newest thing inside it.

        Args:
            rel: path relative to the root.
        """
        if self.local:
            try:
                return time.time() - newest_change(Path(self.full(rel)))
            except FileNotFoundError:
                return float("inf")
        try:
            modified = self.fs.modified(self.full(rel))
        except (NotImplementedError, OSError, ValueError, KeyError, TypeError):
            return float("inf")
        return time.time() - float(modified.timestamp())
