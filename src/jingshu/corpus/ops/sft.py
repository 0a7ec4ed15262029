"""Checks for instruction-tuning (SFT) pairs.

An SFT document keeps its fields in metadata (``instruction``, optional ``input``,
``response``: the names are parameters) and its text is their concatenation, so the
text operators clean and judge the whole pair; this filter judges the pair's shape.
"""

from __future__ import annotations

from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Filter, FilterResult
from jingshu.corpus.params import OperatorParams

__all__ = ["REFUSAL_MARKERS", "SftPairFilter"]

REFUSAL_MARKERS: tuple[str, ...] = (
    "作为一个人工智能",
    "作为一个AI",
    "作为AI语言模型",
    "作为一个语言模型",
    "我只是一个AI",
    "我无法回答",
    "抱歉，我不能",
    "对不起，我无法",
    "As an AI language model",
)
"""Canned refusal openings; jingshu's own list, in the spirit of the filters that
Alpaca-GPT4 and BELLE clean-ups apply to distilled data."""


class SftParams(OperatorParams):
    instruction_field: str = Field("instruction", description="metadata field of the instruction")
    response_field: str = Field("response", description="metadata field of the response")
    min_response_chars: int = Field(2, ge=0, description="drop pairs with a shorter response")
    drop_refusals: bool = Field(True, description="drop responses that open with a canned refusal")


class SftPairFilter(Filter[SftParams]):
    """Drop SFT pairs without an instruction, with a too-short, copied or refusing response."""

    name = "sft_pair"
    Params = SftParams

    def filter(self, doc: Document) -> FilterResult:
        instruction = str(doc.metadata.get(self.params.instruction_field) or "").strip()
        response = str(doc.metadata.get(self.params.response_field) or "").strip()
        if not instruction:
            return False, "missing_instruction"
        if len(response) < self.params.min_response_chars:
            return False, "short_response"
        if response == instruction:
            return False, "response_repeats_instruction"
        if self.params.drop_refusals and any(response.startswith(m) for m in REFUSAL_MARKERS):
            return False, "refusal"
        return True
