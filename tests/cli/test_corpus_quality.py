"""``jingshu corpus train-quality`` and ``score-quality``."""

from __future__ import annotations

from pathlib import Path

from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json
from tests.corpus.quality.conftest import BAD_PHRASES, GOOD_PHRASES, make_texts
from tests.factories import make_dataset


def _sets(tmp_path: Path) -> tuple[Path, Path]:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("\n".join(make_texts(GOOD_PHRASES, 60, 1, "，")), encoding="utf-8")
    bad.write_text("\n".join(make_texts(BAD_PHRASES, 60, 2, " ")), encoding="utf-8")
    return good, bad


def test_train_then_score(invoke: Invoke, tmp_path: Path) -> None:
    good, bad = _sets(tmp_path)
    out = tmp_path / "m.npz"
    result = invoke("corpus", "train-quality", "--good", str(good), "--bad", str(bad),
                    "--out", str(out), "--epochs", "10", "--test-fraction", "0.2")
    assert "trained on 60 good and 60 bad" in result.stdout and "ROC-AUC" in result.stdout
    assert out.is_file()
    scored = as_json(invoke("corpus", "score-quality", str(out), "--input", str(bad), "--json"))
    assert scored["documents"] == 60 and scored["kept"] <= 6
    text = invoke("corpus", "score-quality", str(out), "--input", str(good)).stdout
    assert "60 documents" in text and "p50" in text


def test_train_json_from_datasets(invoke: Invoke, platform: Platform, tmp_path: Path) -> None:
    for name, texts in (("good-set", make_texts(GOOD_PHRASES, 30, 1, "，")),
                        ("bad-set", make_texts(BAD_PHRASES, 30, 2, " "))):
        make_dataset(platform, name=name, rows=[{"id": str(i), "text": t}
                                                for i, t in enumerate(texts)])
    out = tmp_path / "m.npz"
    data = as_json(invoke("corpus", "train-quality", "--good-dataset", "good-set",
                          "--bad-dataset", "bad-set@1", "--out", str(out), "--json", "--seed",
                          "3"))
    assert data["good_sources"] == ["dataset:good-set"] and data["counts"]["good"] == 30
    assert data["training"]["seed"] == 3 and 0 <= data["evaluation"]["test"]["f1"] <= 1
    scored = as_json(invoke("corpus", "score-quality", str(out), "--input-dataset", "bad-set",
                            "--json"))
    assert scored["documents"] == 30


def test_dataset_prefix_still_works_with_a_warning(invoke: Invoke, platform: Platform,
                                                   tmp_path: Path) -> None:
    good, _ = _sets(tmp_path)
    make_dataset(platform, name="bad-set", rows=[{"id": str(i), "text": t} for i, t in
                                                 enumerate(make_texts(BAD_PHRASES, 30, 2, " "))])
    result = invoke("corpus", "train-quality", "--good", str(good), "--bad", "dataset:bad-set@1",
                    "--out", str(tmp_path / "m.npz"), "--json")
    assert "warning: --bad dataset:bad-set@1 is deprecated; use --bad-dataset bad-set@1" in \
        result.stderr
    assert as_json(result)["bad_sources"] == ["dataset:bad-set@1"]


def test_sources_are_checked_when_parsed(invoke: Invoke, tmp_path: Path) -> None:
    good, _ = _sets(tmp_path)
    out = str(tmp_path / "m.npz")
    neither = invoke("corpus", "train-quality", "--good", str(good), "--out", out, code=2)
    assert "give --bad FILE or --bad-dataset NAME[@VERSION]" in neither.stderr
    bad_ref = invoke("corpus", "train-quality", "--good", str(good), "--bad-dataset", "a b",
                     "--out", out, code=2)
    assert "dataset reference 'a b' is not valid" in bad_ref.stderr


def test_bad_input(invoke: Invoke, tmp_path: Path) -> None:
    good, _ = _sets(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    out = str(tmp_path / "m.npz")
    missing = invoke("corpus", "train-quality", "--good", str(tmp_path / "none.txt"),
                     "--bad", str(good), "--out", out, code=2)
    assert "none.txt' does not exist" in missing.stderr
    no_docs = invoke("corpus", "train-quality", "--good", str(good), "--bad", str(empty),
                     "--out", out, code=2)
    assert "bad set has 0 documents" in no_docs.stderr
    corrupt = tmp_path / "corrupt.npz"
    corrupt.write_bytes(b"PK\x03\x04 not really")
    result = invoke("corpus", "score-quality", str(corrupt), "--input", str(good), code=2)
    assert "not a readable jingshu quality model" in result.stderr
