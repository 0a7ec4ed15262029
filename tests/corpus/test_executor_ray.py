"""The Ray executor gives the local executor's bytes, on a local Ray started here."""

from __future__ import annotations

import contextlib
import importlib.util
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jingshu.corpus.executor import run_files
from jingshu.corpus.executor_ray import ray_map
from jingshu.errors import DependencyMissing, InputError
from tests.corpus.test_executor import RECIPE, _bytes, _make_input

pytestmark = [
    pytest.mark.ray,
    pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                       reason="ray is not installed (pip install 'jingshu[ray]')"),
]

START_TIMEOUT_S = 90
TEST_TIMEOUT_S = 120


@contextlib.contextmanager
def _deadline(seconds: int, what: str) -> Iterator[None]:
    """Fail with a message, instead of hanging CI, when the block runs past ``seconds``.

    SIGALRM in the main thread: Ray must be started from the main thread (its
    processes die with the thread that started them), so a watchdog thread cannot be
    used.
    """

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"{what} took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def ray_local() -> Iterator[Any]:
    """A local Ray with 2 CPUs, started by the test; fails (not hangs) if it is stuck."""
    import ray

    with _deadline(START_TIMEOUT_S, "starting a local Ray"):
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def _square(x: int) -> int:
    return x * x


def test_ray_map_runs_a_generic_function(ray_local: Any) -> None:
    seen: list[int] = []
    with _deadline(TEST_TIMEOUT_S, "ray_map"):
        result = ray_map(_square, [3, 1, 2], on_result=seen.append)
    assert result == [9, 1, 4]
    assert sorted(seen) == [1, 4, 9]


def test_ray_output_is_byte_identical_to_local(ray_local: Any, tmp_path: Path) -> None:
    recipe = tmp_path / "r.yaml"
    recipe.write_text(RECIPE, encoding="utf-8")
    src = _make_input(tmp_path)
    local, on_ray = tmp_path / "local", tmp_path / "ray"
    expected = run_files(recipe, src, local, progress=False)
    with _deadline(TEST_TIMEOUT_S, "a recipe run on Ray"):
        report = run_files(recipe, src, on_ray, executor="ray", workers=2, progress=False)
    assert _bytes(local) == _bytes(on_ray) and len(_bytes(on_ray)) == 3
    assert (report.docs_in, report.docs_out, report.errors) == (
        expected.docs_in, expected.docs_out, expected.errors)
    assert report.profile.before == expected.profile.before
    errors = Path("_errors") / "a.jsonl"
    assert (on_ray / errors).read_bytes() == (local / errors).read_bytes()


def test_address_without_ray_executor(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="only used by the ray executor"):
        run_files("zh-web", tmp_path, tmp_path / "o", address="auto", progress=False)


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("jingshu.corpus.executor_ray.ray_available", lambda: False)
    with pytest.raises(DependencyMissing, match="ray executor") as info:
        ray_map(_square, [1])
    assert "jingshu[ray]" in str(info.value)
