"""Every route that returns or writes dataset rows goes through the dataset policy.

The walker enumerates ``app.routes`` (API and portal). Each route is classified here,
in ``ROW_ROUTES`` (returns rows, or writes a version) or ``OTHER_ROUTES`` (with why
not), so a new route fails :func:`test_every_route_is_classified` until someone decides.
A route is *detected* as touching rows when its handler calls a function that reads
or writes rows (:data:`ROW_FUNCTIONS`, found by identity among the names the handler's
code uses) or reads a stored version (``head``, ``iter_batches``): a detected route
filed under ``OTHER_ROUTES`` fails :func:`test_routes_that_touch_rows_are_row_routes`.

Coverage: an API row route must have rows in an authorization matrix
(``tests/web/test_authz_*.py``) that refuse someone (403) and allow someone, including
a closed tier or state; a portal row route has a probe below that calls it as someone
the dataset policy refuses, on closed data, and checks the rows do not come back.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Route

from jingshu.accounts.models import Role
from jingshu.annotate import annotator_qc, assignment, export, label_review, projects
from jingshu.annotate.answers import submit_answer
from jingshu.annotate.assignment import next_item
from jingshu.annotate.projects import ProjectSpec, create_project, join_project
from jingshu.catalog import importing, service
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_version
from jingshu.jobs import runs
from jingshu.platform import Platform
from jingshu.store import exporters
from jingshu.web.api.handlers import media
from jingshu.web.app import create_app
from jingshu.web.uploads import import_upload
from tests.conftest import fresh_platform
from tests.factories import make_dataset, make_org, make_user
from tests.web.pages.forms import page_login
from tests.web.test_authz_annotate import annotate_grant

API = "/api/v1"
MATRIX = "a matrix in tests/web/test_authz_*.py"

# (method, path) → who checks its policy: MATRIX (API), or the probe below (portal)
ROW_ROUTES: dict[tuple[str, str], str] = {
    ("POST", f"{API}/datasets/{{name}}/versions"): MATRIX,
    ("GET", f"{API}/datasets/{{name}}/versions/{{number}}/preview"): MATRIX,
    ("GET", f"{API}/datasets/{{name}}/versions/{{number}}/rows"): MATRIX,
    ("GET", f"{API}/datasets/{{name}}/versions/{{number}}/download"): MATRIX,
    ("GET", f"{API}/datasets/{{name}}/versions/{{number}}/files/{{shard}}"): MATRIX,
    ("GET", f"{API}/datasets/{{name}}/versions/{{number}}/stats"): MATRIX,
    ("GET", f"{API}/datasets/{{name}}/versions/{{number}}/media/{{sha}}"): MATRIX,
    ("POST", f"{API}/datasets/mix"): MATRIX,
    ("GET", f"{API}/grants/{{grant_id}}/download"): MATRIX,
    ("POST", f"{API}/corpus/runs"): MATRIX,
    ("POST", f"{API}/projects"): MATRIX,
    ("POST", f"{API}/projects/{{name}}/join"): MATRIX,
    ("POST", f"{API}/projects/{{name}}/next"): MATRIX,
    ("POST", f"{API}/projects/{{name}}/answers"): MATRIX,
    ("POST", f"{API}/projects/{{name}}/skip"): MATRIX,
    ("GET", f"{API}/projects/{{name}}/review"): MATRIX,
    ("POST", f"{API}/projects/{{name}}/answers/{{answer_id}}/review"): MATRIX,
    ("POST", f"{API}/projects/{{name}}/export"): MATRIX,
    ("GET", f"{API}/projects/{{name}}/labels"): MATRIX,
    ("GET", f"{API}/projects/{{name}}/media/{{sha}}"): MATRIX,
    ("GET", f"{API}/projects/{{name}}/label-errors"): MATRIX,
    ("POST", f"{API}/projects/{{name}}/label-errors/review"): MATRIX,
    ("GET", f"{API}/datasets/{{name}}/versions/{{number}}/label-errors"): MATRIX,
    ("POST", f"{API}/projects/{{name}}/label-errors"): MATRIX,
    ("POST", f"{API}/datasets/{{name}}/versions/{{number}}/label-errors"): MATRIX,
    ("GET", "/datasets/{name}"): "probe",
    ("GET", "/datasets/{name}/download"): "probe",
    ("GET", "/grants/{grant_id}/download"): "probe",
    ("POST", "/datasets/{name}/versions/{number}/runs"): "probe",
    ("POST", "/projects/{name}/join"): "probe",
    ("GET", "/projects/{name}/work"): "probe",
    ("POST", "/projects/{name}/export"): "probe",
    ("GET", "/projects/{name}/review"): "probe",
    ("POST", "/projects/{name}/review/{answer_id}"): "probe",
    ("POST", "/projects/new"): "probe",
    ("GET", "/datasets/{name}/quality"): "probe",
    ("POST", "/new-dataset"): "probe",  # with a file: writes the first version
    ("POST", "/datasets/{name}/edit/versions"): "probe",
    # a media run report's example image (a dropped row's file): the download policy
    ("GET", "/datasets/{name}/versions/{number}/report/media/{sha}"): "probe",
    # metadata to all who may view; lists media files (row data) only to downloaders
    # (tests/catalog/test_croissant_media.py checks the media part)
    ("GET", f"{API}/datasets/{{name}}/versions/{{number}}/croissant"): "probe",
}

# routes that neither return rows nor write versions, and why
_METADATA = "metadata only (names, tiers, counts, settings), no rows"
OTHER_ROUTES: dict[str, str] = {
    "GET /api/v1/openapi.json": "the API's schema",
    "GET /docs": "API documentation page",
    "GET /docs/oauth2-redirect": "API documentation page",
    "GET /redoc": "API documentation page",
    "POST /api/v1/auth/login": "accounts", "POST /api/v1/auth/logout": "accounts",
    "GET /api/v1/auth/me": "accounts", "POST /api/v1/auth/tokens": "accounts",
    "GET /api/v1/auth/tokens": "accounts", "DELETE /api/v1/auth/tokens/{token_id}": "accounts",
    "GET /api/v1/auth/totp": "accounts", "POST /api/v1/auth/totp": "accounts",
    "POST /api/v1/auth/totp/verify": "accounts", "POST /api/v1/auth/totp/disable": "accounts",
    "GET /api/v1/datasets": _METADATA, "POST /api/v1/datasets": _METADATA,
    "GET /api/v1/datasets/{name}": _METADATA, "PATCH /api/v1/datasets/{name}": _METADATA,
    "POST /api/v1/datasets/{name}/resources": _METADATA,
    "GET /api/v1/datasets/{name}/versions": _METADATA,
    "GET /api/v1/datasets/{name}/versions/{number}": _METADATA,
    "GET /api/v1/datasets/{name}/versions/{number}/dictionary": _METADATA,
    "PUT /api/v1/datasets/{name}/versions/{number}/dictionary/{field}": _METADATA,
    "GET /api/v1/datasets/{name}/versions/{number}/lineage": _METADATA,
    "GET /api/v1/catalog/search": _METADATA, "GET /api/v1/catalog/dcat": _METADATA,
    "GET /api/v1/users": "accounts", "POST /api/v1/users": "accounts",
    "GET /api/v1/organizations": "accounts", "POST /api/v1/organizations": "accounts",
    "GET /api/v1/audit": "audit log", "GET /api/v1/audit/verify": "audit log",
    "GET /api/v1/datasets/{name}/agreements": "agreement texts",
    "PUT /api/v1/datasets/{name}/agreements/{kind}": "agreement texts",
    "POST /api/v1/datasets/{name}/requests": "an application, no rows",
    "GET /api/v1/requests": "applications", "GET /api/v1/requests/review": "applications",
    "GET /api/v1/requests/{request_id}": "applications",
    "PUT /api/v1/requests/{request_id}": "applications",
    "POST /api/v1/requests/{request_id}/approve": "creates a grant, no rows",
    "POST /api/v1/requests/{request_id}/reject": "applications",
    "POST /api/v1/requests/{request_id}/changes": "applications",
    "GET /api/v1/grants": "grants", "GET /api/v1/grants/issued": "grants",
    "GET /api/v1/grants/{grant_id}": "grants",
    "POST /api/v1/grants/{grant_id}/revoke": "grants",
    "GET /api/v1/inbox": "inbox", "POST /api/v1/inbox/{note_id}/read": "inbox",
    "POST /api/v1/watermark/trace": "reads the file the caller uploads, not a dataset",
    "GET /api/v1/corpus/runs": "run records", "GET /api/v1/corpus/runs/{run_id}": "run records",
    "POST /api/v1/artefacts": "model artefacts, not dataset rows",
    "GET /api/v1/artefacts": "model artefacts, not dataset rows",
    "GET /api/v1/artefacts/{ref}": "model artefacts, not dataset rows",
    "GET /api/v1/artefacts/{ref}/file": "model artefacts, not dataset rows",
    "GET /api/v1/projects": "project names",
    "GET /api/v1/projects/{name}": "project settings and progress counts",
    "GET /api/v1/projects/{name}/annotators": "per-annotator counts",
    "POST /api/v1/projects/{name}/close": "state change",
    "GET /api/v1/sandbox/{name}/declaration": "the sandbox declaration",
    "PUT /api/v1/sandbox/{name}/declaration": "the sandbox declaration",
    "POST /api/v1/sandbox/{name}/queries": "differentially private aggregates, never rows "
                                           "(test_authz_sandbox.py)",
    "GET /api/v1/sandbox/{name}/queries": "query ledger", "GET /api/v1/sandbox/{name}/budget":
    "privacy budget",
    "POST /api/v1/regrade-requests": "protection changes (catalog)",
    "GET /api/v1/regrade-requests": "protection changes (catalog)",
    "GET /api/v1/regrade-requests/{request_id}": "protection changes (catalog)",
    "POST /api/v1/regrade-requests/{request_id}/approve": "protection changes (catalog)",
    "POST /api/v1/regrade-requests/{request_id}/reject": "protection changes (catalog)",
    "GET /": "portal home", "GET /datasets": _METADATA,
    "GET /login": "accounts", "POST /login": "accounts", "POST /logout": "accounts",
    "GET /account": "accounts", "POST /account/tokens": "accounts",
    "GET /datasets/{name}/apply": "application form",
    "POST /datasets/{name}/apply": "an application, no rows",
    "GET /requests": "applications", "GET /inbox": "inbox", "POST /inbox/read": "inbox",
    "GET /review": "applications", "POST /review/{request_id}": "applications",
    "GET /datasets/{name}/agreements": "agreement texts",
    "POST /datasets/{name}/agreements": "agreement texts",
    "GET /grants": "grants", "POST /grants/{grant_id}/revoke": "grants",
    "GET /datasets/{name}/versions/{number}/report/{plot}.png": "a processing report's plot "
                                                                "(counts), no rows",
    "GET /regrade-requests": "protection changes (catalog)",
    "POST /regrade-requests/{request_id}": "protection changes (catalog)",
    "GET /corpus/runs": "run records", "GET /projects": "project names",
    "GET /projects/{name}": "dashboard: counts, agreement, cost",
    "GET /datasets/{name}/sandbox/declaration": "the sandbox declaration",
    "POST /datasets/{name}/sandbox/declaration": "the sandbox declaration",
    "GET /datasets/{name}/sandbox": "sandbox query form",
    "POST /datasets/{name}/sandbox": "differentially private aggregates, never rows",
    "GET /lang/{code}": "language switch",
    "GET /api/3/action/{action}": "CKAN-compatible metadata; download links only where "
                                  "DatasetPolicy.download allows (tests/web/ckan)",
    "POST /api/3/action/{action}": "CKAN-compatible metadata (tests/web/ckan)",
    "GET /api/action/{action}": "CKAN-compatible metadata (tests/web/ckan)",
    "GET /api/v1/datasets/{name}/versions/{number}/profile": "measures of a version; row "
    "content (top values, repeated lines) left out where DatasetPolicy.download refuses "
    "(test_authz_quality.py)",
    "GET /api/v1/datasets/{name}/diff": "counts of changed measures and of rows added or "
                                        "removed, no rows (test_authz_quality.py)",
    "GET /api/v1/jobs": "job records (test_authz_jobs.py)",
    "GET /api/v1/jobs/{job_id}": "job records (test_authz_jobs.py)",
    "POST /api/v1/jobs/{job_id}/cancel": "job records (test_authz_jobs.py)",
    "DELETE /api/v1/jobs/{job_id}": "job records (test_authz_jobs.py)",
    "POST /api/v1/auth/register": "accounts", "GET /api/v1/registrations": "accounts",
    "POST /api/v1/registrations/{registration_id}": "accounts",
    "PUT /api/v1/users/{username}/org-admin": "accounts",
    "GET /register": "accounts", "POST /register": "accounts",
    "POST /account/tokens/{token_id}/revoke": "accounts",
    "GET /admin/members": "accounts", "POST /admin/members/{username}/admin": "accounts",
    "POST /admin/registrations/{registration_id}": "accounts",
    "GET /admin/organizations": "accounts", "POST /admin/organizations": "accounts",
    "GET /projects/new": "the project form: names of datasets the user may annotate",
    "GET /new-dataset": "the new-dataset form: organizations, tiers",
    "GET /datasets/{name}/edit": "the edit forms: metadata, field names and descriptions",
    "POST /datasets/{name}/edit": _METADATA,
    "POST /datasets/{name}/edit/dictionary": "field descriptions, no rows",
    "POST /datasets/{name}/edit/resources": "a resource link, no rows",
    "POST /api/action/{action}": "CKAN-compatible metadata (tests/web/ckan)",
}

ROW_FUNCTIONS: tuple[Callable[..., Any], ...] = (
    service.open_version, service.publish_version, export.publish_labels, export.write_jsonl,
    export.write_labelstudio, export.write_hf, export.final_labels, assignment.lease_next,
    assignment.next_item, annotator_qc.review_queue, annotator_qc.review_answer, runs.submit,
    label_review.project_label_quality, label_review.send_to_review,
    label_review.version_label_quality,
    projects.create_project, import_upload, media.serve_media,
    *(f for name, f in vars(importing).items()
      if inspect.isfunction(f) and not name.startswith("_") and f.__module__ == importing.__name__),
    *(f for f in vars(exporters).values() if inspect.isfunction(f)),
)
ROW_ATTRIBUTES = {"head", "iter_batches", "EXPORTERS"}
CLOSED = re.compile(r"\b(conditional|not_open|core|granted|cond|revoked|expired|spent)\b"
                    r"|\s\*\s")  # a closed tier or state, or every tier


class Walked(NamedTuple):
    method: str
    path: str
    endpoint: Callable[..., Any]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def walk(routes: list[BaseRoute], prefix: str = "") -> Iterator[Walked]:
    """Every (method, path, handler) of the app, into included routers."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from walk(included.routes, prefix + route.include_context.prefix)  # type: ignore[attr-defined]
        elif isinstance(route, Route):
            for method in sorted((route.methods or set()) - {"HEAD"}):
                yield Walked(method, prefix + route.path, route.endpoint)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[FastAPI]:
    platform = fresh_platform(tmp_path_factory.mktemp("row-routes"), _template_db)
    yield create_app(platform)
    platform.close()


