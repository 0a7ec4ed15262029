"""``jingshu artefact``: register files operators read (models, word lists), list them.

Recipes run by the server reference these as ``artefact:<id>``; local runs
(``jingshu corpus run``) accept the same references, and plain paths too.
"""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from jingshu.accounts.models import Organization
from jingshu.artefacts import ADMIN, ArtefactKind, add_artefact, list_artefacts, parse_kind
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.errors import NotFoundError

__all__ = ["artefact"]

_KINDS = [k.value for k in ArtefactKind]


@click.group()
def artefact() -> None:
    """Artefacts (制品): models and word lists that recipes reference as artefact:ID."""


@artefact.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(_KINDS), required=True,
              help="What the file is; it is checked to be one.")
@click.option("--organization", default=None, metavar="ORG",
              help="Owning organization (its members may use it over HTTP); default: none, "
                   "administrators only.")
@json_option
@pass_app
def add_cmd(app: AppContext, file: str, kind: str, organization: str | None,
            as_json: bool) -> None:
    """Check FILE is a KIND, store it by sha256 in the home and print its reference."""
    with app.platform.session() as s:
        org_id = None
        if organization:
            org_id = s.scalar(select(Organization.id).where(Organization.name == organization))
            if org_id is None:
                raise NotFoundError(f"organization {organization!r} does not exist",
                                    hint="list them with `jingshu user org-list`")
        with Path(file).open("rb") as fh:
            made = add_artefact(s, app.platform.settings.home, fh, filename=Path(file).name,
                                kind=parse_kind(kind), organization_id=org_id,
                                actor=app.actor)
        row = {"reference": made.reference, "kind": made.kind.value, "name": made.name,
               "sha256": made.sha256, "size": made.size}
    if as_json:
        echo_json(row)
    else:
        click.echo(f"{row['reference']}  {kind} {row['name']} sha256 {row['sha256']}")


@artefact.command("list")
@click.option("--kind", type=click.Choice(_KINDS), default=None, help="Only this kind.")
@json_option
@pass_app
def list_cmd(app: AppContext, kind: str | None, as_json: bool) -> None:
    """List registered artefacts, newest first."""
    with app.platform.session() as s:
        rows = [{"reference": a.reference, "kind": a.kind.value, "name": a.name,
                 "size": a.size, "sha256": a.sha256,
                 "organization": a.organization.name if a.organization else None,
                 "created_by": a.created_by}
                for a in list_artefacts(s, ADMIN, kind=parse_kind(kind) if kind else None)]
    if as_json:
        echo_json(rows)
        return
    echo_table(("reference", "kind", "name", "size", "organization", "sha256"),
               [(r["reference"], r["kind"], r["name"], r["size"], r["organization"] or "-",
                 str(r["sha256"])[:16]) for r in rows])
