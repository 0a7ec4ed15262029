"""``jingshu sandbox``: declare a dataset's DP sandbox, query it, read a ledger.

The operator runs these on the server: ``query`` acts for a consumer (``--user``),
who needs an active grant, and spends that consumer's budget, exactly as
``POST /api/v1/sandbox/{dataset}/queries`` does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import yaml

from jingshu.accounts.service import get_user
from jingshu.catalog.service import get_dataset
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.errors import InputError
from jingshu.sandbox import (
    budget_of,
    declare,
    get_declaration,
    parse_declaration,
    parse_query,
    run_query,
)

__all__ = ["sandbox"]


@click.group()
def sandbox() -> None:
    """DP sandbox (差分隐私沙箱): aggregate queries over data that never leaves."""


@sandbox.command("declare")
@click.argument("dataset")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False), required=True,
              help="YAML or JSON: columns (numeric lower/upper/bins or categorical values), "
                   "epsilon_total, max_epsilon_per_query, min_count.")
@pass_app
def declare_cmd(app: AppContext, dataset: str, path: str) -> None:
    """Declare DATASET's queryable columns, their domains and the budget per consumer."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping with 'columns' and 'epsilon_total'",
                         hint="see docs/guides/privacy.md")
    with app.platform.session() as s:
        declare(s, get_dataset(s, dataset), parse_declaration(data), actor=app.actor)
        s.commit()
    click.echo(f"{dataset}: sandbox declared ({len(data.get('columns', {}))} columns)")


@sandbox.command("show")
@click.argument("dataset")
@pass_app
def show(app: AppContext, dataset: str) -> None:
    """Print DATASET's declaration as JSON."""
    with app.platform.session() as s:
        echo_json(get_declaration(s, get_dataset(s, dataset)).model_dump())


def _where(items: tuple[str, ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        column, sep, value = item.partition("=")
        if not sep or not column:
            raise InputError(f"--where {item!r} is not COLUMN=VALUE or COLUMN=LOW..HIGH",
                             hint="e.g. --where region=东城区 --where age=18..65")
        low, dots, high = value.partition("..")
        if dots:
            out.append({"column": column, "op": "between", "value": [float(low), float(high)]})
        else:
            out.append({"column": column, "op": "in", "value": value.split(",")})
    return out


@sandbox.command("query")
@click.argument("dataset")
@click.option("--user", "username", required=True, help="The consumer the query is for.")
@click.option("--aggregate", type=click.Choice(["count", "sum", "mean", "quantiles",
                                                "histogram"]), required=True,
              help="What to compute.")
@click.option("--column", default=None, help="The measured column (all but count).")
@click.option("--group-by", default=None, help="A declared categorical column.")
@click.option("--where", multiple=True, help="COLUMN=V1,V2 or COLUMN=LOW..HIGH (repeatable).")
@click.option("--quantile", "quantiles", multiple=True, type=float,
              help="Probability for quantiles (repeatable; default 0.5).")
@click.option("--epsilon", type=float, required=True, help="Budget this query spends.")
@json_option
@pass_app
def query(app: AppContext, dataset: str, username: str, aggregate: str, column: str | None,
          group_by: str | None, where: tuple[str, ...], quantiles: tuple[float, ...],
          epsilon: float, as_json: bool) -> None:
    """Run one DP aggregate over DATASET for USER (spends their budget)."""
    spec = parse_query({"aggregate": aggregate, "column": column, "group_by": group_by,
                        "where": _where(where), "quantiles": list(quantiles) or [0.5],
                        "epsilon": epsilon})
    with app.platform.session() as s:
        outcome = run_query(s, app.platform.store, get_dataset(s, dataset),
                            get_user(s, username), spec, actor=app.actor)
    answer = outcome.release.as_dict() | {"query_id": outcome.query_id,
                                          "epsilon_left": outcome.budget.epsilon_left}
    if as_json:
        echo_json(answer)
        return
    echo_table(("key", "value", "±95%"), [(v.key, f"{v.value:.4g}", f"{v.accuracy:.3g}")
                                         for v in outcome.release.values])
    click.echo(f"{outcome.release.mechanism}, noise scale {outcome.release.noise_scale:.4g}; "
               f"epsilon left {outcome.budget.epsilon_left:g}")


@sandbox.command("budget")
@click.argument("dataset")
@click.option("--user", "username", required=True, help="The consumer whose ledger to show.")
@pass_app
def budget(app: AppContext, dataset: str, username: str) -> None:
    """Show USER's privacy-budget ledger on DATASET."""
    with app.platform.session() as s:
        b = budget_of(s, get_dataset(s, dataset), get_user(s, username))
    click.echo(json.dumps({"dataset": b.dataset, "epsilon_total": b.epsilon_total,
                           "epsilon_spent": b.epsilon_spent, "epsilon_left": b.epsilon_left,
                           "queries": b.queries}, ensure_ascii=False))
