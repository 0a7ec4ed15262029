"""Streaming measures of one non-text column, with Apache DataSketches.

Distinct values by HyperLogLog (Flajolet et al. 2007; ``hll_sketch``, lg k = 12,
about 1.6% relative error), quantiles by KLL (Karnin, Lang, Liberty 2016;
``kll_doubles_sketch``, k = 200, about 1.3% rank error) and frequent values by the
Misra–Gries sketch (``frequent_strings_sketch``). Numbers, booleans and dates feed the
quantiles (dates as days since 1970); everything else is counted as its string form.
"""

from __future__ import annotations

import datetime as dt

import datasketches
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jingshu.profiles.model import ColumnProfile, TopItem

__all__ = ["QUANTILES", "TOP_VALUES", "ColumnProfiler"]

QUANTILES = (0.0, 0.01, 0.25, 0.5, 0.75, 0.99, 1.0)
TOP_VALUES = 10
_MAX_VALUE_CHARS = 200


def _numeric(type_: pa.DataType) -> bool:
    return bool(pa.types.is_integer(type_) or pa.types.is_floating(type_)
                or pa.types.is_boolean(type_) or pa.types.is_decimal(type_))


def _temporal(type_: pa.DataType) -> bool:
    return bool(pa.types.is_date(type_) or pa.types.is_timestamp(type_))


class ColumnProfiler:
    """Feed a column's chunks with :meth:`add`; :meth:`result` gives the profile.

    Args:
        name: the column.
        type_: its Arrow type.
    """

    def __init__(self, name: str, type_: pa.DataType) -> None:
        self.name = name
        self.type = type_
        self._rows = self._nulls = 0
        self._hll = datasketches.hll_sketch(12)
        self._kll = datasketches.kll_doubles_sketch(200)
        self._top = datasketches.frequent_strings_sketch(8)
        self._sum = 0.0
        self._min: str | None = None
        self._max: str | None = None

    def add(self, column: pa.Array | pa.ChunkedArray) -> None:
        """Measure one chunk of the column."""
        self._rows += len(column)
        self._nulls += column.null_count
        values = column.drop_null() if column.null_count else column
        if len(values) == 0:
            return
        if _numeric(self.type) or _temporal(self.type):
            self._add_numbers(values)
        elif pa.types.is_string(self.type) or pa.types.is_large_string(self.type):
            lo, hi = pc.min_max(values).values()
            self._min = min(x for x in (self._min, lo.as_py()) if x is not None)
            self._max = max(x for x in (self._max, hi.as_py()) if x is not None)
        for value in values.to_pylist():
            text = value if isinstance(value, str) else str(value)
            self._hll.update(text)
            self._top.update(text[:_MAX_VALUE_CHARS])

    def _add_numbers(self, values: pa.Array | pa.ChunkedArray) -> None:
        if _temporal(self.type):
            values = pc.cast(pc.cast(values, pa.timestamp("s")), pa.int64())
            numbers = values.to_numpy(zero_copy_only=False).astype(np.float64) / 86400.0
        else:
            numbers = pc.cast(values, pa.float64()).to_numpy(zero_copy_only=False)
        numbers = numbers[np.isfinite(numbers)]
        self._kll.update(numbers)
        self._sum += float(numbers.sum())

    def result(self) -> ColumnProfile:
        """The profile of everything added so far."""
        frequent = self._top.get_frequent_items(
            datasketches.frequent_items_error_type.NO_FALSE_POSITIVES)
        top = tuple(TopItem(str(v), int(lower)) for v, _est, lower, _up in frequent)[:TOP_VALUES]
        quantiles: dict[str, float] = {}
        mean = None
        lo, hi = self._min, self._max
        if not self._kll.is_empty():
            values = self._kll.get_quantiles(list(QUANTILES))
            quantiles = {f"p{round(q * 100)}": float(v) for q, v in zip(QUANTILES, values,
                                                                          strict=True)}
            mean = self._sum / self._kll.n
            lo, hi = _number_text(self._kll.get_min_value(), self.type), \
                _number_text(self._kll.get_max_value(), self.type)
        return ColumnProfile(name=self.name, type=str(self.type), rows=self._rows,
                             nulls=self._nulls,
                             distinct=min(round(self._hll.get_estimate()),
                                          self._rows - self._nulls),
                             min=lo[:_MAX_VALUE_CHARS] if lo else lo,
                             max=hi[:_MAX_VALUE_CHARS] if hi else hi,
                             quantiles=quantiles, mean=mean, top_values=top)


def _number_text(value: float, type_: pa.DataType) -> str:
    if _temporal(type_):
        return (dt.date(1970, 1, 1) + dt.timedelta(days=value)).isoformat()
    if pa.types.is_integer(type_) or pa.types.is_boolean(type_):
        return str(int(value))
    return f"{value:.6g}"
