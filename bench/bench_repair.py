"""Benchmark: text repair quality on ../shared/data, jingshu beside ftfy alone (the anchor).

Measures, on the same inputs:

* decoding raw files (chardet's GB2312/Big5 pages, cppjieba's GBK lines, MNBVC's
  GB18030/GBK fixtures): ``decode_bytes`` vs ``ftfy.guess_bytes``, share decoded
  exactly as the file's labelled codec;
* ftfy's own test cases (dirty_ftfy_testcases): share fixed exactly, and share of its
  "negative" (already correct) cases changed;
* Chinese mojibake made from real Wikipedia sentences (UTF-8 read as GBK, UTF-8 read as
  CP1252, GBK shown as Latin-1, GBK/Big5 one byte out of phase): share repaired
  exactly, and for the phase cases share of characters recovered;
* OpenCC's traditional → simplified cases (dirty_opencc_tests): share exact,
  ``ScriptConverter`` vs the bundled OpenCC dictionary alone;
* clean text changed: share of clean documents (zhwiki, Sohu news, Zuo Zhuan, DRCD)
  that the repairers (``mojibake_repair`` then ``pinyin_restore``) change, vs ftfy.

usage: python bench/bench_repair.py [--limit 400] [--no-write]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import json
import platform
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ftfy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section

from jingshu.corpus.document import Document
from jingshu.corpus.encoding import decode_bytes
from jingshu.corpus.ops.mojibake import MojibakeRepairer
from jingshu.corpus.ops.pinyin_restore import PinyinSyllableRestorer
from jingshu.corpus.ops.script import _converter, to_simplified

__all__ = ["main"]

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
LOST = "\ufffd"


def _share(hits: int, total: int) -> str:
    return f"{hits}/{total} ({100 * hits / total:.1f}%)" if total else "–"


def _decode_rows() -> list[str]:
    root = DATA / "dirty_encoding_samples"
    files = [(p, "gb18030") for p in sorted((root / "chardet" / "GB2312").iterdir())]
    files += [(p, "big5hkscs") for p in sorted((root / "chardet" / "Big5").iterdir())]
    files += [(root / "cppjieba" / "testlines.gbk", "gb18030")]
    files += [(root / "charset_mnbvc" / n, "gb18030") for n in ("10.txt", "test4.txt")]
    ours = anchor = 0
    for path, codec in files:
        data = path.read_bytes()
        truth = data.decode(codec)
        ours += decode_bytes(data).text == truth
        with contextlib.suppress(UnicodeError):
            anchor += ftfy.guess_bytes(data)[0] == truth
    return [f"| decode GBK/GB2312/Big5 files ({len(files)}) | {_share(ours, len(files))} | "
            f"{_share(anchor, len(files))} (`ftfy.guess_bytes`) |"]


def _ftfy_rows(repair: Callable[[str], str]) -> list[str]:
    folder = DATA / "dirty_ftfy_testcases"
    dirty: list[dict[str, str]] = []
    negative: list[dict[str, str]] = []
    for name in ("in-the-wild", "synthetic", "language-names", "known-failures", "negative"):
        cases = json.loads((folder / f"{name}.json").read_text("utf-8"))
        (negative if name == "negative" else dirty).extend(cases)
    fixed = sum(repair(c["original"]) == c["fixed"] for c in dirty)
    fixed_anchor = sum(ftfy.fix_text(c["original"]) == c["fixed"] for c in dirty)
    changed = sum(repair(c["original"]) != c["original"] for c in negative)
    changed_anchor = sum(ftfy.fix_text(c["original"]) != c["original"] for c in negative)
    rows = [
        f"| ftfy test cases, fixed exactly | {_share(fixed, len(dirty))} | "
        f"{_share(fixed_anchor, len(dirty))} |",
        f"| ftfy negative (correct) cases changed | {_share(changed, len(negative))} | "
        f"{_share(changed_anchor, len(negative))} |",
    ]
    return rows


def _sentences(limit: int) -> list[str]:
    lines = (DATA / "wiki_zhwiki_sample" / "zhwiki_sampled.txt").read_text("utf-8").split("\n")
    out = []
    for line in lines:
        first = re.split("(?<=。)", line)[0]
        if 12 <= len(first) <= 80 and first.isprintable():
            out.append(first)
        if len(out) >= limit:
            break
    return out


def _make_cases(sentences: list[str]) -> dict[str, list[tuple[str, str]]]:
    cases: dict[str, list[tuple[str, str]]] = {k: [] for k in (
        "UTF-8 read as GBK", "UTF-8 read as CP1252", "GBK shown as Latin-1",
        "GBK one byte out of phase", "Big5 one byte out of phase")}
    for s in sentences:
        raw = s.encode("utf-8")
        with contextlib.suppress(UnicodeDecodeError):  # lossless only: exact repair possible
            cases["UTF-8 read as GBK"].append((raw.decode("gbk"), s))
        with contextlib.suppress(UnicodeDecodeError):
            cases["UTF-8 read as CP1252"].append((raw.decode("cp1252"), s))
        try:
            gbk = s.encode("gbk")
            cases["GBK shown as Latin-1"].append((gbk.decode("latin-1"), s))
            cases["GBK one byte out of phase"].append((gbk[1:].decode("gbk", "replace"), s))
        except UnicodeEncodeError:
            pass
        trad = to_traditional_safe(s)
        if trad is not None:
            cases["Big5 one byte out of phase"].append((trad[0][1:].decode("big5", "replace"),
                                                        trad[1]))
    return cases


def to_traditional_safe(s: str) -> tuple[bytes, str] | None:
    t = str(_converter("s2t").convert(s))
    try:
        return t.encode("big5"), t
    except UnicodeEncodeError:
        return None


def _recovered(out: str, truth: str) -> float:
    matcher = difflib.SequenceMatcher(None, out, truth, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(truth)


def _synthetic_rows(repair: Callable[[str], str], limit: int) -> list[str]:
    rows = []
    for label, cases in _make_cases(_sentences(limit)).items():
        if "phase" in label:
            ours = sum(_recovered(repair(bad), s) for bad, s in cases) / len(cases)
            anc = sum(_recovered(ftfy.fix_text(bad), s) for bad, s in cases) / len(cases)
            before = sum(_recovered(bad, s) for bad, s in cases) / len(cases)
            rows.append(f"| {label}: characters recovered ({len(cases)} sentences; "
                        f"{100 * before:.1f}% before) | {100 * ours:.1f}% | {100 * anc:.1f}% |")
            continue
        ours = sum(repair(bad) == s for bad, s in cases)
        anc = sum(ftfy.fix_text(bad) == s for bad, s in cases)
        rows.append(f"| {label}: repaired exactly | {_share(ours, len(cases))} | "
                    f"{_share(anc, len(cases))} |")
    return rows


def _opencc_rows() -> list[str]:
    raw = (DATA / "dirty_opencc_tests" / "testcases.json").read_text("utf-8")
    cases = json.loads(re.sub(r",(\s*[}\]])", r"\1", raw))["cases"]
    pairs = [(c["input"], out) for c in cases for cfg, out in c["expected"].items()
             if cfg in ("t2s", "tw2s", "hk2s")]
    plain = _converter("t2s").convert
    ours = sum(to_simplified(t) == o for t, o in pairs)
    anc = sum(str(plain(t)) == o for t, o in pairs)
    zhu = [(t, o) for t, o in pairs if "著" in t]
    return [f"| OpenCC t2s/tw2s/hk2s cases exact ({len(zhu)} hold 著, where jingshu writes 着 "
            f"for the particle and OpenCC keeps 著) | {_share(ours, len(pairs))} | "
            f"{_share(anc, len(pairs))} (OpenCC dictionary alone) |"]


def _clean_texts(limit: int) -> dict[str, list[str]]:
    wiki = (DATA / "wiki_zhwiki_sample" / "zhwiki_sampled.txt").read_text("utf-8").split("\n")
    sohu = (DATA / "news_sogou_smarty" / "news_sohusite_xml.smarty.dat").read_text("utf-8")
    news = [m for m in re.findall("<content>(.*?)</content>", sohu, re.S) if m.strip()]
    zuo = (DATA / "classical_zuozhuan_opencc" / "zuozhuan.txt").read_text("utf-8").split("\n")
    drcd = json.loads((DATA / "wiki_drcd_traditional" / "DRCD_dev.json").read_text("utf-8"))
    paras = [p["context"] for a in drcd["data"] for p in a["paragraphs"]]
    return {
        "zhwiki (simplified)": [t for t in wiki if t.strip()][:limit],
        "Sohu news": news[:limit],
        "Zuo Zhuan (classical)": [t for t in zuo if t.strip()][:limit],
        "DRCD (traditional wiki)": paras[:limit],
    }


def _clean_rows(repair: Callable[[str], str], limit: int) -> list[str]:
    rows = []
    for label, texts in _clean_texts(limit).items():
        ours = sum(repair(t) != t for t in texts)
        anc = sum(ftfy.fix_text(t) != t for t in texts)
        enc = sum(ftfy.fix_encoding(t) != t for t in texts)
        rows.append(f"| clean text changed: {label} | {_share(ours, len(texts))} | "
                    f"{_share(anc, len(texts))}; `fix_encoding` only: {_share(enc, len(texts))} |")
    return rows


def main(argv: list[str] | None = None) -> str:
    """Run the benchmark, print the table and (unless ``--no-write``) write it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=400, help="sentences/documents per set")
    parser.add_argument("--no-write", action="store_true", help="do not touch benchmarks.md")
    args = parser.parse_args(argv)
    mojibake, pinyin = MojibakeRepairer(), PinyinSyllableRestorer()

    def repair(text: str) -> str:
        doc = mojibake(Document("b", text))
        return pinyin.map_text(doc.text if doc is not None else text)

    started = time.perf_counter()
    rows = [*_decode_rows(), *_ftfy_rows(repair), *_synthetic_rows(repair, args.limit),
            *_opencc_rows(), *_clean_rows(repair, args.limit)]
    seconds = time.perf_counter() - started
    table = "\n".join(["| case | jingshu | anchor: ftfy alone |", "|---|---|---|", *rows])
    body = (
        "## Text repair quality\n\n"
        f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, Python "
        f"{platform.python_version()}, ftfy {ftfy.__version__}. Date: {dt.date.today()}. "
        f"Command: `.venv/bin/python bench/bench_repair.py --limit {args.limit}` "
        f"({seconds:.0f} s).\n\n"
        "jingshu = `decode_bytes` for files, `mojibake_repair` then `pinyin_restore` for "
        "text, `script_convert` (zh-Hans) for the OpenCC cases. Synthetic cases are made "
        "from the first sentence of zhwiki articles (Big5: their OpenCC s2t form). "
        "\"Characters recovered\": share of the sentence's characters found, in order, "
        "after repair (difflib matching blocks; a phase shift loses a character at each "
        "end of a run, marked U+FFFD, so exact repair is impossible).\n\n" + table + "\n"
    )
    print(body)
    if not args.no_write:
        write_section("repair", body)
    return body


if __name__ == "__main__":
    main()
