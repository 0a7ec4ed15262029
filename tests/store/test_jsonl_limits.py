"""JSON-lines import refuses non-finite numbers and deep nesting, naming file, line and field.

Python's ``json`` reads ``NaN``, ``Infinity`` and ``1e999`` as floats, and a deeply
nested line raised ``RecursionError`` (issue 10): both are now an :class:`InputError`.
A deeply nested HTTP body gets a 400 that says so (the last test).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.errors import InputError
from jingshu.platform import Platform
from jingshu.store.jsonl_reader import MAX_DEPTH, read_jsonl
from jingshu.web.app import create_app
from tests.factories import make_dataset, make_org
from tests.web.helpers import API, as_role, error_of

FIRST = '{"id": 0, "text": "甲", "m": {"score": 0.5, "tags": [1.0]}}\n'


@pytest.mark.parametrize(("line", "field", "literal"), [
    ('{"id": 1, "text": "乙", "m": {"score": NaN, "tags": [1.0]}}', "m.score", "NaN"),
    ('{"id": 1, "text": "乙", "m": {"score": 0.1, "tags": [-Infinity]}}', "m.tags[0]",
     "-Infinity"),
    ('{"id": 1, "text": "乙", "m": {"score": 1e999, "tags": []}}', "m.score", "1e999")])
@pytest.mark.parametrize("batch_rows", [1, 100])  # the second line in the fast path / not
def test_non_finite_numbers_are_refused_naming_the_line_and_field(
        tmp_path: Path, line: str, field: str, literal: str, batch_rows: int) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(FIRST + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        list(read_jsonl(str(path), batch_rows=batch_rows))
    assert refused.value.message == (f"{path} line 2: field {field!r}: {literal} is not a "
                                     "finite number")
    assert "null" in str(refused.value.hint)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text(FIRST + '{"id": 1, "x": ' + "[" * depth + "]" * depth + "}\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match=f"line 2: nested deeper than {MAX_DEPTH} levels"):
        list(read_jsonl(str(path)))


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    depth = MAX_DEPTH - 1  # the record itself is one level
    path.write_text('{"x": ' + "[" * depth + "1" + "]" * depth + "}\n", encoding="utf-8")
    assert sum(b.num_rows for b in read_jsonl(str(path))) == 1


def test_an_upload_with_nan_gets_a_400_naming_the_line(platform: Platform) -> None:
    make_org(platform, "org-o")
    make_dataset(platform, name="nums", rows=[{"id": "a", "v": 1.5}], organization="org-o")
    headers = as_role(platform, Role.PUBLISHER, organization="org-o")
    with TestClient(create_app(platform)) as client:
        response = client.post(f"{API}/datasets/nums/versions", headers=headers, files={
            "file": ("more.jsonl", b'{"id": "b", "v": 2.5}\n{"id": "c", "v": NaN}\n')})
    assert response.status_code == 400, response.text
    assert str(error_of(response)["message"]) == ("more.jsonl line 2: field 'v': NaN is not "
                                                  "a finite number")


def test_a_deeply_nested_json_body_gets_a_400_saying_so(platform: Platform) -> None:
    headers = as_role(platform, Role.ADMIN)
    body = '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with TestClient(create_app(platform)) as client:
        response = client.post(f"{API}/datasets", content=body,
                               headers={**headers, "Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert error_of(response)["message"] == "the JSON body is nested too deeply to read"
