"""Line-level cleanup: navigation (breadcrumb) lines and a cut-off last sentence.

Two rules, each written after what ChineseWebText (Chen et al., 2023) and C4 (Raffel
et al., 2020: keep only lines ending in terminal punctuation) remove, made gentler
for Chinese pages, whose headings and bylines rarely end in punctuation:

* a navigation line is a short line of three or more short segments joined by ``>``,
  ``>>``, ``»``, ``›``, ``→``, ``|`` or ``/`` (``首页 > 新闻 > 正文``), or a short line
  starting with a location cue (``当前位置``, ``您的位置``, ``您所在的位置``);
* a trailing fragment is what follows the last closing punctuation of the last line
  (a sentence cut off by truncation, ``……我们去公``), or a short last line with none,
  when the document has other lines that do end in punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.params import param

__all__ = ["LineCleaner", "is_navigation_line"]

_SEPARATOR = re.compile(r"\s*(?:>>|>|»|›|→|＞|\||｜|/)\s*")
_LOCATION_CUE = re.compile(
    r"^(?:当前位置|您的位置|您所在的位置|你的位置|现在位置|所在位置)\s*[:：]?"
)
_HOME = ("首页", "主页", "网站首页", "Home", "home")
# a sentence ends at 。！？… (or ASCII .!?) possibly followed by closing quotes/brackets
_END = re.compile(r"[。！？!?…][”’」』）)\]】》]*|[.][”’」』）)\]】》]*(?=\s|$)")


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


@dataclass(frozen=True)
class LineCleanupParams:
    navigation: bool = param(True, help="drop navigation (breadcrumb) lines")
    trailing_fragment: bool = param(True, help="drop a last sentence without closing punctuation")
    max_fragment_chars: int = param(
        100, ge=1, help="only a trailing fragment this short (non-space chars) is dropped"
    )


class LineCleaner(Mapper[LineCleanupParams]):
    """Drop navigation lines (首页 > 新闻 > 正文) and a cut-off last sentence."""

    name = "line_cleanup"
    Params = LineCleanupParams

    def _cut_trailing(self, lines: list[str]) -> list[str]:
        body = [i for i, line in enumerate(lines) if line.strip()]
        if len(body) < 2 and not (body and _END.search(lines[body[-1]])):
            return lines
        last = lines[body[-1]].rstrip()
        if _ends_sentence(last):
            return lines
        ends = list(_END.finditer(last))
        fragment = last[ends[-1].end() :] if ends else last
        if len("".join(fragment.split())) > self.params.max_fragment_chars:
            return lines
        if not ends and not any(_ends_sentence(lines[i].rstrip()) for i in body[:-1]):
            return lines  # nothing in the document ends in punctuation: not prose
        self.count("fragments_removed")
        kept = last[: ends[-1].end()] if ends else ""
        return [*lines[: body[-1]], *([kept] if kept else [])]

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
