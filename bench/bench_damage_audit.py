"""Damage audit over the clean real corpora in ../shared/data (issue 11).

For each corpus and each default recipe, the recipe's mappers run over a seeded
sample of documents (:func:`jingshu.corpus.audit.audit_documents`); the table gives
the share of characters changed in all, by deliberate normalisation (full-width ASCII
folded, traditional → simplified) and otherwise (the "damage", target ≤ 0.2 %), and
the mappers and classes behind the damage. One HTML page per corpus and recipe with
sampled diffs goes to bench/out/damage_audit/.

    nice -n 10 .venv/bin/python bench/bench_damage_audit.py --docs 300 [--write]

``--write`` puts the table in docs/benchmarks.md (section ``damage-audit``). The
recipes' thresholds were not tuned on these corpora (see the recipes' comments), but
the name rules of ``pii_redact`` were read off its redactions in these very documents:
its figures here are development figures (``bench/sample_redactions.py --doc-seed N``
draws other documents of the same corpora, which tuned nothing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality_data import DATA, _drcd, _forum, _jiqizhixin, _reviews, _sohu, _wiki  # noqa: E402
from bench.report import write_section  # noqa: E402

from jingshu.corpus.audit import DELIBERATE, AuditReport, audit_documents  # noqa: E402
from jingshu.corpus.audit_html import write_audit_html  # noqa: E402
from jingshu.corpus.document import Document  # noqa: E402
from jingshu.corpus.recipe import load_recipe  # noqa: E402

OUT = ROOT / "bench" / "out" / "damage_audit"
RECIPES = ("zh-web", "zh-docs")


def _zuozhuan() -> list[str]:
    text = (DATA / "classical_zuozhuan_opencc" / "zuozhuan.txt").read_text("utf-8")
    return [line for line in text.splitlines() if line.strip()]


def _thucnews() -> list[str]:
    lines = (DATA / "news_thucnews_titles" / "dev.txt").read_text("utf-8").splitlines()
    return [line.split("\t", 1)[0] for line in lines if line.strip()]


CORPORA: dict[str, tuple[str, Callable[[], list[str]]]] = {
    "zhwiki": ("wiki_zhwiki_sample: Chinese Wikipedia articles (simplified)", _wiki),
    "drcd": ("wiki_drcd_traditional: zh-TW Wikipedia paragraphs (traditional)", _drcd),
    "news-sohu": ("news_sogou_smarty: Sohu news bodies (UTF-8 file)", _sohu),
    "news-jiqizhixin": ("news_jiqizhixin_tagged: 机器之心 tech articles", _jiqizhixin),
    "news-titles": ("news_thucnews_titles: THUCNews headlines (dev)", _thucnews),
    "zuozhuan": ("classical_zuozhuan_opencc: 左传, one line a document", _zuozhuan),
    "reviews": ("reviews_sophonplus: hotel, delivery and shopping reviews", _reviews),
    "forum": ("forum_bdci2018_car: car-forum posts", _forum),
}


def sample_docs(name: str, n: int, seed: int = 11) -> list[Document]:
    """``n`` documents of corpus ``name``, drawn with a fixed seed."""
    texts = CORPORA[name][1]()
    rng = random.Random(seed)
    picked = rng.sample(texts, n) if len(texts) > n else texts
    return [Document(id=f"{name}:{i}", text=t) for i, t in enumerate(picked)]


def _pct(x: float) -> str:
    return f"{x:.3%}"


def _top(report: AuditReport) -> str:
    harm = sorted(((m.damage, m.name, m.changed) for m in report.mappers if m.damage),
                  reverse=True)[:3]
    parts = []
    for n, name, changed in harm:
        kinds = sorted(((v, k) for k, v in changed.items() if k not in DELIBERATE),
                       reverse=True)[:2]
        parts.append(f"{name} {_pct(n / report.chars)} ({', '.join(k for _, k in kinds)})")
    return "; ".join(parts) or "-"


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300, help="documents per corpus")
    parser.add_argument("--sample", type=int, default=5, help="diffs per mapper in the HTML")
    parser.add_argument("--corpora", nargs="*", default=list(CORPORA))
    parser.add_argument("--write", action="store_true", help="append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    started = time.perf_counter()
    for recipe_name in RECIPES:
        recipe = load_recipe(recipe_name)
        for name in args.corpora:
            docs = sample_docs(name, args.docs)
            report = audit_documents(recipe, docs, corpus=name, sample=args.sample)
            write_audit_html(report, OUT / f"{recipe_name}_{name}.html")
            rows.append(f"| {recipe_name} | {name} | {report.docs} | {report.chars:,} | "
                        f"{_pct(report.changed_share)} | {_pct(report.class_share('width'))} | "
                        f"{_pct(report.class_share('script'))} | "
                        f"{_pct(report.class_share('layout'))} | "
                        f"{_pct(report.class_share('entity'))} | "
                        f"{_pct(report.damage_share)} | {_pct(report.class_share('redaction'))} | "
                        f"**{_pct(report.damage_share_without('redaction'))}** | "
                        f"{_top(report)} |")
            print(rows[-1], flush=True)
    seconds = time.perf_counter() - started
    table = "\n".join([
        "| recipe | corpus | docs | chars | changed | width | script (t2s) | layout | entity | "
        "damage | of which PII redaction | damage without redaction | "
        "largest damage: mapper (classes) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|", *rows])
    sources = "\n".join(f"- `{k}`: {v[0]}" for k, v in CORPORA.items() if k in args.corpora)
    section = f"""
## Damage audit: what the default recipes' mappers change in clean text

Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()};
date {dt.date.today().isoformat()}; {seconds:.0f} s in all.
Command: `nice -n 10 .venv/bin/python bench/bench_damage_audit.py --docs {args.docs} --write`
(or `jingshu corpus audit RECIPE --input FILE --sample N` on one corpus).

Only the mappers run, in recipe order, over {args.docs} documents drawn (seed 11) from
each corpus; shares are of the input's characters. Deliberate normalisation, which keeps
every character's meaning and every word boundary: *width* (NFKC: full-width ASCII
folded; an ASCII `,:;?!.` after a Chinese character made `，：；？！。`, the full-width forms
NFKC maps back to it, `。` standing for `．`), *script* (OpenCC traditional → simplified,
asked for by both recipes), *layout* (runs of spaces shortened, spaces stripped at line
ends) and *entity* (an HTML entity such as `&nbsp;` `&amp;` replaced by the character it
names). *damage* is every other changed character (deletions, insertions, replacements,
a space removed between two words, punctuation changed, redaction). Target: damage ≤ 0.2
% on clean corpora. No recipe threshold was tuned on these corpora, but the name rules of
`pii_redact` were read off its redactions in these very documents (seed 11), so its
figures are development figures; the judged samples in *PII redaction in the damage
audit* include documents that tuned nothing. Sampled diffs per mapper:
`bench/out/damage_audit/RECIPE_CORPUS.html`.

{sources}

{table}
"""
    if args.write:
        write_section("damage-audit", section)
    print(section)
    return section


if __name__ == "__main__":
    main()
