"""Run the per-shard and per-band dedup steps as Ray tasks.

The tasks are the same functions the local executor runs, over the same spilled
files, so the result is the same; the work folder must be on storage every Ray
worker can read (one machine, or a shared file system).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from jingshu.corpus.executor_ray import ray_session

__all__ = ["ray_map"]

T = TypeVar("T")
R = TypeVar("R")


def ray_map(fn: Callable[[T], R], items: Sequence[T], *, address: str | None = None,
            num_cpus: int = 2) -> list[R]:
    """``[fn(item) for item in items]``, each call a Ray task, results in order.

    Args:
        fn: A module-level function (Ray pickles it by reference).
        items: Its arguments.
        address: A Ray cluster address; ``None`` uses the Ray of the enclosing
            :func:`~jingshu.corpus.executor_ray.ray_session`, or starts a local instance.
        num_cpus: CPUs of a local instance started here.

    Raises:
        DependencyMissing: ``ray`` is not installed.
    """
    with ray_session(address, num_cpus) as ray:
        task = ray.remote(fn)
        return list(ray.get([task.remote(item) for item in items]))
