"""Progress steps and the terminal's bars (rate and ETA on a TTY, nothing elsewhere)."""

from __future__ import annotations

import io
import sys
import time

import pytest

from jingshu import progress
from jingshu.corpus.pipeline import clean_text
from jingshu.progress import Step, StepCounter, TerminalProgress


def _drawn(monkeypatch: pytest.MonkeyPatch, enabled: bool | None, steps: list[Step]) -> str:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(progress, "DELAY_S", 0)
    with TerminalProgress(enabled) as bar:
        for step in steps:
            bar(step)
    return err.getvalue()


def test_a_terminal_bar_shows_done_total_rate_and_eta(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _drawn(monkeypatch, True, [Step("zh-web", 3, 10), Step("zh-web", 6, 10),
                                     Step("near_dedup: signatures", 2, 4, "shards")])
    assert "zh-web" in out and "6/10" in out
    assert "docs/s" in out and "<" in out  # rate, and elapsed<remaining
    assert "near_dedup: signatures" in out and "2/4" in out and "shards/s" in out


def test_a_total_learnt_later_gives_an_eta(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _drawn(monkeypatch, True, [Step("run", 5), Step("run", 7, 70)])
    assert "7/70" in out


def test_nothing_is_drawn_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _drawn(monkeypatch, False, [Step("zh-web", 3, 10)]) == ""
    assert _drawn(monkeypatch, None, [Step("zh-web", 3, 10)]) == ""  # StringIO: not a TTY


def test_clean_reports_each_mapper() -> None:
    steps: list[Step] = []
    assert clean_text("全角ＡＢＣ", "zh-web", on_step=steps.append) == "全角ABC"
    assert [s.done for s in steps] == list(range(1, len(steps) + 1))
    assert steps and {(s.name, s.total, s.unit) for s in steps} == {
        ("clean", len(steps), "mappers")}


def test_a_step_counter_adds_its_total_once_counted() -> None:
    steps: list[Step] = []
    tell = StepCounter(steps.append, "import x", "rows", lambda: 70)
    for _ in range(200):  # the count runs in a thread: wait for it
        if tell.total is not None:
            break
        time.sleep(0.01)
    tell(7)
    assert steps == [Step("import x", 7, 70, "rows")]

    def broken() -> int:
        raise OSError("gone")

    failing = StepCounter(steps.append, "run", count=broken)
    time.sleep(0.1)
    failing(3)
    assert steps[-1] == Step("run", 3, None, "docs")
