"""The sandbox over HTTP: a released answer, refusals in the one error format."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.sandbox.helpers import make_sandbox
from tests.web.helpers import API, bearer, error_of


def test_query_over_http_returns_noise_scale_accuracy_and_budget(
        platform: Platform) -> None:
    box = make_sandbox(platform)
    with TestClient(create_app(platform)) as client:
        _exercise(client, platform, box.dataset, box.consumer)


def _exercise(client: TestClient, platform: Platform, dataset: str, consumer: str) -> None:
    headers = bearer(platform, consumer)
    url = f"{API}/sandbox/{dataset}/queries"
    r = client.post(url, headers=headers,
                    json={"aggregate": "count", "group_by": "region", "epsilon": 1.0})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["noise_scale"] == 1.0 and len(body["values"]) == 5
    assert body["budget"] == {"dataset": dataset, "epsilon_total": 3.0,
                              "epsilon_spent": 1.0, "epsilon_left": 2.0, "queries": 1}
    refused = client.post(url, headers=headers, json={"aggregate": "sum", "column": "name",
                                                      "epsilon": 0.5})
    assert refused.status_code == 422
    assert "not declared" in str(error_of(refused)["message"])
    bad = client.post(url, headers=headers, json={"aggregate": "rows", "epsilon": 0.5})
    assert bad.status_code in (400, 422)
    history = client.get(url, headers=headers).json()
    assert [q["status"] for q in history] == ["released"]
    assert client.get(f"{API}/sandbox/{dataset}/budget",
                      headers=headers).json()["epsilon_left"] == 2.0
    # the raw rows stay out of reach, whatever the grant
    rows = client.get(f"{API}/datasets/{dataset}/versions/latest/preview", headers=headers)
    assert rows.status_code in (401, 403, 404)
