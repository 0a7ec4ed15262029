"""Count the character 4-gram model that the scraped-page repairs ship with (issue 11).

Writes ``src/jingshu/corpus/models/zh_char4.npz`` (:class:`jingshu.corpus.ngram.NgramLM`)
from clean Chinese text in ../shared/data that is **not** a held-out source of the
repair benchmark (``bench/make_scrape_defects.py``: CLUECorpusSmall, THUCNews titles,
DRCD, ChnSentiCorp hotel reviews are held out). Also left out: CLUENER2020 (its
sentences come from THUCNews), the 酒店 (hotel) category of online_shopping_10_cats
(it may overlap ChnSentiCorp), and every zhwiki and Sohu paragraph that the benchmark
uses as a tuning case at ``--limit 200`` (the first ``--exclude`` = 400 paragraphs of
each in the benchmark's seeded order), so the tune rows measure text the model never counted.

usage: python bench/train_repair_lm.py [--exclude 400] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_scrape_defects import DATA, clean_paragraphs

from jingshu.corpus.ngram import MODEL_PATH, NgramLM

__all__ = ["main", "training_texts"]

_HAN = re.compile("[\u4e00-\u9fff]")
csv.field_size_limit(1 << 24)


def _bench_cases(source: str, exclude: int) -> set[str]:
    paragraphs = clean_paragraphs(source)
    random.Random(11).shuffle(paragraphs)  # the benchmark's order (bench_repair.py)
    return set(paragraphs[:exclude])


def _cut(raw: str) -> str:
    """The paragraph clean_paragraphs makes of a raw line (to recognise bench cases)."""
    text = " ".join(raw.split())
    if len(text) > 400:
        cut = text.rfind("。", 0, 400)
        text = text[: cut + 1] if cut > 0 else text[:400]
    return text


def _zhwiki(exclude: int) -> Iterator[str]:
    skip = _bench_cases("zhwiki", exclude)
    path = DATA / "wiki_zhwiki_sample" / "zhwiki_sampled.txt"
    for line in path.read_text("utf-8").splitlines():
        if _cut(line) not in skip:
            yield line


def _sohu(exclude: int) -> Iterator[str]:
    skip = _bench_cases("sohu", exclude)
    text = (DATA / "news_sogou_smarty" / "news_sohusite_xml.smarty.dat").read_text(
        "utf-8", errors="replace")
    for para in re.findall(r"<content>(.*?)</content>", text, re.S):
        if _cut(para) not in skip:
            yield para


def _char_per_line(path: Path, sep: str | None) -> Iterator[str]:
    """NER files with one character (and its tag) per line, blank lines between sentences."""
    sentence: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split(sep) if line.strip() else []
        if parts:
            sentence.append(parts[0][:1])
        elif sentence:
            yield "".join(sentence)
            sentence = []
    if sentence:
        yield "".join(sentence)


def _ner() -> Iterator[str]:
    yield from _char_per_line(DATA / "ner_msra" / "msra_test_bio.txt", "\t")
    for name in ("example.dev", "example.test"):
        yield from _char_per_line(DATA / "ner_peoples_daily" / name, None)
    for name in ("train.char.bmes", "dev.char.bmes", "test.char.bmes"):
        yield from _char_per_line(DATA / "ner_resume" / name, None)
    for name in ("train", "dev", "test"):
        yield from _char_per_line(DATA / "ner_weibo" / f"weiboNER_2nd_conll.{name}", "\t")


def _jiqizhixin() -> Iterator[str]:
    seen: set[str] = set()
    for name in ("cnews.train.txt", "cnews.val.txt", "cnews.test.txt"):
        for line in (DATA / "news_jiqizhixin_tagged" / name).read_text("utf-8").splitlines():
            body = line.strip().strip('"').split(";;", 1)[-1].replace("&nbsp;", " ")
            if body not in seen:
                seen.add(body)
                yield body


def _csv_column(path: Path, column: str, skip: tuple[str, str] | None = None) -> Iterator[str]:
    with path.open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            if skip is None or row.get(skip[0]) != skip[1]:
                yield row.get(column) or ""


def _weibo() -> Iterator[str]:
    for part in ("usual", "virus"):
        for line in (DATA / "weibo_smp2020_ewect" / part / "train.tsv").read_text(
                "utf-8").splitlines()[1:]:
            yield line.split("\t", 1)[-1]


def _pairs() -> Iterator[str]:
    seen: set[str] = set()
    for path in sorted((DATA / "pairs_zh_similarity").rglob("*")):
        if path.suffix not in (".tsv", ".json", ".jsonl"):
            continue
        for line in path.read_text("utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    fields = [v for v in json.loads(line).values() if isinstance(v, str)]
                except json.JSONDecodeError:
                    continue
            else:
                fields = line.split("\t")
            for text in fields:
                if _HAN.search(text) and text not in seen:
                    seen.add(text)
                    yield text


def _commentary() -> Iterator[str]:
    path = DATA / "parallel_news_commentary_en_zh" / "news-commentary-v13-en-zh_sampled.txt"
    for line in path.read_text("utf-8").splitlines():
        yield line.split("\t")[-1]


def training_texts(exclude: int) -> dict[str, list[str]]:
    """The training texts by source (see the module docstring for what is left out)."""
    reviews = DATA / "reviews_sophonplus"
    sources = {
        "wiki_zhwiki_sample (bench cases removed)": _zhwiki(exclude),
        "news_sogou_smarty Sohu (bench cases removed)": _sohu(exclude),
        "ner_msra + ner_peoples_daily + ner_resume + ner_weibo (text only)": _ner(),
        "news_jiqizhixin_tagged (distinct bodies)": _jiqizhixin(),
        "forum_bdci2018_car": _csv_column(DATA / "forum_bdci2018_car" / "train_2.csv", "content"),
        "weibo_smp2020_ewect": _weibo(),
        "pairs_zh_similarity (distinct sentences)": _pairs(),
        "parallel_news_commentary_en_zh (zh side)": _commentary(),
        "reviews_sophonplus waimai_10k": _csv_column(reviews / "waimai_10k.csv", "review"),
        "reviews_sophonplus online_shopping_10_cats (酒店 left out)": _csv_column(
            reviews / "online_shopping_10_cats.csv", "review", skip=("cat", "酒店")),
    }
    return {name: [t for t in texts if _HAN.search(t)] for name, texts in sources.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--exclude", type=int, default=400,
                        help="benchmark paragraphs of zhwiki and Sohu to leave out")
    parser.add_argument("--prune", type=int, default=2)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    by_source = training_texts(args.exclude)
    sizes = {name: sum(map(len, texts)) for name, texts in by_source.items()}
    for name, n in sizes.items():
        print(f"{n:>10,} chars  {name}")
    meta = {"trained_by": "bench/train_repair_lm.py", "sources": sizes,
            "held_out": ["web_cluecorpussmall_sample", "news_thucnews_titles",
                         "wiki_drcd_traditional", "reviews_sophonplus ChnSentiCorp_htl_all",
                         "ner_cluener2020 (THUCNews text)",
                         "online_shopping_10_cats 酒店"]}
    model = NgramLM.train((t for texts in by_source.values() for t in texts),
                          prune=args.prune, meta=meta)
    model.save(args.out)
    print(json.dumps(model.meta, ensure_ascii=False, indent=1))
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.1f} MB, "
          f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
