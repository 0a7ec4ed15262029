"""The message catalog is complete: both languages for every key, every used key exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from jingshu.accounts.models import Role
from jingshu.catalog.rules import Grade, Modality, OpenTier
from jingshu.web.errors import STATUS
from jingshu.web.pages.i18n import MESSAGES, t
from jingshu.web.pages.render import TEMPLATES

PAGES = Path(TEMPLATES).parent
# A literal key: _("nav.catalog") or t("nav.catalog", lang), not a prefix like _("tier." ~ x).
USED_IN_TEMPLATES = re.compile(r"""\b_\(\s*["']([a-z0-9_.]+)["']\s*[,)]""")
USED_IN_PYTHON = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']\s*[,)]""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_key_has_chinese_and_english(key: str) -> None:
    zh, en = MESSAGES[key]
    assert zh.strip() and en.strip(), key
    assert _fields(zh) == _fields(en), f"{key}: placeholders differ between zh and en"


def test_every_key_used_in_templates_exists() -> None:
    used = {key for path in TEMPLATES.glob("*.html")
            for key in USED_IN_TEMPLATES.findall(path.read_text(encoding="utf-8"))}
    used |= {key for path in PAGES.glob("*.py") if path.name != "i18n.py"
             for key in USED_IN_PYTHON.findall(path.read_text(encoding="utf-8"))}
    assert used, "no message keys found: has the template syntax changed?"
    assert sorted(used - set(MESSAGES)) == []


def test_keys_built_from_values_exist() -> None:
    """Templates build some keys: ``"tier." ~ tier``, ``"role." ~ role``, ``error.STATUS``."""
    built = {f"tier.{v.value}" for v in OpenTier} | {f"grade.{v.value}" for v in Grade}
    built |= {f"modality.{v.value}" for v in Modality} | {f"role.{v.value}" for v in Role}
    built |= {f"error.{status}" for _cls, status in STATUS} - {"error.501"}
    assert sorted(built - set(MESSAGES)) == []


def test_t_picks_the_language_and_fills_placeholders() -> None:
    assert t("search.found", "zh", total=3) == "共找到 3 个数据集"
    assert t("search.found", "en", total=3) == "Datasets found: 3"
    assert t("nav.catalog", "fr") == "数据目录"  # unknown languages fall back to Chinese
    assert t("no.such.key", "en") == "no.such.key"
