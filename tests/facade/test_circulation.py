"""Conditional opening through the facade: agreements, application, review, grant,
watermarked extract, revocation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jingshu.errors import AuthError, InputError, PermissionDenied
from jingshu.facade import GrantInfo
from tests.facade.conftest import ROWS, World


def _agreed(world: World) -> dict[str, int]:
    assert world.publisher.set_agreement("cond-news", "commitment", "我承诺仅用于申请用途。") == 1
    assert world.publisher.set_agreement("cond-news", "use", "不得转让。") == 1
    texts = world.consumer.agreements("cond-news")
    assert texts["use"] == (1, "不得转让。")
    return {"commitment_version": 1, "use_version": 1}


def _granted(world: World, **terms: object) -> GrantInfo:
    request = world.consumer.apply("cond-news", purpose="训练中文模型", scenario="科研",
                                   duration_days=30, organization="某大学",
                                   fields=["id", "text"], **_agreed(world))
    assert request.status == "pending" and request.applicant == "alice"
    return world.publisher.approve(request.id, **terms)  # type: ignore[arg-type]


def test_only_the_publisher_writes_agreements(world: World) -> None:
    with pytest.raises(PermissionDenied, match="publishing organization"):
        world.consumer.set_agreement("cond-news", "use", "x")


def test_application_review_and_grant(world: World) -> None:
    grant = _granted(world, quota=2)
    assert (grant.holder, grant.fields, grant.quota, grant.used) == ("alice", ["id", "text"],
                                                                      2, 0)
    assert [g.id for g in world.consumer.grants()] == [grant.id]
    assert [g.id for g in world.publisher.grants(issued=True)] == [grant.id]
    assert [r.status for r in world.consumer.requests()] == ["approved"]
    assert [r.status for r in world.operator.requests(status="approved")] == ["approved"]
    with pytest.raises(PermissionDenied, match="review"):
        world.consumer.requests(to_review=True)


def test_consumer_may_not_approve_and_operator_may_not_apply(world: World) -> None:
    with pytest.raises(InputError, match="organization is empty"):  # alice has none
        world.consumer.apply("cond-news", purpose="p", scenario="s", duration_days=5,
                             **_agreed(world))
    request = world.consumer.apply("cond-news", purpose="p", scenario="s", duration_days=5,
                                   organization="某大学", commitment_version=1, use_version=1)
    with pytest.raises(PermissionDenied, match="reviews applications"):
        world.consumer.approve(request.id)
    with pytest.raises(AuthError, match="a user's"):
        world.operator.apply("cond-news", purpose="p", scenario="s", duration_days=5,
                             commitment_version=1, use_version=1)
    world.publisher.ask_changes(request.id, "请说明用途")
    assert world.consumer.requests()[0].status == "changes"


def test_grant_extract_is_watermarked_counted_and_audited(world: World,
                                                          tmp_path: Path) -> None:
    grant = _granted(world, quota=2)
    view = world.consumer.grant(grant.id)
    frame = view.to_pandas()
    assert list(frame.columns) == ["id", "text"]  # only the granted fields
    originals = {r["text"] for r in ROWS}
    assert originals <= set(frame["text"])
    assert len(frame) > len(ROWS)  # canary records keyed to the grant
    out = tmp_path / "extract.jsonl"
    written = view.download(str(out))
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert written == len(lines) == len(frame)
    assert view.info().used == 2
    with pytest.raises(PermissionDenied, match="used all 2 of its downloads"):
        view.download(str(tmp_path / "third.jsonl"))
    entries = world.audit("grant.download")
    assert [e["actor"] for e in entries] == ["alice", "alice"]


def test_only_the_holder_downloads_under_a_grant(world: World, tmp_path: Path) -> None:
    grant = _granted(world)
    with pytest.raises(PermissionDenied, match="another user"):
        world.publisher.grant(grant.id).download(str(tmp_path / "x.jsonl"))
    with pytest.raises(AuthError, match="holder"):
        world.operator.grant(grant.id).download(str(tmp_path / "x.jsonl"))


def test_revoked_grant_downloads_nothing(world: World, tmp_path: Path) -> None:
    grant = _granted(world)
    with pytest.raises(PermissionDenied, match="revokes"):
        world.consumer.revoke(grant.id, "x")
    world.publisher.revoke(grant.id, "违反协议")
    assert world.consumer.grants()[0].revoked is True
    with pytest.raises(PermissionDenied, match="revoked"):
        world.consumer.grant(grant.id).download(str(tmp_path / "x.jsonl"))


def test_a_leaked_extract_is_traced_to_its_holder(world: World, tmp_path: Path) -> None:
    grant = _granted(world, quota=3)
    leak = tmp_path / "leak.jsonl"
    world.consumer.grant(grant.id).download(str(leak))
    result = world.publisher.trace(leak)
    assert result.verdict.value == "traced"
    assert (result.findings[0].holder, result.findings[0].grant_id) == ("alice", grant.id)
    assert world.operator.trace(leak).findings[0].holder == "alice"
    with pytest.raises(PermissionDenied, match="trace"):
        world.consumer.trace(leak)


def test_grant_extract_as_a_hugging_face_dataset(world: World) -> None:
    grant = _granted(world)
    hf = world.consumer.grant(grant.id).to_hf()
    assert hf.column_names == ["id", "text"] and hf.num_rows > len(ROWS)