def _touches_rows(endpoint: Callable[..., Any]) -> bool:
    code = getattr(endpoint, "__code__", None)
    if code is None:
        return False
    names = set(code.co_names)
    used = {id(endpoint.__globals__.get(n)) for n in names}
    return bool(names & ROW_ATTRIBUTES) or any(id(f) in used for f in ROW_FUNCTIONS)


def test_every_route_is_classified(app: FastAPI) -> None:
    walked = {w.key for w in walk(app.routes)}
    rows = {f"{m} {p}" for m, p in ROW_ROUTES}
    assert rows & set(OTHER_ROUTES) == set()
    assert walked - rows - set(OTHER_ROUTES) == set(), (
        "classify these routes in tests/web/test_row_routes.py: do they return or write rows?")
    assert (rows | set(OTHER_ROUTES)) - walked == set(), "these routes no longer exist"


def test_routes_that_touch_rows_are_row_routes(app: FastAPI) -> None:
    detected = {w.key for w in walk(app.routes) if _touches_rows(w.endpoint)}
    assert detected & set(OTHER_ROUTES) == set(), (
        "these handlers read or write rows: move them to ROW_ROUTES and cover their policy")


def test_detection_finds_the_known_row_routes(app: FastAPI) -> None:
    """The detector is not blind: it finds most row routes by itself."""
    detected = {(w.method, w.path) for w in walk(app.routes) if _touches_rows(w.endpoint)}
    assert len(detected & set(ROW_ROUTES)) >= len(ROW_ROUTES) // 2, detected


