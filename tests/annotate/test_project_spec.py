"""ProjectSpec: one declaration for Python callers and the HTTP body."""

from __future__ import annotations

import pytest

from jingshu.annotate.projects import ProjectSpec
from jingshu.errors import InputError
from jingshu.web.api.schemas.annotate import ProjectIn

SCHEMA = {"kind": "single", "labels": ["a", "b"]}


def test_a_value_of_the_wrong_type_is_an_input_error_naming_the_field() -> None:
    with pytest.raises(InputError, match=r"^project overlap: .*got 'three'"):
        ProjectSpec(name="p", title="t", label_schema=SCHEMA, overlap="three")


def test_the_http_body_is_the_spec_plus_the_dataset() -> None:
    body = ProjectIn.model_validate({"name": "p", "dataset": "d@2", "label_schema": SCHEMA,
                                     "overlap": 2, "gold": {"r1": "a"}})
    spec = body.to_spec()
    assert type(spec) is ProjectSpec
    assert spec == ProjectSpec(name="p", title="", label_schema=SCHEMA, overlap=2,
                               gold={"r1": "a"})
    assert set(ProjectIn.model_fields) == set(ProjectSpec.model_fields) | {"dataset", "grant"}
