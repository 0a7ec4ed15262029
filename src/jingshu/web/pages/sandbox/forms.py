"""The sandbox pages' HTML forms, translated to and from the domain's declaration and query.

The page layer only reshapes fields: validation is the domain's (pydantic models of
:mod:`jingshu.sandbox.spec`), and each validation error is placed next to the form
field it names, in the viewer's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from jingshu.sandbox import QuerySpec, SandboxDeclaration, parse_query
from jingshu.sandbox.spec import CategoricalDomain, NumericDomain
from jingshu.web.pages.i18n import t

__all__ = ["BLANK_ROWS", "CheckedDeclaration", "ColumnRow", "DeclarationForm", "QueryForm",
           "check_declaration"]

BLANK_ROWS = 2
_LIMITS = {"greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt",
           "less_than_equal": "le", "too_short": "min_length", "too_long": "max_length"}
_WHOLE_DOMAIN = {"numeric": "lower", "categorical": "values"}  # a domain-level error's field


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


@dataclass(frozen=True)
class ColumnRow:
    """One declared column as the form shows it (every field a string)."""

    name: str = ""
    kind: str = "numeric"
    lower: str = ""
    upper: str = ""
    bins: str = "10"
    values: str = ""

    @classmethod
    def of(cls, name: str, domain: NumericDomain | CategoricalDomain) -> ColumnRow:
        if isinstance(domain, CategoricalDomain):
            return cls(name, "categorical", values=", ".join(domain.values))
        return cls(name, "numeric", f"{domain.lower:g}", f"{domain.upper:g}", str(domain.bins))

    def blank(self) -> bool:
        return not (self.name or self.lower or self.upper or self.values)

    def domain(self) -> dict[str, Any]:
        if self.kind == "categorical":
            return {"kind": "categorical", "values": _split(self.values)}
        return {"kind": self.kind, "lower": self.lower or None, "upper": self.upper or None,
                "bins": self.bins or 10}


@dataclass(frozen=True)
class DeclarationForm:
    """The declaration editor's fields."""

    rows: list[ColumnRow]
    epsilon_total: str = "1"
    max_epsilon_per_query: str = "1"
    min_count: str = "10"

    @classmethod
    def of(cls, declared: SandboxDeclaration | None) -> DeclarationForm:
        if declared is None:
            return cls([ColumnRow() for _ in range(BLANK_ROWS + 1)])
        rows = [ColumnRow.of(n, d) for n, d in declared.columns.items()]
        return cls(rows + [ColumnRow() for _ in range(BLANK_ROWS)],
                   f"{declared.epsilon_total:g}", f"{declared.max_epsilon_per_query:g}",
                   str(declared.min_count))

    @classmethod
    def parse(cls, form: Mapping[str, str]) -> DeclarationForm:
        count = int(form.get("rows", "0") or 0)
        rows = [ColumnRow(*(form.get(f"col-{i}-{k}", "").strip() for k in
                            ("name", "kind", "lower", "upper", "bins", "values")))
                for i in range(min(count, 1000))]
        return cls(rows, form.get("epsilon_total", ""), form.get("max_epsilon_per_query", ""),
                   form.get("min_count", ""))

    def with_blank_rows(self) -> DeclarationForm:
        kept = [r for r in self.rows if not r.blank()]
        return replace(self, rows=kept + [ColumnRow() for _ in range(BLANK_ROWS)])


@dataclass(frozen=True)
class CheckedDeclaration:
    declaration: SandboxDeclaration | None
    errors: dict[str, str] = field(default_factory=dict)  # form field id → message


def _message(error: ErrorDetails, lang: str) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("missing", "none_required") or error.get("input") is None:
        return t("sb.err.required", lang)
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type", "int_from_float"):
        return t("sb.err.number", lang)
    if kind in _LIMITS and _LIMITS[kind] in ctx:
        return t(f"sb.err.{_LIMITS[kind]}", lang, limit=ctx[_LIMITS[kind]])
    return str(error["msg"]).removeprefix("Value error, ")


def _field_of(loc: tuple[int | str, ...], names: list[str]) -> str:
    if len(loc) >= 2 and loc[0] == "columns" and loc[1] in names:
        row = names.index(str(loc[1]))
        if len(loc) > 3:
            attr = str(loc[3])
        else:
            attr = _WHOLE_DOMAIN.get(str(loc[2]), "kind") if len(loc) == 3 else "kind"
        return f"col-{row}-{attr}"
    return str(loc[0]) if loc else "columns"


def check_declaration(form: DeclarationForm, lang: str) -> CheckedDeclaration:
    """The declaration the form describes, or its errors keyed by form field id."""
    rows = [(i, r) for i, r in enumerate(form.rows) if not r.blank()]
    errors = {f"col-{i}-name": t("sb.err.required", lang) for i, r in rows if not r.name}
    seen: set[str] = set()
    for i, r in rows:
        if r.name in seen:
            errors[f"col-{i}-name"] = t("sb.err.duplicate", lang, name=r.name)
        seen.add(r.name)
    if errors:
        return CheckedDeclaration(None, errors)
    names = [r.name for i, r in enumerate(form.rows)]
    payload = {"columns": {r.name: r.domain() for _, r in rows},
               "epsilon_total": form.epsilon_total or None,
               "max_epsilon_per_query": form.max_epsilon_per_query or None,
               "min_count": form.min_count or None}
    try:
        return CheckedDeclaration(SandboxDeclaration.model_validate(payload))
    except ValidationError as exc:
        found: dict[str, str] = {}
        for error in exc.errors():
            found.setdefault(_field_of(error["loc"], names), _message(error, lang))
        return CheckedDeclaration(None, found)


@dataclass(frozen=True)
class QueryForm:
    """The query builder's fields."""

    aggregate: str = "count"
    column: str = ""
    group_by: str = ""
    quantiles: str = "0.5"
    epsilon: str = "0.5"

    @classmethod
    def parse(cls, form: Mapping[str, str]) -> QueryForm:
        return cls(*(form.get(k, "").strip() for k in
                     ("aggregate", "column", "group_by", "quantiles", "epsilon")))

    def spec(self) -> QuerySpec:
        """The domain query (raises :class:`~jingshu.errors.InputError` naming the field)."""
        data: dict[str, Any] = {"aggregate": self.aggregate, "column": self.column or None,
                                "group_by": self.group_by or None,
                                "epsilon": self.epsilon or None}
        if self.aggregate == "quantiles":
            data["quantiles"] = _split(self.quantiles)
        return parse_query(data)
