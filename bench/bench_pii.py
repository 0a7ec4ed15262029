"""Benchmark: Chinese PII recognizers, precision/recall/F1 per type (exact spans).

1. Numbers: valid identifiers generated per type (resident IDs, bank cards and
   unified social credit codes with their check digits; mobiles, landlines, passports,
   plates, e-mails, IPs, QQ and WeChat IDs in their usual forms) and, for the
   checksummed types, near-valid ones (one digit changed) are inserted into real
   Chinese sentences from ../shared/data/web_cluecorpussmall_sample. A found
   near-valid number is a false positive.
2. Names and addresses on CLUENER2020 dev: the shipped rules, a CRF trained here on
   CLUENER train (no model is kept) with the features of
   :mod:`jingshu.privacy.crf_features`, and both (the CRF's spans first, the rules
   fill the gaps, as :func:`find_pii` combines them); the anchor is jieba's POS tags
   (``nr`` → name, ``ns`` → address), measured in the same run. The CLUENER-trained
   CRF is then scored on MSRA, People's Daily, Weibo, Resume and address-parsing
   test sets (cross-domain).

usage: python bench/bench_pii.py [--iterations 150] [--c1 0.05] [--c2 0.01] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section

from jingshu.privacy.crf import CrfRecognizer, train_crf
from jingshu.privacy.ner_data import LabelledText, read_labelled
from jingshu.privacy.pii import _ID_WEIGHTS, _USCC_ALPHABET, _USCC_WEIGHTS, find_pii, luhn_valid

__all__ = ["main"]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
Spans = set[tuple[int, int, str]]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ---- generators -------------------------------------------------------------
def _resident_id(rng: random.Random) -> str:
    region = rng.choice(["110105", "310104", "330106", "440305", "510107", "420102"])
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 25000))
    body = f"{region}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    check = (12 - total % 11) % 11
    return body + ("X" if check == 10 else str(check))


def _bank_card(rng: random.Random) -> str:
    body = rng.choice(["622202", "621700", "622848", "623668", "601382"]) + "".join(
        rng.choice("0123456789") for _ in range(rng.choice([9, 12])))
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def _uscc(rng: random.Random) -> str:
    body = rng.choice("9159") + rng.choice("123") + rng.choice(["110105", "330106", "440305"])
    body += "".join(rng.choice(_USCC_ALPHABET) for _ in range(9))
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=False))
    return body + _USCC_ALPHABET[(31 - total % 31) % 31]


def _near(value: str, rng: random.Random, valid: Callable[[str], bool]) -> str:
    while True:
        i = rng.choice([i for i, c in enumerate(value) if c.isdigit()])
        cand = value[:i] + str((int(value[i]) + rng.randint(1, 9)) % 10) + value[i + 1 :]
        if not valid(cand):
            return cand


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


GENERATORS: dict[str, Callable[[random.Random], tuple[str, str]]] = {
    "resident_id": lambda r: ("身份证号", _resident_id(r)),
    "bank_card": lambda r: ("卡号", _bank_card(r)),
    "uscc": lambda r: ("统一社会信用代码", _uscc(r)),
    "mobile": lambda r: ("电话", "1" + r.choice("3456789") + _digits(r, 9)),
    "landline": lambda r: (
        "座机", r.choice(["010-", "021-", "0571-", "(0755)"]) + r.choice("2345678") + _digits(r, 7)
    ),
    "passport": lambda r: ("护照", "E" + _digits(r, 8)),
    "license_plate": lambda r: (
        "车牌", r.choice("京沪粤浙苏川") + r.choice("ABCDE") + r.choice(["", "D"]) + _digits(r, 5)
    ),
    "email": lambda r: ("邮箱", f"user{_digits(r, 4)}@example{r.randint(1, 9)}.com"),
    "ip_address": lambda r: ("IP", ".".join(str(r.randint(1, 254)) for _ in range(4))),
    "qq": lambda r: ("QQ：", r.choice("123456789") + _digits(r, r.randint(5, 9))),
    "wechat": lambda r: ("微信号：", "wx_" + "".join(r.choice("abcdefghijk") for _ in range(6))),
}  # fmt: skip
CHECKSUMMED = {
    "resident_id": lambda v: any(s.type == "resident_id" for s in find_pii(v, ["resident_id"])),
    "bank_card": lambda v: luhn_valid(v),
    "uscc": lambda v: any(s.type == "uscc" for s in find_pii(v, ["uscc"])),
}


def _sentences(limit: int) -> list[str]:
    lines = (DATA / "web_cluecorpussmall_sample" / "CLUECorpusSmall_sampled.txt").read_text(
        "utf-8").splitlines()
    out = [s for line in lines for s in line.split("。") if 10 <= len(s) <= 120]
    return out[:limit]


def bench_numbers(n: int, seed: int = 7) -> list[tuple[str, float, float, float, int]]:
    rng = random.Random(seed)
    sentences = _sentences(5000)
    rows = []
    for kind, gen in GENERATORS.items():
        tp = fp = fn = 0
        for i in range(n):
            cue, value = gen(rng)
            near = i % 2 == 1 and kind in CHECKSUMMED
            if near:
                value = _near(value, rng, CHECKSUMMED[kind])
            s = rng.choice(sentences)
            cut = rng.randint(0, len(s))
            text = f"{s[:cut]}，{cue}{value}，{s[cut:]}。"
            start = cut + 1 + len(cue)
            gold = set() if near else {(start, start + len(value))}
            found = {(p.start, p.end) for p in find_pii(text) if p.type == kind}
            tp += len(gold & found)
            fp += len(found - gold)
            fn += len(gold - found)
        rows.append((kind, *_prf(tp, fp, fn), n))
    return rows


# ---- names and addresses ----------------------------------------------------
def _gold(examples: Iterable[LabelledText], mapping: dict[str, str]) -> list[Spans]:
    return [{(s, e, mapping[lab]) for s, e, lab in ex.spans if lab in mapping} for ex in examples]


def _score(gold: list[Spans], pred: list[Spans], kind: str) -> tuple[float, float, float, int]:
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        g2 = {x for x in g if x[2] == kind}
        p2 = {x for x in p if x[2] == kind}
        tp, fp, fn = tp + len(g2 & p2), fp + len(p2 - g2), fn + len(g2 - p2)
    return (*_prf(tp, fp, fn), tp + fn)


def _jieba(texts: list[str]) -> list[Spans]:
    import jieba.posseg as pseg

    out = []
    for text in texts:
        spans, pos = set(), 0
        for word, flag in pseg.cut(text):
            kind = {"nr": "person_name", "ns": "address"}.get(flag)
            if kind:
                spans.add((pos, pos + len(word), kind))
            pos += len(word)
        out.append(spans)
    return out


def _ours(texts: list[str], crf: CrfRecognizer | None, rules: bool,
          merge: bool = False) -> list[Spans]:
    out = []
    for text in texts:
        spans = find_pii(text, ["person_name", "address"] if rules else [],
                         extra=[crf] if crf else [])
        got = sorted((s.start, s.end, s.type) for s in spans)
        if merge:  # one address per line: join adjacent address pieces
            joined: list[tuple[int, int, str]] = []
            for s in got:
                if joined and joined[-1][2] == s[2] == "address" and s[0] - joined[-1][1] <= 1:
                    joined[-1] = (joined[-1][0], s[1], "address")
                else:
                    joined.append(s)
            got = joined
        out.append(set(got))
    return out


def _address_parsing() -> list[LabelledText]:
    merged = []
    for ex in read_labelled(DATA / "ner_address_parsing" / "test.txt"):
        parts = [s for s in ex.spans if s[2] not in {"person", "redundant", "otherinfo"}]
        spans = [s for s in ex.spans if s[2] == "person"]
        if parts:
            spans.append((min(s[0] for s in parts), max(s[1] for s in parts), "address"))
        merged.append(LabelledText(ex.text, tuple(spans)))
    return merged


NAME, ADDR = "person_name", "address"
OTHER_SETS: list[tuple[str, Callable[[], list[LabelledText]], dict[str, str]]] = [
    ("MSRA test", lambda: read_labelled(DATA / "ner_msra" / "msra_test_bio.txt"),
     {"PER": NAME, "LOC": ADDR}),
    ("People's Daily test", lambda: read_labelled(DATA / "ner_peoples_daily" / "example.test"),
     {"PER": NAME, "LOC": ADDR}),
    ("Weibo test", lambda: read_labelled(DATA / "ner_weibo" / "weiboNER_2nd_conll.test"),
     {"PER.NAM": NAME, "GPE.NAM": ADDR, "LOC.NAM": ADDR}),
    ("Resume test", lambda: read_labelled(DATA / "ner_resume" / "test.char.bmes"),
     {"NAME": NAME, "LOC": ADDR}),
    ("Address parsing test (whole address)", _address_parsing,
     {"person": NAME, "address": ADDR}),
]  # fmt: skip


def bench_ner(iterations: int, c1: float, c2: float) -> tuple[list[str], float]:
    train = read_labelled(DATA / "ner_cluener2020" / "train.json")
    dev = read_labelled(DATA / "ner_cluener2020" / "dev.json")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        train_crf(train, Path(tmp) / "cluener.crf", c1=c1, c2=c2, max_iterations=iterations)
        train_s = time.perf_counter() - t0
        crf = CrfRecognizer.load(Path(tmp) / "cluener.crf", types=[NAME, ADDR])
        texts = [ex.text for ex in dev]
        gold = _gold(dev, {"name": NAME, "address": ADDR})
        systems = {
            "jieba POS (anchor)": _jieba(texts),
            "jingshu rules only": _ours(texts, None, True),
            "jingshu CRF": _ours(texts, crf, False),
            "jingshu rules + CRF": _ours(texts, crf, True),
        }
        t0 = time.perf_counter()
        _ours(texts, crf, True)
        tag_ms = (time.perf_counter() - t0) / len(texts) * 1000
        lines = ["| system | name P | name R | name F1 | address P | address R | address F1 |",
                 "|---|---|---|---|---|---|---|"]
        for label, pred in systems.items():
            n, a = _score(gold, pred, NAME), _score(gold, pred, ADDR)
            lines.append(f"| {label} | {n[0]:.3f} | {n[1]:.3f} | **{n[2]:.3f}** | {a[0]:.3f} | "
                         f"{a[1]:.3f} | **{a[2]:.3f}** |")
        lines += ["", "Cross-domain (CRF trained on CLUENER train only; F1, exact spans):", "",
                  "| set | gold names | jieba name F1 | jingshu name F1 | gold addresses | "
                  "jieba address F1 | jingshu address F1 |", "|---|---|---|---|---|---|---|"]
        for name, load, mapping in OTHER_SETS:
            examples = load()
            texts = [ex.text for ex in examples]
            g = _gold(examples, mapping)
            jb = _jieba(texts)
            ours = _ours(texts, crf, True, merge=name.startswith("Address"))
            jn, ja, on, oa = (_score(g, jb, NAME), _score(g, jb, ADDR), _score(g, ours, NAME),
                              _score(g, ours, ADDR))
            lines.append(f"| {name} | {jn[3]} | {jn[2]:.3f} | {on[2]:.3f} | {ja[3]} | "
                         f"{ja[2]:.3f} | {oa[2]:.3f} |")
    lines += ["", f"CRF training on CLUENER train (10,748 texts, all 10 labels, "
              f"{iterations} L-BFGS iterations, c1={c1}, c2={c2}): {train_s:.0f} s; rules + CRF: "
              f"{tag_ms:.2f} ms per CLUENER sentence."]
    return lines, train_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--c1", type=float, default=0.05, help="CRF L1 weight")
    parser.add_argument("--c2", type=float, default=0.01, help="CRF L2 weight")
    parser.add_argument("--n", type=int, default=1000, help="inserted numbers per type")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    nums = bench_numbers(args.n)
    ner, _ = bench_ner(args.iterations, args.c1, args.c2)
    md = [f"Machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}; {dt.date.today()}; command: "
          f"`python bench/bench_pii.py --iterations {args.iterations} --c1 {args.c1} "
          f"--c2 {args.c2} --n {args.n}`.", "",
          "### Identifiers in real text", "",
          f"{args.n} per type inserted into CLUECorpusSmall sentences; for resident IDs, bank "
          "cards and USCC half are near-valid (one digit changed) and must not be found. "
          "Presidio has no recognizer for any of these Chinese types (anchor: none).", "",
          "| type | precision | recall | F1 |", "|---|---|---|---|"]
    md += [f"| {k} | {p:.3f} | {r:.3f} | **{f:.3f}** |" for k, p, r, f, _ in nums]
    md += ["", "### Names and addresses, CLUENER2020 dev (exact spans)", "", *ner, "",
           "Targets: F1 ≥ 0.98 on checksummed types, ≥ 0.90 names, ≥ 0.80 addresses. "
           "The name and address targets sit above the published state of the art on this "
           "dev set (CLUENER2020 paper, name / address F1: BiLSTM-CRF 0.748 / 0.471, "
           "BERT-base 0.876 / 0.620, RoBERTa-wwm-large 0.889 / 0.657)."]
    text = "\n".join(md)
    print(text)
    if not args.no_write:
        write_section("pii", "## PII recognizers\n\n" + text)


if __name__ == "__main__":
    main()
