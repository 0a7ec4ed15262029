"""NaN and ±Infinity are refused in declarations and queries, naming the field (issue 10)."""

from __future__ import annotations

import copy
import math

import pytest
from fastapi.testclient import TestClient

from jingshu.errors import InputError
from jingshu.platform import Platform
from jingshu.sandbox import parse_declaration, parse_query
from jingshu.web.app import create_app
from tests.sandbox.helpers import DECLARATION, make_sandbox
from tests.web.helpers import API, bearer, error_of


@pytest.mark.parametrize(("field", "value"), [
    (("columns", "age", "lower"), -math.inf), (("columns", "age", "upper"), math.inf),
    (("columns", "cost", "upper"), math.nan), (("epsilon_total",), math.nan),
    (("max_epsilon_per_query",), math.nan)])
def test_a_declaration_with_a_non_finite_number_is_refused(field: tuple[str, ...],
                                                           value: float) -> None:
    data = copy.deepcopy(DECLARATION)
    holder = data
    for key in field[:-1]:
        holder = holder[key]
    holder[field[-1]] = value
    with pytest.raises(InputError, match="finite number") as refused:
        parse_declaration(data)
    assert field[-1] in refused.value.message


@pytest.mark.parametrize("query", [
    {"aggregate": "count", "epsilon": math.inf},
    {"aggregate": "quantiles", "column": "age", "quantiles": [math.nan], "epsilon": 1},
    {"aggregate": "count", "epsilon": 1,
     "where": [{"column": "age", "op": "between", "value": [0, math.inf]}]}])
def test_a_query_with_a_non_finite_number_is_refused(query: dict[str, object]) -> None:
    with pytest.raises(InputError, match="finite number"):
        parse_query(query)


def test_nan_sent_as_json_gets_a_400_naming_the_field(platform: Platform) -> None:
    box = make_sandbox(platform)
    body = ('{"columns": {"age": {"kind": "numeric", "lower": 0, "upper": Infinity}}, '
            '"epsilon_total": NaN}')
    with TestClient(create_app(platform)) as client:
        response = client.put(f"{API}/sandbox/{box.dataset}/declaration", content=body,
                              headers={**bearer(platform, box.publisher),
                                       "Content-Type": "application/json"})
        assert response.status_code == 400, response.text
        assert "finite number" in str(error_of(response)["message"])
        query = client.post(f"{API}/sandbox/{box.dataset}/queries", content=(
            '{"aggregate": "count", "epsilon": Infinity}'), headers={
            **bearer(platform, box.consumer), "Content-Type": "application/json"})
        assert query.status_code == 400 and "epsilon" in str(error_of(query)["message"])
