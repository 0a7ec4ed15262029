"""Hierarchical Dawid-Skene on synthetic crowds whose population prior is known."""

from __future__ import annotations

import numpy as np
import pytest

from jingshu.annotate.aggregate import (
    Answers,
    CategoricalAggregator,
    DawidSkene,
    HierarchicalDawidSkene,
    MajorityVote,
)
from jingshu.annotate.aggregate.hierarchical import MIN_PSEUDO_COUNT, fit_population_prior
from jingshu.errors import ConfigError

# Population Dirichlet of the confusion rows: class 0 is often answered as 1 and
# class 2 as 3, so majority vote is biased, and each worker varies around that bias.
POPULATION = np.array([[5.0, 4.0, 0.3, 0.3], [0.5, 9.0, 0.3, 0.3],
                       [0.3, 0.3, 6.0, 3.0], [0.3, 0.3, 0.5, 9.0]])


def sparse_crowd(seed: int = 0, n_tasks: int = 600, n_workers: int = 200,
                 per_task: int = 5) -> tuple[Answers, dict[int, int]]:
    """Many workers with about 15 answers each, confusion drawn from POPULATION."""
    rng = np.random.default_rng(seed)
    confusion = np.stack([[rng.dirichlet(row) for row in POPULATION]
                          for _ in range(n_workers)])
    truth = rng.integers(0, 4, n_tasks)
    tasks, workers, labels = [], [], []
    for t in range(n_tasks):
        for w in rng.choice(n_workers, per_task, replace=False):
            tasks.append(t)
            workers.append(int(w))
            labels.append(int(rng.choice(4, p=confusion[w, truth[t]])))
    answers = Answers.from_lists(tasks, workers, labels, classes=[0, 1, 2, 3])
    return answers, dict(enumerate(truth.tolist()))


def accuracy(method: CategoricalAggregator, answers: Answers, truth: dict[int, int]) -> float:
    labels = method.fit(answers).as_dict()
    return float(np.mean([labels[t] == y for t, y in truth.items()]))


def test_population_prior_is_recovered_from_dirichlet_multinomial_counts() -> None:
    rng = np.random.default_rng(0)
    alpha = np.array([[6.0, 2.0], [1.0, 4.0]])
    counts = np.zeros((300, 2, 2))
    for w in range(300):
        for k in range(2):
            counts[w, k] = rng.multinomial(20, rng.dirichlet(alpha[k]))
    fitted = fit_population_prior(counts, np.ones((2, 2)), steps=500, tol=1e-8)
    assert np.allclose(fitted, alpha, rtol=0.1)


def test_rows_without_counts_keep_their_start_and_cells_stay_positive() -> None:
    counts = np.zeros((3, 2, 2))
    counts[:, 0, 0] = 5.0
    fitted = fit_population_prior(counts, np.ones((2, 2)))
    assert np.allclose(fitted[1], 1.0)
    assert fitted.min() >= MIN_PSEUDO_COUNT


def test_beats_dawid_skene_and_majority_when_workers_answer_little() -> None:
    for seed in (0, 1):
        answers, truth = sparse_crowd(seed)
        hds = accuracy(HierarchicalDawidSkene(), answers, truth)
        assert hds > accuracy(DawidSkene(), answers, truth) + 0.02
        assert hds > accuracy(MajorityVote(), answers, truth) + 0.04


def test_reliability_follows_the_true_accuracy() -> None:
    answers, _ = sparse_crowd(n_workers=40, per_task=8)
    result = HierarchicalDawidSkene().fit(answers)
    assert result.converged and np.all((result.reliability > 0) & (result.reliability < 1))
    rng = np.random.default_rng(0)  # the same draws as sparse_crowd(0)
    confusion = np.stack([[rng.dirichlet(row) for row in POPULATION] for _ in range(40)])
    true_accuracy = np.einsum("wkk->w", confusion) / 4
    assert np.corrcoef(true_accuracy, result.reliability)[0, 1] > 0.5


@pytest.mark.parametrize("kwargs", [{"class_prior": 0}, {"class_prior": True},
                                    {"prior_steps": 0}, {"prior_steps": 2.5}])
def test_bad_parameters_are_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigError, match="HierarchicalDawidSkene"):
        HierarchicalDawidSkene(**kwargs)  # type: ignore[arg-type]
