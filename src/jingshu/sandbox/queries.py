"""Checking a query against the declaration, and computing its exact aggregate.

:func:`plan_query` refuses, with the reason, every query that could isolate
individuals or that touches what was not declared: undeclared columns (or columns
outside the grant's fields), group-by over a column without a declared categorical
domain, filters on undeclared values, epsilon above the per-query cap.
:func:`compute` streams the version's batches (only the columns needed), clamps
numeric values to the declared bounds and returns per-key counts and sums, which
never leave the server; :func:`check_min_count` refuses filters and groups that
select fewer rows than the declaration's ``min_count``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jingshu.errors import RuleViolation
from jingshu.sandbox.spec import (
    CategoricalDomain,
    ColumnDomain,
    Condition,
    NumericDomain,
    QuerySpec,
    SandboxDeclaration,
)
from jingshu.store.version import StoredVersion

__all__ = ["ALL", "QUANTILE_LEAVES", "Exact", "Plan", "check_min_count", "compute", "plan_query"]

ALL = "全部"
QUANTILE_LEAVES = 256


@dataclass(frozen=True)
class Plan:
    """A checked query: what to read and which keys its result has."""

    spec: QuerySpec
    declaration: SandboxDeclaration
    dataset: str
    keys: list[str]
    columns: list[str]


@dataclass(frozen=True)
class Exact:
    """Exact per-key row counts and clamped sums (server-side only)."""

    counts: list[int]
    sums: list[float]
    selected: int


def _refuse(reason: str, hint: str) -> RuleViolation:
    return RuleViolation(reason, hint=hint)


def _domain(decl: SandboxDeclaration, dataset: str, column: str, allowed: Sequence[str]
            ) -> ColumnDomain:
    if column not in decl.columns:
        raise _refuse(f"column {column!r} is not declared for the sandbox of {dataset!r}",
                      f"declared columns: {', '.join(decl.columns)}")
    if allowed and column not in allowed:
        raise _refuse(f"column {column!r} is outside your grant's fields",
                      f"your grant opens: {', '.join(allowed)}")
    return decl.columns[column]


def _check_condition(cond: Condition, domain: ColumnDomain) -> None:
    if isinstance(domain, CategoricalDomain):
        values = cond.value if isinstance(cond.value, list) else [cond.value]
        unknown = [v for v in values if str(v) not in domain.values]
        if cond.op == "between" or unknown:
            raise _refuse(f"where on {cond.column!r} must use eq/in with declared values",
                          f"declared values: {', '.join(domain.values)}")
        return
    if cond.op != "between" or not isinstance(cond.value, list) or len(cond.value) != 2:
        raise _refuse(f"where on numeric column {cond.column!r} must be "
                      "op='between' with value [low, high]",
                      f"the domain is [{domain.lower}, {domain.upper}]")


def _keys(spec: QuerySpec, decl: SandboxDeclaration, dataset: str, allowed: Sequence[str]
          ) -> list[str]:
    if spec.aggregate == "histogram":
        domain = _domain(decl, dataset, spec.column or "", allowed)
        if isinstance(domain, CategoricalDomain):
            return domain.labels()
        e = domain.edges()
        return [f"[{e[i]:g}, {e[i + 1]:g})" for i in range(domain.bins)]
    if spec.aggregate == "quantiles":
        return [f"p{q:g}" for q in spec.quantiles]
    if spec.group_by is None:
        return [ALL]
    group = _domain(decl, dataset, spec.group_by, allowed)
    if not isinstance(group, CategoricalDomain):
        raise _refuse(f"group_by {spec.group_by!r} has no declared categorical domain: "
                      "groups over an unbounded domain could isolate individuals",
                      "group by a column declared as categorical")
    return group.labels()


def plan_query(spec: QuerySpec, decl: SandboxDeclaration, dataset: str,
               allowed: Sequence[str] = ()) -> Plan:
    """Check ``spec`` against the declaration (and the grant's ``allowed`` fields)."""
    if spec.epsilon > decl.max_epsilon_per_query:
        raise _refuse(f"epsilon={spec.epsilon} is above the per-query cap "
                      f"{decl.max_epsilon_per_query} of {dataset!r}",
                      f"ask for at most {decl.max_epsilon_per_query}")
    needs_column = spec.aggregate != "count"
    if needs_column and spec.column is None:
        raise _refuse(f"aggregate {spec.aggregate!r} needs 'column'", "name a declared column")
    if needs_column and spec.aggregate != "histogram":
        domain = _domain(decl, dataset, spec.column or "", allowed)
        if not isinstance(domain, NumericDomain):
            raise _refuse(f"{spec.aggregate} needs a numeric column; {spec.column!r} is "
                          "categorical", "use count with group_by, or histogram")
    if spec.group_by is not None and spec.aggregate in ("quantiles", "histogram"):
        raise _refuse(f"group_by is not supported with {spec.aggregate}",
                      "use a where condition per group instead")
    if spec.aggregate == "quantiles" and not all(0 < q < 1 for q in spec.quantiles):
        raise _refuse("quantiles must lie strictly between 0 and 1", "e.g. [0.25, 0.5, 0.75]")
    for cond in spec.where:
        _check_condition(cond, _domain(decl, dataset, cond.column, allowed))
    keys = _keys(spec, decl, dataset, allowed)
    columns = [c.column for c in spec.where]
    columns += [c for c in (spec.column, spec.group_by) if c is not None]
    return Plan(spec, decl, dataset, keys, sorted(set(columns)))


def _mask(batch: pa.RecordBatch, plan: Plan) -> pa.Array:
    mask = pa.array(np.ones(batch.num_rows, dtype=bool))
    for cond in plan.spec.where:
        col = batch.column(cond.column)
        if cond.op == "between":
            assert isinstance(cond.value, list)
            low, high = cond.value
            num = pc.cast(col, pa.float64())
            part = pc.and_(pc.greater_equal(num, float(low)), pc.less_equal(num, float(high)))
        else:
            values = cond.value if isinstance(cond.value, list) else [cond.value]
            part = pc.is_in(pc.cast(col, pa.string()), pa.array([str(v) for v in values]))
        mask = pc.and_(mask, pc.fill_null(part, False))
    return mask


def _key_index(batch: pa.RecordBatch, plan: Plan) -> np.ndarray:
    spec, n = plan.spec, batch.num_rows
    if spec.aggregate == "quantiles" or (spec.aggregate != "histogram" and not spec.group_by):
        return np.zeros(n, dtype=np.int64)
    name = spec.column if spec.aggregate == "histogram" else spec.group_by
    domain = plan.declaration.columns[name or ""]
    col = batch.column(name or "")
    if isinstance(domain, CategoricalDomain):
        idx = pc.index_in(pc.cast(col, pa.string()), pa.array(domain.values))
        return np.asarray(pc.fill_null(idx, len(domain.values)), dtype=np.int64)
    return _bins(col, domain, domain.bins)


def _bins(col: pa.Array, domain: NumericDomain, bins: int) -> np.ndarray:
    values = np.asarray(pc.fill_null(pc.cast(col, pa.float64()), domain.lower), dtype=float)
    scaled = (np.clip(values, domain.lower, domain.upper) - domain.lower) / (
        domain.upper - domain.lower) * bins
    out: np.ndarray = np.minimum(scaled.astype(np.int64), bins - 1)
    return out


def compute(plan: Plan, version: StoredVersion) -> Exact:
    """Stream ``version`` and return the exact per-key counts and clamped sums."""
    spec = plan.spec
    width = QUANTILE_LEAVES if spec.aggregate == "quantiles" else len(plan.keys)
    counts, sums, selected = np.zeros(width, dtype=np.int64), np.zeros(width), 0
    for batch in version.iter_batches(columns=plan.columns or None):
        if not plan.columns:
            counts[0] += batch.num_rows
            selected += batch.num_rows
            continue
        mask = np.asarray(_mask(batch, plan), dtype=bool)
        if spec.column is not None and spec.aggregate in ("sum", "mean", "quantiles"):
            mask &= np.asarray(pc.is_valid(batch.column(spec.column)), dtype=bool)
        selected += int(mask.sum())
        keys = _key_index(batch, plan)[mask]
        if spec.aggregate == "quantiles":
            domain = plan.declaration.columns[spec.column or ""]
            assert isinstance(domain, NumericDomain)
            keys = _bins(batch.column(spec.column or ""), domain, QUANTILE_LEAVES)[mask]
        counts += np.bincount(keys, minlength=width)
        if spec.aggregate in ("sum", "mean"):
            domain = plan.declaration.columns[spec.column or ""]
            assert isinstance(domain, NumericDomain)
            vals = np.asarray(pc.cast(batch.column(spec.column or ""), pa.float64()))[mask]
            sums += np.bincount(keys, weights=np.clip(vals, domain.lower, domain.upper),
                                minlength=width)
    return Exact([int(c) for c in counts], [float(s) for s in sums], selected)


def check_min_count(plan: Plan, exact: Exact) -> None:
    """Refuse filters and groups that select fewer than ``min_count`` rows."""
    least = plan.declaration.min_count
    if exact.selected < least:
        raise _refuse(f"the query selects fewer than min_count={least} rows of "
                      f"{plan.dataset!r}: too few to release without isolating individuals",
                      "widen the where conditions")
    if plan.spec.group_by is not None:
        small = [k for k, n in zip(plan.keys, exact.counts, strict=True) if 0 < n < least]
        if small:
            raise _refuse(f"groups {', '.join(small)} of {plan.spec.group_by!r} hold fewer "
                          f"than min_count={least} rows", "drop group_by or filter them out")

