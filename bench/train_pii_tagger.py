"""Train the shipped name tagger (src/jingshu/privacy/models/ner_tagger.npz).

Training data, all from ../shared/data (never CLUENER dev, People's Daily test or the
other held-out sets the PII benchmark scores on): CLUENER2020 train (name → PER;
company, government, organization → ORG; address → LOC), MSRA test (the only MSRA
split there), People's Daily dev, Weibo NER train and dev (named mentions only) and
Resume train and dev. Averaged perceptron, :mod:`jingshu.privacy.tagger_train`.

usage: nice -n 10 python bench/train_pii_tagger.py [--epochs 14] [--out PATH]
       [--holdout 1500 [--keep-epochs]] [--dense kind,surname,...]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from jingshu.privacy.ner_data import LabelledText, read_labelled
from jingshu.privacy.tagger import DEFAULT_MODEL, DENSE
from jingshu.privacy.tagger_train import (
    TaggerModel,
    save_model,
    train_tagger,
    with_names_replaced,
)

__all__ = ["LABELS", "TRAIN_FILES", "main", "training_set"]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TRAIN_FILES = (
    "ner_cluener2020/train.json",
    "ner_msra/msra_test_bio.txt",
    "ner_peoples_daily/example.dev",
    "ner_weibo/weiboNER_2nd_conll.train",
    "ner_weibo/weiboNER_2nd_conll.dev",
    "ner_resume/train.char.bmes",
    "ner_resume/dev.char.bmes",
)
LABELS = {
    "name": "PER", "company": "ORG", "government": "ORG", "organization": "ORG",
    "address": "LOC", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "PER.NAM": "PER",
    "ORG.NAM": "ORG", "GPE.NAM": "LOC", "LOC.NAM": "LOC", "NAME": "PER",
}  # fmt: skip


def training_set(limit: int | None = None, holdout: int = 0) -> tuple[list[LabelledText],
                                                                      list[LabelledText]]:
    """The training texts (the first ``limit`` of each file when given), and the last
    ``holdout`` texts of CLUENER train kept out of them to choose settings on."""
    out: list[LabelledText] = []
    held: list[LabelledText] = []
    for name in TRAIN_FILES:
        texts = read_labelled(DATA / name)[:limit]
        if holdout and name.startswith("ner_cluener2020"):
            texts, held = texts[:-holdout], texts[-holdout:]
        out += texts
    return out, held


def name_f1(model_path: Path, examples: list[LabelledText]) -> tuple[float, float, float]:
    """Exact-span precision, recall and F1 of person names (``name``/``PER`` labels)."""
    from jingshu.privacy.tagger import CharTagger

    tagger = CharTagger(model_path)
    tp = fp = fn = 0
    for ex in examples:
        pred = {(s, e) for s, e, lab in tagger.tag(ex.text) if lab == "PER" and e - s >= 2}
        gold = {(s, e) for s, e, lab in ex.spans if LABELS.get(lab) == "PER"}
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=14)
    parser.add_argument("--buckets", type=int, default=1 << 19)
    parser.add_argument("--limit", type=int, default=None, help="texts per file (a quick run)")
    parser.add_argument("--out", default=str(DEFAULT_MODEL))
    parser.add_argument("--holdout", type=int, default=0,
                        help="keep the last N CLUENER train texts out and score names on them")
    parser.add_argument("--keep-epochs", action="store_true",
                        help="save each pass as OUT.eN.npz (and score it on --holdout)")
    parser.add_argument("--replace-names", type=int, default=0,
                        help="copies of each text with a name, names swapped for others "
                             "of the training set (mention replacement)")
    parser.add_argument("--dense", default=",".join(DENSE),
                        help="dense features, comma-separated (default: %(default)s)")
    args = parser.parse_args()
    examples, held = training_set(args.limit, args.holdout)
    if args.replace_names:
        examples = with_names_replaced(examples, LABELS, copies=args.replace_names)
    t0 = time.perf_counter()

    def checkpoint(epoch: int, model: TaggerModel) -> None:
        out = Path(args.out)
        if args.keep_epochs:
            out = out.with_name(f"{out.stem}.e{epoch}{out.suffix}")
        save_model(model, out)
        print(f"epoch {epoch}: {time.perf_counter() - t0:.0f} s, saved {out}", flush=True)
        if held and args.keep_epochs:
            p, r, f = name_f1(out, held)
            print(f"  names on held-out CLUENER train: P {p:.3f} R {r:.3f} F1 {f:.3f}",
                  flush=True)

    model = train_tagger(examples, LABELS, epochs=args.epochs, buckets=args.buckets,
                         dense=tuple(args.dense.split(",")), on_epoch=checkpoint)
    path = save_model(model, args.out)
    print(f"{len(examples)} texts, {args.epochs} epochs, {time.perf_counter() - t0:.0f} s: "
          f"{path} ({path.stat().st_size / 1e6:.1f} MB)")
    if held:
        p, r, f = name_f1(path, held)
        print(f"names on {len(held)} held-out CLUENER train texts: P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
