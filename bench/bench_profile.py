"""Benchmark: the quality profile of the reference corpus, jingshu beside Data-Juicer's analyzer.

The reference corpus (``../shared/bench/make_corpus_zh.py``, ``--repeat N`` copies) is
imported into a jingshu store (kept in ``bench/out/profile/store-corpus_xN``, not timed);
then, each in its own process tree, timed with peak resident memory sampled from /proc
every 0.1 s (for jingshu also its own resident memory every 100,000 rows and the
kernel's high-water mark, VmHWM, which catches shorter peaks):

* jingshu: ``profile_version`` of that version (every measure of docs/guides/
  quality-profiles.md: tokens with the shipped BPE, script mix, U+FFFD/control
  characters, repeated lines, MinHash duplicates on all documents; language, PII,
  mojibake and flagged words on the sample);
* Data-Juicer 1.6.1 (``bench/out/venv-dj``, when present): ``data_juicer.tools.analyze_data``
  over the JSONL file with the stats of the filters that work offline (text length,
  alphanumeric and special-character ratios, character repetition, line lengths,
  word count with jieba), ``np`` = 1. Its language-ID, flagged-word and perplexity
  stats download models and fail offline (DESIGN gotchas), so they are not run: the two
  sides do not measure the same things; the table says what each measured.

Each measurement is kept in ``bench/out/profile/results.json``; ``--tools`` chooses what to
measure now, and the table shows every kept measurement.

usage: python bench/bench_profile.py [--repeat 1 10] [--tools jingshu dj] [--dj-limit S]
(``--tools`` with no tool only writes the table of the kept measurements)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import _measure, _tree_rss
from report import write_section

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
OUT = REPO / "bench" / "out" / "profile"
DJ_PYTHON = REPO / "bench" / "out" / "venv-dj" / "bin" / "python"
DJ_OPS = [
    {"text_length_filter": {}},
    {"alphanumeric_filter": {}},
    {"special_characters_filter": {}},
    {"character_repetition_filter": {"rep_len": 10}},
    {"average_line_length_filter": {}},
    {"maximum_line_length_filter": {}},
    {"words_num_filter": {"lang": "zh", "tokenization": False}},
]
PROFILE = """
import json, sys
from jingshu.store import DatasetStore
from jingshu.profiles import profile_version
trace = []
def rss_mb(field="VmRSS"):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) // 1024 for line in fh if line.startswith(field))
def on_rows(rows):
    if not trace or rows - trace[-1][0] >= 100_000:
        trace.append((rows, rss_mb()))
