"""Line-level cleanup: navigation (breadcrumb) lines and a cut-off last sentence.

Two rules, each written after what ChineseWebText (Chen et al., 2023) and C4 (Raffel
et al., 2020: keep only lines ending in terminal punctuation) remove, made gentler
for Chinese pages, whose headings and bylines rarely end in punctuation:

* a navigation line is a short line of three or more short segments joined by ``>``,
  ``>>``, ``»``, ``›``, ``→``, ``|`` or ``/`` (``首页 > 新闻 > 正文``), or a short line
  starting with a location cue (``当前位置``, ``您的位置``, ``您所在的位置``);
* a trailing fragment is a short last line cut off mid-sentence (``明天再去公``): it
  ends in a Han character or a letter, the line before it ends in closing punctuation,
  and so do at least half of the document's other lines (two at least: headings may
  not). Only the whole line goes, never the tail of a line.

The fragment rule is much narrower than C4's, because the damage audit (issue 11) found
the wider one deleting real text: a review, forum post, headline or Wikipedia paragraph
often ends without a full stop (``口味一般般``, ``支持华为``, ``pp. 682–694``), and in a
one-paragraph document nothing tells a last clause from a cut one. Bylines, sources
and dates (``作者：刘俊（来源：广州日报）``, ``2024年5月1日``) and list introductions
ending in a colon are kept.
"""

from __future__ import annotations

import re

from pydantic import Field

from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.params import OperatorParams

__all__ = ["LineCleaner", "is_navigation_line"]

_SEPARATOR = re.compile(r"\s*(?:>>|>|»|›|→|＞|\||｜|/)\s*")
_LOCATION_CUE = re.compile(
    r"^(?:当前位置|您的位置|您所在的位置|你的位置|现在位置|所在位置)\s*[:：]?"
)
_HOME = ("首页", "主页", "网站首页", "Home", "home")
# a sentence ends at 。！？… (or ASCII .!?) possibly followed by closing quotes/brackets
_END = re.compile(r"[。！？!?…][”’」』）)\]】》]*|[.][”’」』）)\]】》]*(?=\s|$)")


# a line cut off mid-sentence ends in a Han character or a letter
_CUT_END = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z]$")
# bylines, sources, editors and dates end many news pages without a full stop
# (扬子晚报记者 张楠)
_METADATA = re.compile(
    r"作者|来源|编辑|责编|记者|通讯员|摄影|撰文|翻译|校对|原标题|出处"
    r"|\d{1,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?$"
)


def is_navigation_line(line: str, *, max_chars: int = 60) -> bool:
    """True for a breadcrumb or location line (see the module docstring).

    Args:
        line: One line, stripped.
        max_chars: Longer lines are never navigation.
    """
    if not line or len(line) > max_chars:
        return False
    if _LOCATION_CUE.match(line):
        return True
    parts = [p for p in _SEPARATOR.split(line) if p]
    if len(parts) < 2 or (len(parts) == line.count("/") + 1 and "首页" not in line):
        return False  # a lone date or fraction with slashes is not navigation
    short = all(len(p) <= 12 for p in parts)
    return short and (len(parts) >= 3 or parts[0] in _HOME)


def _ends_sentence(line: str) -> bool:
    return bool(_END.search(line[-3:])) if line else False


class LineCleanupParams(OperatorParams):
    navigation: bool = Field(True, description="drop navigation (breadcrumb) lines")
    trailing_fragment: bool = Field(
        True, description="drop a short last line cut off mid-sentence (see the module docstring)"
    )
    max_fragment_chars: int = Field(
        100, ge=1,
        description="only a trailing fragment line this short (non-space chars) is dropped"
    )


class LineCleaner(Mapper[LineCleanupParams]):
    """Drop navigation lines (首页 > 新闻 > 正文) and a cut-off last sentence."""

    name = "line_cleanup"
    Params = LineCleanupParams

    def _cut_trailing(self, lines: list[str]) -> list[str]:
        body = [i for i, line in enumerate(lines) if line.strip()]
        if len(body) < 3:
            return lines  # one or two paragraphs: a last clause without 。 is text
        last = lines[body[-1]].strip()
        ended = [_ends_sentence(lines[i].rstrip()) for i in body[:-1]]
        if (
            len("".join(last.split())) > self.params.max_fragment_chars
            or not _CUT_END.search(last)
            or _METADATA.search(last)
            or not ended[-1]
            or sum(ended) < max(2, len(ended) / 2)
        ):
            return lines
        self.count("fragments_removed")
        return lines[: body[-1]]

    def map_text(self, text: str) -> str:
        lines = text.split("\n")
        if self.params.navigation:
            nav = [is_navigation_line(line.strip()) for line in lines]
            if any(nav):
                self.count("navigation_lines_removed", sum(nav))
                lines = [line for line, drop in zip(lines, nav, strict=True) if not drop]
        if self.params.trailing_fragment and lines:
            lines = self._cut_trailing(lines)
        return "\n".join(lines)
