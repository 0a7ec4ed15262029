"""Run reports: HTML with embedded plots, histograms before and after, drop examples."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from jingshu.corpus.executor import run_files
from jingshu.corpus.profile import ProfileStats
from jingshu.corpus.report import RunReport
from jingshu.corpus.report_plot import PLOTS, plot_png
from tests.corpus.test_executor import RECIPE, _make_input


def test_file_run_writes_html_and_json_with_histograms(tmp_path: Path) -> None:
    recipe = tmp_path / "r.yaml"
    recipe.write_text(RECIPE, encoding="utf-8")
    out = tmp_path / "out"
    report = run_files(recipe, _make_input(tmp_path), out, progress=False)
    assert report.profile.sampled == report.docs_in == 11
    assert sum(report.profile.before["length"]) == 11
    assert sum(report.profile.after["cjk_ratio"]) == report.docs_out == 7
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == len(PLOTS)
    assert "too_short" in html and "c0" in html  # a drop reason with an example id
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    dedup = next(op for op in data["operators"] if op["name"] == "exact_dedup")
    assert dedup["snippets"]["exact_duplicate"][0] == "重复 的 文本"
    assert set(data["profile"]["before"]) == {"length", "cjk_ratio", "fluency",
                                              "char_repetition"}
    assert RunReport.from_dict(data).profile.before == report.profile.before


def test_profiles_merge_and_plots_draw() -> None:
    a, b = ProfileStats(), ProfileStats()
    a.before["cjk_ratio"][19] = 2
    b.before["cjk_ratio"][19] = 3
    a.merge(b)
    assert a.before["cjk_ratio"][19] == 5
    assert ProfileStats.metric("cjk_ratio").bin(1.0) == 19
    assert ProfileStats.metric("length").bin(0) == 0
    report = RunReport(recipe="中文配方", profile=a)
    for name in PLOTS:
        assert plot_png(report, name).startswith(b"\x89PNG")


def test_threads_drawing_at_once_all_get_their_plots() -> None:
    # a worker's threads finishing two runs, or the portal serving two report pages:
    # matplotlib's math-text parser (the log axis's 10^{2}) failed when shared unguarded
    profile = ProfileStats()
    profile.before["length"][3], profile.after["length"][3] = 2, 1
    report = RunReport(recipe="r", profile=profile)
    start, errors = threading.Barrier(4), []

    def draw() -> None:
        start.wait(timeout=60)
        try:
            for _ in range(3):
                for name in ("length", *PLOTS):
                    assert plot_png(report, name).startswith(b"\x89PNG")
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
