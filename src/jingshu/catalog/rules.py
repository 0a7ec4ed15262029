"""Open tiers, data grades and the rule that ties them.

Grades follow GB/T 43697-2024 《数据安全技术 数据分类分级规则》: 一般 (general),
重要 (important) and 核心 (core) data; within general data, sensitivity levels L1–L4
as used by city public-data catalogs. The rule enforced everywhere a dataset is
created or changed:

* important or core data, and L4 data, is never opened unconditionally
  (and, per the circulation rules, never leaves the sandbox whatever a grant says);
* L2 and L3 data is at most conditionally opened (有条件开放);
* only L1 general data may be opened unconditionally (无条件开放).

Lineage carries protection: a dataset version made from others (annotation labels,
a corpus run's output, a mix) is at least as protected as every input. Its tier is the
most closed of the inputs' tiers, its grade and level the highest of theirs
(:func:`protection_of`); publishing into a target that is less protected is refused
(:func:`check_protected`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from jingshu.errors import RuleViolation

__all__ = [
    "Grade",
    "Modality",
    "OpenTier",
    "Protected",
    "Protection",
    "Sensitivity",
    "allowed_tiers",
    "check_protected",
    "check_tier",
    "protection_of",
]


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


_GRADES = [Grade.GENERAL, Grade.IMPORTANT, Grade.CORE]
_LEVELS = [Sensitivity.L1, Sensitivity.L2, Sensitivity.L3, Sensitivity.L4]


class Protected(Protocol):
    """Anything with a tier, a grade and a level (a dataset, a spec, a :class:`Protection`)."""

    @property
    def name(self) -> str: ...

    @property
    def open_tier(self) -> OpenTier: ...

    @property
    def grade(self) -> Grade: ...

    @property
    def sensitivity(self) -> Sensitivity: ...


@dataclass(frozen=True)
class Protection:
    """How closed data is: its open tier, grade and sensitivity level."""

    open_tier: OpenTier = OpenTier.UNCONDITIONAL
    grade: Grade = Grade.GENERAL
    sensitivity: Sensitivity = Sensitivity.L1
    name: str = "the inputs"

    def covers(self, other: Protected) -> bool:
        """Whether this is at least as protected as ``other`` on all three scales."""
        return (_ORDER.index(self.open_tier) <= _ORDER.index(other.open_tier)
                and _GRADES.index(self.grade) >= _GRADES.index(other.grade)
                and _LEVELS.index(self.sensitivity) >= _LEVELS.index(other.sensitivity))

    def describe(self) -> str:
        return f"{self.open_tier.value} ({self.open_tier.zh}), {self.grade.value}, " \
               f"{self.sensitivity.value}"


def protection_of(inputs: Iterable[Protected]) -> Protection:
    """The least protection data made from ``inputs`` may have: the most closed tier,
    the highest grade and the highest level among them (unconditional/general/L1 for none).
    """
    items = list(inputs)
    if not items:
        return Protection()
    return Protection(
        open_tier=min((i.open_tier for i in items), key=_ORDER.index),
        grade=max((i.grade for i in items), key=_GRADES.index),
        sensitivity=max((i.sensitivity for i in items), key=_LEVELS.index),
        name=", ".join(sorted({i.name for i in items})))


def check_protected(target: Protected, inputs: Iterable[Protected]) -> None:
    """Raise :class:`RuleViolation` if ``target`` is less protected than any of ``inputs``."""
    items = list(inputs)
    needed = protection_of(items)
    mine = Protection(target.open_tier, target.grade, target.sensitivity, target.name)
    if mine.covers(needed):
        return
    raise RuleViolation(
        f"dataset {target.name!r} is {mine.describe()}, less protected than data made from "
        f"{needed.name} ({needed.describe()}): lineage carries protection",
        hint=f"publish into a dataset that is at least {needed.describe()} (a new target "
             "is created so), or raise the target's tier, grade and level first")
