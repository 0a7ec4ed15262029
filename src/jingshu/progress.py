"""How long work says how far it is: one callback type, and the terminal's bars.

The engines (corpus runs and their deduplication stages, ``clean``, imports) call an
``on_step`` callback with a :class:`Step` — what is running, how much of it is done,
out of how many where that is known — now and then. They draw nothing themselves.
Front doors decide what to show: the ``jingshu`` command passes a
:class:`TerminalProgress`, which draws one tqdm bar per step with its rate and, where
the total is known, its ETA, on a terminal only (stderr a TTY) and only for work that
takes over a second; the job queue records the numbers instead.

Base layer: imports nothing from jingshu.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

__all__ = ["OnStep", "Step", "StepCounter", "TerminalProgress"]


@dataclass(frozen=True)
class Step:
    """How far one step of long work is.

    Args:
        name: What runs, e.g. the recipe's name or ``near_dedup: signatures``.
        done: Units done so far in this step.
        total: Units in all, where known (an ETA needs it).
        unit: What is counted: ``docs``, ``shards``, ``rows``, ``mappers``.
    """

    name: str
    done: int
    total: int | None = None
    unit: str = "docs"


OnStep = Callable[[Step], None]

DELAY_S = 1.0  # quicker work draws no bar


class StepCounter:
    """Tells ``on_step`` how far one step is, its total counted in the background.

    ``count`` (say, the lines of the input files) runs in a daemon thread, so the work
    starts at once; steps carry no total until it returns, then the ETA appears. A
    count that fails leaves no total, and the work goes on.
    """

    def __init__(self, on_step: OnStep, name: str, unit: str = "docs",
                 count: Callable[[], int] | None = None) -> None:
        self._on_step = on_step
        self._name = name
        self._unit = unit
        self.total: int | None = None
        if count is not None:
            threading.Thread(target=self._count, args=(count,), daemon=True).start()

    def _count(self, count: Callable[[], int]) -> None:
        with contextlib.suppress(Exception):
            self.total = count()

    def __call__(self, done: int) -> None:
        self._on_step(Step(self._name, done, self.total, self._unit))


class TerminalProgress:
    """An ``on_step`` that draws a tqdm bar per step (rate, ETA) on a terminal.

    A new step name closes the previous bar (it stays on screen) and opens the next.
    Not enabled (by default: stderr is not a TTY), it draws nothing and does not even
    import tqdm. Use it as a context manager, or call :meth:`close` at the end.
    """

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar: Any = None
        self._name: str | None = None

    def __call__(self, step: Step) -> None:
        if not self.enabled:
            return
        if step.name != self._name:
            self._open(step)
        bar = self._bar
        if step.total is not None and step.total != bar.total:
            bar.total = max(step.total, step.done)
        if step.done != bar.n:
            bar.update(step.done - bar.n)

    def _open(self, step: Step) -> None:
        from tqdm import tqdm

        self.close()
        self._name = step.name
        self._bar = tqdm(desc=step.name, total=step.total, unit=step.unit,
                         file=sys.stderr, dynamic_ncols=True, delay=DELAY_S)

    def close(self) -> None:
        """Close the open bar, if any."""
        if self._bar is not None:
            self._bar.close()
        self._bar = self._name = None

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