p = profile_version(DatasetStore(sys.argv[1]).open(sys.argv[2]), on_rows=on_rows)
trace.append((p.rows, rss_mb()))
open(sys.argv[3], "w").write(p.to_json())
open(sys.argv[3] + ".rss", "w").write(json.dumps({"trace": trace, "hwm": rss_mb("VmHWM")}))
"""


def corpus(repeat: int) -> Path:
    path = OUT / f"corpus_x{repeat}.jsonl"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(SHARED / "bench" / "make_corpus_zh.py"),
                        str(SHARED / "data"), str(path), "--repeat", str(repeat)], check=True)
    return path


def stored(source: Path) -> tuple[Path, str]:
    """The store holding ``source`` imported (kept beside it, made once; not timed)."""
    from jingshu.store import DatasetStore, Provenance, read_source

    root = OUT / f"store-{source.stem}"
    kept = root / "location.txt"
    if not kept.exists():
        shutil.rmtree(root, ignore_errors=True)
        store = DatasetStore(str(root))
        with store.writer("corpus", creator="bench",
                          made_by=Provenance("import", source.name)) as w:
            for batch in read_source(str(source)):
                w.write_batch(batch)
            location, _ = w.commit()
        kept.write_text(location, "utf-8")
    return root, kept.read_text("utf-8")


def run_jingshu(source: Path) -> dict[str, object]:
    root, location = stored(source)
    out = OUT / f"jingshu-{source.stem}.json"
    seconds, peak = _measure([sys.executable, "-c", PROFILE, str(root), location, str(out)])
    fields = json.loads(out.read_text("utf-8"))["text"]
    assert [f["name"] for f in fields] == ["text"], [f["name"] for f in fields]
    text = fields[0]
    memory = json.loads(Path(str(out) + ".rss").read_text("utf-8"))
    # the kernel's high-water mark catches a peak shorter than the 0.1 s sampling
    return {"seconds": seconds, "peak_mb": max(peak / 2**20, memory["hwm"]),
            "tokens": text["tokens"],
            "near_dup": text["dups"]["near_dup_rate"], "exact_dup": text["dups"]["exact_dup_rate"],
            "sampled": text["dups"]["sampled"], "top_lines": len(text["top_lines"]),
            "rss_trace": memory["trace"]}


def _measure_limited(cmd: list[str], env: dict[str, str], limit: float | None,
                     log: Path) -> tuple[float, int, bool]:
    """Seconds, peak RSS of the process tree and whether it was stopped at ``limit`` s."""
    started = time.perf_counter()
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                start_new_session=True)
        peak, stopped = 0, False
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            if limit is not None and time.perf_counter() - started > limit:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait()
                stopped = True
                break
            time.sleep(0.1)
    seconds = time.perf_counter() - started
    if proc.returncode and not stopped:
        raise RuntimeError(f"{cmd[:3]} failed ({proc.returncode}): "
                           f"{log.read_text(errors='replace')[-3000:]}")
    return seconds, peak, stopped


def _dj_progress(log: Path) -> str:
    """The last progress bar Data-Juicer wrote (its op and ``done/total``)."""
    text = log.read_text("utf-8", errors="replace")
    bars = re.findall(r"([A-Za-z_ ]*?\S*):\s+\d+%\|[^|]*\|\s*(\d+)/(\d+)", text)
    return f"{bars[-1][0].strip()} {int(bars[-1][1]):,}/{int(bars[-1][2]):,}" if bars else ""


def run_dj(source: Path, limit: float | None = None) -> dict[str, object]:
    out = OUT / f"dj-{source.stem}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    config = {"project_name": "bench-profile", "dataset_path": str(source),
              "export_path": str(out / "analysis.jsonl"), "np": 1, "text_keys": "text",
              "use_cache": False, "open_tracer": False, "export_in_parallel": False,
              "process": DJ_OPS}
    cfg = out / "config.yaml"
    cfg.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    env = dict(os.environ, HF_DATASETS_CACHE=str(out / "hf-cache"), HF_HUB_OFFLINE="1")
    log = out / "run.log"
    seconds, peak, stopped = _measure_limited(
        [str(DJ_PYTHON), "-m", "data_juicer.tools.analyze_data", "--config", str(cfg)],
        env, limit, log)
    result: dict[str, object] = {"seconds": seconds, "peak_mb": peak / 2**20}
    if stopped:
        result["stopped_at_limit"] = True
        result["progress"] = _dj_progress(log)
    return result


def markdown(rows: list[tuple[int, int, str, dict[str, object]]], command: str) -> str:
    lines = [f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared with other "
             f"jobs while measured), Python {platform.python_version()}; command `{command}`. "
             "One run of each (the machine's load allows no repeats); load: the 1-minute "
             "load average when the run ended.", "",
             "| corpus | docs | tool | date | seconds | docs/s | peak RSS MB | load | "
             "what it measured |",
             "|---|---|---|---|---|---|---|---|---|"]
    traces = []
    for repeat, docs, tool, r in rows:
        what = ("every measure of the quality profile (tokens "
                f"{r['tokens']:,}, exact dup {float(str(r['exact_dup'])):.2%}, near dup "
                f"{float(str(r['near_dup'])):.2%} in a sample of {r.get('sampled', '?'):,}, "
                f"{r.get('top_lines', '?')} top lines)" if tool == "jingshu"
                else "7 offline filter stats (no language, flagged words, perplexity)")
        seconds = float(str(r["seconds"]))
        rate = f"{docs / seconds:,.0f}"
        if r.get("stopped_at_limit"):
            what += f"; stopped at the time limit, unfinished (last progress: {r['progress']})"
            rate = "—"
        load = r.get("load")
        lines.append(f"| ×{repeat} | {docs:,} | {tool} | {r.get('date', '')} | {seconds:.1f} "
                     f"| {rate} | {float(str(r['peak_mb'])):.0f} "
                     f"| {float(load[0]):.1f} | {what} |" if isinstance(load, list) else
                     f"| ×{repeat} | {docs:,} | {tool} | {r.get('date', '')} | {seconds:.1f} "
                     f"| {rate} | {float(str(r['peak_mb'])):.0f} | | {what} |")
        trace = r.get("rss_trace")
        if isinstance(trace, list):
            traces.append(f"- ×{repeat}: " + ", ".join(f"{rows_:,} → {mb}" for rows_, mb in trace))
    if traces:
        lines += ["", "jingshu's resident MB as the rows go by (rows read → MB, every 100,000 "
                  "rows and at the end):", "", *traces]
    lines += ["", "Same data on both sides: ×1 is the reference corpus's JSONL (35 MB), ×10 the "
              "same documents ten times with fresh ids (353 MB). jingshu profiles the version "
              "imported from that file (import not timed) with every measure of "
              "docs/guides/quality-profiles.md; its peak is the larger of the sampled tree RSS "
              "and the kernel's VmHWM. Data-Juicer 1.6.1's analyzer reads the JSONL with "
              "`np` = 1 and computes 7 statistics that work offline, a smaller job. A row "
              "marked stopped was ended by `--dj-limit` (the machine's time did not allow "
              "Data-Juicer's whole ×10 run); its seconds and peak are those up to the stop, "
              "and its last progress bar says how far it got. The accuracy of the profile's "
              "bounded estimates against exact counts: docs/guides/quality-profiles.md, "
              "*Memory*."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, nargs="+", default=[1])
    parser.add_argument("--tools", nargs="*", choices=["jingshu", "dj"],
                        default=["jingshu", "dj"])
    parser.add_argument("--dj-limit", type=float, default=None,
                        help="stop Data-Juicer after this many seconds (its progress is kept)")
    args = parser.parse_args()
    kept_file = OUT / "results.json"
    kept = json.loads(kept_file.read_text("utf-8")) if kept_file.exists() else {}
    for repeat in args.repeat:
        source = corpus(repeat)
        docs = sum(1 for _ in source.open("rb"))
        for tool in args.tools:
            if tool == "dj" and not DJ_PYTHON.exists():
                print("Data-Juicer's venv is missing: bench/out/venv-dj", file=sys.stderr)
                continue
            result = (run_jingshu(source) if tool == "jingshu"
                      else run_dj(source, args.dj_limit))
            name = "jingshu" if tool == "jingshu" else "data-juicer"
            # another run of this script may have written meanwhile: merge, do not overwrite
            kept = json.loads(kept_file.read_text("utf-8")) if kept_file.exists() else {}
            kept[f"{repeat}/{name}"] = {"repeat": repeat, "docs": docs, "tool": name,
                                        "result": result, "load": os.getloadavg(),
                                        "date": dt.date.today().isoformat()}
            kept_file.write_text(json.dumps(kept, indent=1), "utf-8")
            print(name, repeat, result, flush=True)
    kept = json.loads(kept_file.read_text("utf-8")) if kept_file.exists() else {}
    rows = [(k["repeat"], k["docs"], k["tool"],
             {**k["result"], "load": k.get("load"), "date": k.get("date", "")})
            for k in sorted(kept.values(), key=lambda k: (k["repeat"], k["tool"] != "jingshu"))]
    command = "python bench/bench_profile.py " + " ".join(sys.argv[1:])
    write_section("profile", "## Quality profile of the reference corpus\n\n"
                  + markdown(rows, command.strip()))


if __name__ == "__main__":
    main()
