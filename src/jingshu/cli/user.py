"""``jingshu user``: users, organizations and API tokens."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from jingshu.accounts.models import Organization, Role, User
from jingshu.accounts.registration import (
    GRANTABLE_ROLES,
    approve_registration,
    get_registration,
    list_registrations,
    reject_registration,
    set_org_admin,
)
from jingshu.accounts.second_factor import confirm_totp, disable_totp, enrol_totp, totp_enabled
from jingshu.accounts.service import (
    create_organization,
    create_user,
    get_organization,
    get_user,
    issue_token,
)
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.cli.views import org_view, user_view

__all__ = ["user"]


@click.group()
def user() -> None:
    """Manage users, organizations, API tokens and two-step login."""


def _read_password(password: str | None, from_stdin: bool) -> str:
    if password is not None and from_stdin:
        raise click.UsageError("give --password or --password-stdin, not both")
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if password is not None:
        return password
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@user.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="What the user may do.")
@click.option("--organization", help="The user's organization (its name).")
@click.option("--password", help="The password (visible in the shell history; prefer the prompt).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of stdin.")
@pass_app
def create(app: AppContext, username: str, role: str, organization: str | None,
           password: str | None, password_stdin: bool) -> None:
    """Create a user; the password is prompted for unless given."""
    secret = _read_password(password, password_stdin)
    with app.platform.session() as s:
        create_user(s, username, secret, Role(role), actor=app.actor, organization=organization)
    click.echo(f"created user {username} ({role})")


@user.command("list")
@json_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List users with their role and organization."""
    with app.platform.session() as s:
        users = [user_view(u) for u in s.scalars(select(User).order_by(User.username))]
    if as_json:
        echo_json(users)
        return
    echo_table(("username", "role", "organization", "active"),
               [(u["username"], u["role"], u["organization"] or "", u["active"]) for u in users])


@user.command()
@click.argument("username")
@click.option("--name", "token_name", default="cli", show_default=True,
              help="A name to recognize the token by.")
@click.option("--days", type=click.IntRange(min=1), help="Expire after this many days.")
@pass_app
def token(app: AppContext, username: str, token_name: str, days: int | None) -> None:
    """Issue an API token for USERNAME and print it (it is shown only this once)."""
    with app.platform.session() as s:
        issued = issue_token(s, get_user(s, username), token_name, days=days, actor=app.actor)
    click.echo(issued.secret)
    expiry = issued.expires_at.isoformat(timespec="minutes") if issued.expires_at else "never"
    click.echo(f"token {token_name!r} for {username}, expires: {expiry}; "
               "store it now, it cannot be shown again", err=True)


@user.command("org-create")
@click.argument("name")
@click.option("--title", default="", help="Full name, e.g. 北京市大数据中心.")
@pass_app
def org_create(app: AppContext, name: str, title: str) -> None:
    """Create an organization that publishes datasets."""
    with app.platform.session() as s:
        create_organization(s, name, title, actor=app.actor)
    click.echo(f"created organization {name}")


@user.command("org-list")
@json_option
@pass_app
def org_list(app: AppContext, as_json: bool) -> None:
    """List organizations."""
    with app.platform.session() as s:
        orgs = [org_view(o) for o in s.scalars(select(Organization).order_by(Organization.name))]
    if as_json:
        echo_json(orgs)
        return
    echo_table(("name", "title"), [(o["name"], o["title"]) for o in orgs])


@user.command("registrations")
@click.option("--organization", help="Only registrations into this organization (its name).")
@json_option
@pass_app
def registrations(app: AppContext, organization: str | None, as_json: bool) -> None:
    """List registrations waiting for approval, oldest first."""
    with app.platform.session() as s:
        org_id = get_organization(s, organization).id if organization else None
        found = [{"id": r.id, "username": r.user.username, "display_name": r.user.display_name,
                  "organization": r.organization.name, "note": r.note,
                  "created_at": r.created_at.isoformat(timespec="seconds")}
                 for r in list_registrations(s, organization_id=org_id)]
    if as_json:
        echo_json(found)
        return
    echo_table(("id", "username", "organization", "registered", "note"),
               [(r["id"], r["username"], r["organization"], r["created_at"], r["note"])
                for r in found])


