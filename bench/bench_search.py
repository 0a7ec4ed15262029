"""Benchmark: Chinese full-text search over a catalog of 10,000 datasets.

Builds a synthetic catalog (titles, descriptions and keywords generated from Chinese
word lists, plus Latin field names) in SQLite and, when reachable, PostgreSQL, then
times ``jingshu.catalog.search.search`` on 200 queries: Chinese words of 2–4
characters, phrases, traditional script, Latin words, with and without filters.

The HTTP API (``GET /api/v1/catalog/search``) is timed too when ``jingshu.web.app``
serves it; otherwise the table says so.

usage: python bench/bench_search.py [--datasets 10000] [--postgres URL] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section

from jingshu.accounts.models import Organization
from jingshu.catalog.models import Dataset, SearchEntry
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.search import SearchFilters, index_text, search
from jingshu.db import Database

__all__ = ["Timing", "main"]

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SUBJECTS = [
    "中文", "新闻", "医疗", "法律", "金融", "教育", "交通", "气象", "农业", "电商",
    "政务", "能源", "环境", "旅游", "体育", "文化", "科技", "城市", "工业", "司法",
    "古籍", "诗词", "对话", "问答", "评论", "微博", "百科", "专利", "论文", "代码",
]  # fmt: skip
KINDS = [
    "语料", "数据集", "文本", "图像", "语音", "对话数据", "问答对", "标注数据",
    "知识图谱", "统计数据", "时序数据", "指令数据",
]  # fmt: skip
QUALIFIERS = [
    "高质量", "大规模", "开放", "脱敏", "精标", "多模态", "公共", "历史", "实时", "清洗后",
]  # fmt: skip
PHRASES = [
    "经过清洗和去重", "覆盖全国主要城市", "由专业人员标注", "用于预训练和微调",
    "包含用户评论与评分", "按小时更新", "来自公开网页", "符合数据安全规范",
    "支持情感分析任务", "用于机器翻译研究",
]  # fmt: skip
FIELDS = [
    "text", "title", "url", "label", "review_text", "rating", "image", "audio", "question",
    "answer", "crossing_id", "vehicles", "diagnosis", "court", "price", "timestamp",
]  # fmt: skip
LATIN = ["llm", "sft", "rlhf", "ocr", "asr", "nlp", "gpt", "bert", "ner", "qa"]
THEMES = ["语言", "交通", "医疗", "政务", "经济", "教育"]
ABSENT = ["天气预报", "区块链", "量子计算", "blockchain", "quantum", "卫星遥感"]
TRADITIONAL = ["語料", "醫療", "數據集", "問答對", "對話數據", "標註數據"]


@dataclass(frozen=True)
class Timing:
    """Latency of one database over the query set.

    Args:
        database: ``sqlite`` or ``postgresql``.
        level: ``function`` or ``http``.
        median_ms: median latency in milliseconds.
        p99_ms: 99th-percentile latency in milliseconds.
        mean_hits: mean total hits per query.
    """

    database: str
    level: str
    median_ms: float
    p99_ms: float
    mean_hits: float


def _dataset(rng: random.Random, i: int, orgs: list[Organization]) -> tuple[Dataset, list[str]]:
    subject, kind = rng.choice(SUBJECTS), rng.choice(KINDS)
    title = f"{rng.choice(QUALIFIERS)}{subject}{kind}{i % 97}"
    description = "，".join(rng.sample(PHRASES, 2)) + f"，主题为{rng.choice(SUBJECTS)}。"
    keywords = [subject, *rng.sample(SUBJECTS, 2), rng.choice(LATIN)]
    tier = rng.choice(list(OpenTier))
    dataset = Dataset(
        name=f"ds-{i:05d}",
        title=title,
        description=description,
        organization=rng.choice(orgs),
        theme=rng.choice(THEMES),
        keywords=keywords,
        modality=rng.choice(list(Modality)),
        open_tier=tier,
        grade=Grade.GENERAL,
        sensitivity=Sensitivity.L1 if tier is OpenTier.UNCONDITIONAL else Sensitivity.L2,
        updated_at=dt.datetime(2025, 1, 1) + dt.timedelta(minutes=i),
    )
    return dataset, rng.sample(FIELDS, 3)


def populate(db: Database, count: int, seed: int = 7) -> float:
    """Create ``count`` datasets with their search entries; returns seconds taken."""
    rng = random.Random(seed)
    started = time.perf_counter()
    with db.session() as session:
        orgs = [Organization(name=f"org-{i}", title=f"{s}数据中心") for i, s in enumerate(SUBJECTS)]
        session.add_all(orgs)
        for start in range(0, count, 1000):
            batch = [_dataset(rng, i, orgs) for i in range(start, min(start + 1000, count))]
            session.add_all(d for d, _ in batch)
            session.flush()
            session.add_all(SearchEntry(dataset_id=d.id, tokens=index_text(d, f)) for d, f in batch)
            session.flush()
    with db.engine.begin() as conn:  # fresh planner statistics, as autovacuum would give
        conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def queries(n: int = 200, seed: int = 11) -> list[tuple[str, SearchFilters]]:
    """``n`` queries: words, phrases, traditional, Latin, absent; a third with filters."""
    rng = random.Random(seed)
    makers: list[Callable[[], str]] = [
        lambda: rng.choice(SUBJECTS),
        lambda: rng.choice(KINDS),
        lambda: rng.choice(SUBJECTS) + rng.choice(KINDS),
        lambda: rng.choice(QUALIFIERS) + rng.choice(SUBJECTS),
        lambda: rng.choice(TRADITIONAL),
        lambda: rng.choice(LATIN),
        lambda: rng.choice(FIELDS),
        lambda: rng.choice(ABSENT),
        lambda: "",
    ]
    filter_choices = [
        SearchFilters(tier=OpenTier.UNCONDITIONAL),
        SearchFilters(theme=rng.choice(THEMES)),
        SearchFilters(modality=Modality.TEXT, organization="org-3"),
        SearchFilters(visible_tiers=frozenset({OpenTier.UNCONDITIONAL, OpenTier.CONDITIONAL})),
    ]
    out = []
    for i in range(n):
        filters = rng.choice(filter_choices) if i % 3 == 0 else SearchFilters()
        out.append((makers[i % len(makers)](), filters))
    return out


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def time_function(db: Database, qs: list[tuple[str, SearchFilters]]) -> Timing:
    """Time ``search()`` once per query after one warm-up pass."""
    latencies, hits = [], []
    with db.session() as session:
        for q, f in qs:
            search(session, q, f)
        for q, f in qs:
            started = time.perf_counter()
            _, total = search(session, q, f)
            latencies.append((time.perf_counter() - started) * 1000)
            hits.append(total)
    return Timing(
        db.dialect,
        "function",
        statistics.median(latencies),
        _percentile(latencies, 99),
        statistics.mean(hits),
    )


def time_http(db: Database, home: Path, qs: list[tuple[str, SearchFilters]]) -> Timing | None:
    """Time ``GET /api/v1/catalog/search`` through the app, with the same filters."""
    try:
        from fastapi.testclient import TestClient

        from jingshu.platform import connect
        from jingshu.web.app import create_app

        app = create_app(connect(home=str(home), database_url=db.url))
    except ImportError as exc:
        print(f"HTTP level skipped: the web extras are missing ({exc!r})", file=sys.stderr)
        return None
    latencies, hits = [], []
    with TestClient(app) as client:
        for q, filters in qs:
            params = {"q": q, "tier": filters.tier, "theme": filters.theme,
                      "modality": filters.modality, "organization": filters.organization}
            params = {k: str(v) for k, v in params.items() if v is not None}
            started = time.perf_counter()
            response = client.get("/api/v1/catalog/search", params=params)
            response.raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)
            hits.append(int(response.json().get("total", 0)))
    return Timing(
        db.dialect, "http", statistics.median(latencies), _percentile(latencies, 99),
        statistics.mean(hits),
    )  # fmt: skip


@contextmanager
def sqlite_database(folder: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{folder}/bench.db")
    db.migrate()
    try:
        yield db
    finally:
        db.dispose()


@contextmanager
def postgres_database(url: str) -> Iterator[Database | None]:
    """A schema of its own in ``url``'s database, dropped afterwards; None if unreachable."""
    schema = f"jingshu_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        print(f"PostgreSQL skipped: {url} is not reachable ({exc!r})", file=sys.stderr)
        admin.dispose()
        yield None
        return
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    db = Database(scoped.render_as_string(hide_password=False))
    try:
        db.migrate()
        yield db
    finally:
        db.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run_one(db: Database, count: int, home: Path) -> tuple[float, list[Timing]]:
    seconds = populate(db, count)
    qs = queries()
    timings = [time_function(db, qs)]
    http = time_http(db, home, qs)
    if http is not None:
        timings.append(http)
    return seconds, timings


