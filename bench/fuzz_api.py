"""Fuzz the HTTP API from its OpenAPI schema with Schemathesis; count server errors.

Run: ``nice -n 10 .venv/bin/python bench/fuzz_api.py [--examples 25] [--seconds 600]
[--database-url URL] [--write]`` (needs ``pip install 'jingshu[bench]'``).

The app runs in this process over a fresh platform in a temporary home (SQLite unless
``--database-url`` names a PostgreSQL database, whose tables are emptied first). It is
seeded with an organization, a dataset at each open tier, an annotation project and a
user per role. Every operation is fuzzed three ways, each bounded by ``--examples``
Hypothesis examples and the whole run by ``--seconds``:

* ``anonymous``: no credentials;
* ``admin``: an administrator's bearer token;
* ``admin, known names``: the same token, with path parameters that name the seeded
  objects (``{name}`` → a dataset or project that exists, ``{number}`` → 1 ...), so the
  generated bodies reach the use cases instead of stopping at 404.

Any 5xx answer is a finding: printed with a curl command that reproduces it, and the
script exits 1. ``--write`` puts the table in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform as host
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from report import write_section

try:
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable
except ImportError:  # pragma: no cover - a bench dependency
    sys.exit("Schemathesis is missing: pip install 'jingshu[bench]'")

from jingshu.accounts.models import Role
from jingshu.accounts.service import get_user, issue_token
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.platform import Platform
from jingshu.settings import load_settings
from jingshu.web.app import create_app

SEED_PASSWORD = "fuzz-seed-Passphrase-7"
KNOWN = {"name": "fuzz-open", "number": "1", "field": "text", "shard": "part-00000.parquet",
         "kind": "use", "token_id": "1", "request_id": "1", "grant_id": "1", "note_id": "1",
         "answer_id": "1", "run_id": "1"}
PROJECT_PATHS = ("/api/v1/projects/", "/api/v1/annotate/")


@dataclass
class Tally:
    """What one mode of the run saw."""

    calls: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # one line + curl per 5xx

    @property
    def server_errors(self) -> int:
        return sum(n for s, n in self.statuses.items() if s >= 500)


def _seed(platform: Platform) -> tuple[dict[str, str], int]:
    """Seed objects for path parameters to name; the admin's bearer header and token id.

    A decoy token (id 1, what ``KNOWN`` names) is issued first, for the fuzzer to revoke.
    """
    import pyarrow as pa

    from jingshu.accounts.service import create_organization, create_user
    from jingshu.annotate.projects import ProjectSpec, create_project
    from jingshu.catalog.service import DatasetSpec, create_dataset, get_version, publish_version
    from jingshu.store import Provenance

    rows = [{"id": f"r{i}", "text": f"第{i}条：数据要素市场很活跃。"} for i in range(20)]
    with platform.session() as s:
        create_organization(s, "fuzz-org", "模糊测试机构", actor="bench")
        for role in Role:
            create_user(s, f"fuzz-{role.value}", SEED_PASSWORD, role, actor="bench",
                        organization="fuzz-org")
        tiers = {"fuzz-open": (OpenTier.UNCONDITIONAL, Grade.GENERAL, Sensitivity.L1),
                 "fuzz-cond": (OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2),
                 "fuzz-closed": (OpenTier.NOT_OPEN, Grade.IMPORTANT, Sensitivity.L3)}
        for name, (tier, grade, level) in tiers.items():
            ds = create_dataset(s, DatasetSpec(name=name, title="模糊测试数据", open_tier=tier,
                                               grade=grade, sensitivity=level,
                                               organization="fuzz-org"), actor="bench")
            publish_version(s, platform.store, ds, [pa.RecordBatch.from_pylist(rows)],
                            creator="bench", made_by=Provenance(kind="import", source="bench"))
    with platform.session() as s:
        create_project(s, platform.store, get_version(s, "fuzz-open"),
                       ProjectSpec(name="fuzz-project", title="情感标注",
                                   label_schema={"kind": "single", "labels": ["正面", "负面"]}),
                       actor="bench")
        issue_token(s, get_user(s, "fuzz-consumer"), "decoy", actor="bench")
        issued = issue_token(s, get_user(s, "fuzz-admin"), "fuzz", actor="bench")
    return {"Authorization": f"Bearer {issued.secret}"}, issued.id


def _known(path: str, params: dict[str, Any]) -> dict[str, Any]:
    """Path parameters replaced by names of seeded objects where the schema has them."""
    out = dict(params)
    for key in out:
        if key in KNOWN:
            out[key] = KNOWN[key]
    if "name" in out and path.startswith(PROJECT_PATHS):
        out["name"] = "fuzz-project"
    return out


def _fuzz(operation: Any, headers: dict[str, str], known: bool, tally: Tally,
          examples: int, deadline: float, keep_token: int) -> None:
    path = operation.path

    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        if time.monotonic() > deadline:
            return
        if known and case.path_parameters:
            case.path_parameters = _known(path, case.path_parameters)
        if str((case.path_parameters or {}).get("token_id")) == str(keep_token):
            case.path_parameters["token_id"] = KNOWN["token_id"]  # not the fuzzer's own
        tally.calls += 1
        try:
            response = case.call(headers=headers)
            status = response.status_code
            text = response.content[:300].decode("utf-8", "replace")
        except Exception as exc:  # the in-process client re-raises the app's 500s
            status, text = 500, f"{type(exc).__name__}: {str(exc)[:300]}"
        tally.statuses[status] += 1
        if status >= 500:
            tally.errors.append(f"{status} {case.method} {case.formatted_path}\n"
                                f"    {case.as_curl_command(headers=headers)[:600]}\n"
                                f"    {text}")

    with contextlib.suppress(Unsatisfiable):
        run()


def _open(database_url: str | None) -> tuple[Platform, str]:
    home = tempfile.mkdtemp(prefix="jingshu-fuzz-")
    if database_url:
        from sqlalchemy import create_engine, text

        engine = create_engine(database_url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        settings_ = load_settings(home=home, database_url=database_url, secret_key="fuzz")
        return Platform(settings_), "PostgreSQL"
    return Platform(load_settings(home=home, secret_key="fuzz")), "SQLite"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=25,
                        help="Hypothesis examples per operation and mode")
    parser.add_argument("--seconds", type=float, default=600, help="bound on the whole run")
    parser.add_argument("--database-url", help="a PostgreSQL URL to fuzz over (emptied!)")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()
    platform, backend = _open(args.database_url)
    admin, keep_token = _seed(platform)
    app = create_app(platform)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    modes = {"anonymous": ({}, False), "admin": (admin, False),
             "admin, known names": (admin, True)}
    tallies = {mode: Tally() for mode in modes}
    start = time.monotonic()
    deadline = start + args.seconds
    for mode, (headers, known) in modes.items():
        for operation in operations:
            _fuzz(operation, headers, known, tallies[mode], args.examples, deadline,
                  keep_token)
    elapsed = time.monotonic() - start
    platform.close()
    _report(tallies, len(operations), elapsed, backend, args)
    return 1 if any(t.server_errors for t in tallies.values()) else 0


def _report(tallies: dict[str, Tally], operations: int, elapsed: float, backend: str,
            args: argparse.Namespace) -> None:
    lines = ["| mode | requests | 2xx | 4xx | 5xx | most frequent statuses |",
             "|---|---:|---:|---:|---:|---|"]
    for mode, t in tallies.items():
        ok = sum(n for s, n in t.statuses.items() if 200 <= s < 300)
        client = sum(n for s, n in t.statuses.items() if 400 <= s < 500)
        top = ", ".join(f"{s}×{n}" for s, n in t.statuses.most_common(6))
        lines.append(f"| {mode} | {t.calls} | {ok} | {client} | {t.server_errors} | {top} |")
    for mode, t in tallies.items():
        for error in t.errors[:20]:
            print(f"[{mode}] {error}", file=sys.stderr)
    table = "\n".join(lines)
    print(table)
    print(f"{operations} operations, {elapsed:.0f} s, {backend}")
    if not args.write:
        return
    command = (f"nice -n 10 .venv/bin/python bench/fuzz_api.py --examples {args.examples} "
               f"--seconds {args.seconds:.0f}" + (" --database-url URL" if args.database_url
                                                  else "") + " --write")
    write_section(f"fuzz-{backend.lower()}", f"""
## API fuzzing (Schemathesis over the OpenAPI schema, {backend})

Machine: {host.machine()}, {os.cpu_count()} CPUs shared with other work, Python
{host.python_version()}, Schemathesis {schemathesis.__version__}; {date.today()}.
Command: `{command}`. The app runs in-process over a fresh {backend} database seeded
with an organization, a dataset per open tier, a project and a user per role; each of
the {operations} operations gets up to {args.examples} generated requests per mode
(derandomized, so the run repeats); {elapsed:.0f} s in all. A 5xx is a finding
(printed with a curl command to reproduce it); 429s are the login throttle at work.
Portal pages are not in the schema and not fuzzed. Nothing here is tuned: it is a
pass/fail check.

{table}
""")


if __name__ == "__main__":
    sys.exit(main())