@user.command("approve")
@click.argument("registration_id", type=int)
@click.option("--role", default=Role.CONSUMER.value, show_default=True,
              type=click.Choice([r.value for r in GRANTABLE_ROLES]), help="The user's role.")
@pass_app
def approve(app: AppContext, registration_id: int, role: str) -> None:
    """Approve registration REGISTRATION_ID: the user can log in with ROLE."""
    with app.platform.session() as s:
        user = approve_registration(s, get_registration(s, registration_id), role=Role(role),
                                    actor=app.actor)
        click.echo(f"approved {user.username} as {role}")


@user.command("reject")
@click.argument("registration_id", type=int)
@click.option("--reason", required=True, help="Why (kept with the registration).")
@pass_app
def reject(app: AppContext, registration_id: int, reason: str) -> None:
    """Reject registration REGISTRATION_ID; the account stays unable to log in."""
    with app.platform.session() as s:
        reg = get_registration(s, registration_id)
        reject_registration(s, reg, reason, actor=app.actor)
        click.echo(f"rejected {reg.user.username}")


@user.command("org-admin")
@click.argument("username")
@click.option("--off", is_flag=True, help="Remove the right instead of giving it.")
@pass_app
def org_admin(app: AppContext, username: str, off: bool) -> None:
    """Make USERNAME an admin of its organization: approves registrations into it."""
    with app.platform.session() as s:
        set_org_admin(s, get_user(s, username), not off, actor=app.actor)
    click.echo(f"{username} is {'no longer' if off else 'now'} an organization admin")


@user.group()
def totp() -> None:
    """Two-step login with a one-time code (TOTP, RFC 6238) for administrators."""


@totp.command("enrol")
@click.argument("username")
@pass_app
def totp_enrol(app: AppContext, username: str) -> None:
    """Make a TOTP secret for USERNAME; print it and its otpauth:// URI (for a QR code).

    It is off until confirmed with a first code: `jingshu user totp verify USERNAME CODE`.
    """
    with app.platform.session() as s:
        enrolment = enrol_totp(s, get_user(s, username), actor=app.actor)
    click.echo(enrolment.secret)
    click.echo(enrolment.uri)
    click.echo(f"add the secret to an authenticator app, then run: jingshu user totp verify "
               f"{username} CODE", err=True)


@totp.command("verify")
@click.argument("username")
@click.argument("code")
@pass_app
def totp_verify(app: AppContext, username: str, code: str) -> None:
    """Turn TOTP on for USERNAME with a current CODE from the authenticator app."""
    with app.platform.session() as s:
        confirm_totp(s, get_user(s, username), code, actor=app.actor)
    click.echo(f"TOTP is on for {username}: logging in now needs a one-time code")


@totp.command("disable")
@click.argument("username")
@pass_app
def totp_disable(app: AppContext, username: str) -> None:
    """Turn TOTP off for USERNAME (e.g. a lost phone); the password alone logs in again."""
    with app.platform.session() as s:
        disable_totp(s, get_user(s, username), actor=app.actor)
    click.echo(f"TOTP is off for {username}")


@totp.command("status")
@click.argument("username")
@json_option
@pass_app
def totp_status(app: AppContext, username: str, as_json: bool) -> None:
    """Say whether USERNAME's login needs a one-time code."""
    with app.platform.session() as s:
        enabled = totp_enabled(s, get_user(s, username))
    if as_json:
        echo_json({"user": username, "totp": enabled})
        return
    click.echo(f"TOTP is {'on' if enabled else 'off'} for {username}")
