"""Lineage carries protection: the max of the inputs' tier, grade and level."""

from __future__ import annotations

import pytest
from tests.factories import make_dataset

from jingshu.catalog.rules import (
    Grade,
    OpenTier,
    Protection,
    Sensitivity,
    check_protected,
    check_tier,
    protection_of,
)
from jingshu.catalog.service import get_dataset, get_version, open_version, publish_version
from jingshu.errors import RuleViolation
from jingshu.jobs.runs import RunRequest, RunStatus, execute, submit
from jingshu.platform import Platform
from jingshu.store import Provenance

OPEN = Protection(OpenTier.UNCONDITIONAL, Grade.GENERAL, Sensitivity.L1, "open")
COND = Protection(OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2, "cond")
IMPORTANT = Protection(OpenTier.CONDITIONAL, Grade.IMPORTANT, Sensitivity.L1, "imp")
CORE = Protection(OpenTier.NOT_OPEN, Grade.CORE, Sensitivity.L4, "core")
CLOSED_L3 = Protection(OpenTier.NOT_OPEN, Grade.GENERAL, Sensitivity.L3, "closed")


def test_protection_of_takes_each_scale_at_its_most_protected() -> None:
    got = protection_of([COND, IMPORTANT, CLOSED_L3])
    assert (got.open_tier, got.grade, got.sensitivity) == (
        OpenTier.NOT_OPEN, Grade.IMPORTANT, Sensitivity.L3)
    assert got.name == "closed, cond, imp"
    assert protection_of([]) == Protection()


@pytest.mark.parametrize("inputs", [[OPEN], [COND], [OPEN, CORE], [COND, IMPORTANT],
                                    [CLOSED_L3, IMPORTANT, OPEN]])
def test_the_maximum_is_always_an_allowed_tier(inputs: list[Protection]) -> None:
    got = protection_of(inputs)
    check_tier(got.open_tier, got.grade, got.sensitivity)  # never raises
    assert all(got.covers(i) for i in inputs)


def test_a_less_protected_target_is_refused_naming_both() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_protected(OPEN, [CORE])
    assert "'open'" in caught.value.message and "core" in caught.value.message
    assert "not_open" in (caught.value.hint or "")
    with pytest.raises(RuleViolation):  # one scale short is enough to refuse
        check_protected(Protection(OpenTier.NOT_OPEN, Grade.GENERAL, Sensitivity.L2, "t"),
                        [CLOSED_L3])


def test_an_equal_or_more_protected_target_is_allowed() -> None:
    check_protected(CORE, [OPEN, COND, CLOSED_L3])
    check_protected(COND, [COND])
    check_protected(OPEN, [])


def _corpus_rows() -> list[dict[str, str]]:
    return [{"id": "a", "text": "数据要素市场建设稳步推进，高质量中文语料"}]


def test_publishing_below_a_parent_is_refused_whoever_calls(platform: Platform) -> None:
    """``publish_version`` itself checks: every path that writes with lineage is covered."""
    make_dataset(platform, name="closed", tier=OpenTier.NOT_OPEN, grade=Grade.IMPORTANT,
                 sensitivity=Sensitivity.L3, rows=_corpus_rows())
    make_dataset(platform, name="open-target", rows=_corpus_rows())
    with platform.session() as s:
        source = get_version(s, "closed")
        target = get_dataset(s, "open-target")
        with pytest.raises(RuleViolation, match="lineage carries protection"):
            publish_version(s, platform.store, target,
                            open_version(platform.store, source).iter_batches(),
                            creator="t", made_by=Provenance(kind="recipe", source="t"),
                            parents=[source])


def test_a_corpus_run_into_a_less_protected_target_is_refused_at_submit(
        platform: Platform) -> None:
    make_dataset(platform, name="closed", tier=OpenTier.NOT_OPEN, grade=Grade.IMPORTANT,
                 sensitivity=Sensitivity.L3, rows=_corpus_rows())
    make_dataset(platform, name="open-target", rows=_corpus_rows())
    recipe = "name: small\nsteps:\n  - op: text_length\n    params: {min_chars: 2}\n"
    with platform.session() as s, pytest.raises(RuleViolation, match="open-target"):
        submit(s, get_version(s, "closed"), RunRequest(recipe, "closed@1", "open-target"),
               actor="t")


def test_a_corpus_run_creates_its_new_target_at_the_source_protection(
        platform: Platform) -> None:
    make_dataset(platform, name="closed", tier=OpenTier.NOT_OPEN, grade=Grade.IMPORTANT,
                 sensitivity=Sensitivity.L3, rows=_corpus_rows())
    recipe = "name: small\nsteps:\n  - op: text_length\n    params: {min_chars: 2}\n"
    with platform.session() as s:
        run_id = submit(s, get_version(s, "closed"),
                        RunRequest(recipe, "closed@1", "fresh-target"), actor="t").id
        s.commit()
    assert execute(platform, run_id) is RunStatus.SUCCEEDED
    with platform.session() as s:
        made = get_dataset(s, "fresh-target")
        assert (made.open_tier, made.grade, made.sensitivity) == (
            OpenTier.NOT_OPEN, Grade.IMPORTANT, Sensitivity.L3)
