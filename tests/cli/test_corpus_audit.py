"""``jingshu corpus audit``: per-mapper change shares and the HTML page of diffs."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Invoke, as_json

RECIPE = """name: audit-cli
steps:
  - op: unicode_normalize
    params: {nfkc: false, fold_fullwidth_ascii: true}
  - op: whitespace
  - op: text_length
    params: {min_chars: 1000}
"""


def test_audit_prints_shares_and_writes_the_diff_page(invoke: Invoke, tmp_path: Path) -> None:
    recipe = tmp_path / "r.yaml"
    recipe.write_text(RECIPE, encoding="utf-8")
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("全角ＡＢＣ的一行\n干净的一行。\n\n两个  空格\n", encoding="utf-8")
    page = tmp_path / "audit.html"
    result = invoke("corpus", "audit", str(recipe), "--input", str(corpus), "--lines",
                    "--html", str(page))
    assert "3 documents" in result.stdout
    assert "unicode_normalize" in result.stdout and "width 3" in result.stdout
    assert "text_length" not in result.stdout  # filters do not run
    assert "<del class=\"width\"" in page.read_text(encoding="utf-8")
    data = as_json(invoke("corpus", "audit", str(recipe), "--input", str(corpus), "--lines",
                          "--html", str(page), "--json", "--limit", "2"))
    assert data["docs"] == 2 and data["html"] == str(page)
    assert [m["name"] for m in data["mappers"]] == ["unicode_normalize", "whitespace"]


def test_an_empty_input_is_an_error(invoke: Invoke, tmp_path: Path) -> None:
    corpus = tmp_path / "empty.jsonl"
    corpus.write_text("\n", encoding="utf-8")
    result = invoke("corpus", "audit", "zh-web", "--input", str(corpus), code=2)
    assert "no documents" in result.stderr
