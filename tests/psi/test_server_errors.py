"""The PSI server answers errors in the API's one JSON format (jingshu.http_errors)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.psi import PsiState
from jingshu.psi.server import create_app


def _client(size_only: bool = False) -> TestClient:
    return TestClient(create_app(PsiState.prepare(["a", "b"], "text", size_only=size_only)))


def test_size_only_refuses_exponentiate_with_a_forbidden_error() -> None:
    answer = _client(size_only=True).post("/psi/v1/exponentiate", content=b"\0" * 32)
    assert answer.status_code == 403
    error = answer.json()["error"]
    assert error["code"] == "forbidden" and "only the intersection size" in error["message"]
    assert "POST /psi/v1/sessions" in error["hint"]


def test_an_unknown_session_and_route_are_not_found() -> None:
    client = _client()
    for answer in (
        client.get("/psi/v1/sessions/nope/result"),
        client.post("/psi/v1/sessions/nope/points", content=b""),
    ):
        assert answer.status_code == 404
        assert answer.json()["error"]["code"] == "not_found"
        assert "'nope'" in answer.json()["error"]["message"]
    answer = client.get("/psi/v2/hello")
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "http_error"


def test_bad_input_is_a_400_naming_the_problem() -> None:
    client = _client()
    answer = client.post("/psi/v1/exponentiate", content=b"\1" * 31)
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_input"
    answer = client.get("/psi/v1/set?offset=-1")
    assert answer.status_code == 400
    assert answer.json()["error"]["message"].startswith("query.offset:")


def test_a_session_counts_its_points_once() -> None:
    client = _client()
    sid = client.post("/psi/v1/sessions").json()["session"]
    assert client.post(f"/psi/v1/sessions/{sid}/points", content=b"\x09" * 64).status_code == 204
    assert len(client.get(f"/psi/v1/sessions/{sid}/result").content) == 64
    assert client.get(f"/psi/v1/sessions/{sid}/result").status_code == 404
