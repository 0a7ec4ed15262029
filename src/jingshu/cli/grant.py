"""``jingshu grant``: conditional opening from the server's side (agreements, review, grants).

Applicants apply in the portal or through the API; the operator can review and
revoke here. Every step is audited with actor ``cli``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from jingshu.catalog.service import get_dataset
from jingshu.circulation import (
    AgreementKind,
    Grant,
    GrantTerms,
    RequestStatus,
    approve,
    ask_changes,
    get_grant,
    get_request,
    list_grants,
    list_requests,
    reject,
    revoke,
    set_agreement,
)
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option

__all__ = ["grant"]


@click.group()
def grant() -> None:
    """Conditional opening (有条件开放): agreements, applications, grants."""


@grant.command("agreement")
@click.argument("dataset")
@click.option("--kind", type=click.Choice([k.value for k in AgreementKind]), required=True,
              help="commitment (安全承诺书) or use (开放利用协议).")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False), required=True,
              help="UTF-8 text file with the agreement's text.")
@pass_app
def agreement(app: AppContext, dataset: str, kind: str, path: str) -> None:
    """Publish a new version of DATASET's security commitment or use agreement."""
    with app.platform.session() as s:
        saved = set_agreement(s, get_dataset(s, dataset), AgreementKind(kind),
                              Path(path).read_text(encoding="utf-8"), actor=app.actor)
        s.commit()
        click.echo(f"{dataset}: {kind} version {saved.version} published")


@grant.command("requests")
@click.option("--status", type=click.Choice([s.value for s in RequestStatus]), default=None,
              help="Only applications in this state.")
@json_option
@pass_app
def requests(app: AppContext, status: str | None, as_json: bool) -> None:
    """List applications, newest first."""
    with app.platform.session() as s:
        found = list_requests(s, everything=True,
                              status=RequestStatus(status) if status else None)
        rows = [{"id": r.id, "dataset": r.dataset.name, "applicant": r.applicant.username,
                 "organization": r.organization, "status": r.status.value,
                 "fields": r.fields, "days": r.duration_days, "purpose": r.purpose}
                for r in found]
    if as_json:
        echo_json(rows)
        return
    echo_table(("id", "dataset", "applicant", "status", "days", "purpose"),
               [(r["id"], r["dataset"], r["applicant"], r["status"], r["days"], r["purpose"])
                for r in rows])


@grant.command("approve")
@click.argument("request_id", type=int)
@click.option("--quota", default=3, show_default=True, type=click.IntRange(1, 10_000),
              help="How many downloads the grant allows.")
@click.option("--days", type=click.IntRange(1, 3650), default=None,
              help="Validity in days (default: the duration applied for).")
@click.option("--field", "fields", multiple=True,
              help="A field to open (repeat; default: those applied for).")
@click.option("--annotate", is_flag=True,
              help="Also let the holder's organization annotate the dataset.")
@json_option
@pass_app
def approve_cmd(app: AppContext, request_id: int, quota: int, days: int | None,
                fields: tuple[str, ...], annotate: bool, as_json: bool) -> None:
    """Approve application REQUEST_ID and print the new grant's id."""
    with app.platform.session() as s:
        made = approve(s, get_request(s, request_id),
                       GrantTerms(quota=quota, days=days, fields=list(fields) or None,
                                  annotate=annotate),
                       actor=app.actor)
        s.commit()
        info = _grant_row(made)
    if as_json:
        echo_json(info)
        return
    click.echo(f"grant {info['id']}: until {info['expires_at'][:10]}, {info['quota']} "
               f"downloads, fields: {', '.join(info['fields']) or 'all'}")


@grant.command("reject")
@click.argument("request_id", type=int)
@click.option("--reason", required=True, help="Why (shown to the applicant).")
@pass_app
def reject_cmd(app: AppContext, request_id: int, reason: str) -> None:
    """Reject application REQUEST_ID with a reason."""
    with app.platform.session() as s:
        reject(s, get_request(s, request_id), reason, actor=app.actor)
        s.commit()
    click.echo(f"application {request_id} rejected")


@grant.command("changes")
@click.argument("request_id", type=int)
@click.option("--note", required=True, help="What the applicant should change.")
@pass_app
def changes_cmd(app: AppContext, request_id: int, note: str) -> None:
    """Send application REQUEST_ID back to the applicant for changes."""
    with app.platform.session() as s:
        ask_changes(s, get_request(s, request_id), note, actor=app.actor)
        s.commit()
    click.echo(f"application {request_id} sent back for changes")


@grant.command("list")
@json_option
@pass_app
def list_cmd(app: AppContext, as_json: bool) -> None:
    """List every grant with its use and state."""
    with app.platform.session() as s:
        rows = [_grant_row(g) for g in list_grants(s, everything=True)]
    if as_json:
        echo_json(rows)
        return
    echo_table(("id", "dataset", "holder", "expires", "used", "revoked"),
               [(r["id"], r["dataset"], r["holder"], r["expires_at"],
                 f"{r['used']}/{r['quota']}", "yes" if r["revoked"] else "")
                for r in rows])


def _grant_row(g: Grant) -> dict[str, Any]:
    """A grant as ``grant list --json`` and ``grant approve --json`` print it."""
    return {"id": g.id, "dataset": g.dataset.name, "holder": g.user.username,
            "fields": list(g.fields), "expires_at": f"{g.expires_at:%Y-%m-%d %H:%M}",
            "used": g.used, "quota": g.quota, "revoked": g.revoked, "annotate": g.annotate}


@grant.command("revoke")
@click.argument("grant_id")
@click.option("--reason", required=True, help="Why (shown to the holder).")
@pass_app
def revoke_cmd(app: AppContext, grant_id: str, reason: str) -> None:
    """Revoke GRANT_ID at once."""
    with app.platform.session() as s:
        revoke(s, get_grant(s, grant_id), reason, actor=app.actor)
        s.commit()
    click.echo(f"grant {grant_id} revoked")