@functools.cache
def _matrix_lines() -> dict[tuple[str, str], list[str]]:
    """Table lines of every authorization matrix, by (method, path under /api/v1)."""
    lines: dict[tuple[str, str], list[str]] = {}
    for path in sorted(Path(__file__).parent.glob("test_authz_*.py")):
        module = importlib.import_module(f"tests.web.{path.stem}")
        for name, value in vars(module).items():
            if not (name.endswith("TABLE") and isinstance(value, str)):
                continue
            for line in value.strip().splitlines()[1:]:
                method, route, *_ = line.split()
                lines.setdefault((method, route), []).append(line)
    return lines


@pytest.mark.parametrize("route", [r for r, how in ROW_ROUTES.items() if how == MATRIX],
                         ids=[f"{m} {p}" for (m, p), how in ROW_ROUTES.items() if how == MATRIX])
def test_api_row_route_is_in_a_matrix_that_refuses_closed_data(route: tuple[str, str]) -> None:
    method, path = route
    lines = _matrix_lines().get((method, path.removeprefix(API)), [])
    assert lines, f"{method} {path} returns or writes rows but no authorization matrix has it"
    statuses = [line.split()[3:] for line in lines]
    assert any("403" in s for s in statuses), f"{method} {path}: no cell refuses anyone"
    assert any(any(c.startswith("2") for c in s) for s in statuses), (
        f"{method} {path}: no cell allows anyone")
    assert any(CLOSED.search(line) and "403" in line.split()[3:] for line in lines), (
        f"{method} {path}: the matrix never refuses on closed data")


