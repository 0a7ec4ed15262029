"""Open tiers, data grades and the rule that ties them.

Grades follow GB/T 43697-2024 《数据安全技术 数据分类分级规则》: 一般 (general),
重要 (important) and 核心 (core) data; within general data, sensitivity levels L1–L4
as used by city public-data catalogs. The rule enforced everywhere a dataset is
created or changed:

* important or core data, and L4 data, is never opened unconditionally
  (and, per the circulation rules, never leaves the sandbox whatever a grant says);
* L2 and L3 data is at most conditionally opened (有条件开放);
* only L1 general data may be opened unconditionally (无条件开放).
"""

from __future__ import annotations

import enum

from jingshu.errors import RuleViolation

__all__ = ["Grade", "Modality", "OpenTier", "Sensitivity", "allowed_tiers", "check_tier"]


class OpenTier(enum.StrEnum):
    UNCONDITIONAL = "unconditional"  # 无条件开放
    CONDITIONAL = "conditional"  # 有条件开放
    NOT_OPEN = "not_open"  # 不予开放

    @property
    def zh(self) -> str:
        return {"unconditional": "无条件开放", "conditional": "有条件开放", "not_open": "不予开放"}[
            self.value
        ]


class Grade(enum.StrEnum):
    GENERAL = "general"  # 一般数据
    IMPORTANT = "important"  # 重要数据
    CORE = "core"  # 核心数据

    @property
    def zh(self) -> str:
        return {"general": "一般数据", "important": "重要数据", "core": "核心数据"}[self.value]


class Sensitivity(enum.StrEnum):
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"
    L4 = "L4"


class Modality(enum.StrEnum):
    TEXT = "text"
    IMAGE = "image"
    AUDIO = "audio"
    TABULAR = "tabular"
    MULTIMODAL = "multimodal"


_ORDER = [OpenTier.NOT_OPEN, OpenTier.CONDITIONAL, OpenTier.UNCONDITIONAL]


def _most_open(grade: Grade, level: Sensitivity) -> OpenTier:
    if grade is Grade.GENERAL and level is Sensitivity.L1:
        return OpenTier.UNCONDITIONAL
    return OpenTier.CONDITIONAL


def allowed_tiers(grade: Grade, level: Sensitivity) -> list[OpenTier]:
    """The tiers a dataset of this grade and level may be opened at, most closed first."""
    return _ORDER[: _ORDER.index(_most_open(grade, level)) + 1]


def check_tier(tier: OpenTier, grade: Grade, level: Sensitivity) -> None:
    """Raise :class:`RuleViolation` if the tier is more open than grade and level allow."""
    allowed = allowed_tiers(grade, level)
    if tier not in allowed:
        raise RuleViolation(
            f"open tier {tier.value} ({tier.zh}) is not allowed for {grade.value} "
            f"({grade.zh}) data at sensitivity {level.value}",
            hint="choose one of: " + ", ".join(f"{t.value} ({t.zh})" for t in allowed),
        )
