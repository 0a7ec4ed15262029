"""PII redaction: recognized identifiers replaced by typed Chinese placeholders."""

from __future__ import annotations

from dataclasses import dataclass

from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.params import param
from jingshu.privacy.pii import RECOGNIZERS, find_pii

__all__ = ["PLACEHOLDER_LABELS", "PiiRedactor"]

PLACEHOLDER_LABELS: dict[str, str] = {
    "resident_id": "身份证号",
    "mobile": "手机号",
    "bank_card": "银行卡号",
    "uscc": "统一社会信用代码",
    "email": "邮箱",
    "person_name": "姓名",
    "address": "地址",
}


@dataclass(frozen=True)
class PiiParams:
    types: tuple[str, ...] = param(
        tuple(RECOGNIZERS), help="recognizers to apply: " + ", ".join(RECOGNIZERS)
    )
    placeholder: str = param("[{label}]", help="replacement; {label} is the Chinese type name")


class PiiRedactor(Mapper[PiiParams]):
    """Replace resident IDs, mobiles, bank cards, credit codes and e-mails with placeholders.

    Recognizers come from :data:`jingshu.privacy.pii.RECOGNIZERS`; counts per type
    appear in the run report as ``pii_<type>``.
    """

    name = "pii_redact"
    Params = PiiParams

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        unknown = [t for t in self.params.types if t not in RECOGNIZERS]
        if unknown:
            from jingshu.corpus.params import suggest
            from jingshu.errors import ConfigError

            raise ConfigError(
                f"operator 'pii_redact': unknown PII type {unknown[0]!r}",
                hint=suggest(unknown[0], list(RECOGNIZERS)),
            )

    def map_text(self, text: str) -> str:
        spans = find_pii(text, self.params.types)
        if not spans:
            return text
        parts: list[str] = []
        last = 0
        for span in spans:
            label = PLACEHOLDER_LABELS.get(span.type, span.type)
            parts += [text[last : span.start], self.params.placeholder.format(label=label)]
            last = span.end
            self.count(f"pii_{span.type}")
        return "".join([*parts, text[last:]])
