"""Which executor a run uses: its options first, then ``JINGSHU_RAY_ADDRESS``."""

from __future__ import annotations

import pytest

from jingshu.corpus.executor_ray import choose_executor
from jingshu.errors import InputError


@pytest.mark.parametrize(
    ("executor", "address", "configured", "expected"),
    [
        (None, None, "", ("local", None)),
        (None, None, "head:6379", ("ray", "head:6379")),
        (None, "other:6379", "head:6379", ("ray", "other:6379")),
        ("ray", None, "", ("ray", None)),
        ("ray", None, "head:6379", ("ray", "head:6379")),
        ("local", None, "head:6379", ("local", None)),
    ],
)
def test_options_then_setting(executor: str | None, address: str | None, configured: str,
                              expected: tuple[str, str | None]) -> None:
    assert choose_executor(executor, address, configured) == expected  # type: ignore[arg-type]


def test_an_address_with_the_local_executor_is_refused() -> None:
    with pytest.raises(InputError, match="only used by the ray executor") as info:
        choose_executor("local", "head:6379", "")
    assert "--executor ray" in str(info.value.hint)
