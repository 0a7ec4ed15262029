"""Corpus runs publishing into an existing target: role × source tier × target protection.

Lineage carries protection: a run's target must be editable by the caller and at least
as protected as the source (tier, grade and level; ``jingshu.catalog.rules``), or the
run is refused at once (422) instead of publishing closed documents into open data.
The platform (users, ``ds-<tier>`` of ``owner-org``) is ``test_authz_matrix.py``'s.

Targets: ``own-open`` (owner-org, unconditional general/L1), ``own-cond`` (owner-org,
conditional general/L2), ``own-closed`` (owner-org, not open, important/L3),
``own-core`` (owner-org, not open, core/L4), ``other-open`` (other-org, unconditional).
"""

from __future__ import annotations

import itertools

import pytest

from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from tests.factories import make_dataset
from tests.web.helpers import API
from tests.web.test_authz_matrix import ROLES, World, world  # noqa: F401 (fixture)

TABLE = """
method path         source        target      anon cons anno own  other admin
POST   /corpus/runs unconditional own-open    401  403  403  202  403   202
POST   /corpus/runs unconditional other-open  401  403  403  403  202   202
POST   /corpus/runs conditional   own-open    401  403  403  422  403   422
POST   /corpus/runs conditional   own-cond    401  403  403  202  403   202
POST   /corpus/runs not_open      own-cond    401  403  403  422  403   422
POST   /corpus/runs not_open      own-closed  401  403  403  202  403   202
POST   /corpus/runs not_open      own-core    401  403  403  202  403   202
POST   /corpus/runs core          own-core    401  403  403  403  403   403
"""
RECIPE = "name: small\nsteps:\n  - op: text_length\n    params: {min_chars: 2}\n"
TARGETS = {
    "own-open": ("owner-org", OpenTier.UNCONDITIONAL, Grade.GENERAL, Sensitivity.L1),
    "own-cond": ("owner-org", OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2),
    "own-closed": ("owner-org", OpenTier.NOT_OPEN, Grade.IMPORTANT, Sensitivity.L3),
    "own-core": ("owner-org", OpenTier.NOT_OPEN, Grade.CORE, Sensitivity.L4),
    "other-open": ("other-org", OpenTier.UNCONDITIONAL, Grade.GENERAL, Sensitivity.L1),
}

ROUTES: set[tuple[str, str]] = {("POST", "/corpus/runs")}

CELLS = [
    (source, target, role, int(status))
    for _m, _p, source, target, *statuses in (line.split()
                                              for line in TABLE.strip().splitlines()[1:])
    for role, status in zip(ROLES, statuses, strict=True)
]
_n = itertools.count(1)


def _target(on: World, kind: str) -> str:
    """A fresh target of ``kind`` (runs append to it, so every cell gets its own)."""
    org, tier, grade, level = TARGETS[kind]
    name = f"{kind}-{next(_n)}"
    make_dataset(on.platform, name=name, organization=org, tier=tier, grade=grade,
                 sensitivity=level, rows=[{"id": "x", "text": "已有的文档内容"}])
    return name


@pytest.mark.parametrize(("source", "target", "role", "status"), CELLS,
                         ids=[f"{c[0]}->{c[1]} {c[2]}" for c in CELLS])
def test_a_run_never_publishes_into_a_less_protected_target(
        world: World, source: str, target: str, role: str, status: int) -> None:  # noqa: F811
    name = _target(world, target)
    world.client.cookies.clear()
    response = world.client.post(f"{API}/corpus/runs", headers=world.headers[role],
                                 json={"recipe": RECIPE, "target": name,
                                       "source": f"ds-{source.replace('_', '-')}@1"})
    assert response.status_code == status, response.text[:300]
    if status == 422:
        error = response.json()["error"]
        assert error["code"] == "rule_violation"
        assert "lineage carries protection" in error["message"] and name in error["message"]
    if status != 202:
        with world.platform.session() as s:  # nothing queued or written when refused
            dataset = s.query(Dataset).filter_by(name=name).one()
            assert len(dataset.versions) == 1
