"""The Ray executor: run a per-shard function over items on a Ray cluster (Ray Data).

:func:`ray_map` is generic: it takes any picklable, importable function of one item
and a list of items (shard tasks, deduplication stages ...), and runs one Ray Data
``map`` task per item, each with one CPU. Results come back as they finish; callers
that need an order (the corpus executor merges reports from completion markers in
shard order) must not rely on arrival order.

With no ``address`` and no running Ray in this process, a local Ray instance is
started with ``num_cpus=workers`` and shut down afterwards; with an address
(``HOST:PORT`` of a head node, ``ray://host:10001`` or ``auto``; the
``JINGSHU_RAY_ADDRESS`` setting, see :func:`choose_executor`) the process connects to
that cluster and its CPUs run the items, as many at once as it has. On a cluster
the input and output paths must be reachable from every node (a shared file
system or object storage), as in any Ray Data job.

:func:`ray_session` holds one connection for a whole run (its shards and its
deduplication stages): sessions nest and may be opened by several threads at once;
the last one to close shuts down the Ray this module started, never one that was
already running in the process.
"""

from __future__ import annotations

import importlib
import importlib.util
import pickle
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

from jingshu.errors import DependencyMissing, InputError

__all__ = ["choose_executor", "ray_available", "ray_map", "ray_session"]

T = TypeVar("T")
R = TypeVar("R")


def ray_available() -> bool:
    """Whether the ``ray`` package can be imported."""
    return importlib.util.find_spec("ray") is not None


def _import_ray() -> Any:
    if not ray_available():
        raise DependencyMissing("ray", needed_for="the ray executor", extra="ray")
    return importlib.import_module("ray")


def choose_executor(executor: Literal["local", "ray"] | None, address: str | None,
                    configured: str = "") -> tuple[Literal["local", "ray"], str | None]:
    """The executor and Ray address of a run, from its options and the setting.

    Args:
        executor: Asked for explicitly (``--executor``), or ``None``.
        address: Asked for explicitly (``--address``), or ``None``.
        configured: The ``JINGSHU_RAY_ADDRESS`` setting (empty: none).

    Returns:
        ``("ray", address)`` when a cluster is named (by the option or the setting)
        and ``local`` was not asked for; ``("ray", None)`` for a local Ray instance;
        ``("local", None)`` otherwise.

    Raises:
        InputError: ``address`` given with ``executor="local"``.
    """
    if executor == "local":
        if address:
            raise InputError(f"address {address!r} is only used by the ray executor",
                             hint="add --executor ray, or leave out --address")
        return "local", None
    cluster = address or configured or None
    if executor == "ray" or cluster is not None:
        return "ray", cluster
    return "local", None


class _Session:
    """Reference count of the open :func:`ray_session` blocks of this process."""

    lock = threading.Lock()
    users = 0
    owned = False


@contextmanager
def ray_session(address: str | None = None, workers: int = 2) -> Iterator[Any]:
    """Ray, initialized for the block: connected to ``address`` or a local instance.

    Args:
        address: Ray cluster address; ``None`` uses the Ray already initialized in
            this process, or starts a local one with ``workers`` CPUs.
        workers: CPUs of a local instance started here.

    Raises:
        DependencyMissing: ``ray`` is not installed.
    """
    ray = _import_ray()
    with _Session.lock:
        if _Session.users == 0 and not ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address is None:
                options["num_cpus"] = workers
            ray.init(address=address, **options)
            _Session.owned = True
        _Session.users += 1
    try:
        yield ray
    finally:
        with _Session.lock:
            _Session.users -= 1
            if _Session.users == 0 and _Session.owned:
                _Session.owned = False
                ray.shutdown()


def _apply(row: dict[str, Any]) -> dict[str, Any]:
    """Ray Data ``map`` function: unpickle (function, item), run it, pickle the result."""
    fn, item = pickle.loads(row["task"])
    return {"index": row["index"], "result": pickle.dumps(fn(item))}


def _results(ray: Any, fn: Callable[[T], R], items: Sequence[T], workers: int | None) -> \
        Iterator[tuple[int, R]]:
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.execution_options.preserve_order = False
    rows = [{"index": i, "task": pickle.dumps((fn, item))} for i, item in enumerate(items)]
    dataset = ray.data.from_items(rows, override_num_blocks=len(rows))
    at_once = None if workers is None else max(1, min(workers, len(rows)))
    mapped = dataset.map(_apply, num_cpus=1, concurrency=at_once)
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
        workers: Items run at once (and CPUs of a local instance started here); on
            a cluster (``address`` given) as many run at once as it has CPUs.
        on_result: Called with each result as it arrives (progress bars).

    Raises:
        DependencyMissing: ``ray`` is not installed.
    """
    if not items:
        return []
    with ray_session(address, workers) as ray:
        results: dict[int, R] = {}
        for index, result in _results(ray, fn, items, None if address else workers):
            results[index] = result
            if on_result is not None:
                on_result(result)
        return [results[i] for i in range(len(items))]
