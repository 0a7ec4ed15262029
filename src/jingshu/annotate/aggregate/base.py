"""The shared input and result types of truth inference, and the base aggregator.

:class:`Answers` holds crowd answers as three integer-coded arrays (task, worker,
label) plus the original names, built from lists, numpy arrays, a pyarrow Table or a
pandas DataFrame. Every categorical method subclasses :class:`CategoricalAggregator`
and returns a :class:`LabelResult`: per-task label, posterior, confidence and
per-worker reliability. The iterative ones subclass :class:`EMAggregator`, which
runs the one convergence loop and asks the method only for its start, E-step,
M-step and what to report at the end.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from jingshu.errors import ConfigError, InputError

__all__ = [
    "Answers",
    "CategoricalAggregator",
    "EMAggregator",
    "Estimate",
    "FloatArray",
    "Ids",
    "IntArray",
    "LabelResult",
    "TaskLabel",
    "argmax_with_ties",
    "check_loop",
    "clamp_gold",
    "column",
    "converge",
    "encode",
    "normalize_rows",
    "task_sums",
]

FloatArray = npt.NDArray[np.float64]
Ids = Sequence[Any] | npt.NDArray[Any]
IntArray = npt.NDArray[np.int64]


def column(frame: Any, name: str) -> list[Any]:
    """Read one column of a pyarrow Table or pandas DataFrame as a Python list.

    Args:
        frame: a ``pyarrow.Table`` or a ``pandas.DataFrame``.
        name: the column name.
    """
    names = list(getattr(frame, "column_names", None) or getattr(frame, "columns", []))
    if name not in names:
        raise InputError(f"the answers table has no column {name!r} (columns: {names})",
                         hint=f"rename a column to {name!r} or pass {name}=COLUMN")
    col = frame.column(name) if hasattr(frame, "column_names") else frame[name]
    return list(col.to_pylist() if hasattr(col, "to_pylist") else col.tolist())


def encode(values: Ids, field: str,
           names: Sequence[Hashable] | None = None) -> tuple[IntArray, tuple[Hashable, ...]]:
    """Turn ids into integer codes and the sorted tuple of distinct ids.

    Args:
        values: one id per answer (ints or strings).
        field: the field's name, used in error messages.
        names: the allowed ids in order; values outside it are an error.
    """
    raw = list(values.tolist() if isinstance(values, np.ndarray) else values)  # type: ignore[union-attr]
    for row, value in enumerate(raw):
        if value is None or (isinstance(value, float) and value != value):
            raise InputError(f"answer row {row}: {field} is missing",
                             hint=f"every answer needs a {field}; drop incomplete rows")
        if not isinstance(value, Hashable) or isinstance(value, (list, dict, set)):
            raise InputError(f"answer row {row}: {field} {value!r} is not a scalar id",
                             hint=f"give {field} as an int or a string")
    if names is None:
        try:
            names = tuple(sorted(set(raw)))
        except TypeError:  # mixed ints and strings: compare as strings
            raw = [str(v) for v in raw]
            names = tuple(sorted(set(raw)))
    index = {name: i for i, name in enumerate(names)}
    codes = np.empty(len(raw), dtype=np.int64)
    for row, value in enumerate(raw):
        code = index.get(value)
        if code is None:
            raise InputError(f"answer row {row}: {field} {value!r} is not one of {list(names)}",
                             hint=f"add it to {field}s= or fix the answer")
        codes[row] = code
    return codes, tuple(names)


@dataclass(frozen=True, eq=False)
class Answers:
    """Crowd answers: who (worker) said what (label) about which task.

    Build with :meth:`from_lists` or :meth:`from_frame`; the arrays hold codes into
    ``tasks``, ``workers`` and ``classes``. A worker answering a task twice counts twice
    unless :meth:`deduplicated` is used.

    Args:
        task: task code per answer.
        worker: worker code per answer.
        label: class code per answer.
        tasks: task ids, sorted.
        workers: worker ids, sorted.
        classes: class labels, sorted unless given.
    """

    task: IntArray
    worker: IntArray
    label: IntArray
    tasks: tuple[Hashable, ...]
    workers: tuple[Hashable, ...]
    classes: tuple[Hashable, ...]

    @classmethod
    def from_lists(cls, tasks: Ids, workers: Ids, labels: Ids, *,
                   classes: Sequence[Hashable] | None = None) -> Answers:
        """Answers from three equally long sequences (lists or numpy arrays).

        Args:
            tasks: task id per answer.
            workers: worker id per answer.
            labels: label per answer (ints or strings).
            classes: every possible label in a fixed order (default: those seen, sorted).
        """
        lengths = {len(tasks), len(workers), len(labels)}  # type: ignore[arg-type]
        if len(lengths) != 1:
            raise InputError(f"tasks, workers and labels differ in length ({sorted(lengths)})",
                             hint="give one task, worker and label per answer")
        if not len(tasks):  # type: ignore[arg-type]
            raise InputError("there are no answers", hint="give at least one answer")
        t, task_names = encode(tasks, "task")
        w, worker_names = encode(workers, "worker")
        y, class_names = encode(labels, "label", classes)
        return cls(t, w, y, task_names, worker_names, class_names)

    @classmethod
    def from_frame(cls, frame: Any, *, task: str = "task", worker: str = "worker",
                   label: str = "label", classes: Sequence[Hashable] | None = None) -> Answers:
        """Answers from a pyarrow Table or pandas DataFrame.

        Args:
            frame: the table, one answer per row.
            task: the task id column.
            worker: the worker id column.
            label: the label column.
            classes: every possible label in a fixed order.
        """
        return cls.from_lists(column(frame, task), column(frame, worker), column(frame, label),
                              classes=classes)

    @property
    def n_tasks(self) -> int:
        return len(self.tasks)

    @property
    def n_workers(self) -> int:
        return len(self.workers)

    @property
    def n_classes(self) -> int:
        return len(self.classes)

    @cached_property
    def answered(self) -> npt.NDArray[np.bool_]:
        """One-hot answers: ``answered[i, k]`` is true when answer i is class k."""
        return np.asarray(self.label[:, None] == np.arange(self.n_classes), np.bool_)

    def subset(self, keep: npt.NDArray[np.bool_]) -> Answers:
        """The answers where ``keep`` is true; task, worker and class ids stay the same.

        Args:
            keep: one flag per answer.
        """
        return Answers(self.task[keep], self.worker[keep], self.label[keep], self.tasks,
                       self.workers, self.classes)

    def deduplicated(self, keep: str = "last") -> Answers:
        """One answer per (task, worker): the ``"last"`` or ``"first"`` in input order.

        By default a worker who answers a task twice counts twice. On the shared crowd
        sets with repeated answers (S_Rel, S_Adult, HITspam) keeping one changed no
        accuracy by more than 0.5 point (docs/benchmarks.md), so it is offered, not
        imposed.

        Args:
            keep: ``"last"`` or ``"first"``.
        """
        if keep not in ("last", "first"):
            raise InputError(f"keep={keep!r} must be 'last' or 'first'",
                             hint="use keep='last' to keep each worker's latest answer")
        pair = self.task * max(self.n_workers, 1) + self.worker
        order = np.arange(len(pair))[::-1] if keep == "last" else np.arange(len(pair))
        _, first = np.unique(pair[order], return_index=True)
        mask = np.zeros(len(pair), dtype=bool)
        mask[order[first]] = True
        return self.subset(mask)

    def gold_codes(self, gold: Mapping[Hashable, Hashable] | None) -> tuple[IntArray, IntArray]:
        """Task and class codes of the gold answers that name known tasks.

        Args:
            gold: task id → true label; tasks without answers are ignored.
        """
        if not gold:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        task_index = {name: i for i, name in enumerate(self.tasks)}
        class_index = {name: i for i, name in enumerate(self.classes)}
        tasks, labels = [], []
        for task, label in gold.items():
            if task not in task_index:
                continue
            if label not in class_index:
                raise InputError(f"gold label {label!r} of task {task!r} is not one of "
                                 f"{list(self.classes)}", hint="pass classes= to Answers")
            tasks.append(task_index[task])
            labels.append(class_index[label])
        return np.asarray(tasks, np.int64), np.asarray(labels, np.int64)


@dataclass(frozen=True)
class TaskLabel:
    """One task's aggregated label.

    Args:
        task: the task id.
        label: the chosen class.
        confidence: the posterior probability of that class.
    """

    task: Hashable
    label: Hashable
    confidence: float


@dataclass(frozen=True, eq=False)
class LabelResult:
    """What a categorical aggregator infers.

    Args:
        method: the aggregator's name.
        tasks: task ids (row order of ``probabilities``).
        classes: class labels (column order of ``probabilities``).
        probabilities: posterior per task and class, rows sum to 1.
        labels: the chosen class per task.
        confidence: the chosen class's probability per task.
        workers: worker ids.
        reliability: per worker, the method's skill estimate (higher is better).
        iterations: iterations run (0 for one-pass methods).
        converged: whether the tolerance was reached before ``max_iter``.
    """

    method: str
    tasks: tuple[Hashable, ...]
    classes: tuple[Hashable, ...]
    probabilities: FloatArray
    labels: tuple[Hashable, ...]
    confidence: FloatArray
    workers: tuple[Hashable, ...]
    reliability: FloatArray
    iterations: int
    converged: bool

    def as_dict(self) -> dict[Hashable, Hashable]:
        """Task id → aggregated label."""
        return dict(zip(self.tasks, self.labels, strict=True))

    def reliability_of(self) -> dict[Hashable, float]:
        """Worker id → reliability."""
        return {w: float(r) for w, r in zip(self.workers, self.reliability, strict=True)}

    def rows(self) -> Iterator[TaskLabel]:
        """One :class:`TaskLabel` per task."""
        for task, label, conf in zip(self.tasks, self.labels, self.confidence, strict=True):
            yield TaskLabel(task, label, float(conf))


@dataclass(frozen=True, eq=False)
class Estimate:
    """What a method's inner loop returns to :class:`CategoricalAggregator`.

    Args:
        probabilities: posterior per task and class.
        reliability: per-worker skill.
        iterations: iterations run.
        converged: whether the tolerance was reached.
    """

    probabilities: FloatArray
    reliability: FloatArray
    iterations: int = 0
    converged: bool = True


def task_sums(values: FloatArray, task: IntArray, n_tasks: int) -> FloatArray:
    """Sum per-answer rows (n_answers × K) into per-task rows (n_tasks × K)."""
    out = np.empty((n_tasks, values.shape[1]))
    for k in range(values.shape[1]):
        out[:, k] = np.bincount(task, weights=values[:, k], minlength=n_tasks)
    return out


def check_loop(owner: str, tol: float, max_iter: int) -> None:
    """Raise :class:`ConfigError` unless 0 < tol < 1 and max_iter is an int ≥ 1.

    Args:
        owner: the class name, for the message.
        tol: the convergence tolerance.
        max_iter: the iteration cap.
    """
    if isinstance(tol, bool) or not (isinstance(tol, (int, float)) and 0 < tol < 1):
        raise ConfigError(f"{owner}: tol={tol!r} must be a number in (0, 1)",
                          hint="use e.g. tol=1e-5")
    if isinstance(max_iter, bool) or not (isinstance(max_iter, int) and max_iter >= 1):
        raise ConfigError(f"{owner}: max_iter={max_iter!r} must be an int ≥ 1",
                          hint="use e.g. max_iter=100")


def converge(start: FloatArray, step: Callable[[FloatArray], FloatArray], tol: float,
             max_iter: int) -> tuple[FloatArray, int, bool]:
    """Apply ``step`` until no entry moves by more than ``tol``, at most ``max_iter`` times.

    The one convergence loop of every iterative aggregator (categorical and numeric).
    Returns the last array, the steps run and whether ``tol`` was reached.

    Args:
        start: the starting array (posteriors, or numeric values).
        step: one iteration: old array → new array; other parameters of the method
            are updated through a closure.
        tol: the tolerance on the largest absolute change.
        max_iter: the most steps.
    """
    current = start
    for it in range(1, max_iter + 1):
        new = step(current)
        delta = float(np.abs(new - current).max())
        current = new
        if delta < tol:
            return current, it, True
    return current, max_iter, False


def clamp_gold(probs: FloatArray, gold_tasks: IntArray, gold_labels: IntArray) -> FloatArray:
    """Set the posterior rows of gold tasks to their gold label (in place)."""
    if len(gold_tasks):
        probs[gold_tasks] = np.eye(probs.shape[1])[gold_labels]
    return probs


def normalize_rows(votes: FloatArray) -> FloatArray:
    """Rows divided by their sums; all-zero rows become uniform."""
    totals = votes.sum(axis=1, keepdims=True)
    out = np.full_like(votes, 1.0 / votes.shape[1])
    np.divide(votes, totals, out=out, where=totals > 0)
    return out


def argmax_with_ties(probabilities: FloatArray, rng: np.random.Generator) -> IntArray:
    """Row-wise argmax; exact ties are broken at random with ``rng``."""
    top = probabilities.max(axis=1, keepdims=True)
    tied = probabilities >= top - 1e-12
    return np.asarray(np.argmax(rng.random(probabilities.shape) * tied, axis=1), np.int64)


class CategoricalAggregator(ABC):
    """Base of every categorical truth-inference method.

    Subclasses implement :meth:`_estimate`; this class validates the shared
    parameters, clamps gold tasks, breaks ties with the seed and builds the result.

    Args:
        tol: stop when no posterior moves by more than this between iterations.
        max_iter: the most iterations of the method's loop.
        seed: seeds tie-breaking and any random start.
    """

    name = "base"

    def __init__(self, *, tol: float = 1e-5, max_iter: int = 100, seed: int = 0) -> None:
        check_loop(type(self).__name__, tol, max_iter)
        self.tol = float(tol)
        self.max_iter = max_iter
        self.seed = seed

    def fit(self, answers: Answers,
            gold: Mapping[Hashable, Hashable] | None = None) -> LabelResult:
        """Infer each task's label and each worker's reliability.

        Args:
            answers: the crowd answers.
            gold: known task id → label; these tasks are held at their gold label
                throughout, which seeds the worker estimates.
        """
        if not isinstance(answers, Answers):
            raise InputError(f"{type(self).__name__}.fit needs Answers, got "
                             f"{type(answers).__name__}",
                             hint="build it with Answers.from_lists or Answers.from_frame")
        rng = np.random.default_rng(self.seed)
        gold_tasks, gold_labels = answers.gold_codes(gold)
        est = self._estimate(answers, gold_tasks, gold_labels, rng)
        probs = est.probabilities
        probs = clamp_gold(probs, gold_tasks, gold_labels)
        chosen = argmax_with_ties(probs, rng)
        return LabelResult(
            method=self.name, tasks=answers.tasks, classes=answers.classes,
            probabilities=probs, labels=tuple(answers.classes[c] for c in chosen),
            confidence=probs[np.arange(len(chosen)), chosen], workers=answers.workers,
            reliability=est.reliability, iterations=est.iterations, converged=est.converged)

    def iterate(self, probs: FloatArray,
                step: Callable[[FloatArray], FloatArray]) -> tuple[FloatArray, int, bool]:
        """The shared convergence loop: apply ``step`` (posteriors → new posteriors).

        Stops after ``max_iter`` steps, or once no posterior moves by more than ``tol``.
        Returns the last posteriors, the steps run and whether ``tol`` was reached.

        Args:
            probs: the starting posteriors (or any array the step maps to a new one).
            step: one iteration of the method; it may update the method's other
                parameters through a closure.
        """
        return converge(probs, step, self.tol, self.max_iter)

    @abstractmethod
    def _estimate(self, answers: Answers, gold_tasks: IntArray, gold_labels: IntArray,
                  rng: np.random.Generator) -> Estimate:
        """The method itself: posteriors per task and reliability per worker."""


P = TypeVar("P")


class EMAggregator(CategoricalAggregator, Generic[P]):
    """Base of the iterative methods (EM and variational Bayes): the loop, written once.

    A method implements its start, E-step, M-step and report over its own parameter
    type ``P``; this class runs

    ``start → E → (M → E)* → [M] → report``

    until no task posterior moves by more than ``tol`` or ``max_iter`` E-steps have run.
    The M-step after the last E-step runs when the method sets ``refit_at_end``
    (Dawid-Skene's reliability comes from the confusions of the final posteriors).
    """

    refit_at_end = False

    @abstractmethod
    def _start(self, answers: Answers, gold: tuple[IntArray, IntArray],
               rng: np.random.Generator) -> tuple[FloatArray, P]:
        """Starting posteriors (what the first E-step's move is measured from) and the
        parameters the first E-step uses."""

    @abstractmethod
    def _e_step(self, answers: Answers, params: P,
                gold: tuple[IntArray, IntArray]) -> tuple[FloatArray, P]:
        """Task posteriors given the parameters, gold tasks clamped; also the parameters,
        with any latent variables the E-step infers (most return them as given)."""

    @abstractmethod
    def _m_step(self, answers: Answers, probs: FloatArray, params: P) -> P:
        """New parameters given the posteriors (and the previous parameters)."""

    @abstractmethod
    def _report(self, answers: Answers, probs: FloatArray,
                params: P) -> tuple[FloatArray, FloatArray]:
        """The reported posteriors and per-worker reliability after the loop."""

    def _estimate(self, answers: Answers, gold_tasks: IntArray, gold_labels: IntArray,
                  rng: np.random.Generator) -> Estimate:
        probs, params = self._start(answers, (gold_tasks, gold_labels), rng)
        return self._run(answers, probs, params, (gold_tasks, gold_labels))[0]

    def _run(self, answers: Answers, probs: FloatArray, params: P,
             gold: tuple[IntArray, IntArray]) -> tuple[Estimate, P]:
        """The loop from given posteriors and parameters: the estimate and final parameters."""
        first = True

        def step(probs: FloatArray) -> FloatArray:
            nonlocal first, params
            if not first:
                params = self._m_step(answers, probs, params)
            first = False
            new, params = self._e_step(answers, params, gold)
            return new

        probs, iterations, converged = self.iterate(probs, step)
        if self.refit_at_end:
            params = self._m_step(answers, probs, params)
        probs, reliability = self._report(answers, probs, params)
        return Estimate(probs, reliability, iterations, converged), params
