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

``--think 0 2`` runs each load in turn: no think time (as fast as the server answers), then
annotators who think about 2 s (uniform 1-3 s) over each item before answering it.
``--compare REV`` serves each load twice, first with the app of git revision ``REV``
(its ``src/`` exported with ``git archive``; the database is set up by the working tree's
code, so the schemas must match), then with the working tree, one after the other on the
same machine, and reports both side by side with their ratios. Server CPU is that of the
server process during the load only (its start-up left out).

usage: python bench/bench_annotate_load.py [--postgres URL] [--annotators 200]
       [--items 6000] [--think 0 2] [--compare REV] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.util
import json
import os
import platform as host
import random
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


def _fresh_database(admin_url: str, name: str) -> str:
    url = make_url(admin_url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


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


def _serve(home: str, url: str, port: int, http: str, loop: str) -> None:
    import uvicorn

    from jingshu.web.app import create_app

    platform = Platform(load_settings(home=home, database_url=url), migrate=False)
    uvicorn.run(create_app(platform), host="127.0.0.1", port=port, log_level="warning",
                timeout_keep_alive=600, backlog=4096, http=http, loop=loop)  # type: ignore[arg-type]


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


async def _annotator(conn: Connection, seed: int, tally: Tally, max_steps: int,
                     think: float) -> None:
    rng = random.Random(seed)
    if think:
        await asyncio.sleep(rng.uniform(0, think))  # spread the first requests
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
        if think:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
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


async def _load(port: int, tokens: list[str], max_steps: int,
                think: float) -> tuple[Tally, float]:
    tally = Tally()
    conns = [Connection(port, token) for token in tokens]
    start = time.perf_counter()
    try:
        await asyncio.gather(*(_annotator(c, n, tally, max_steps, think)
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


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Code:
    """What serves a load: a label, a ``src/`` folder (None: the working tree's) and
    uvicorn's HTTP parser and event loop as that code's dependencies give them."""

    label: str
    src: str | None = None
    http: str = "auto"
    loop: str = "auto"


def _export(rev: str) -> Code:
    """``src/`` of git revision ``rev`` in a temporary folder, served as it was installed:
    with h11 and asyncio unless its pyproject.toml asked for httptools and uvloop."""
    root = Path(__file__).resolve().parents[1]
    commit = subprocess.run(["git", "rev-parse", "--short", rev], cwd=root, check=True,
                            capture_output=True, text=True).stdout.strip()
    folder = tempfile.mkdtemp(prefix=f"jingshu-bench-{commit}-")
    archive = subprocess.run(["git", "archive", commit, "src"], cwd=root, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    project = subprocess.run(["git", "show", f"{commit}:pyproject.toml"], cwd=root, check=True,
                             capture_output=True, text=True).stdout
    http = "httptools" if '"httptools' in project else "h11"
    loop = "uvloop" if '"uvloop' in project else "asyncio"
    return Code(f"{commit} ({http}, {loop})", str(Path(folder) / "src"), http, loop)


@dataclass
class Run:
    """One load against one server: what the clients saw and what the database holds."""

    code: str
    think: float
    tally: Tally
    seconds: float
    server_cpu: float
    client_cpu: float
    load: tuple[float, float]
    checks: dict[str, object]

    @property
    def rate(self) -> float:
        return self.tally.accepted / self.seconds

    def per_answer(self, cpu: float) -> float:
        return 1000 * cpu / max(self.tally.accepted, 1)


def _run(args: argparse.Namespace, think: float, served: Code) -> Run:
    url = _fresh_database(args.postgres, args.db)
    home = tempfile.mkdtemp(prefix="jingshu-bench-annotate-")
    tokens = _setup(home, url, args.annotators, args.items)
    port = _port()
    env, code = dict(os.environ), served.label
    if served.src is not None:
        env["PYTHONPATH"] = os.pathsep.join([served.src, env.get("PYTHONPATH", "")]
                                            ).rstrip(os.pathsep)
    serve = [sys.executable, __file__, "--serve", home, url, str(port), served.http, served.loop]
    server = subprocess.Popen(serve, env=env)
    print(f"{code}, think {think:g} s: server pid {server.pid} on port {port}", flush=True)
    try:
        for _ in range(600):
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        load_before = os.getloadavg()[0]
        server_cpu, client_cpu = _cpu_seconds(server.pid), time.process_time()
        tally, seconds = asyncio.run(_load(port, tokens, args.max_steps, think))
        server_cpu = _cpu_seconds(server.pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
        load_after = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=60)
    run = Run(code, think, tally, seconds, server_cpu, client_cpu, (load_before, load_after),
              _check(url, tally))
    print(f"{code} think {think:g} s: {tally.accepted} answers in {seconds:.1f} s, "
          f"{run.rate:.0f}/s, server {run.per_answer(server_cpu):.2f} ms CPU per answer, "
          f"lost {run.checks['lost']}, twice {run.checks['twice']}, "
          f"errors {len(tally.errors)}", flush=True)
    for error in tally.errors[:5]:
        print("error:", error)
    return run


def _rows(run: Run) -> list[tuple[str, str]]:
    t, c = run.tally, run.checks
    return [
        ("answers accepted (201)", f"{t.accepted:,} (gold: {c['gold']:,})"),
        ("wall time", f"{run.seconds:.1f} s"),
        ("answers/s", f"{run.rate:.0f}"),
        ("`next` latency p50 / p99", f"{_pct(t.latency_next, .5):.0f} ms / "
                                      f"{_pct(t.latency_next, .99):.0f} ms"),
        ("`answers` latency p50 / p99", f"{_pct(t.latency_answer, .5):.0f} ms / "
                                         f"{_pct(t.latency_answer, .99):.0f} ms"),
        ("skipped with a reason", f"{t.skipped}"),
        ("double submissions refused (409)", f"{t.refused_double}"),
        ("**lost answers** (201 seen − stored)", f"**{c['lost']}**"),
        ("**items given twice to one annotator**", f"**{c['twice']}**"),
        (f"**every item has exactly {OVERLAP} counted answers**",
         f"**{'yes' if c['overlap_ok'] else 'NO'}**"),
        ("server CPU during the load (1 process)",
         f"{run.server_cpu:.1f} s = {run.per_answer(run.server_cpu):.2f} ms per answer"),
        ("client CPU (asyncio annotators, 1 process)",
         f"{run.client_cpu:.1f} s = {run.per_answer(run.client_cpu):.2f} ms per answer"),
        ("load average before / after", f"{run.load[0]:.1f} / {run.load[1]:.1f}"),
        ("requests retried after a dropped connection", f"{t.retries}"),
        ("unexpected errors", f"{len(t.errors)}"),
    ]


def _ratio(before: Run, after: Run) -> list[str]:
    def p99(run: Run) -> float:
        return max(_pct(run.tally.latency_next, .99), _pct(run.tally.latency_answer, .99))
    cpu_b, cpu_a = before.per_answer(before.server_cpu), after.per_answer(after.server_cpu)
    return [f"answers/s ×{after.rate / before.rate:.2f}",
            f"server CPU per answer ×{cpu_a / cpu_b:.2f}" if cpu_b else "",
            f"worst p99 ×{p99(after) / p99(before):.2f}" if p99(before) else ""]


def _table(runs: list[Run]) -> list[str]:
    heads = [f"{r.code}, think {r.think:g} s" for r in runs]
    lines = ["| measure | " + " | ".join(heads) + " |", "|---|" + "---|" * len(runs)]
    columns = [_rows(r) for r in runs]
    for i, (name, _) in enumerate(columns[0]):
        lines.append(f"| {name} | " + " | ".join(col[i][1] for col in columns) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default=DEFAULT_PG, help="an admin URL of the server")
    parser.add_argument("--db", default=BENCH_DB, help="the database to (re)create")
    parser.add_argument("--annotators", type=int, default=200)
    parser.add_argument("--items", type=int, default=6000)
    parser.add_argument("--max-steps", type=int, default=1000)
    parser.add_argument("--think", type=float, nargs="+", default=[0.0],
                        help="mean think time in seconds; several values: one load each")
    parser.add_argument("--compare", metavar="REV",
                        help="also serve each load with git revision REV, before the working tree")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--serve", nargs=5, metavar=("HOME", "URL", "PORT", "HTTP", "LOOP"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        home, url, port, http, loop = args.serve
        _serve(home, url, int(port), http, loop)
        return
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    codes = [Code(f"working tree ({http}, {loop})", None, http, loop)]
    if args.compare:
        codes.insert(0, _export(args.compare))
    runs = [_run(args, think, code) for think in args.think for code in codes]
    command = " ".join(["python bench/bench_annotate_load.py", *sys.argv[1:]])
    lines = [
        f"Machine: {host.machine()}, {host.system()} {host.release()}, {os.cpu_count()} CPUs, "
        f"Python {host.python_version()}; PostgreSQL on 127.0.0.1; uvicorn (1 process) on "
        f"loopback. Date: {dt.date.today().isoformat()}. Command: `{command}`. Other work "
        "shared the machine (see the load averages): compare runs of one table only, which "
        "ran one after the other.",
        "",
        f"{args.annotators} annotators (asyncio, a keep-alive connection each), {args.items} "
        f"items × overlap {OVERLAP} + {GOLD_ITEMS} gold items at {GOLD_RATE:.0%}; each loops "
        f"next → (think) → answer until the API says nothing is left (at most "
        f"{args.max_steps} steps); think time uniform in [0.5, 1.5] × the mean.",
        "",
        *_table(runs),
    ]
    if args.compare:
        lines.append("")
        for think in args.think:
            pair = [r for r in runs if r.think == think]
            lines.append(f"- think {think:g} s, {pair[1].code} ÷ {pair[0].code}: "
                         + ", ".join(x for x in _ratio(pair[0], pair[1]) if x) + ".")
    report = "## Annotation load (HTTP API, PostgreSQL)\n\n" + "\n".join(lines)
    print(report)
    if not args.no_write:
        write_section("annotate-load", report)


if __name__ == "__main__":
    main()
