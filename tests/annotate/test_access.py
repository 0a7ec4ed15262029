"""Who may see a project's rows, what an annotate grant opens, what an item shows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jingshu.accounts.models import Role
from jingshu.accounts.service import get_user
from jingshu.annotate.access import (
    Viewer,
    annotate_grant_refusal,
    may_hold_rows,
    rows_refusal,
    shown,
)
from jingshu.annotate.answers import check_seconds
from jingshu.annotate.assignment import next_item
from jingshu.annotate.projects import ProjectSpec, create_project, get_project, join_project
from jingshu.annotate.schema import parse_schema
from jingshu.annotate.work import rules_of
from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset, get_version
from jingshu.circulation.models import Grant
from jingshu.db.base import utcnow
from jingshu.errors import InputError, RuleViolation
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org, make_user
from tests.web.test_authz_annotate import annotate_grant

SCHEMA = {"kind": "single", "labels": ["正面", "负面"]}
ROWS = [{"id": "a", "text": "好", "phone": "13800138000"}]


def _dataset(tier: OpenTier, grade: Grade, level: Sensitivity, org: int | None = 1) -> Dataset:
    return Dataset(name="d", open_tier=tier, grade=grade, sensitivity=level,
                   organization_id=org)


@pytest.mark.parametrize(("dataset", "viewer", "allowed"), [
    (_dataset(OpenTier.UNCONDITIONAL, Grade.GENERAL, Sensitivity.L1), Viewer(None), True),
    (_dataset(OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2), Viewer(None), False),
    (_dataset(OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2), Viewer(2), False),
    (_dataset(OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2), Viewer(1), True),
    (_dataset(OpenTier.NOT_OPEN, Grade.CORE, Sensitivity.L4), Viewer(1), True),
    (_dataset(OpenTier.NOT_OPEN, Grade.CORE, Sensitivity.L4), Viewer(None, admin=True), False),
    (_dataset(OpenTier.NOT_OPEN, Grade.IMPORTANT, Sensitivity.L3), Viewer(None, admin=True),
     True),
    (_dataset(OpenTier.CONDITIONAL, Grade.CORE, Sensitivity.L3), Viewer(None, admin=True), True),
    (_dataset(OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2, org=None), Viewer(None),
     False),
])
def test_rows_are_seen_by_the_owning_organization_or_unconditionally(
        dataset: Dataset, viewer: Viewer, allowed: bool) -> None:
    assert (rows_refusal(dataset, viewer) is None) is allowed


def test_an_item_shows_only_the_schemas_fields() -> None:
    row = {"id": "1", "text": "文本", "phone": "13800138000", "text_b": "乙"}
    assert shown(parse_schema(SCHEMA), row) == {"text": "文本"}
    relation = parse_schema({"kind": "relation", "labels": ["是", "否"], "field": "text",
                             "second_field": "text_b"})
    assert shown(relation, row) == {"text": "文本", "text_b": "乙"}


def _world(platform: Platform) -> None:
    make_org(platform, "home")
    make_org(platform, "away")
    make_user(platform, Role.PUBLISHER, name="away-pub", organization="away")
    for name, tier, grade, level in [("cond", OpenTier.CONDITIONAL, Grade.GENERAL,
                                      Sensitivity.L2),
                                     ("core-cond", OpenTier.CONDITIONAL, Grade.CORE,
                                      Sensitivity.L3)]:
        make_dataset(platform, name=name, organization="home", tier=tier, grade=grade,
                     sensitivity=level, rows=ROWS)


def _create(platform: Platform, dataset: str, grant_id: str, name: str) -> None:
    with platform.session() as s:
        away = get_user(s, "away-pub").organization_id
        create_project(s, platform.store, get_version(s, dataset),
                       ProjectSpec(name=name, title="t", label_schema=SCHEMA, overlap=1),
                       actor="away-pub", organization_id=away, grant=s.get(Grant, grant_id))
        s.commit()


def test_only_an_active_annotate_grant_opens_another_organizations_data(
        platform: Platform) -> None:
    _world(platform)
    download_only = annotate_grant(platform, "cond", "away-pub", annotate=False)
    with pytest.raises(RuleViolation, match="not annotation"):
        _create(platform, "cond", download_only, "p1")
    core = annotate_grant(platform, "core-cond", "away-pub")
    with pytest.raises(RuleViolation, match="only inside its own organization"):
        _create(platform, "core-cond", core, "p2")
    good = annotate_grant(platform, "cond", "away-pub")
    _create(platform, "cond", good, "p3")
    with platform.session() as s:
        grant, dataset = s.get_one(Grant, good), get_dataset(s, "cond")
        away = get_user(s, "away-pub").organization_id
        assert annotate_grant_refusal(grant, dataset, holder_org=away) is None
        assert "another organization" in (
            annotate_grant_refusal(grant, dataset, holder_org=away + 100) or "")
        grant.revoked, grant.revoked_reason = True, "用途变更"
        assert "revoked" in (rows_refusal(dataset, Viewer(away), grant) or "")
        grant.revoked, grant.expires_at = False, utcnow() - timedelta(days=1)
        assert "expired" in (rows_refusal(dataset, Viewer(away), grant) or "")


def test_next_item_hands_out_only_the_schemas_columns(platform: Platform) -> None:
    make_dataset(platform, name="rows", rows=ROWS)
    with platform.session() as s:
        project = create_project(s, platform.store, get_version(s, "rows"),
                                 ProjectSpec(name="cols", title="t", label_schema=SCHEMA,
                                             overlap=1), actor="t")
        join_project(s, project, "ann", actor="t")
        got = next_item(s, project, "ann")
        assert got is not None and got.data == {"text": "好"} and got.row_key == "a"
        again = next_item(s, project, "ann")  # the held lease, shown the same way
        assert again is not None and again.data == {"text": "好"}


def test_seconds_must_be_a_time_the_answer_can_have_taken(platform: Platform) -> None:
    make_dataset(platform, name="rows", rows=ROWS)
    with platform.session() as s:
        create_project(s, platform.store, get_version(s, "rows"),
                       ProjectSpec(name="secs", title="t", label_schema=SCHEMA,
                                   lease_seconds=300), actor="t")
        rules = rules_of(get_project(s, "secs"))
    assert check_seconds(0, rules) == 0.0
    assert check_seconds(12.5, rules) == 12.5
    for bad in (-0.5, float("nan"), float("inf"), 300 + 61):
        with pytest.raises(InputError, match="seconds="):
            check_seconds(bad, rules)


def test_rows_are_held_only_by_their_owner_or_when_unconditional() -> None:
    cond = _dataset(OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2)
    assert may_hold_rows(cond, 1) and not may_hold_rows(cond, 2)
    assert not may_hold_rows(cond, None)
    platform_owned = _dataset(OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2, org=None)
    assert may_hold_rows(platform_owned, None) and not may_hold_rows(platform_owned, 1)
    assert may_hold_rows(_dataset(OpenTier.UNCONDITIONAL, Grade.GENERAL, Sensitivity.L1), 2)
