"""The dataset form: its fields as posted, checked into a :class:`DatasetSpec`.

Each check places its message, in the page's language, beside the field it is about;
the tier/grade rule is checked here with :func:`~jingshu.catalog.rules.allowed_tiers`
(the rule the catalog enforces again when the dataset is written).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TypeVar

from jingshu.accounts.service import NAME_RE
from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity, allowed_tiers
from jingshu.catalog.service import DatasetSpec
from jingshu.web.pages.i18n import t

__all__ = ["DatasetForm", "split_list", "tier_refusal", "tier_rule"]

E = TypeVar("E", OpenTier, Grade, Sensitivity, Modality)
_SEPARATORS = re.compile(r"[,，、;；\n]+")


def split_list(text: str) -> tuple[str, ...]:
    """``"新闻, 预训练、语料"`` → ``("新闻", "预训练", "语料")`` (commas, 、 or new lines)."""
    return tuple(x.strip() for x in _SEPARATORS.split(text) if x.strip())


@dataclass(frozen=True)
class DatasetForm:
    """The dataset form's fields, as strings (what the browser posts)."""

    name: str = ""
    title: str = ""
    description: str = ""
    organization: str = ""
    theme: str = ""
    keywords: str = ""
    license: str = ""
    languages: str = "zh"
    modality: str = Modality.TEXT.value
    update_frequency: str = ""
    open_tier: str = OpenTier.UNCONDITIONAL.value
    grade: str = Grade.GENERAL.value
    sensitivity: str = Sensitivity.L1.value
    reason: str = ""

    @classmethod
    def parse(cls, form: Mapping[str, object]) -> DatasetForm:
        """The posted fields; one not posted at all keeps its default."""
        return cls(**{f.name: str(form.get(f.name, f.default)).strip() for f in fields(cls)})

    @classmethod
    def of(cls, dataset: Dataset) -> DatasetForm:
        """The form filled with ``dataset``'s metadata."""
        return cls(
            name=dataset.name, title=dataset.title, description=dataset.description,
            organization=dataset.organization.name if dataset.organization else "",
            theme=dataset.theme, keywords="、".join(dataset.keywords), license=dataset.license,
            languages=", ".join(dataset.languages), modality=dataset.modality.value,
            update_frequency=dataset.update_frequency, open_tier=dataset.open_tier.value,
            grade=dataset.grade.value, sensitivity=dataset.sensitivity.value)

    def to_spec(self, lang: str, *, check_name: bool = True
                ) -> tuple[DatasetSpec | None, dict[str, str]]:
        """The spec, or the errors by field (in ``lang``) when the form cannot be one."""
        errors: dict[str, str] = {}
        if check_name and not NAME_RE.match(self.name):
            errors["name"] = t("pub.err.name", lang)
        if not self.title:
            errors["title"] = t("pub.err.title", lang)
        tier = self._choice(OpenTier, "open_tier", errors, lang)
        grade = self._choice(Grade, "grade", errors, lang)
        level = self._choice(Sensitivity, "sensitivity", errors, lang)
        modality = self._choice(Modality, "modality", errors, lang)
        if tier and grade and level and tier not in allowed_tiers(grade, level):
            errors["open_tier"] = tier_refusal(tier, grade, level, lang)
        if errors or not (tier and grade and level and modality):
            return None, errors
        return DatasetSpec(
            name=self.name, title=self.title, description=self.description,
            organization=self.organization or None, theme=self.theme,
            keywords=split_list(self.keywords), license=self.license,
            languages=split_list(self.languages) or ("zh",), modality=modality,
            update_frequency=self.update_frequency, open_tier=tier, grade=grade,
            sensitivity=level), {}

    def _choice(self, kind: type[E], key: str, errors: dict[str, str], lang: str) -> E | None:
        value = getattr(self, key)
        try:
            return kind(value)
        except ValueError:
            errors[key] = t("pub.err.choice", lang, value=value)
            return None


def tier_refusal(tier: OpenTier, grade: Grade, level: Sensitivity, lang: str) -> str:
    """The tier/grade rule's refusal in ``lang``, naming the tiers that are allowed."""
    allowed = ("、" if lang == "zh" else ", ").join(
        t(f"tier.{a.value}", lang) for a in allowed_tiers(grade, level))
    return t("pub.err.tier", lang, grade=t(f"grade.{grade.value}", lang), level=level.value,
             tier=t(f"tier.{tier.value}", lang), allowed=allowed)


def tier_rule(lang: str) -> dict[str, str]:
    """Every refused ``grade|level|tier`` with its refusal in ``lang`` (for the live hint)."""
    return {f"{g.value}|{lv.value}|{tier.value}": tier_refusal(tier, g, lv, lang)
            for g in Grade for lv in Sensitivity for tier in OpenTier
            if tier not in allowed_tiers(g, lv)}
