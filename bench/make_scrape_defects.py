"""Make the defects of scraped Chinese news pages from clean real text (jingshu issue 11).

Each document gets one to three defects, mixed, at random offsets, as a scraper
leaves them:

* ``phase``: a run of 4-8 Han characters whose GBK bytes sit in otherwise correct
  UTF-8 text and were read one byte out of phase (GB18030 decoder, as browsers use for
  GBK): the run's first byte is lost and shown as ``?`` or U+FFFD (or ``!``); its last
  byte fused with the next ASCII character into a lost-byte mark, which either keeps
  that character (``�(jiàn)``, ``?(jiàn)``) or swallows it (``?jiàn)``); a pinyin gloss
  of the run's last character follows. Runs whose shifted bytes do not decode as
  double-byte characters (about one in three; they resynchronise mid-run) are not made;
* ``comma_pinyin``: a Chinese comma and the character after it become an ASCII comma
  (with or without a space) and that character's toneless pinyin (``方案, ze要求``);
* ``ascii_punct``: ``，：；`` between Han characters or before ``《“`` become ASCII.

usage: python bench/make_scrape_defects.py SOURCE [--limit 200] [--seed 11] > pairs.jsonl
where SOURCE is one of :data:`SOURCES` (folders of ../shared/data).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SOURCES", "Defective", "clean_paragraphs", "make_defects"]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
_HAN = "\u4e00-\u9fff"
_SPAN = re.compile(f"(?<=[{_HAN}，。；：])[{_HAN}]{{5,}}")
_COMMA = re.compile(f"(?<=[{_HAN}])，(?=[{_HAN}]{{2}})")
_PUNCT = re.compile(f"(?<=[{_HAN}])[，：；](?=[{_HAN}《“])")
_ASCII = {"，": ",", "：": ":", "；": ";"}


def _zhwiki() -> Iterator[str]:
    yield from (DATA / "wiki_zhwiki_sample" / "zhwiki_sampled.txt").read_text("utf-8").splitlines()


def _sohu() -> Iterator[str]:
    text = (DATA / "news_sogou_smarty" / "news_sohusite_xml.smarty.dat").read_text(
        "utf-8", errors="replace")
    yield from re.findall(r"<content>(.*?)</content>", text, re.S)


def _clue() -> Iterator[str]:
    path = DATA / "web_cluecorpussmall_sample" / "CLUECorpusSmall_sampled.txt"
    yield from path.read_text("utf-8").splitlines()


def _thucnews() -> Iterator[str]:
    for name in ("dev.txt", "test.txt"):
        for line in (DATA / "news_thucnews_titles" / name).read_text("utf-8").splitlines():
            yield line.rsplit("\t", 1)[0]


def _drcd() -> Iterator[str]:
    from jingshu.corpus.ops.script import to_simplified

    data = json.loads((DATA / "wiki_drcd_traditional" / "DRCD_dev.json").read_text("utf-8"))
    for article in data["data"]:
        for para in article["paragraphs"]:
            yield to_simplified(para["context"])


def _reviews() -> Iterator[str]:
    path = DATA / "reviews_sophonplus" / "ChnSentiCorp_htl_all.csv"
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield row.get("review") or ""


# Tuning sources (the repair was developed looking at these) and held-out sources.
SOURCES = {
    "zhwiki": (_zhwiki, "tune"),
    "sohu": (_sohu, "tune"),
    "clue": (_clue, "held-out"),
    "thucnews": (_thucnews, "held-out"),
    "drcd": (_drcd, "held-out"),
    "reviews": (_reviews, "held-out"),
}


def clean_paragraphs(source: str, *, min_chars: int = 40, max_chars: int = 400) -> list[str]:
    """Paragraphs of one source, cut at a sentence end to at most ``max_chars``.

    Args:
        source: A key of :data:`SOURCES`.
        min_chars: Shorter paragraphs are skipped (headlines are kept down to 12).
        max_chars: Longer ones are cut after the last 。 before this length.
    """
    floor = 12 if source == "thucnews" else min_chars
    out: list[str] = []
    for raw in SOURCES[source][0]():
        text = " ".join(raw.split())
        if len(text) > max_chars:
            cut = text.rfind("。", 0, max_chars)
            text = text[: cut + 1] if cut > 0 else text[:max_chars]
        if len(text) >= floor and sum("\u4e00" <= c <= "\u9fff" for c in text) > len(text) / 2:
            out.append(text)
    return out


@dataclass
class Defective:
    """One clean paragraph and the scraped version made from it."""

    clean: str
    broken: str
    kinds: list[str] = field(default_factory=list)


def _gloss(ch: str) -> str:
    from pypinyin import Style, pinyin

    return str(pinyin(ch, style=Style.TONE)[0][0])


def _phase(text: str, rng: random.Random) -> str | None:
    spans = [m for m in _SPAN.finditer(text) if m.end() < len(text)]
    rng.shuffle(spans)
    for m in spans:
        size = rng.randint(4, min(8, m.end() - m.start()))
        start = rng.randint(m.start(), m.end() - size)
        run = text[start : start + size]
        try:
            raw = run.encode("gbk")
            shifted = raw[1:-1].decode("gb18030")
        except UnicodeError:
            continue
        if len(raw) != 2 * size or any(len(c.encode("gb18030")) != 2 for c in shifted):
            continue
        first = rng.choice("??\ufffd!")
        gloss = f"({_gloss(run[-1])})"
        end = rng.choice([f"\ufffd{gloss}", f"?{gloss}", f"?{gloss[1:]}"])
        return text[:start] + first + shifted + end + text[start + size :]
    return None


def _comma_pinyin(text: str, rng: random.Random) -> str | None:
    from pypinyin import Style, pinyin

    commas = list(_COMMA.finditer(text))
    if not commas:
        return None
    m = rng.choice(commas)
    syllable = str(pinyin(text[m.end()], style=Style.NORMAL)[0][0])
    if not syllable.isascii() or not syllable.isalpha():
        return None
    sep = rng.choice([", ", ","])
    return text[: m.start()] + sep + syllable + text[m.end() + 1 :]


def _ascii_punct(text: str, rng: random.Random) -> str | None:
    marks = list(_PUNCT.finditer(text))
    if not marks:
        return None
    m = rng.choice(marks)
    return text[: m.start()] + _ASCII[m.group(0)] + text[m.end() :]


_MAKERS = {"phase": _phase, "comma_pinyin": _comma_pinyin, "ascii_punct": _ascii_punct}


def make_defects(clean: str, rng: random.Random) -> Defective | None:
    """One to three defects at random offsets; ``None`` when none fits the text.

    Args:
        clean: A clean paragraph.
        rng: The random source (seeded by the caller, for a reproducible set).
    """
    kinds = rng.sample(list(_MAKERS), rng.randint(1, 3))
    text, done = clean, list[str]()
    for kind in kinds:
        out = _MAKERS[kind](text, rng)
        if out is not None:
            text, done = out, [*done, kind]
    return Defective(clean, text, done) if done else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", choices=sorted(SOURCES))
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    paragraphs = clean_paragraphs(args.source)
    rng.shuffle(paragraphs)
    made = 0
    for para in paragraphs:
        item = make_defects(para, rng)
        if item is None:
            continue
        sys.stdout.write(json.dumps(item.__dict__, ensure_ascii=False) + "\n")
        made += 1
        if made >= args.limit:
            break


if __name__ == "__main__":
    main()
