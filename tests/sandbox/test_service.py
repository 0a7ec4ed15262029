"""The sandbox use cases: releases, refusals, the ledger across sessions and threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select

from jingshu.accounts.service import get_user
from jingshu.audit import AuditEntry
from jingshu.catalog.service import get_dataset
from jingshu.circulation import revoke
from jingshu.circulation.grants import get_grant
from jingshu.errors import InputError, JingshuError, RuleViolation
from jingshu.platform import Platform
from jingshu.sandbox import QueryOutcome, budget_of, list_queries, parse_query, run_query
from jingshu.sandbox.models import QueryStatus
from jingshu.settings import load_settings
from tests.sandbox.helpers import Sandbox, make_sandbox, patients


def ask(platform: Platform, box: Sandbox, **query: Any) -> QueryOutcome:
    query.setdefault("epsilon", 0.5)
    with platform.session() as s:
        return run_query(s, platform.store, get_dataset(s, box.dataset),
                         get_user(s, box.consumer), parse_query(query), actor=box.consumer)


def spent(platform: Platform, box: Sandbox) -> float:
    with platform.session() as s:
        return budget_of(s, get_dataset(s, box.dataset), get_user(s, box.consumer)).epsilon_spent


def test_count_sum_mean_release_noisy_values_with_scale_and_accuracy(platform: Platform) -> None:
    box = make_sandbox(platform)
    rows = patients()
    count = ask(platform, box, aggregate="count", epsilon=1.0).release
    assert count.noise_scale == pytest.approx(1.0)
    assert abs(count.values[0].value - len(rows)) < 4 * count.values[0].accuracy
    mean = ask(platform, box, aggregate="mean", column="age", epsilon=1.0).release
    true_mean = sum(r["age"] for r in rows) / len(rows)
    assert abs(mean.values[0].value - true_mean) < 10
    assert mean.values[0].accuracy > 0
    total = ask(platform, box, aggregate="sum", column="cost", epsilon=0.5).release
    assert total.noise_scale == pytest.approx(10000 / 0.5)
    assert spent(platform, box) == pytest.approx(2.5)


def test_group_by_histogram_and_quantiles_over_declared_domains(platform: Platform) -> None:
    box = make_sandbox(platform)
    groups = ask(platform, box, aggregate="count", group_by="region", epsilon=0.5).release
    assert [v.key for v in groups.values] == ["东城区", "西城区", "朝阳区", "海淀区", "其他"]
    hist = ask(platform, box, aggregate="histogram", column="age", epsilon=0.5).release
    assert len(hist.values) == 10 and hist.values[0].key == "[0, 10)"
    q = ask(platform, box, aggregate="quantiles", column="age", quantiles=[0.5],
            epsilon=1.0).release
    assert 25 < q.values[0].value < 65
    filtered = ask(platform, box, aggregate="mean", column="cost", epsilon=0.5,
                   where=[{"column": "region", "op": "eq", "value": "东城区"},
                          {"column": "age", "op": "between", "value": [18, 90]}])
    assert 0 < filtered.release.values[0].value < 10000


@pytest.mark.parametrize(("query", "reason"), [
    ({"aggregate": "sum", "column": "name"}, "not declared"),
    ({"aggregate": "count", "group_by": "pid"}, "not declared"),
    ({"aggregate": "count", "group_by": "age"}, "unbounded"),
    ({"aggregate": "count", "where": [{"column": "pid", "value": "P00001"}]}, "not declared"),
    ({"aggregate": "count", "where": [{"column": "region", "value": "火星"}]}, "declared values"),
    ({"aggregate": "count", "where": [{"column": "age", "op": "between", "value": [33, 33]}]},
     "min_count"),
    ({"aggregate": "count", "epsilon": 2.0}, "per-query cap"),
    ({"aggregate": "mean", "column": "region"}, "numeric"),
])
def test_queries_that_could_isolate_individuals_are_refused_without_spending(
        platform: Platform, query: dict[str, Any], reason: str) -> None:
    box = make_sandbox(platform)
    with pytest.raises(RuleViolation, match=reason):
        ask(platform, box, **query)
    assert spent(platform, box) == 0.0


def test_a_malformed_query_names_the_field() -> None:
    with pytest.raises(InputError, match="aggregate"):
        parse_query({"aggregate": "median", "epsilon": 1})


def test_small_groups_are_refused_and_the_reservation_given_back(platform: Platform) -> None:
    rows = patients(60)
    rows += [{"pid": "X1", "age": 50, "region": "海淀区", "cost": 1.0, "name": "x"}]
    rows = [r for r in rows if r["region"] != "海淀区"] + rows[-1:]
    box = make_sandbox(platform, rows=rows)
    with pytest.raises(RuleViolation, match="海淀区"):
        ask(platform, box, aggregate="count", group_by="region")
    assert spent(platform, box) == 0.0
    with platform.session() as s:
        records = list_queries(s, get_dataset(s, box.dataset), get_user(s, box.consumer))
        assert [r.status for r in records] == [QueryStatus.FAILED]
        actions = list(s.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("sandbox.%"))))
    assert actions[-2:] == ["sandbox.reserve", "sandbox.refund"]


def test_budget_is_never_overrun_and_persists_across_restarts(platform: Platform) -> None:
    box = make_sandbox(platform)
    for _ in range(3):
        ask(platform, box, aggregate="count", epsilon=1.0)
    with pytest.raises(RuleViolation, match="over your budget"):
        ask(platform, box, aggregate="count", epsilon=0.1)
    reopened = Platform(load_settings(home=str(platform.settings.home),
                                      database_url=platform.settings.database_url,
                                      secret_key="test-secret"), migrate=False)
    try:
        assert spent(reopened, box) == pytest.approx(3.0)
        with pytest.raises(RuleViolation, match="over your budget"):
            ask(reopened, box, aggregate="count", epsilon=0.01)
    finally:
        reopened.close()


def test_revoked_grant_stops_queries(platform: Platform) -> None:
    box = make_sandbox(platform)
    with platform.session() as s:
        revoke(s, get_grant(s, box.grant_id), "到期前终止", actor="t")
    with pytest.raises(RuleViolation, match="no active grant"):
        ask(platform, box, aggregate="count")


def test_grant_fields_limit_the_columns(platform: Platform) -> None:
    box = make_sandbox(platform, fields=["age"])
    ask(platform, box, aggregate="mean", column="age")
    with pytest.raises(RuleViolation, match="grant's fields"):
        ask(platform, box, aggregate="mean", column="cost")


def test_parallel_clients_never_overrun_the_ledger(platform: Platform) -> None:
    """24 threads each ask for 0.25 against a budget of 3.0: exactly 12 are released."""
    box = make_sandbox(platform, rows=patients(120))

    def one(_: int) -> str:
        try:
            ask(platform, box, aggregate="count", epsilon=0.25)
            return "released"
        except JingshuError as exc:
            return "refused" if "over your budget" in exc.message else exc.message

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(one, range(24)))
    assert outcomes.count("released") == 12, outcomes
    assert outcomes.count("refused") == 12, outcomes
    assert spent(platform, box) == pytest.approx(3.0)
    with platform.session() as s:
        records = list_queries(s, get_dataset(s, box.dataset), get_user(s, box.consumer))
        assert sum(r.epsilon for r in records if r.status is QueryStatus.RELEASED) <= 3.0
