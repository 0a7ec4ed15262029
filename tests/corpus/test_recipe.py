from __future__ import annotations

from pathlib import Path

import pytest

from jingshu.corpus.document import Document
from jingshu.corpus.pipeline import Pipeline, clean_text
from jingshu.corpus.recipe import BUILTIN_RECIPES, load_recipe, parse_recipe
from jingshu.corpus.registry import OPERATORS
from jingshu.errors import ConfigError


def _err(data: object) -> str:
    with pytest.raises(ConfigError) as info:
        parse_recipe(data, source="r.yaml")
    return str(info.value)


@pytest.mark.parametrize("name", BUILTIN_RECIPES)
def test_builtin_recipes_load(name: str) -> None:
    recipe = load_recipe(name)
    assert recipe.name == name and recipe.steps


def test_every_operator_has_docstring_and_name() -> None:
    for key, cls in OPERATORS.items():
        assert cls.name == key and cls.__doc__


def test_unknown_operator_suggests() -> None:
    msg = _err({"steps": [{"op": "whitespace"}, {"op": "cjk_ratoi"}]})
    assert "r.yaml: step 2: unknown operator 'cjk_ratoi'" in msg
    assert "did you mean 'cjk_ratio'?" in msg


def test_unknown_parameter_suggests() -> None:
    msg = _err({"steps": [{"op": "cjk_ratio", "params": {"min_ratoi": 0.3}}]})
    assert "r.yaml: step 1 (cjk_ratio): unknown parameter 'min_ratoi'" in msg
    assert "did you mean 'min_ratio'?" in msg


def test_wrong_type_and_range() -> None:
    msg = _err({"steps": [{"op": "cjk_ratio", "params": {"min_ratio": "high"}}]})
    assert "step 1 (cjk_ratio): parameter 'min_ratio' must be float, got 'high' (str)" in msg
    msg = _err({"steps": [{"op": "cjk_ratio", "params": {"min_ratio": 1.5}}]})
    assert "parameter 'min_ratio' must be in [0.0, 1.0], got 1.5" in msg
    msg = _err({"steps": [{"op": "script_convert", "params": {"target": "zh-CN"}}]})
    assert "must be one of 'zh-Hans', 'zh-Hant', 'keep'" in msg
    msg = _err({"steps": [{"op": "text_length", "params": {"min_chars": True}}]})
    assert "must be int" in msg


def test_structure_errors() -> None:
    assert "unknown key 'step'" in _err({"step": []})
    assert "'steps' must be a non-empty list" in _err({"steps": []})
    assert "did you mean 'params'?" in _err({"steps": [{"op": "whitespace", "param": {}}]})


def test_load_recipe_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file and not a built-in recipe"):
        load_recipe(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("steps:\n  - op: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.yaml:\d+: not valid YAML"):
        load_recipe(bad)
    good = tmp_path / "mine.yaml"
    good.write_text("steps:\n  - op: whitespace\n", encoding="utf-8")
    assert load_recipe(good).name == "mine"


def test_pipeline_stats_and_report(tmp_path: Path) -> None:
    recipe = tmp_path / "r.yaml"
    recipe.write_text(
        "name: t\nsteps:\n  - op: whitespace\n  - op: text_length\n    params: {min_chars: 3}\n"
        "  - op: exact_dedup\n",
        encoding="utf-8",
    )
    pipe = Pipeline(recipe)
    docs = [Document("a", " 数据质量 "), Document("b", "短"), Document("c", "数据质量")]
    out = list(pipe.run(docs))
    assert [(d.id, d.text) for d in out] == [("a", "数据质量")]
    report = pipe.report()
    assert (report.docs_in, report.docs_out) == (3, 1)
    assert report.drops == {"text_length:too_short": 1, "exact_dedup:exact_duplicate": 1}
    assert report.operators[0].changed == 1
    assert '"docs_out": 1' in report.to_json()
    assert "| 2 | text_length | filter | 3 | 2 |" in report.to_markdown()


def test_clean_text_applies_only_mappers() -> None:
    assert clean_text("經(jīng)營&amp;管理\u200b", "zh-web") == "经营&管理"
