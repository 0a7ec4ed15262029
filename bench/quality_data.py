"""The good/bad sets of the quality benchmark, read from ../shared/data.

good (edited, long-form text): Chinese Wikipedia articles of at least 100 characters
(wiki_zhwiki_sample), Taiwan-Wikipedia paragraphs in traditional script
(wiki_drcd_traditional), Sohu news article bodies (news_sogou_smarty, UTF-8 file)
and 机器之心 tech articles (news_jiqizhixin_tagged, distinct bodies).

bad (informal, unedited or broken text): product, hotel and food-delivery reviews
(reviews_sophonplus), Weibo posts (weibo_smp2020_ewect), car-forum comments
(forum_bdci2018_car, distinct posts) and the documents jingshu's own sample marks
``low_quality`` (captcha pages, keyword spam ...).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

__all__ = ["DATA", "SAMPLE", "load_bad", "load_good"]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SAMPLE = Path(__file__).resolve().parents[1] / "src" / "jingshu" / "sample" / "raw_zh.jsonl"
_CONTENT = re.compile(r"<content>(.*?)</content>", re.S)


def _wiki() -> list[str]:
    lines = (DATA / "wiki_zhwiki_sample" / "zhwiki_sampled.txt").read_text("utf-8").splitlines()
    return [line for line in lines if len(line.strip()) >= 100]


def _drcd() -> list[str]:
    data = json.loads((DATA / "wiki_drcd_traditional" / "DRCD_dev.json").read_text("utf-8"))
    return [p["context"] for article in data["data"] for p in article["paragraphs"]]


def _sohu() -> list[str]:
    raw = (DATA / "news_sogou_smarty" / "news_sohusite_xml.smarty.dat").read_text("utf-8")
    return [c.strip() for c in _CONTENT.findall(raw) if c.strip()]


def _jiqizhixin() -> list[str]:
    bodies: dict[str, None] = {}
    for split in ("train", "val", "test"):
        text = (DATA / "news_jiqizhixin_tagged" / f"cnews.{split}.txt").read_text("utf-8")
        for line in text.splitlines():
            body = line.strip().strip('"').split(";;", 1)[-1].strip()
            if body:
                bodies[body] = None
    return list(bodies)


def _csv_column(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [row[column] for row in csv.DictReader(fh) if (row[column] or "").strip()]


def _reviews() -> list[str]:
    folder = DATA / "reviews_sophonplus"
    return [*_csv_column(folder / "ChnSentiCorp_htl_all.csv", "review"),
            *_csv_column(folder / "waimai_10k.csv", "review"),
            *_csv_column(folder / "online_shopping_10_cats.csv", "review")]


def _weibo() -> list[str]:
    out: list[str] = []
    for part in ("usual", "virus"):
        lines = (DATA / "weibo_smp2020_ewect" / part / "train.tsv").read_text("utf-8")
        out += [line.split("\t", 1)[1] for line in lines.splitlines()[1:] if "\t" in line]
    return [t for t in out if t.strip()]


def _forum() -> list[str]:
    seen: dict[str, str] = {}
    with (DATA / "forum_bdci2018_car" / "train_2.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            seen.setdefault(row["content_id"], row["content"])
    return [t for t in seen.values() if t.strip()]


def _sample_low_quality() -> list[str]:
    rows = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines() if line]
    return [r["text"] for r in rows if "low_quality" in (r.get("defects") or [])]


def load_good() -> dict[str, list[str]]:
    """The good texts by source name."""
    return {"zhwiki>=100": _wiki(), "drcd": _drcd(), "sohu": _sohu(),
            "jiqizhixin": _jiqizhixin()}


def load_bad() -> dict[str, list[str]]:
    """The bad texts by source name."""
    return {"reviews": _reviews(), "weibo": _weibo(), "forum": _forum(),
            "sample_low_quality": _sample_low_quality()}
