from __future__ import annotations

import pytest

pytest.importorskip("presidio_analyzer")
pytest.importorskip("spacy")


def test_recognizer_is_a_presidio_entity_recognizer() -> None:
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    from jingshu.privacy.presidio import presidio_recognizer

    rec = presidio_recognizer()
    assert isinstance(rec, EntityRecognizer)
    results = rec.analyze("手机13812345678", ["PHONE_NUMBER"])
    assert all(isinstance(r, RecognizerResult) for r in results)
    assert [(r.entity_type, r.start, r.end) for r in results] == [("PHONE_NUMBER", 2, 13)]


def test_analyzer_engine_runs_offline() -> None:
    from jingshu.privacy.presidio import chinese_analyzer

    engine = chinese_analyzer()
    found = engine.analyze("联系人：王小明，身份证11010519491231002X", language="zh")
    assert {r.entity_type for r in found} == {"PERSON", "CN_RESIDENT_ID"}