# ---- portal probes: the same policy as the API --------------------------------------

SECRET = "机密行内容"
ROWS = [{"id": f"r{i}", "text": f"{SECRET}{i}"} for i in range(3)]
SCHEMA = {"kind": "single", "labels": ["正面", "负面"]}


class Portal(NamedTuple):
    platform: Platform
    clients: dict[str, tuple[TestClient, str]]  # role → (logged-in client, CSRF token)
    ids: dict[str, Any]


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[Portal]:
    platform = fresh_platform(tmp_path_factory.mktemp("row-pages"), _template_db)
    make_org(platform, "own-org")
    make_org(platform, "other-org")
    users = {"own": (Role.PUBLISHER, "own-org"), "other": (Role.PUBLISHER, "other-org"),
             "xann": (Role.ANNOTATOR, "other-org"), "admin": (Role.ADMIN, None)}
    for key, (role, org) in users.items():
        make_user(platform, role, name=f"pg-{key}", organization=org)
    make_user(platform, Role.ANNOTATOR, name="pg-mem", organization="own-org")
    make_dataset(platform, name="pg-cond", organization="own-org", tier=OpenTier.CONDITIONAL,
                 rows=ROWS)
    make_dataset(platform, name="pg-core", organization="own-org", tier=OpenTier.NOT_OPEN,
                 grade=Grade.CORE, sensitivity=Sensitivity.L4, rows=ROWS)
    ids: dict[str, Any] = {"grant": annotate_grant(platform, "pg-core", "pg-other")}
    with platform.session() as s:
        for name, source in (("pg-core-p", "pg-core"), ("pg-cond-p", "pg-cond")):
            project = create_project(s, platform.store, get_version(s, source),
                                     ProjectSpec(name=name, title="t", label_schema=SCHEMA,
                                                 overlap=1), actor="t")
            join_project(s, project, "pg-mem", actor="t")
            join_project(s, project, "pg-xann", actor="t")  # as if before the rules
            got = next_item(s, project, "pg-mem")
            assert got is not None
            ids[name] = submit_answer(s, project, "pg-mem", got.lease_id, "正面").answer_id
        s.commit()
    make_dataset(platform, name="pg-cond-p-labels", organization="other-org")  # squatted
    app = create_app(platform)
    clients = {}
    with TestClient(app) as anon:
        clients["anon"] = (anon, "")
        for key in users:
            client = TestClient(app)
            clients[key] = (client, page_login(client, f"pg-{key}"))
        yield Portal(platform, clients, ids)
        for key in users:
            clients[key][0].close()
    platform.close()


