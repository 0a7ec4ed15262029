from __future__ import annotations

import itertools

import pytest

from jingshu.catalog.rules import Grade, OpenTier, Sensitivity, allowed_tiers, check_tier
from jingshu.errors import RuleViolation

# The rule as the spine issue states it, written out cell by cell.
MOST_OPEN = {
    (Grade.GENERAL, Sensitivity.L1): OpenTier.UNCONDITIONAL,
    (Grade.GENERAL, Sensitivity.L2): OpenTier.CONDITIONAL,
    (Grade.GENERAL, Sensitivity.L3): OpenTier.CONDITIONAL,
    (Grade.GENERAL, Sensitivity.L4): OpenTier.CONDITIONAL,
    (Grade.IMPORTANT, Sensitivity.L1): OpenTier.CONDITIONAL,
    (Grade.IMPORTANT, Sensitivity.L4): OpenTier.CONDITIONAL,
    (Grade.CORE, Sensitivity.L1): OpenTier.CONDITIONAL,
    (Grade.CORE, Sensitivity.L4): OpenTier.CONDITIONAL,
}
OPENNESS = [OpenTier.NOT_OPEN, OpenTier.CONDITIONAL, OpenTier.UNCONDITIONAL]


@pytest.mark.parametrize(("grade", "level", "tier"),
                         [(g, lv, t) for (g, lv) in MOST_OPEN for t in OpenTier])
def test_rule_table(grade: Grade, level: Sensitivity, tier: OpenTier) -> None:
    allowed = OPENNESS.index(tier) <= OPENNESS.index(MOST_OPEN[(grade, level)])
    if allowed:
        check_tier(tier, grade, level)
    else:
        with pytest.raises(RuleViolation):
            check_tier(tier, grade, level)


def test_important_core_and_l4_never_unconditional() -> None:
    for grade, level in itertools.product(Grade, Sensitivity):
        if grade is not Grade.GENERAL or level is Sensitivity.L4:
            assert OpenTier.UNCONDITIONAL not in allowed_tiers(grade, level)


def test_violation_message_names_rule_and_allowed_tiers() -> None:
    with pytest.raises(RuleViolation) as err:
        check_tier(OpenTier.UNCONDITIONAL, Grade.IMPORTANT, Sensitivity.L1)
    text = str(err.value)
    assert "unconditional" in text and "important" in text and "重要数据" in text
    assert "conditional (有条件开放)" in text and "not_open" in text
