"""Long commands show a bar with rate and ETA on a terminal, and nothing elsewhere.

On a terminal the command runs in a child process with stderr on a pseudo-terminal;
the bar's one-second delay is set to 0 there so that a small input shows it.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from jingshu import progress
from jingshu.corpus.recipe import parse_recipe_text
from jingshu.jobs.dataset_run import run_recipe_on_dataset
from jingshu.platform import Platform
from tests.cli.conftest import Invoke
from tests.factories import make_dataset

RUN = ("import sys; import jingshu.progress as p; p.DELAY_S = 0; "
       "from jingshu.cli.main import main; sys.argv[0] = 'jingshu'; main()")


def _tty_stderr(args: list[str], home: Path, stdin: bytes = b"") -> str:
    env = os.environ | {"JINGSHU_HOME": str(home), "JINGSHU_SECRET_KEY": "t", "COLUMNS": "120"}
    env.pop("JINGSHU_DATABASE_URL", None)
    parent, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # 120 columns
    proc = subprocess.Popen([sys.executable, "-c", RUN, *args], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=child)
    os.close(child)
    proc.communicate(stdin, timeout=300)
    chunks = []
    while True:
        try:
            chunk = os.read(parent, 65536)
        except OSError:  # the child's end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(parent)
    assert proc.returncode == 0, b"".join(chunks)
    return b"".join(chunks).decode(errors="replace")


def test_import_and_clean_show_rate_and_eta_on_a_terminal(tmp_path: Path) -> None:
    data = tmp_path / "news.jsonl"
    data.write_text("".join(f'{{"text": "第{i}条新闻"}}\n' for i in range(25_000)), "utf-8")
    shown = _tty_stderr(["dataset", "import", str(data), "--name", "news"], tmp_path / "a")
    assert "import news" in shown and "rows/s" in shown and "25000" in shown
    shown = _tty_stderr(["clean"], tmp_path / "c", stdin="全角ＡＢＣ，测试。\n".encode() * 100)
    assert "clean" in shown and "mappers/s" in shown and "<" in shown  # elapsed<ETA


def test_nothing_is_shown_off_a_terminal(invoke: Invoke, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY_S", 0)
    data = tmp_path / "news.jsonl"
    data.write_text("".join(f'{{"text": "第{i}条新闻"}}\n' for i in range(25_000)), "utf-8")
    assert "rows" not in invoke("dataset", "import", str(data), "--name", "news").stderr
    assert invoke("clean", input="全角ＡＢＣ\n").stderr == ""


def test_corpus_run_shows_documents_then_each_dedup_step(tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text("".join(f'{{"id": "{i}", "text": "第{i % 50}篇 数据质量文章"}}\n'
                            for i in range(2000)), "utf-8")
    recipe = tmp_path / "r.yaml"
    recipe.write_text("name: r\nsteps:\n  - op: whitespace\n  - op: near_dedup\n", "utf-8")
    shown = _tty_stderr(["corpus", "run", str(recipe), "--input", str(data), "--output",
                         str(tmp_path / "out")], tmp_path / "home")
    assert "2000/2000" in shown and "docs/s" in shown  # the total is known: an ETA
    assert "near_dedup: signatures" in shown and "near_dedup: filter" in shown


def test_a_dataset_run_draws_its_bars_with_progress(platform: Platform,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY_S", 0)
    rows = [{"id": str(i), "text": f"第{i % 7}篇 数据质量文章"} for i in range(300)]
    make_dataset(platform, name="raw", rows=rows)
    recipe = parse_recipe_text("name: r\nsteps:\n  - op: near_dedup\n")
    run_recipe_on_dataset(platform, recipe, "raw", "clean", creator="t", progress=True)
    err = capsys.readouterr().err
    assert "r: 100%" in err and "300/300" in err and "near_dedup: buckets" in err
    run_recipe_on_dataset(platform, recipe, "raw", "clean", creator="t", progress=False)
    assert capsys.readouterr().err == ""
