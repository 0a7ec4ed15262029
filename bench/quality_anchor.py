"""Train and score one anchor classifier; runs inside the anchor's own virtualenv.

usage: python quality_anchor.py fasttext|sklearn DATA.jsonl OUT.json

DATA holds ``{"text", "label", "split"}`` per line (text already normalized by the
caller, the same text jingshu hashes). Writes train seconds, test scoring seconds
and the scores of the validation and test splits. Imports nothing from jingshu.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path


def _fasttext(train, val, test):  # type: ignore[no-untyped-def]
    import fasttext

    def line(text: str) -> str:
        return " ".join(text.replace(" ", "\u2581"))

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        for text, label in train:
            fh.write(f"__label__{label} {line(text)}\n")
    started = time.perf_counter()
    model = fasttext.train_supervised(fh.name, epoch=5, lr=0.5, wordNgrams=3, bucket=1 << 20,
                                      dim=50, minCount=1, thread=1, verbose=0, seed=0)
    train_s = time.perf_counter() - started
    Path(fh.name).unlink()

    def score(rows):  # type: ignore[no-untyped-def]
        labels, probs = model.predict([line(t) for t, _ in rows], k=2)
        return [float(p[list(lab).index("__label__1")]) if "__label__1" in lab else 0.0
                for lab, p in zip(labels, probs, strict=True)]

    started = time.perf_counter()
    test_scores = score(test)
    return train_s, time.perf_counter() - started, score(val), test_scores


def _sklearn(train, val, test):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = HashingVectorizer(analyzer="char", ngram_range=(1, 3), n_features=1 << 20,
                            alternate_sign=False, norm="l2")
    started = time.perf_counter()
    clf = LogisticRegression(C=10.0, class_weight="balanced", solver="liblinear")
    clf.fit(vec.transform([t for t, _ in train]), [y for _, y in train])
    train_s = time.perf_counter() - started

    def score(rows):  # type: ignore[no-untyped-def]
        return [float(p) for p in clf.predict_proba(vec.transform([t for t, _ in rows]))[:, 1]]

    started = time.perf_counter()
    test_scores = score(test)
    return train_s, time.perf_counter() - started, score(val), test_scores


def main() -> None:
    kind, data, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    rows = [json.loads(line) for line in data.read_text("utf-8").splitlines()]
    split = {s: [(r["text"], r["label"]) for r in rows if r["split"] == s]
             for s in ("train", "validation", "test")}
    run = _fasttext if kind == "fasttext" else _sklearn
    train_s, score_s, val, test = run(split["train"], split["validation"], split["test"])
    out.write_text(json.dumps({"train_s": train_s, "score_s": score_s, "validation": val,
                               "test": test}), "utf-8")


if __name__ == "__main__":
    main()
