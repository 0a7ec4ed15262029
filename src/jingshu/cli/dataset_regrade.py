"""``jingshu dataset regrade`` and ``jingshu dataset regrade-requests``: declassification.

Lowering a dataset's protection opens a request; an administrator or data officer who
is not the requester approves or rejects it (see :mod:`jingshu.catalog.regrade`). The
CLI acts as ``cli`` with an administrator's rights, or as the account named by
``--as`` (its role and organization then decide what it may do).
"""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy.orm import Session

from jingshu.accounts.models import Role
from jingshu.catalog.models import Dataset
from jingshu.catalog.regrade import (
    Decider,
    RegradeRequest,
    RegradeStatus,
    approve_regrade,
    decider_of,
    get_regrade_request,
    list_regrade_requests,
    reject_regrade,
)
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset, update_dataset
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.errors import PermissionDenied

__all__ = ["regrade", "regrade_requests", "regrade_view"]

as_option = click.option(
    "--as", "as_user", metavar="USER", default=None,
    help="Act as this account (its role and organization apply); default: the CLI operator "
    "'cli' with an administrator's rights.")


def regrade_view(r: RegradeRequest) -> dict[str, Any]:
    return {"id": r.id, "dataset": r.dataset.name, "status": r.status.value,
            "requested_by": r.requested_by, "reason": r.reason,
            "from": r.source.describe(), "to": r.target.describe(),
            "decided_by": r.decided_by, "note": r.decision_note,
            "created_at": f"{r.created_at:%Y-%m-%d %H:%M}"}


def _decider(app: AppContext, session: Session, as_user: str | None) -> Decider:
    return decider_of(session, as_user) if as_user else Decider(app.actor, Role.ADMIN)


def _editor(session: Session, username: str, dataset: Dataset) -> str:
    """``username``, if that account may change ``dataset`` (as in the API's policy)."""
    who = decider_of(session, username)
    if who.role is Role.ADMIN or (who.role is Role.PUBLISHER and who.organization_id is not None
                                  and who.organization_id == dataset.organization_id):
        return who.username
    raise PermissionDenied(f"{username!r} may not change dataset {dataset.name!r}",
                           hint="request as an administrator or a publisher of its organization")


@click.command()
@click.argument("name")
@click.option("--tier", type=click.Choice([t.value for t in OpenTier]), default=None,
              help="The more open tier asked for.")
@click.option("--grade", type=click.Choice([g.value for g in Grade]), default=None,
              help="The lower grade asked for.")
@click.option("--sensitivity", type=click.Choice([s.value for s in Sensitivity]), default=None,
              help="The lower sensitivity level asked for.")
@click.option("--reason", required=True, help="Why the data may be less protected.")
@as_option
@json_option
@pass_app
def regrade(app: AppContext, name: str, tier: str | None, grade: str | None,
            sensitivity: str | None, reason: str, as_user: str | None, as_json: bool) -> None:
    """Ask to lower dataset NAME's protection; a second person approves it.

    Nothing changes until an administrator or data officer other than you runs
    `jingshu dataset regrade-requests approve ID` (or approves it in the API).
    """
    changes: dict[str, object] = {}
    if tier:
        changes["open_tier"] = OpenTier(tier)
    if grade:
        changes["grade"] = Grade(grade)
    if sensitivity:
        changes["sensitivity"] = Sensitivity(sensitivity)
    if not changes:
        raise click.UsageError("say what to lower: --tier, --grade and/or --sensitivity")
    with app.platform.session() as s:
        dataset = get_dataset(s, name)
        actor = _editor(s, as_user, dataset) if as_user else app.actor
        change = update_dataset(s, dataset, actor=actor, reason=reason, **changes)
        if change.regrade is None:
            raise click.UsageError(f"this raises or keeps {name}'s protection, which needs no "
                                   f"approval: use `jingshu dataset set {name}`")
        view = regrade_view(change.regrade)
    if as_json:
        echo_json(view)
    else:
        click.echo(f"regrade request {view['id']} opened for {name}: {view['from']} -> "
                   f"{view['to']}; it applies once an administrator or data officer "
                   "other than you approves it")


@click.group("regrade-requests")
def regrade_requests() -> None:
    """List, approve and reject requests to lower a dataset's protection."""


@regrade_requests.command("list")
@click.option("--status", type=click.Choice([s.value for s in RegradeStatus]), default=None,
              help="Only requests in this state (pending: the approval queue).")
@json_option
@pass_app
def list_cmd(app: AppContext, status: str | None, as_json: bool) -> None:
    """List regrade requests, newest first."""
    with app.platform.session() as s:
        rows = [regrade_view(r) for r in list_regrade_requests(
            s, status=RegradeStatus(status) if status else None)]
    if as_json:
        echo_json(rows)
        return
    echo_table(("id", "dataset", "status", "requested_by", "from", "to", "reason"),
               [(r["id"], r["dataset"], r["status"], r["requested_by"], r["from"], r["to"],
                 r["reason"]) for r in rows])


@regrade_requests.command("approve")
@click.argument("request_id", type=int)
@click.option("--note", default="", help="A note kept with the decision.")
@as_option
@pass_app
def approve_cmd(app: AppContext, request_id: int, note: str, as_user: str | None) -> None:
    """Approve REQUEST_ID: the dataset takes the lower protection at once."""
    with app.platform.session() as s:
        request = approve_regrade(s, get_regrade_request(s, request_id),
                                  _decider(app, s, as_user), note=note)
        click.echo(f"regrade request {request_id} approved: {request.dataset.name} is now "
                   f"{request.target.describe()}")


@regrade_requests.command("reject")
@click.argument("request_id", type=int)
@click.option("--note", required=True, help="Why (kept with the decision and audited).")
@as_option
@pass_app
def reject_cmd(app: AppContext, request_id: int, note: str, as_user: str | None) -> None:
    """Reject REQUEST_ID: the dataset keeps its protection."""
    with app.platform.session() as s:
        reject_regrade(s, get_regrade_request(s, request_id), _decider(app, s, as_user),
                       note=note)
    click.echo(f"regrade request {request_id} rejected")
