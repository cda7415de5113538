"""`sarap users …` and `sarap audit …`: accounts and the audit log."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table
from sqlalchemy import select

from sarap.auth import users as accounts
from sarap.auth.models import ROLES, User
from sarap.cli.common import acting_user, console, database, err, print_json, reports_errors
from sarap.core import audit

users_app = typer.Typer(help="Users of agencies: create, list, roles, passwords, API tokens.",
                        no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log: verify it, anchor it outside the database.",
                        no_args_is_help=True)


@users_app.command("add")
@reports_errors
def add(username: str, agency: str = typer.Option(..., help="Agency code, e.g. atc."),
        role: str = typer.Option("viewer", help=", ".join(ROLES))) -> None:
    """Create a user; prints a one-time password that must be changed at first login."""
    with database().session() as session:
        _, password = accounts.create_user(session, username, agency, role, actor=acting_user())
    console.print(f"created {username} ({role}, {agency}); one-time password: {password}")


@users_app.command("list")
@reports_errors
def list_users(as_json: bool = typer.Option(False, "--json")) -> None:
    """List users with their agency, role and state."""
    with database().session() as session:
        rows: list[dict[str, Any]] = [{"username": u.username, "agency": u.agency.code, "role": u.role,
                 "active": u.active, "must_change_password": u.must_change_password}
                for u in session.scalars(select(User).order_by(User.username))]
    if as_json:
        print_json(rows)
        return
    table = Table("user", "agency", "role", "active", "must change password")
    for r in rows:
        table.add_row(r["username"], r["agency"], r["role"], str(r["active"]),
                      str(r["must_change_password"]))
    console.print(table)


@users_app.command("role")
@reports_errors
def role(username: str, new_role: str = typer.Argument(..., help=", ".join(ROLES))) -> None:
    """Change a user's role."""
    with database().session() as session:
        accounts.set_role(session, accounts.get_user(session, username), new_role, actor=acting_user())
    console.print(f"{username} is now {new_role}")


@users_app.command("reset-password")
@reports_errors
def reset_password(username: str) -> None:
    """Give a user a new one-time password (to be changed at the next login)."""
    password = accounts.one_time_password()
    with database().session() as session:
        accounts.set_password(session, accounts.get_user(session, username), password,
                              actor=acting_user(), must_change=True)
    console.print(f"one-time password for {username}: {password}")


@users_app.command("disable")
@reports_errors
def disable(username: str) -> None:
    """Stop a user from logging in (their history stays)."""
    with database().session() as session:
        accounts.set_active(session, accounts.get_user(session, username), False, actor=acting_user())
    console.print(f"{username} disabled")


@users_app.command("token")
@reports_errors
def token(username: str, name: str = typer.Option("cli", help="What the token is for.")) -> None:
    """Create an API token for a user; it is shown once and stored only as a hash."""
    with database().session() as session:
        text = accounts.create_token(session, accounts.get_user(session, username), name,
                                     actor=acting_user())
    console.print(text)


@audit_app.command("verify")
@reports_errors
def verify() -> None:
    """Check that no audit entry was edited, removed, reordered or forged, against the key and
    the newest checkpoint (`sarap audit anchor`); exits 1 if one was."""
    with database().session(rollback=True) as session:
        verdict = audit.verify(session)
    if verdict.ok:
        anchors, _ = audit.read_anchors(audit.anchor_file(), audit.secret_key())
        note = (f"; checked against {len(anchors)} checkpoints in {audit.anchor_file()}" if anchors
                else "; no checkpoint yet (run 'sarap audit anchor')")
        console.print(f"audit log intact: {verdict.entries} entries{note}")
        return
    for problem in verdict.problems:
        err.print(f"[red]tampered[/red] {problem}")
    raise typer.Exit(1)


@audit_app.command("anchor")
@reports_errors
def anchor() -> None:
    """Append a signed checkpoint (newest entry's number and hash) to the anchor file outside the
    database (SARAP_AUDIT_ANCHORS, default data/audit-anchors.jsonl); run it regularly and keep
    copies of that file elsewhere."""
    with database().session(rollback=True) as session:
        done = audit.anchor(session)
    console.print(f"checkpoint {done['checkpoints']}: entry {done['seq']} {done['hash'][:16]}… "
                  f"written to {done['file']}")


@audit_app.command("list")
@reports_errors
def list_entries(limit: int = typer.Option(50, help="The newest N entries."),
                 as_json: bool = typer.Option(False, "--json")) -> None:
    """Show the newest audit entries."""
    with database().session(rollback=True) as session:
        rows: list[dict[str, Any]] = [{"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action,
                 "entity": e.entity, "entity_id": e.entity_id, "detail": e.detail}
                for e in session.scalars(select(audit.AuditEntry)
                                         .order_by(audit.AuditEntry.seq.desc()).limit(limit))]
    if as_json:
        print_json(rows)
        return
    table = Table("seq", "at", "actor", "action", "entity")
    for r in rows:
        table.add_row(str(r["seq"]), str(r["at"])[:19], r["actor"], r["action"],
                      f"{r['entity']} {r['entity_id'] or ''}")
    console.print(table)
