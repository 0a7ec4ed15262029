"""Before/after check of two name-tagger files on clean text: what changes in redaction.

Runs ``find_pii`` with each weight file (and its name margin) over a random sample of
clean real documents (CLUECorpusSmall sample, ChnSentiCorp hotel reviews, 左传), counts
person names and the share of characters they cover, and prints a random sample of the
names that only one of the two finds, with their context, to be read by a person.
zhwiki and THUCNews are left out: they are held-out sets of bench/bench_pii.py.

usage: python bench/compare_pii_taggers.py BEFORE.npz MARGIN AFTER.npz MARGIN [--docs 250]
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from jingshu.privacy.pii import find_pii
from jingshu.privacy.recognizers import entities
from jingshu.privacy.tagger import CharTagger

__all__ = ["main"]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _corpora(docs: int, rng: random.Random) -> dict[str, list[str]]:
    def sample(lines: list[str]) -> list[str]:
        lines = [line for line in lines if len(line) >= 20]
        return [line[:600] for line in rng.sample(lines, min(docs, len(lines)))]

    with (DATA / "reviews_sophonplus" / "ChnSentiCorp_htl_all.csv").open(encoding="utf-8") as f:
        reviews = [row["review"] for row in csv.DictReader(f)]
    return {
        "CLUECorpusSmall": sample((DATA / "web_cluecorpussmall_sample"
                                   / "CLUECorpusSmall_sampled.txt").read_text("utf-8")
                                  .splitlines()),
        "hotel reviews": sample(reviews),
        "左传": sample((DATA / "classical_zuozhuan_opencc" / "zuozhuan.txt").read_text("utf-8")
                     .splitlines()),
    }


def _names(path: str, margin: float,
           corpora: dict[str, list[str]]) -> dict[str, list[set[tuple[int, int]]]]:
    model = CharTagger(path)
    entities.default_tagger = lambda: model  # type: ignore[assignment]
    entities.NAME_MARGIN = margin
    entities.tagged.cache_clear()
    return {k: [{(s.start, s.end) for s in find_pii(t) if s.type == "person_name"}
                for t in texts] for k, texts in corpora.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("before_margin", type=float)
    parser.add_argument("after")
    parser.add_argument("after_margin", type=float)
    parser.add_argument("--docs", type=int, default=250, help="documents per corpus")
    parser.add_argument("--show", type=int, default=40, help="differences to print")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    corpora = _corpora(args.docs, rng)
    before = _names(args.before, args.before_margin, corpora)
    after = _names(args.after, args.after_margin, corpora)
    diffs: list[str] = []
    print("| corpus | docs | chars | names before | chars before | names after | chars after |")
    print("|---|---|---|---|---|---|---|")
    for k, texts in corpora.items():
        chars = sum(map(len, texts))
        cols = []
        for found in (before[k], after[k]):
            cols += [str(sum(map(len, found))),
                     f"{sum(e - s for x in found for s, e in x) / chars * 100:.2f} %"]
        print(f"| {k} | {len(texts)} | {chars} | {' | '.join(cols)} |")
        for t, x, y in zip(texts, before[k], after[k], strict=True):
            for which, spans in (("before only", x - y), ("after only ", y - x)):
                diffs += [f"{k} {which}: {t[max(0, s - 8):s]}[{t[s:e]}]{t[e:e + 8]}"
                          for s, e in sorted(spans)]
    rng.shuffle(diffs)
    print(f"\n{len(diffs)} names found by one file only; {min(args.show, len(diffs))} at random:")
    print("\n".join(diffs[: args.show]))


if __name__ == "__main__":
    main()
