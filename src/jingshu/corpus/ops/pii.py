"""PII redaction: recognized identifiers replaced per a redaction policy."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.params import ArtefactPath, OperatorParams, suggest
from jingshu.errors import ConfigError
from jingshu.privacy.actions import TYPE_LABELS, Action, RedactionPolicy, redact
from jingshu.privacy.pii import RECOGNIZERS, find_pii
from jingshu.privacy.spans import Recognizer

__all__ = ["PLACEHOLDER_LABELS", "PiiRedactor"]

PLACEHOLDER_LABELS: dict[str, str] = TYPE_LABELS

class PiiParams(OperatorParams):
    types: tuple[str, ...] = Field(
        tuple(RECOGNIZERS), description="recognizers to apply: " + ", ".join(RECOGNIZERS)
    )
    placeholder: str = Field(
        "[{label}]", description="replacement; {label} is the Chinese type name"
    )
    action: Literal["mask", "placeholder", "pseudonym", "generalize", "keep"] = Field(
        "placeholder", description="action for types not listed in actions"
    )
    actions: tuple[str, ...] = Field(
        (), description="per-type actions as TYPE=ACTION "
        "(mask, placeholder, pseudonym, generalize, keep)"
    )
    model: Annotated[str | None, ArtefactPath("pii_model")] = Field(
        None, description="a CRF model (jingshu privacy train-ner) run after the rules: a path, "
        "or artefact:ID of an uploaded one (required on the server)"
    )


class PiiRedactor(Mapper[PiiParams]):
    """Redact resident IDs, phones, cards, codes, contacts, names and detailed addresses.

    Recognizers come from :data:`jingshu.privacy.pii.RECOGNIZERS`, plus a trained CRF
    when ``model`` is set; each type gets its action (default: a typed placeholder).
    Organisations, places, public office holders' names (a name with a title of
    public office: 总理李克强) and well-known people's names (``public_figure``: 孙中山,
    or a name before an encyclopedia's years of life) are recognised but kept unless
    ``actions`` names them (``organization=placeholder``, ``public_figure=placeholder``);
    the report counts them as ``kept_<type>``.
    Pseudonyms are keyed by the platform secret key (``JINGSHU_SECRET_KEY`` or the
    home's ``secret_key`` file). Counts of replaced spans per type appear in the run
    report as ``pii_<type>``.
    """

    name = "pii_redact"
    Params = PiiParams

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        unknown = [t for t in self.params.types if t not in RECOGNIZERS]
        if unknown:
            raise ConfigError(
                f"operator 'pii_redact': unknown PII type {unknown[0]!r}",
                hint=suggest(unknown[0], list(RECOGNIZERS)),
            )
        spec = [f"*={self.params.action}", *self.params.actions]
        probe = RedactionPolicy.parse(spec, key=b"-")
        key: bytes | None = None
        if Action.PSEUDONYM in {probe.default, *probe.actions.values()}:
            from jingshu.settings import load_settings

            secret = load_settings().secret_key
            if not secret:
                raise ConfigError("operator 'pii_redact': pseudonyms need the platform secret key",
                                  hint="set JINGSHU_SECRET_KEY or run `jingshu config` once")
            key = secret.encode()
        self.policy = RedactionPolicy.parse(spec, key=key, placeholder=self.params.placeholder)
        self.extra: list[Recognizer] = []
        if self.params.model:
            from jingshu.privacy.crf import CrfRecognizer

            self.extra.append(CrfRecognizer.load(self.params.model))

    def map_text(self, text: str) -> str:
        spans = find_pii(text, self.params.types, extra=self.extra)
        for span in spans:
            kept = self.policy.action_for(span.type) is Action.KEEP
            self.count(f"{'kept' if kept else 'pii'}_{span.type}")
        return redact(text, spans, self.policy) if spans else text
