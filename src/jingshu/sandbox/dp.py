"""Releasing exact aggregates with differential privacy through OpenDP measurements.

Neighbouring datasets differ by one row added or removed. After clamping to the
declared domain, one row changes: a count by 1; a sum by ``max(|lower|, |upper|)``;
a vector of per-group (or per-bin) counts or sums by the same amounts in L1. Each
release is an OpenDP Laplace measurement (``make_laplace``, discrete for counts)
whose privacy map is checked to give at most the query's epsilon; mean spends half
on the sum and half on the count; quantiles run OpenDP's b-ary tree
(``make_b_ary_tree`` → Laplace → ``make_consistent_b_ary_tree`` →
``make_quantiles_from_counts``) over 256 bins of the declared range. Every value
comes with its noise scale and a 95% accuracy half-width.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import opendp.prelude as dp

from jingshu.errors import IntegrityError
from jingshu.sandbox.queries import QUANTILE_LEAVES, Exact, Plan
from jingshu.sandbox.spec import NumericDomain

__all__ = ["ALPHA", "Release", "ReleasedValue", "release"]

ALPHA = 0.05
dp.enable_features("contrib")


@dataclass(frozen=True)
class ReleasedValue:
    key: str
    value: float
    accuracy: float  # 95% half-width: |noise| <= accuracy with probability 0.95


@dataclass(frozen=True)
class Release:
    """A differentially private answer."""

    aggregate: str
    values: list[ReleasedValue]
    epsilon: float
    mechanism: str
    noise_scale: float
    accuracy_note: str

    def as_dict(self) -> dict[str, Any]:
        return {"aggregate": self.aggregate, "epsilon": self.epsilon,
                "mechanism": self.mechanism, "noise_scale": self.noise_scale,
                "accuracy_note": self.accuracy_note,
                "values": [{"key": v.key, "value": v.value, "accuracy": v.accuracy}
                           for v in self.values]}


def _checked(meas: dp.Measurement, d_in: Any, epsilon: float) -> dp.Measurement:
    spent = float(meas.map(d_in))  # type: ignore[no-untyped-call]
    if spent > epsilon * (1 + 1e-9):
        raise IntegrityError(f"OpenDP reports epsilon {spent} above the reserved {epsilon}",
                             hint="report this: the calibration is wrong")
    return meas


def _noisy_counts(counts: list[int], epsilon: float) -> tuple[list[int], float]:
    scale = 1.0 / epsilon
    meas = dp.m.make_laplace(dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int),
                             scale)
    return list(_checked(meas, 1, epsilon)(counts)), scale


def _noisy_sums(sums: list[float], bound: float, epsilon: float) -> tuple[list[float], float]:
    scale = bound / epsilon
    meas = dp.m.make_laplace(dp.vector_domain(dp.atom_domain(T=float, nan=False)),
                             dp.l1_distance(T=float), scale)
    return list(_checked(meas, bound, epsilon)(sums)), scale


def _count_release(plan: Plan, exact: Exact, eps: float) -> Release:
    noisy, scale = _noisy_counts(exact.counts, eps)
    acc = float(dp.discrete_laplacian_scale_to_accuracy(scale, ALPHA))
    values = [ReleasedValue(k, float(n), acc) for k, n in zip(plan.keys, noisy, strict=True)]
    return Release(plan.spec.aggregate, values, eps, "discrete Laplace (OpenDP make_laplace)",
                   scale, "95% half-width of the noise on each count")


def _bound(plan: Plan) -> NumericDomain:
    domain = plan.declaration.columns[plan.spec.column or ""]
    assert isinstance(domain, NumericDomain)
    return domain


def _sum_release(plan: Plan, exact: Exact, eps: float) -> Release:
    d = _bound(plan)
    bound = max(abs(d.lower), abs(d.upper)) or 1.0
    noisy, scale = _noisy_sums(exact.sums, bound, eps)
    acc = float(dp.laplacian_scale_to_accuracy(scale, ALPHA))
    values = [ReleasedValue(k, s, acc) for k, s in zip(plan.keys, noisy, strict=True)]
    return Release("sum", values, eps, "Laplace (OpenDP make_laplace)", scale,
                   "95% half-width of the noise on each sum")


def _mean_release(plan: Plan, exact: Exact, eps: float) -> Release:
    d = _bound(plan)
    bound = max(abs(d.lower), abs(d.upper)) or 1.0
    sums, s_scale = _noisy_sums(exact.sums, bound, eps / 2)
    counts, c_scale = _noisy_counts(exact.counts, eps / 2)
    s_acc = float(dp.laplacian_scale_to_accuracy(s_scale, ALPHA))
    c_acc = float(dp.discrete_laplacian_scale_to_accuracy(c_scale, ALPHA))
    values = []
    for key, s, n in zip(plan.keys, sums, counts, strict=True):
        n_pos = max(float(n), 1.0)
        mean = min(max(s / n_pos, d.lower), d.upper)
        values.append(ReleasedValue(key, mean, (s_acc + abs(mean) * c_acc) / n_pos))
    return Release("mean", values, eps, "Laplace sum / discrete Laplace count (OpenDP)",
                   s_scale, "approximate 95% half-width (noisy sum over noisy count); "
                   f"count noise scale {c_scale:g}")


def _quantile_release(plan: Plan, exact: Exact, eps: float) -> Release:
    d = _bound(plan)
    branching = dp.t.choose_branching_factor(QUANTILE_LEAVES)
    tree = dp.t.make_b_ary_tree(dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int),
                                leaf_count=QUANTILE_LEAVES, branching_factor=branching)
    depth = float(tree.map(1))  # type: ignore[no-untyped-call]
    scale = depth / eps
    edges = [d.lower + (d.upper - d.lower) * i / QUANTILE_LEAVES
             for i in range(QUANTILE_LEAVES + 1)]
    meas = _checked(tree >> dp.m.then_laplace(scale)
                    >> dp.t.make_consistent_b_ary_tree(branching_factor=branching)
                    >> dp.t.make_quantiles_from_counts(edges, alphas=list(plan.spec.quantiles)),
                    1, eps)
    answers = meas(exact.counts)
    rank_acc = float(dp.discrete_laplacian_scale_to_accuracy(scale, ALPHA)) * depth
    values = [ReleasedValue(k, float(q), rank_acc) for k, q in zip(plan.keys, answers,
                                                                    strict=True)]
    return Release("quantiles", values, eps, "b-ary tree + discrete Laplace (OpenDP)", scale,
                   "accuracy is in rows of rank (95%, summed over tree levels); "
                   f"values resolve to bins of width {(d.upper - d.lower) / QUANTILE_LEAVES:g}")


def release(plan: Plan, exact: Exact) -> Release:
    """The DP answer to ``plan`` from its exact aggregate, spending ``plan.spec.epsilon``."""
    eps = plan.spec.epsilon
    match plan.spec.aggregate:
        case "count" | "histogram":
            return _count_release(plan, exact, eps)
        case "sum":
            return _sum_release(plan, exact, eps)
        case "mean":
            return _mean_release(plan, exact, eps)
        case _:
            return _quantile_release(plan, exact, eps)
