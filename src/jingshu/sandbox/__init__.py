"""The DP sandbox: aggregate queries over data that never leaves the server.

Publishers declare the columns and their domains (:func:`declare`); a consumer with an
active grant runs count, sum, mean, quantile, histogram and group-by queries
(:func:`run_query`), answered with differential privacy through OpenDP and charged to
their persistent budget ledger.

Domain layer (the service: grants from ``circulation``, datasets from ``catalog``);
the mechanisms in ``dp`` import no database, domain, ``web`` or ``cli``.
"""

from jingshu.sandbox.service import (
    Budget,
    QueryOutcome,
    active_sandbox_grant,
    budget_of,
    declare,
    find_sandbox_grant,
    get_declaration,
    list_queries,
    run_query,
)
from jingshu.sandbox.spec import QuerySpec, SandboxDeclaration, parse_declaration, parse_query

__all__ = [
    "Budget",
    "QueryOutcome",
    "QuerySpec",
    "SandboxDeclaration",
    "active_sandbox_grant",
    "budget_of",
    "declare",
    "find_sandbox_grant",
    "get_declaration",
    "list_queries",
    "parse_declaration",
    "parse_query",
    "run_query",
]
