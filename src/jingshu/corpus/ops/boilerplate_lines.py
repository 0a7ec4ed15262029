"""Line-level cleanup: Chinese site boilerplate and advertising lines.

The keyword lists are jingshu's own, written after the kinds of lines that
ChineseWebText (Chen et al., 2023, its handcrafted rules for navigation, copyright and
advertising lines) and MNBVC (its web-cleaning rules) remove from Chinese web text;
neither list is copied from those projects. A line is removed only when it is short
(``max_line_chars``) and holds a keyword, so a paragraph that merely mentions
``版权所有`` stays.
"""

from __future__ import annotations

import re

from pydantic import Field

from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.params import OperatorParams

__all__ = ["AD_KEYWORDS", "BOILERPLATE_KEYWORDS", "AdLineRemover", "BoilerplateLineRemover"]

BOILERPLATE_KEYWORDS: tuple[str, ...] = (
    "版权所有",
    "版权声明",
    "免责声明",
    "转载请注明",
    "未经授权",
    "上一篇",
    "下一篇",
    "上一页",
    "下一页",
    "责任编辑",
    "编辑：",
    "来源：",
    "原标题",
    "返回顶部",
    "返回首页",
    "ICP备",
    "ICP证",
    "公网安备",
    "网安备",
    "扫码关注",
    "扫一扫",
    "长按识别",
    "点击阅读原文",
    "阅读原文",
    "点击查看",
    "分享到",
    "收藏本文",
    "相关阅读",
    "相关推荐",
    "热门推荐",
    "猜你喜欢",
    "打印本页",
    "关闭窗口",
    "本文来源",
    "联系我们",
    "关于我们",
    "网站地图",
    "Copyright",
    "All Rights Reserved",
    "©",
    "首页 >",
    "当前位置",
)
AD_KEYWORDS: tuple[str, ...] = (
    "加微信",
    "加微",
    "微信号",
    "vx:",
    "VX：",
    "代开发票",
    "开发票",
    "点击领取",
    "免费领取",
    "限时优惠",
    "限时特价",
    "联系QQ",
    "QQ群",
    "QQ：",
    "扫码领取",
    "优惠券",
    "包邮",
    "秒杀",
    "代办",
    "代理加盟",
    "招商加盟",
    "刷单",
    "兼职日结",
    "日赚",
    "彩票",
    "博彩",
    "娱乐城",
    "棋牌",
    "贷款秒批",
    "无抵押贷款",
    "咨询热线",
    "客服电话",
    "立即下载",
)


def _matcher(keywords: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in keywords), re.IGNORECASE)


class LineParams(OperatorParams):
    max_line_chars: int = Field(
        60, ge=1, description="only lines this short (after stripping) can be removed"
    )
    extra_keywords: tuple[str, ...] = Field((), description="keywords added to the built-in list")


class _KeywordLineRemover(Mapper[LineParams]):
    keywords: tuple[str, ...] = ()
    Params = LineParams

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        self._pattern = _matcher(self.keywords + self.params.extra_keywords)

    def map_text(self, text: str) -> str:
        kept: list[str] = []
        removed = 0
        for line in text.split("\n"):
            stripped = line.strip()
            if len(stripped) <= self.params.max_line_chars and self._pattern.search(stripped):
                removed += 1
            else:
                kept.append(line)
        if not removed:
            return text
        self.count("lines_removed", removed)
        return "\n".join(kept)


class BoilerplateLineRemover(_KeywordLineRemover):
    """Remove short navigation, copyright and editorial lines (责任编辑, 上一篇, ICP备 ...).

    Args (params):
        max_line_chars: Only lines this short are removed.
        extra_keywords: Keywords added to :data:`BOILERPLATE_KEYWORDS`.
    """

    name = "boilerplate_lines"
    keywords = BOILERPLATE_KEYWORDS


class AdLineRemover(_KeywordLineRemover):
    """Remove short advertising lines (加微信, 代开发票, 点击领取, 限时优惠, 联系QQ ...).

    Args (params):
        max_line_chars: Only lines this short are removed.
        extra_keywords: Keywords added to :data:`AD_KEYWORDS`.
    """

    name = "ad_lines"
    keywords = AD_KEYWORDS
