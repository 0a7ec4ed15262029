"""The Ray executor: run a per-shard function over items on a Ray cluster (Ray Data).

:func:`ray_map` is generic: it takes any picklable, importable function of one item
and a list of items (shard tasks, deduplication stages ...), and runs one Ray Data
``map`` task per item, each with one CPU. Results come back as they finish; callers
that need an order (the corpus executor merges reports from completion markers in
shard order) must not rely on arrival order.

With no ``address`` and no running Ray in this process, a local Ray instance is
started with ``num_cpus=workers`` and shut down afterwards; with an address
(``ray://host:10001`` or ``auto``) the cluster's workers run the items. On a cluster
the input and output paths must be reachable from every node (a shared file
system or object storage), as in any Ray Data job.
"""

from __future__ import annotations

import importlib
import importlib.util
import pickle
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from jingshu.errors import DependencyMissing

__all__ = ["ray_available", "ray_map"]

T = TypeVar("T")
R = TypeVar("R")


def ray_available() -> bool:
    """Whether the ``ray`` package can be imported."""
    return importlib.util.find_spec("ray") is not None


def _import_ray() -> Any:
    if not ray_available():
        raise DependencyMissing("ray", needed_for="the ray executor", extra="ray")
    return importlib.import_module("ray")


def _apply(row: dict[str, Any]) -> dict[str, Any]:
    """Ray Data ``map`` function: unpickle (function, item), run it, pickle the result."""
    fn, item = pickle.loads(row["task"])
    return {"index": row["index"], "result": pickle.dumps(fn(item))}


def _results(ray: Any, fn: Callable[[T], R], items: Sequence[T], workers: int) -> \
        Iterator[tuple[int, R]]:
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.execution_options.preserve_order = False
    rows = [{"index": i, "task": pickle.dumps((fn, item))} for i, item in enumerate(items)]
    dataset = ray.data.from_items(rows, override_num_blocks=len(rows))
    mapped = dataset.map(_apply, num_cpus=1, concurrency=max(1, min(workers, len(rows))))
    for row in mapped.iter_rows():
        yield int(row["index"]), pickle.loads(row["result"])


def ray_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    address: str | None = None,
    workers: int = 2,
    on_result: Callable[[R], None] | None = None,
) -> list[R]:
    """Run ``fn`` on every item on Ray; return the results in the items' order.

    Args:
        fn: A module-level function (workers import it by name).
        items: Picklable items, one Ray task each.
        address: Ray cluster address; ``None`` uses the Ray already initialized in
            this process, or starts a local one.
        workers: Items run at once (and CPUs of a local instance started here).
        on_result: Called with each result as it arrives (progress bars).

    Raises:
        DependencyMissing: ``ray`` is not installed.
    """
    if not items:
        return []
    ray = _import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        if address is None:
            options["num_cpus"] = workers
        ray.init(address=address, **options)
    try:
        results: dict[int, R] = {}
        for index, result in _results(ray, fn, items, workers):
            results[index] = result
            if on_result is not None:
                on_result(result)
        return [results[i] for i in range(len(items))]
    finally:
        if started_here:
            ray.shutdown()
