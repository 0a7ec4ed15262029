"""The damage audit: change classes, per-mapper shares, the diff page, and real corpora."""

from __future__ import annotations

import functools
import random
import sys
from pathlib import Path

import pytest

from jingshu.corpus.audit import AuditReport, Span, audit_documents, classify, diff_spans
from jingshu.corpus.audit_html import render_audit_html
from jingshu.corpus.document import Document
from jingshu.corpus.recipe import load_recipe, parse_recipe_text

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("before", "after", "kind"), [
    ("Ｈｅｌｌｏ", "Hello", "width"), ("天氣", "天气", "script"), ("乾", "干", "script"),
    ("  ", " ", "whitespace"), ("\u200b", "", "control"), ("&amp;", "&", "entity"),
    ("张三", "[姓名]", "redaction"), ("138", "***", "redaction"), (",", "，", "width"),
    (".", "。", "width"), ("，", "、", "punctuation"), ("。", ".", "punctuation"),
    ("的一段话", "", "deletion"), ("", "补上", "insertion"), ("你好", "您好", "replacement")])
def test_each_change_gets_its_class(before: str, after: str, kind: str) -> None:
    assert classify(before, after) == kind


def test_spans_separate_mixed_changes_and_count_the_longer_side() -> None:
    spans = diff_spans("天氣：Ｈｉ，末尾多余的话", "天气：Hi，末尾")
    assert [(s.kind, s.chars) for s in spans] == [("script", 1), ("width", 2),
                                                  ("deletion", 4)]
    assert diff_spans("同", "同") == []
    # spaces shortened or stripped at a line's end keep the words: layout; a space
    # removed between two words (a paragraph break in zhwiki) is damage
    assert [s.kind for s in diff_spans("甲   乙  \n丙", "甲 乙\n丙")] == ["layout", "layout"]
    assert [s.kind for s in diff_spans("等职。 仓慈", "等职。仓慈")] == ["whitespace"]
    assert [s.kind for s in diff_spans("甲\n乙", "甲 乙")] == ["whitespace"]
    assert Span("insertion", 3, 3, 3, 5).chars == 2


RECIPE = """
name: audit-test
steps:
  - op: unicode_normalize
    params: {nfkc: false, fold_fullwidth_ascii: true}
  - op: text_length
    params: {min_chars: 1000}
  - op: whitespace
"""


def test_only_mappers_run_and_each_mapper_sees_the_previous_ones_output() -> None:
    docs = [Document("a", "全角ＡＢＣ与  两个空格"), Document("b", "干净的一句话。"),
            Document("c", "半角ABC")]
    report = audit_documents(parse_recipe_text(RECIPE), docs, corpus="t", sample=3)
    assert [m.name for m in report.mappers] == ["unicode_normalize", "whitespace"]
    width, space = report.mappers
    assert (width.docs, width.docs_changed, width.changed) == (3, 1, {"width": 3})
    assert (space.docs, space.docs_changed, space.changed) == (3, 1, {"layout": 1})
    assert report.chars == sum(len(d.text) for d in docs)
    assert report.damage_share == 0
    assert report.changed_share == pytest.approx(4 / report.chars)
    assert [s.mapper for s in report.samples] == ["unicode_normalize", "whitespace"]
    page = render_audit_html(report)
    assert '<del class="width" title="width">ＡＢＣ</del>' in page
    assert '<ins class="width" title="width">ABC</ins>' in page
    assert "&lt;" not in render_audit_html(audit_documents(
        parse_recipe_text(RECIPE), [Document("x", "<b>ｘ</b>")], sample=1)).split("<h2>")[0]


def test_the_sample_is_seeded_and_bounded_per_mapper() -> None:
    docs = [Document(str(i), f"第{i}条：Ｘ{i}") for i in range(50)]
    one = audit_documents(parse_recipe_text(RECIPE), docs, sample=4, seed=1)
    two = audit_documents(parse_recipe_text(RECIPE), docs, sample=4, seed=1)
    assert [s.doc_id for s in one.samples] == [s.doc_id for s in two.samples]
    assert len(one.samples) == 4


_CLEAN = ("zhwiki", "news-sohu", "news-jiqizhixin", "news-titles", "zuozhuan", "drcd",
          "reviews", "forum")


@functools.lru_cache(maxsize=2)
def _clean_audit(recipe: str) -> AuditReport:
    sys.path.insert(0, str(REPO))
    from bench.bench_damage_audit import sample_docs

    docs = [d for name in _CLEAN for d in sample_docs(name, 30)]
    random.Random(0).shuffle(docs)
    return audit_documents(load_recipe(recipe), docs, corpus="clean", sample=0)


@pytest.mark.realdata
@pytest.mark.parametrize("recipe", ["zh-web", "zh-docs"])
def test_default_recipes_change_at_most_0_2_percent_of_clean_text(shared_data: Path,
                                                                   recipe: str) -> None:
    """Issue 11's target on a small seeded sample of every held-out clean corpus: outside
    deliberate normalisation (width, t2s, layout, entity) and PII redaction (its own test
    below), the mappers change at most 0.2 % of characters. It failed before line_cleanup,
    whitespace and html_entities were narrowed (forum 8.1 %, reviews 2.5 %, zhwiki 0.7 %)."""
    report = _clean_audit(recipe)
    assert report.docs == 30 * len(_CLEAN)
    assert report.damage_share_without("redaction") <= 0.002, report.to_dict()
    for mapper in report.mappers:
        if mapper.name != "pii_redact":
            assert mapper.damage <= 0.002 * report.chars, mapper.to_dict()


@pytest.mark.realdata
@pytest.mark.xfail(strict=True, reason=(
    "issue 11, PII part: pii_redact redacts private persons' names by policy and, "
    "wrongly, transliterated places and partial names (0.07-3.9 % of characters in all, "
    "docs/benchmarks.md, damage audit). Remove this marker when the test passes."))
@pytest.mark.parametrize("recipe", ["zh-web", "zh-docs"])
def test_default_recipes_with_pii_redact_change_at_most_0_2_percent_of_clean_text(
        shared_data: Path, recipe: str) -> None:
    """The same target counting every mapper, pii_redact included."""
    assert _clean_audit(recipe).damage_share <= 0.002
