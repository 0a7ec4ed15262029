"""Small JSON-lines files: each value with its line, errors naming the place."""

from __future__ import annotations

import pytest

from jingshu.errors import InputError
from jingshu.store.json_lines import json_lines, json_objects


def test_blank_lines_are_skipped_and_numbers_kept() -> None:
    lines = ['{"a": 1}', "", "  ", "[2]"]
    assert list(json_lines(lines, lambda n: f"f:{n}")) == [(1, {"a": 1}), (4, [2])]


def test_errors_name_the_place_and_say_what_to_do() -> None:
    with pytest.raises(InputError, match=r"^f:2: not JSON \(Expecting property name") as caught:
        list(json_lines(["{}", "{oops"], lambda n: f"f:{n}", hint="fix it"))
    assert caught.value.hint == "fix it"
    with pytest.raises(InputError, match="meta line 3: not a JSON object") as caught:
        list(json_objects(["{}", "", "[1]"], lambda n: f"meta line {n}", object_hint="an object"))
    assert caught.value.hint == "an object"