class Probe(NamedTuple):
    route: tuple[str, str]
    role: str
    url: str
    form: dict[str, str]
    refused: tuple[int, ...] = (401, 403)


PROBES = [
    Probe(("GET", "/datasets/{name}"), "anon", "/datasets/pg-cond", {}, (200,)),
    Probe(("GET", "/datasets/{name}"), "other", "/datasets/pg-cond", {}, (200,)),
    Probe(("GET", "/datasets/{name}"), "own", "/datasets/pg-core", {}, (200,)),
    Probe(("GET", "/datasets/{name}/download"), "other", "/datasets/pg-cond/download", {}),
    Probe(("GET", "/datasets/{name}/download"), "admin", "/datasets/pg-core/download", {}),
    Probe(("GET", "/grants/{grant_id}/download"), "other", "/grants/{grant}/download", {}),
    Probe(("POST", "/datasets/{name}/versions/{number}/runs"), "other",
          "/datasets/pg-cond/versions/1/runs", {"recipe": "zh-web", "target": "pg-stolen"}),
    Probe(("POST", "/projects/{name}/join"), "xann", "/projects/pg-core-p/join", {}),
    Probe(("GET", "/projects/{name}/work"), "xann", "/projects/pg-cond-p/work", {}),
    Probe(("POST", "/projects/{name}/export"), "own", "/projects/pg-cond-p/export", {}),
    Probe(("POST", "/projects/{name}/export"), "other", "/projects/pg-core-p/export", {}),
    Probe(("GET", "/projects/{name}/review"), "admin", "/projects/pg-core-p/review", {}),
    Probe(("POST", "/projects/{name}/review/{answer_id}"), "admin",
          "/projects/pg-core-p/review/{pg-core-p}", {"action": "accept"}),
    Probe(("POST", "/projects/new"), "other", "/projects/new",
          {"dataset": "pg-core", "name": "pg-stolen-p", "kind": "single", "labels": "是\n否",
           "field": "text", "overlap": "1"}, (400,)),
    Probe(("GET", "/datasets/{name}/quality"), "anon", "/datasets/pg-core/quality", {},
          (200, 401, 403)),
    Probe(("GET", "/datasets/{name}/quality"), "other", "/datasets/pg-cond/quality", {},
          (200, 403)),
    Probe(("POST", "/new-dataset"), "xann", "/new-dataset",
          {"name": "pg-stolen-new", "title": "t", "organization": "other-org"}),
    Probe(("POST", "/datasets/{name}/edit/versions"), "other",
          "/datasets/pg-cond/edit/versions", {}),
    Probe(("GET", "/datasets/{name}/versions/{number}/report/media/{sha}"), "other",
          "/datasets/pg-cond/versions/1/report/media/" + "0" * 64, {}),
    Probe(("GET", f"{API}/datasets/{{name}}/versions/{{number}}/croissant"), "other",
          f"{API}/datasets/pg-cond/versions/1/croissant", {}, (200,)),
]


def test_every_portal_row_route_has_a_probe() -> None:
    pages = {r for r, how in ROW_ROUTES.items() if how == "probe"}
    assert pages == {p.route for p in PROBES}


@pytest.mark.parametrize("probe", PROBES, ids=[f"{p.route[0]} {p.url} {p.role}" for p in PROBES])
def test_portal_row_route_refuses_closed_rows(portal: Portal, probe: Probe) -> None:
    client, csrf = portal.clients[probe.role]
    url = probe.url.replace("{grant}", portal.ids["grant"]).replace(
        "{pg-core-p}", str(portal.ids["pg-core-p"]))
    if probe.route[0] == "POST":
        response = client.post(url, data=probe.form | {"csrf_token": csrf},
                               follow_redirects=False)
    else:
        response = client.get(url, follow_redirects=False)
    assert response.status_code in probe.refused, response.text[:300]
    assert SECRET not in response.text  # rows never come back to them
