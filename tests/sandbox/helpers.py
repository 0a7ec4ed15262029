"""A not-open dataset of patients with a declared sandbox and a consumer holding a grant."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import Any

from jingshu.accounts.models import Role
from jingshu.accounts.service import get_user
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset
from jingshu.circulation import (
    AgreementKind,
    Application,
    GrantTerms,
    apply,
    approve,
    set_agreement,
)
from jingshu.platform import Platform
from jingshu.sandbox import declare, parse_declaration
from tests.factories import make_dataset, make_org, make_user

__all__ = ["DECLARATION", "Sandbox", "make_sandbox", "patients"]

_seq = itertools.count(1)
REGIONS = ["东城区", "西城区", "朝阳区", "海淀区"]
DECLARATION: dict[str, Any] = {
    "columns": {"age": {"kind": "numeric", "lower": 0, "upper": 100, "bins": 10},
                "region": {"kind": "categorical", "values": REGIONS},
                "cost": {"kind": "numeric", "lower": 0, "upper": 10000}},
    "epsilon_total": 3.0, "max_epsilon_per_query": 1.0, "min_count": 10,
}


def patients(n: int = 400, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [{"pid": f"P{i:05d}", "age": rng.randint(1, 90), "region": rng.choice(REGIONS),
             "cost": round(rng.uniform(100, 5000), 2), "name": f"病人{i}"} for i in range(n)]


@dataclass(frozen=True)
class Sandbox:
    dataset: str
    consumer: str
    publisher: str
    grant_id: str


def make_sandbox(platform: Platform, *, rows: list[dict[str, Any]] | None = None,
                 declaration: dict[str, Any] | None = None, core: bool = True,
                 fields: list[str] | None = None, consumer: str | None = None,
                 declared: bool = True) -> Sandbox:
    n = next(_seq)
    org = f"hospital-{n}"
    make_org(platform, org)
    pub = make_user(platform, Role.PUBLISHER, name=f"pub-{n}", organization=org)
    if consumer is None:
        consumer = make_user(platform, Role.CONSUMER, name=f"cons-{n}").username
    extra = {"grade": Grade.CORE, "sensitivity": Sensitivity.L4} if core else {}
    name = f"patients-{n}"
    make_dataset(platform, name=name, tier=OpenTier.NOT_OPEN, organization=org,
                 rows=patients() if rows is None else rows, **extra)
    with platform.session() as s:
        ds = get_dataset(s, name)
        for kind in AgreementKind:
            set_agreement(s, ds, kind, "条款", actor="t")
        req = apply(s, ds, get_user(s, consumer),
                    Application("保险公司", "精算", "研究", 30, 1, 1, fields or []))
        grant = approve(s, req, GrantTerms(quota=1, fields=fields), actor="t")
        if declared:
            declare(s, ds, parse_declaration(declaration or DECLARATION), actor=pub.username)
        return Sandbox(name, consumer, pub.username, grant.id)
