"""What a publisher declares and what a consumer asks, as typed, validated objects.

A declaration names every column the sandbox answers on with a bounded domain:
``numeric`` (``lower``, ``upper``, ``bins`` for histograms and quantiles) or
``categorical`` (the list of ``values``; anything else counts as ``其他``). Columns
not declared cannot be used at all. A query is one aggregate, optionally over one
categorical ``group_by`` column and ``where`` conditions, and the epsilon it spends.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jingshu.errors import InputError

__all__ = [
    "Aggregate",
    "CategoricalDomain",
    "ColumnDomain",
    "Condition",
    "NumericDomain",
    "QuerySpec",
    "SandboxDeclaration",
    "parse_declaration",
    "parse_query",
]

Aggregate = Literal["count", "sum", "mean", "quantiles", "histogram"]
OTHER = "其他"

# NaN and ±Infinity are refused everywhere (JSON parsers accept them): an infinite
# bound has no finite sensitivity, and NaN compares false with everything.
_STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class NumericDomain(BaseModel):
    """A numeric column clamped to ``[lower, upper]``; ``bins`` equal-width bins."""

    model_config = _STRICT
    kind: Literal["numeric"] = "numeric"
    lower: float
    upper: float
    bins: int = Field(default=10, ge=1, le=1024)

    @model_validator(mode="after")
    def _ordered(self) -> NumericDomain:
        if not self.lower < self.upper:
            raise ValueError(f"lower={self.lower} must be below upper={self.upper}")
        return self

    def edges(self) -> list[float]:
        step = (self.upper - self.lower) / self.bins
        return [self.lower + i * step for i in range(self.bins)] + [self.upper]


class CategoricalDomain(BaseModel):
    """A categorical column with its declared values (others are counted as 其他)."""

    model_config = _STRICT
    kind: Literal["categorical"] = "categorical"
    values: list[str] = Field(min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _unique(self) -> CategoricalDomain:
        if len(set(self.values)) != len(self.values):
            raise ValueError("values must be distinct")
        return self

    def labels(self) -> list[str]:
        return [*self.values, OTHER]


ColumnDomain = Annotated[NumericDomain | CategoricalDomain, Field(discriminator="kind")]


class SandboxDeclaration(BaseModel):
    """A dataset's sandbox terms.

    Args:
        columns: column name → domain; the only columns queries may touch.
        epsilon_total: privacy budget of each consumer on this dataset.
        max_epsilon_per_query: most epsilon one query may spend.
        min_count: fewest rows a filter or a group may select.
    """

    model_config = _STRICT
    columns: dict[str, ColumnDomain] = Field(min_length=1)
    epsilon_total: float = Field(gt=0, le=100)
    max_epsilon_per_query: float = Field(default=1.0, gt=0, le=10)
    min_count: int = Field(default=10, ge=1)


class Condition(BaseModel):
    """``column`` equals / is one of / lies between (inclusive) ``value``."""

    model_config = _STRICT
    column: str
    op: Literal["eq", "in", "between"] = "eq"
    value: str | float | list[str] | list[float]


class QuerySpec(BaseModel):
    """One aggregate query.

    Args:
        aggregate: count, sum, mean, quantiles or histogram.
        column: the measured column (all but count).
        group_by: a declared categorical column (count, sum, mean).
        where: conditions on declared columns, all of which must hold.
        quantiles: the probabilities for ``quantiles``.
        epsilon: the budget this query spends.
    """

    model_config = _STRICT
    aggregate: Aggregate
    column: str | None = None
    group_by: str | None = None
    where: list[Condition] = Field(default_factory=list, max_length=8)
    quantiles: list[float] = Field(default_factory=lambda: [0.5], min_length=1, max_length=20)
    epsilon: float = Field(gt=0)


def _input_error(what: str, exc: ValidationError) -> InputError:
    errors = exc.errors()
    # A NaN in a union field fails every branch; the finite-number one says why.
    first = next((e for e in errors if e["type"] == "finite_number"), errors[0])
    where = ".".join(str(p) for p in first["loc"]) or what
    return InputError(f"{what}: field {where!r}: {first['msg']}",
                      hint=f"see 'jingshu sandbox --help' for the {what} format")


def parse_declaration(data: dict[str, Any]) -> SandboxDeclaration:
    """Validate a declaration (raises :class:`InputError` naming the field)."""
    try:
        return SandboxDeclaration.model_validate(data)
    except ValidationError as exc:
        raise _input_error("sandbox declaration", exc) from exc


def parse_query(data: dict[str, Any]) -> QuerySpec:
    """Validate a query (raises :class:`InputError` naming the field)."""
    try:
        return QuerySpec.model_validate(data)
    except ValidationError as exc:
        raise _input_error("sandbox query", exc) from exc
