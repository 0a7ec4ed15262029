"""Benchmark: 200 simulated annotators against the HTTP API on PostgreSQL.

A fresh PostgreSQL database gets a project of 6,000 items (overlap 3) plus 50 gold
items mixed in at 10 %; uvicorn serves the real app on 127.0.0.1 in its own process;
200 asyncio annotators (bearer tokens, each on its own keep-alive HTTP/1.1 connection,
spoken over asyncio streams: httpx cost more CPU per request than the server it
measured) loop ``POST /next`` → ``POST /answers``
until the API says nothing is left (bounded: at most ``--max-steps`` each), about
20,000 answers in all. 1 % of items are skipped with a reason and 1 % of answers are
sent twice (the second must be refused with 409). Afterwards the database is checked:

* zero lost answers: every 201 the clients saw is a stored answer, and no more;
* zero items given twice to one annotator (``(item, annotator)`` over all leases);
* overlap exactly as configured: every regular item has exactly 3 counted answers.

usage: python bench/bench_annotate_load.py [--postgres URL] [--annotators 200]
       [--items 6000] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform as host
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyarrow as pa
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section

from jingshu.accounts.models import Role, User
from jingshu.accounts.service import issue_token
from jingshu.annotate.models import Answer, AnswerState, Item, Lease
from jingshu.annotate.projects import ProjectSpec, create_project, join_project
from jingshu.catalog.service import DatasetSpec, create_dataset, publish_version
from jingshu.platform import Platform
from jingshu.settings import load_settings
from jingshu.store import Provenance

__all__ = ["main"]

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "jingshu_bench_annotate"
LABELS = ["正面", "负面", "中性"]
OVERLAP, GOLD_ITEMS, GOLD_RATE = 3, 50, 0.1


def _fresh_database(admin_url: str) -> str:
    url = make_url(admin_url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
    admin.dispose()
    return url.set(database=BENCH_DB).render_as_string(hide_password=False)


def _truth(key: str) -> str:
    """The true label of row ``key`` (the simulated annotators know it; items show only
    the schema's ``text`` column, so it is not in what the API hands out)."""
    return LABELS[random.Random(key).randrange(len(LABELS))]


def _setup(home: str, url: str, annotators: int, items: int) -> list[str]:
    """Migrate, publish the dataset, create the project, make users; returns their tokens."""
    platform = Platform(load_settings(home=home, database_url=url))
    rows = [{"id": f"r{i}", "text": f"第{i}条用户评论：物流很快，包装一般。",
             "truth": _truth(f"r{i}")} for i in range(items + GOLD_ITEMS)]
    gold = {r["id"]: r["truth"] for r in rows[:GOLD_ITEMS]}
    tokens = []
    with platform.session() as s:
        ds = create_dataset(s, DatasetSpec(name="reviews", title="用户评论"), actor="bench")
        version = publish_version(s, platform.store, ds, [pa.RecordBatch.from_pylist(rows)],
                                  creator="bench", made_by=Provenance("import", "bench"))
        project = create_project(s, platform.store, version, ProjectSpec(
            name="load", title="评论情感", overlap=OVERLAP, gold=gold, gold_rate=GOLD_RATE,
            lease_seconds=600, label_schema={"kind": "single", "labels": LABELS}), actor="bench")
        for n in range(annotators):
            user = User(username=f"w{n:03d}", password_hash="!", role=Role.ANNOTATOR)
            s.add(user)
            s.flush()
            join_project(s, project, user.username, actor="bench")
            tokens.append(issue_token(s, user, "bench", actor="bench").secret)
    platform.close()
    return tokens


def _serve(home: str, url: str, port: int) -> None:
    import uvicorn

    from jingshu.web.app import create_app

    platform = Platform(load_settings(home=home, database_url=url), migrate=False)
    uvicorn.run(create_app(platform), host="127.0.0.1", port=port, log_level="warning",
                timeout_keep_alive=600, backlog=4096)


@dataclass
class Tally:
    accepted: int = 0
    refused_double: int = 0
    skipped: int = 0
    retries: int = 0
    errors: list[str] = field(default_factory=list)
    latency_next: list[float] = field(default_factory=list)
    latency_answer: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    retried: bool = False

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


class Connection:
    """One annotator's keep-alive HTTP/1.1 connection: a request, then its whole reply."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.head = (f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
                     "Content-Type: application/json\r\n")
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, body: dict[str, object] | None = None) -> Reply:
        """POST, retrying once on a dropped connection; the reply says if it was retried."""
        data = json.dumps(body).encode() if body is not None else b""
        request = (f"POST {path} HTTP/1.1\r\n{self.head}Content-Length: {len(data)}\r\n\r\n"
                   ).encode() + data
        try:
            return await self._exchange(request)
        except (ConnectionError, asyncio.IncompleteReadError):
            self.close()
            reply = await self._exchange(request)
            return Reply(reply.status, reply.body, retried=True)

    async def _exchange(self, request: bytes) -> Reply:
        async with asyncio.timeout(120):
            if self.streams is None:
                self.streams = await asyncio.open_connection("127.0.0.1", self.port)
            reader, writer = self.streams
            writer.write(request)
            status = (await reader.readline()).split(b" ", 2)
            if len(status) < 2:
                raise ConnectionError("the server closed the connection")
            length, close = await _headers(reader)
            body = await reader.readexactly(length)
            if close:
                self.close()
            return Reply(int(status[1]), body)

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def _headers(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Content-Length (0 when absent: 204) and whether the server will close."""
    length, close = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            close = value.strip().lower() == b"close"
        elif name == b"transfer-encoding":
            raise ConnectionError(f"unexpected Transfer-Encoding: {value.strip()!r}")
    return length, close


async def _annotator(conn: Connection, seed: int, tally: Tally, max_steps: int) -> None:
    rng = random.Random(seed)
    for _ in range(max_steps):
        t0 = time.perf_counter()
        got = await conn.post("/api/v1/projects/load/next")
        tally.latency_next.append(time.perf_counter() - t0)
        if got.status == 204:
            return
        if got.status != 200:
            tally.errors.append(f"next {got.status} {got.text[:200]}")
            return
        item = json.loads(got.body)
        if rng.random() < 0.01:
            r = await conn.post("/api/v1/projects/load/skip",
                                {"lease_id": item["lease_id"], "reason": "看不清"})
            tally.skipped += r.status == 204
            continue
        truth = _truth(item["row_key"])
        value = truth if rng.random() < 0.85 else rng.choice(LABELS)
        body = {"lease_id": item["lease_id"], "value": value}
        t0 = time.perf_counter()
        r = await conn.post("/api/v1/projects/load/answers", body)
        tally.latency_answer.append(time.perf_counter() - t0)
        tally.retries += r.retried
        if r.retried and r.status == 409 and "already answered" in r.text:
            tally.accepted += 1  # the first attempt was stored; its reply was lost
            continue
        if r.status != 201:
            tally.errors.append(f"answer {r.status} {r.text[:200]}")
            continue
        tally.accepted += 1
        if rng.random() < 0.01:  # a double submission must be refused
            again = await conn.post("/api/v1/projects/load/answers", body)
            tally.refused_double += again.status == 409


async def _load(port: int, tokens: list[str], max_steps: int) -> tuple[Tally, float]:
    tally = Tally()
    conns = [Connection(port, token) for token in tokens]
    start = time.perf_counter()
    try:
        await asyncio.gather(*(_annotator(c, n, tally, max_steps)
                               for n, c in enumerate(conns)))
    finally:
        for conn in conns:
            conn.close()
    return tally, time.perf_counter() - start


def _check(url: str, tally: Tally) -> dict[str, object]:
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(Answer)) or 0
        pairs = conn.execute(select(Lease.item_id, Lease.annotator)).all()
        counted = Counter(conn.scalars(select(Answer.item_id).where(
            Answer.is_gold.is_(False), Answer.state == AnswerState.COUNTED)))
        regular = conn.scalar(select(func.count()).where(Item.is_gold.is_(False))) or 0
        gold = conn.scalar(select(func.count()).select_from(Answer)
                           .where(Answer.is_gold.is_(True))) or 0
    engine.dispose()
    return {"stored": stored, "lost": tally.accepted - stored,
            "twice": len(pairs) - len(set(pairs)),
            "overlap_ok": len(counted) == regular and set(counted.values()) == {OVERLAP},
            "gold": gold}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default=DEFAULT_PG, help="an admin URL of the server")
    parser.add_argument("--annotators", type=int, default=200)
    parser.add_argument("--items", type=int, default=6000)
    parser.add_argument("--max-steps", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--serve", nargs=3, metavar=("HOME", "URL", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve[0], args.serve[1], int(args.serve[2]))
        return
    url = _fresh_database(args.postgres)
    home = tempfile.mkdtemp(prefix="jingshu-bench-annotate-")
    tokens = _setup(home, url, args.annotators, args.items)
    port = _port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", home, url, str(port)])
    try:
        for _ in range(200):
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        load_before = os.getloadavg()[0]
        client_cpu = time.process_time()
        tally, seconds = asyncio.run(_load(port, tokens, args.max_steps))
        client_cpu = time.process_time() - client_cpu
        load_after = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = children.ru_utime + children.ru_stime  # the server is the only child
    checks = _check(url, tally)
    rate = tally.accepted / seconds
    per_answer = (server_cpu + client_cpu) / max(tally.accepted, 1)
    lines = [
        f"Machine: {host.machine()}, {host.system()} {host.release()}, Python "
        f"{host.python_version()}; PostgreSQL on 127.0.0.1; uvicorn (1 process) on loopback. "
        f"Date: {dt.date.today().isoformat()}. Command: `python bench/bench_annotate_load.py`. "
        f"{os.cpu_count()} CPUs, load average {load_before:.1f} before and {load_after:.1f} "
        "after the run (other work shared the machine: compare runs only at similar load).",
        "",
        f"{args.annotators} annotators (asyncio, a keep-alive connection each), {args.items} "
        f"items × overlap {OVERLAP} + {GOLD_ITEMS} gold items at {GOLD_RATE:.0%}; each loops "
        f"next → answer until the API says nothing is left (at most {args.max_steps} steps).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| answers accepted (201) | {tally.accepted:,} (gold: {checks['gold']:,}) |",
        f"| wall time | {seconds:.1f} s |",
        f"| answers/s | {rate:.0f} |",
        f"| `next` latency p50 / p99 | {_pct(tally.latency_next, .5):.0f} ms / "
        f"{_pct(tally.latency_next, .99):.0f} ms |",
        f"| `answers` latency p50 / p99 | {_pct(tally.latency_answer, .5):.0f} ms / "
        f"{_pct(tally.latency_answer, .99):.0f} ms |",
        f"| skipped with a reason | {tally.skipped} |",
        f"| double submissions refused (409) | {tally.refused_double} |",
        f"| **lost answers** (201 seen − stored) | **{checks['lost']}** |",
        f"| **items given twice to one annotator** | **{checks['twice']}** |",
        f"| **every item has exactly {OVERLAP} counted answers** | "
        f"**{'yes' if checks['overlap_ok'] else 'NO'}** |",
        f"| server CPU (1 process, with its start-up) | {server_cpu:.1f} s = "
        f"{1000 * server_cpu / max(tally.accepted, 1):.1f} ms per answer |",
        f"| client CPU (asyncio annotators, 1 process) | {client_cpu:.1f} s = "
        f"{1000 * client_cpu / max(tally.accepted, 1):.1f} ms per answer |",
        f"| requests retried after a dropped connection | {tally.retries} |",
        f"| unexpected errors | {len(tally.errors)} |",
        "",
        f"Server and client together spent {1000 * per_answer:.1f} ms of CPU per answer: on "
        f"{os.cpu_count()} CPUs that alone caps this bench at about "
        f"{(os.cpu_count() or 1) / per_answer:.0f} answers/s, PostgreSQL and other work aside.",
    ]
    report = "## Annotation load (HTTP API, PostgreSQL)\n\n" + "\n".join(lines)
    print(report)
    for error in tally.errors[:5]:
        print("error:", error)
    if not args.no_write:
        write_section("annotate-load", report)


if __name__ == "__main__":
    main()
