"""k-anonymity (and distinct l-diversity) for tabular extracts by Mondrian partitioning.

Strict multidimensional Mondrian (LeFevre, DeWitt & Ramakrishnan, ICDE 2006): the
rows are split recursively at the median of the quasi-identifier whose normalized
range is widest, as long as both halves keep at least ``k`` rows (and ``l`` distinct
sensitive values); each final partition is then published with every
quasi-identifier generalized to what the partition covers:

- ``numeric`` (age, income): the range ``min-max``;
- ``date``: truncated to the coarsest unit the partition needs (day, month, year,
  or a span of years);
- ``region``: a GB/T 2260 code or resident ID read through its region hierarchy
  (county ``330106`` → city ``3301**`` → province ``33****`` → ``*``);
- ``categorical``: the value, or the set of values ``{a|b}``.

Information loss is the normalized certainty penalty (NCP, Xu et al., KDD 2006):
per cell, the generalized range over the whole range (0 = exact, 1 = suppressed),
averaged per column and overall. The output is checked again before it is returned.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pyarrow as pa

from jingshu.errors import ConfigError, InputError, IntegrityError

__all__ = ["AnonymizationReport", "QiKind", "anonymize", "check_k_anonymity", "infer_kind"]

QiKind = Literal["numeric", "date", "region", "categorical"]
_LEVELS = (6, 4, 2, 0)


@dataclass(frozen=True)
class AnonymizationReport:
    """What :func:`anonymize` did.

    Args:
        k: Smallest class size asked for.
        l: Distinct sensitive values asked for per class (1: not asked).
        rows: Rows in and out.
        classes: Equivalence classes published.
        smallest_class: Rows in the smallest class of the output (verified).
        min_distinct_sensitive: Fewest distinct sensitive values in a class (verified).
        ncp: Normalized certainty penalty per quasi-identifier.
        ncp_total: Mean NCP over the quasi-identifiers.
        kinds: Kind used for each quasi-identifier.
    """

    k: int
    l: int  # noqa: E741
    rows: int
    classes: int
    smallest_class: int
    min_distinct_sensitive: int
    ncp: Mapping[str, float]
    ncp_total: float
    kinds: Mapping[str, QiKind]


def _region(value: Any) -> str:
    text = str(value).strip()
    return text[:6] if len(text) >= 6 and text[:6].isdigit() else text


def infer_kind(column: pa.ChunkedArray | pa.Array) -> QiKind:
    """Guess a quasi-identifier's kind from its type and values.

    Args:
        column: The column.
    """
    tp = column.type
    if pa.types.is_integer(tp) or pa.types.is_floating(tp):
        return "numeric"
    if pa.types.is_date(tp) or pa.types.is_timestamp(tp):
        return "date"
    sample = [v for v in column.to_pylist()[:200] if v is not None]
    if sample and all(isinstance(v, str) and len(v) >= 6 and v[:6].isdigit() for v in sample):
        return "region"
    return "categorical"


def _ordinal(kind: QiKind, value: Any) -> Any:
    if kind == "numeric":
        return float(value)
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().toordinal()
        if isinstance(value, dt.date):
            return value.toordinal()
        return dt.date.fromisoformat(str(value)[:10]).toordinal()
    if kind == "region":
        return _region(value)
    return str(value)


@dataclass
class _Column:
    name: str
    kind: QiKind
    values: list[Any]
    span: float  # global width (numeric/date) or count of distinct leaves
    leaves: frozenset[Any] = frozenset()

    def width(self, rows: Sequence[int]) -> float:
        vals = [self.values[r] for r in rows]
        if self.kind in {"numeric", "date"}:
            return (max(vals) - min(vals)) / self.span if self.span else 0.0
        distinct = len(set(vals))
        return (distinct - 1) / (self.span - 1) if self.span > 1 else 0.0


def _make_columns(table: pa.Table, qi: Sequence[str], kinds: Mapping[str, QiKind]) -> list[_Column]:
    cols: list[_Column] = []
    for name in qi:
        if name not in table.column_names:
            raise InputError(f"quasi-identifier {name!r} is not a column",
                             hint="columns: " + ", ".join(table.column_names))
        raw = table.column(name)
        kind = kinds.get(name) or infer_kind(raw)
        py = raw.to_pylist()
        if any(v is None for v in py):
            raise InputError(f"quasi-identifier {name!r} has empty values",
                             hint="fill or drop them before anonymizing")
        try:
            values = [_ordinal(kind, v) for v in py]
        except ValueError as exc:
            raise InputError(f"quasi-identifier {name!r} is not {kind}: {exc}",
                             hint="pass its kind, e.g. --qi name:categorical") from exc
        if kind in {"numeric", "date"}:
            span = float(max(values) - min(values))
        else:
            span = float(len(set(values)))
        cols.append(_Column(name, kind, values, span, frozenset(values)))
    return cols


def _diverse(rows: Sequence[int], sensitive: list[Any] | None, l: int) -> bool:  # noqa: E741
    return sensitive is None or len({sensitive[r] for r in rows}) >= l


def _split(col: _Column, rows: list[int]) -> tuple[list[int], list[int]] | None:
    ordered = sorted(rows, key=lambda r: col.values[r])
    median = col.values[ordered[len(ordered) // 2]]
    left = [r for r in ordered if col.values[r] < median]
    right = [r for r in ordered if col.values[r] >= median]
    if not left:  # many rows equal the median: put them left instead
        left = [r for r in ordered if col.values[r] <= median]
        right = [r for r in ordered if col.values[r] > median]
    return (left, right) if left and right else None


def _partition(rows: list[int], cols: list[_Column], k: int, l: int,  # noqa: E741
               sensitive: list[Any] | None) -> list[list[int]]:
    done: list[list[int]] = []
    todo = [rows]
    while todo:
        part = todo.pop()
        for col in sorted(cols, key=lambda c: -c.width(part)):
            halves = _split(col, part)
            if halves and all(len(h) >= k and _diverse(h, sensitive, l) for h in halves):
                todo += list(halves)
                break
        else:
            done.append(part)
    return done


def _generalize(col: _Column, rows: Sequence[int]) -> tuple[str, float]:
    vals = [col.values[r] for r in rows]
    lo, hi = min(vals), max(vals)
    if col.kind == "numeric":
        label = _num(lo) if lo == hi else f"{_num(lo)}-{_num(hi)}"
        return label, (hi - lo) / col.span if col.span else 0.0
    if col.kind == "date":
        a, b = dt.date.fromordinal(int(lo)), dt.date.fromordinal(int(hi))
        if a == b:
            return a.isoformat(), 0.0
        if (a.year, a.month) == (b.year, b.month):
            first = a.replace(day=1).toordinal()
            return f"{a:%Y-%m}", _width(col, first, first + 30)
        start, end = dt.date(a.year, 1, 1).toordinal(), dt.date(b.year, 12, 31).toordinal()
        return (str(a.year) if a.year == b.year else f"{a.year}-{b.year}"), _width(col, start, end)
    distinct = sorted(set(vals))
    if col.kind == "region":
        level = next(n for n in _LEVELS if len({v[:n] for v in distinct}) == 1)
        label = distinct[0][:level].ljust(6, "*") if level else "*"
        prefix = distinct[0][:level]
        covered = len(distinct) if level == 6 else sum(v.startswith(prefix) for v in col.leaves)
        return label, (covered - 1) / (col.span - 1) if col.span > 1 else 0.0
    label = distinct[0] if len(distinct) == 1 else "{" + "|".join(distinct) + "}"
    return label, (len(distinct) - 1) / (col.span - 1) if col.span > 1 else 0.0


def _width(col: _Column, lo: float, hi: float) -> float:
    return min(1.0, (hi - lo) / col.span) if col.span else 0.0


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _as_table(data: pa.Table | Iterable[pa.RecordBatch]) -> pa.Table:
    if isinstance(data, pa.Table):
        return data
    batches = list(data)
    if not batches:
        raise InputError("no rows to anonymize", hint="check the input")
    return pa.Table.from_batches(batches)


def check_k_anonymity(table: pa.Table, qi: Sequence[str],
                      sensitive: str | None = None) -> tuple[int, int]:
    """Smallest equivalence class over ``qi``, and fewest distinct ``sensitive`` values.

    Args:
        table: A (generalized) table.
        qi: Quasi-identifier columns.
        sensitive: Sensitive column (0 is returned for it when omitted).
    """
    keys = list(zip(*(table.column(c).to_pylist() for c in qi), strict=True))
    sizes = Counter(keys)
    if not sizes:
        return 0, 0
    if sensitive is None:
        return min(sizes.values()), 0
    values: dict[tuple[Any, ...], set[Any]] = {}
    for key, s in zip(keys, table.column(sensitive).to_pylist(), strict=True):
        values.setdefault(key, set()).add(s)
    return min(sizes.values()), min(len(v) for v in values.values())


def anonymize(
    data: pa.Table | Iterable[pa.RecordBatch],
    qi: Sequence[str],
    k: int,
    *,
    kinds: Mapping[str, QiKind] | None = None,
    l: int = 1,  # noqa: E741
    sensitive: str | None = None,
) -> tuple[pa.Table, AnonymizationReport]:
    """Generalize ``qi`` so every combination appears at least ``k`` times.

    Args:
        data: A table, or record batches (e.g. ``version.iter_batches()`` of a catalog
            dataset); all rows are held in memory while partitioning.
        qi: Quasi-identifier columns.
        k: Smallest class size (≥ 2).
        kinds: Kind per column where :func:`infer_kind` should not guess.
        l: Distinct sensitive values per class (distinct l-diversity); 1 = off.
        sensitive: The sensitive column (required when ``l`` > 1).

    Raises:
        ConfigError: ``k``, ``l`` or ``sensitive`` are inconsistent.
        InputError: A column is missing or unusable, or the table cannot be made
            k-anonymous (fewer than ``k`` rows, or too few sensitive values).
        IntegrityError: The output failed verification (a bug; nothing is returned).
    """
    if k < 2 or not qi:
        raise ConfigError("k-anonymity needs k >= 2 and at least one quasi-identifier",
                          hint="for example --k 5 --qi age,region")
    if l > 1 and sensitive is None:
        raise ConfigError("l-diversity needs a sensitive column", hint="pass --sensitive COLUMN")
    table = _as_table(data)
    cols = _make_columns(table, qi, kinds or {})
    svals = table.column(sensitive).to_pylist() if sensitive and l > 1 else None
    if sensitive is not None and sensitive not in table.column_names:
        raise InputError(f"sensitive column {sensitive!r} is not a column",
                         hint="check --sensitive")
    rows = list(range(table.num_rows))
    if len(rows) < k or not _diverse(rows, svals, l):
        raise InputError(f"the table ({len(rows)} rows) cannot be {k}-anonymous"
                         + (f" and {l}-diverse" if l > 1 else ""), hint="lower k or l")
    parts = _partition(rows, cols, k, l, svals)
    labels: dict[str, list[str]] = {c.name: [""] * len(rows) for c in cols}
    loss: dict[str, float] = {c.name: 0.0 for c in cols}
    for part in parts:
        for col in cols:
            label, cell_loss = _generalize(col, part)
            loss[col.name] += cell_loss * len(part)
            for r in part:
                labels[col.name][r] = label
    out = table
    for col in cols:
        idx = out.column_names.index(col.name)
        out = out.set_column(idx, col.name, pa.array(labels[col.name], pa.string()))
    smallest, distinct = check_k_anonymity(out, qi, sensitive)
    if smallest < k or (svals is not None and distinct < l):
        raise IntegrityError(f"k-anonymity check failed: smallest class {smallest} < {k}",
                             hint="report this as a bug")
    ncp = {name: round(v / len(rows), 4) for name, v in loss.items()}
    report = AnonymizationReport(
        k, l, len(rows), len(parts), smallest, distinct, ncp,
        round(sum(ncp.values()) / len(ncp), 4), {c.name: c.kind for c in cols},
    )
    return out, report
