"""Choose the name tagger's margin threshold (``NAME_MARGIN``) on tuning data only.

Scores person names (exact spans, what ``find_pii`` recognises: ``person_name`` and
``public_official``) on CLUENER2020 dev (the tagger does not train on it; its errors
already chose the name filters' classes, so it is a tuning set, not a held-out one) or,
with ``--holdout N``, on the last N CLUENER train texts with a tagger trained without
them (``bench/train_pii_tagger.py --holdout N --out MODEL``), and counts name
redactions per 10,000 characters on the tuning halves of the unlabelled
public-register sentences (CLUECorpusSmall sample, Sohu news; :mod:`pii_sets`), for a
range of thresholds. No held-out set of bench/bench_pii.py is read.

usage: python bench/tune_pii_margin.py MODEL [--holdout N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pii_sets import unlabelled_public
from train_pii_tagger import DATA, LABELS, training_set

from jingshu.privacy import tagger as tagger_mod
from jingshu.privacy.actions import NAME_TYPES
from jingshu.privacy.ner_data import read_labelled
from jingshu.privacy.pii import find_pii
from jingshu.privacy.recognizers import entities

__all__ = ["main"]

THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--holdout", type=int, default=0)
    parser.add_argument("--thresholds", default=",".join(map(str, THRESHOLDS)),
                        help="margins to score, comma-separated (default: %(default)s)")
    parser.add_argument("--lac-margin", type=float, default=entities.LAC_MARGIN,
                        help="least margin of a name LAC may confirm (default: %(default)s)")
    args = parser.parse_args()
    entities.LAC_MARGIN = args.lac_margin
    model = tagger_mod.CharTagger(args.model)
    scored: dict[str, list[tuple[int, int, str, float]]] = {}
    decode = model.tag_scored

    def memo(text: str) -> list[tuple[int, int, str, float]]:  # decode each text once
        if text not in scored:
            scored[text] = decode(text)
        return scored[text]

    model.tag_scored = memo  # type: ignore[method-assign]
    entities.default_tagger = lambda: model  # type: ignore[assignment]
    if args.holdout:
        _train, held = training_set(None, args.holdout)
    else:
        held = read_labelled(DATA / "ner_cluener2020" / "dev.json")
    public = [s for sents in unlabelled_public(True).values() for s in sents]
    chars = sum(map(len, public))
    print(f"{len(held)} CLUENER texts; {len(public)} tuning public sentences, "
          f"{chars} chars")
    print("| margin | P | R | F1 | F0.5 | names per 10k chars (tuning public sets) |")
    print("|---|---|---|---|---|---|")
    for t in map(float, args.thresholds.split(",")):
        entities.NAME_MARGIN = t
        entities.tagged.cache_clear()
        tp = fp = fn = 0
        for ex in held:
            pred = {(p.start, p.end) for p in find_pii(ex.text) if p.type in NAME_TYPES}
            gold = {(s, e) for s, e, lab in ex.spans if LABELS.get(lab) == "PER"}
            tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
        found = sum(1 for text in public for p in find_pii(text) if p.type == "person_name")
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * p * r / max(p + r, 1e-9)
        f05 = 1.25 * p * r / max(0.25 * p + r, 1e-9)
        print(f"| {t} | {p:.3f} | {r:.3f} | {f1:.3f} | {f05:.3f} | {found / chars * 1e4:.2f} |")


if __name__ == "__main__":
    main()
