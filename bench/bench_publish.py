"""Benchmark: what the quality-profile job costs a publication (import), beside none.

Publishing queues a ``dataset.profile`` job when the platform has the job queue's publish
hook (``jingshu.jobs.queue_profiles_on_publish``, given by every front door); a bare
``Platform`` publishes without it. This measures, on the same real data, each run in a
fresh interpreter with a fresh home (migrations done before the clock starts), the two
alternated run after run:

* ``bare``: ``Platform.import_file`` on a platform without hooks (no job);
* ``with job``: the same import on a platform given the hook (the import's transaction
  also inserts the job), then, timed apart, a worker running that job to the stored
  profile (what publishing would take if it profiled in line).

The data: the first ``--docs`` documents of the reference corpus
(``../shared/bench/make_corpus_zh.py``, as ``bench_profile.py`` builds it). Medians and
the spread go to ``docs/benchmarks.md`` (section ``publish``) with the machine, the date,
the command and the load average.

usage: python bench/bench_publish.py [--docs 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_profile import corpus
from report import write_section

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "publish"

RUN = """
import json, sys, time
from jingshu.platform import Platform
from jingshu.settings import load_settings

home, source, mode = sys.argv[1:4]
platform = Platform(load_settings(home=home))  # migrations: before the clock
spent = []
if mode == "job":
    from jingshu.jobs import queue_profiles_on_publish
    queue_profiles_on_publish(platform)
    (hook,) = platform.publish_hooks

    def timed(session, version):  # the hook's own time, in the publishing transaction
        began = time.perf_counter()
        hook(session, version)
        session.flush()  # the job's INSERT, which the commit would otherwise send
        spent.append(time.perf_counter() - began)

    platform.publish_hooks[0] = timed
start = time.perf_counter()
platform.import_file(source, "corpus", creator="bench", title="reference corpus")
published = time.perf_counter() - start
result = {"publish_s": published, "jobs": 0, "profile_s": None, "hook_s": sum(spent)}
if mode == "job":
    from jingshu.jobs import JobWorker, handlers_for, list_jobs
    with platform.session() as s:
        result["jobs"] = len(list_jobs(s))
    start = time.perf_counter()
    status = JobWorker(platform.session, handlers_for(platform)).run_one()
    result["profile_s"] = time.perf_counter() - start
    result["status"] = status.value if status else None
platform.close()
print(json.dumps(result))
"""


def sample(docs: int) -> Path:
    """The first ``docs`` documents of the reference corpus, as JSON lines."""
    path = OUT / f"corpus_{docs}.jsonl"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        with corpus(1).open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
            for n, line in enumerate(src):
                if n == docs:
                    break
                out.write(line)
    return path


def run_once(source: Path, mode: str) -> dict[str, object]:
    home = Path(tempfile.mkdtemp(prefix="bench-publish-", dir=OUT))
    try:
        done = subprocess.run([sys.executable, "-c", RUN, str(home), str(source), mode],
                              capture_output=True, text=True, check=True, cwd=REPO)
        result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
        return result
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def table(source: Path, docs: int, bare: list[float], job: list[float], hook: list[float],
          profile: list[float], loads: list[float], command: str) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=REPO, check=False).stdout.strip()
    extra = statistics.median(job) - statistics.median(bare)
    spread = max(max(bare) - min(bare), max(job) - min(job))
    hook_ms = [1000 * h for h in hook]
    mb = source.stat().st_size / 1e6
    return f"""## Publishing with and without the profile job

What the `dataset.profile` job costs a publication: `Platform.import_file` of the first
{docs:,} documents of the reference corpus ({mb:.1f} MB JSONL) on a bare platform (no
publish hook) and on one given `jobs.queue_profiles_on_publish` (the import's transaction
also inserts the job), each run in a fresh interpreter and home, alternated; then the
worker running that job to the stored profile, timed apart. Seconds, median (min–max)
of {len(bare)} runs each.

| | publish (import) s | profile job s | publish + profile s |
|---|---|---|---|
| bare platform (no hook) | {_stats(bare)} | — | — |
| with the profile job queued | {_stats(job)} | {_stats(profile)} | \
{statistics.median(job) + statistics.median(profile):.2f} |

The medians differ by {extra:+.2f} s (with the job − without), inside the runs' spread of
up to {spread:.2f} s on this loaded machine: the difference is not measurable here. The
hook's own time, measured inside the publishing transaction (the job's row built and
flushed), is {statistics.median(hook_ms):.1f} ms median ({min(hook_ms):.1f}–{max(hook_ms):.1f}),
{100 * statistics.median(hook) / statistics.median(job):.2f}% of the publication. Profiling in
line would have added the profile's {statistics.median(profile):.1f} s to every publication;
the job moves it to a worker.

Machine: {platform.machine()}, {os.cpu_count()} CPUs, shared with other work (load average
over the runs {min(loads):.1f}–{max(loads):.1f}); Python {platform.python_version()};
{dt.date.today().isoformat()}; commit {commit}; `{command}`.
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    source = sample(args.docs)
    bare: list[float] = []
    job: list[float] = []
    hook: list[float] = []
    profile: list[float] = []
    loads: list[float] = []
    for run in range(args.runs):
        for mode in ("bare", "job") if run % 2 == 0 else ("job", "bare"):
            loads.append(os.getloadavg()[0])
            result = run_once(source, mode)
            if mode == "bare":
                assert result["jobs"] == 0
                bare.append(float(str(result["publish_s"])))
            else:
                assert result["jobs"] == 1 and result["status"] == "succeeded", result
                job.append(float(str(result["publish_s"])))
                hook.append(float(str(result["hook_s"])))
                profile.append(float(str(result["profile_s"])))
            print(f"run {run + 1} {mode}: {result}", flush=True)
    command = "python bench/bench_publish.py " + " ".join(argv or sys.argv[1:])
    markdown = table(source, args.docs, bare, job, hook, profile, loads, command.strip())
    (OUT / "table.md").write_text(markdown, "utf-8")
    write_section("publish", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