def render(count: int, command: str, rows: list[tuple[float, Timing]], notes: list[str]) -> str:
    lines = [
        "## Catalog search",
        "",
        f"- machine: {platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()})",
        f"- date: {dt.date.today().isoformat()}",
        f"- command: `{command}`",
        f"- data: {count:,} synthetic datasets (Chinese titles, descriptions, keywords from "
        "word lists; Latin field names); 200 queries, a third with filters",
        "",
        "| database | level | index build (s) | median (ms) | p99 (ms) | mean hits |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for seconds, t in rows:
        lines.append(
            f"| {t.database} | {t.level} | {seconds:.1f} | {t.median_ms:.2f} | "
            f"{t.p99_ms:.2f} | {t.mean_hits:.0f} |"
        )
    lines += ["", *[f"- {note}" for note in notes]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument(
        "--postgres", default=os.environ.get("JINGSHU_TEST_DATABASE_URL", DEFAULT_PG)
    )
    parser.add_argument("--no-write", action="store_true", help="print, do not write docs")
    args = parser.parse_args(argv)
    rows: list[tuple[float, Timing]] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        with sqlite_database(Path(tmp)) as db:
            seconds, timings = run_one(db, args.datasets, Path(tmp) / "home-sqlite")
            rows += [(seconds, t) for t in timings]
        with postgres_database(args.postgres) as pg:
            if pg is None:
                notes.append("PostgreSQL was not reachable: not measured")
            else:
                seconds, timings = run_one(pg, args.datasets, Path(tmp) / "home-pg")
                rows += [(seconds, t) for t in timings]
    notes.append(
        "HTTP rows go through `GET /api/v1/catalog/search` (starlette TestClient, in "
        "process) with the same queries and filters; they add routing, the policy check "
        "and JSON encoding to the function-level time."
    )
    command = "python bench/bench_search.py " + " ".join(argv or sys.argv[1:])
    table = render(args.datasets, command.strip(), rows, notes)
    print(table)
    if not args.no_write:
        write_section("search", table)


if __name__ == "__main__":
    main()
