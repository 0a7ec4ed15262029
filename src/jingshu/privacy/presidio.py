"""Adapter: jingshu's recognizers inside a Microsoft Presidio ``AnalyzerEngine``.

Presidio (``pip install presidio-analyzer``) is optional. :func:`presidio_recognizer`
wraps the registry (and any trained CRF) as one ``EntityRecognizer`` that returns
``RecognizerResult`` s for language ``zh``; :func:`chinese_analyzer` builds an
``AnalyzerEngine`` on spaCy's blank Chinese pipeline, so nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jingshu.errors import DependencyMissing
from jingshu.privacy.pii import RECOGNIZERS, find_pii
from jingshu.privacy.spans import Recognizer

__all__ = ["PRESIDIO_ENTITIES", "chinese_analyzer", "presidio_recognizer"]

PRESIDIO_ENTITIES: dict[str, str] = {
    "person_name": "PERSON", "address": "LOCATION", "email": "EMAIL_ADDRESS",
    "ip_address": "IP_ADDRESS", "mobile": "PHONE_NUMBER", "landline": "PHONE_NUMBER",
    "resident_id": "CN_RESIDENT_ID", "bank_card": "CREDIT_CARD", "uscc": "CN_USCC",
    "passport": "CN_PASSPORT", "license_plate": "CN_LICENSE_PLATE", "qq": "CN_QQ",
    "wechat": "CN_WECHAT",
}  # fmt: skip
"""jingshu type → Presidio entity name (Presidio's own names where one exists)."""

_SCORES = {"resident_id": 1.0, "bank_card": 1.0, "uscc": 1.0, "person_name": 0.7, "address": 0.7}


def _presidio() -> Any:
    try:
        import presidio_analyzer
    except ImportError as exc:
        raise DependencyMissing("presidio-analyzer", needed_for="the Presidio adapter",
                                extra="presidio") from exc
    return presidio_analyzer


def presidio_recognizer(types: Sequence[str] | None = None,
                        extra: Sequence[Recognizer] = ()) -> Any:
    """One Presidio ``EntityRecognizer`` running jingshu's recognizers on ``zh`` text.

    Args:
        types: Registry names to run (all of :data:`RECOGNIZERS` if omitted).
        extra: More recognizers, e.g. a :class:`~jingshu.privacy.crf.CrfRecognizer`.

    Raises:
        DependencyMissing: presidio-analyzer is not installed.
    """
    pa = _presidio()
    chosen = list(types) if types is not None else list(RECOGNIZERS)
    entities = sorted({PRESIDIO_ENTITIES.get(t, t.upper()) for t in [*chosen, "person_name",
                                                                     "address"]})

    class JingshuRecognizer(pa.EntityRecognizer):  # type: ignore[misc,name-defined]
        """jingshu's Chinese PII registry as a Presidio recognizer."""

        def load(self) -> None:
            """Nothing to load: the recognizers are rules and an opened CRF."""

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
            """RecognizerResults for the spans whose entity is in ``entities``."""
            results = []
            for span in find_pii(text, chosen, extra=extra):
                entity = PRESIDIO_ENTITIES.get(span.type, span.type.upper())
                if not entities or entity in entities:
                    score = _SCORES.get(span.type, 0.85)
                    results.append(pa.RecognizerResult(entity, span.start, span.end, score))
            return results

    return JingshuRecognizer(supported_entities=entities, supported_language="zh",
                             name="JingshuRecognizer")


def chinese_analyzer(types: Sequence[str] | None = None,
                     extra: Sequence[Recognizer] = ()) -> Any:
    """A Presidio ``AnalyzerEngine`` for ``zh`` holding jingshu's recognizer.

    Uses spaCy's blank Chinese pipeline (character segmentation), so no model is
    downloaded. Call ``engine.analyze(text, language="zh")``.

    Args:
        types: Registry names to run.
        extra: More recognizers (a trained CRF).
    """
    pa = _presidio()
    import spacy
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "zh", "model_name": "blank:zh"}])
    nlp_engine.nlp = {"zh": spacy.blank("zh")}  # type: ignore[assignment]
    registry = pa.RecognizerRegistry(supported_languages=["zh"])
    registry.add_recognizer(presidio_recognizer(types, extra))
    return pa.AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["zh"])
