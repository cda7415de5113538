"""What every sub-command shares: the database, the acting user, output helpers."""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console

from sarap.core.errors import Forbidden, InvalidInput, SarapError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sarap.auth.models import User
    from sarap.core.db import Database

console = Console()
err = Console(stderr=True, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])


def database() -> Database:
    from sarap.core.db import Database  # SQLAlchemy is heavy: imported when a command needs the database
    from sarap.core.settings import load_settings

    db = Database.from_settings(load_settings())
    db.on_wait = lambda message: err.print(f"[yellow]{message}[/yellow]", highlight=False)
    db.migrate()
    return db


_AS: list[str] = []  # the name given with `sarap --as NAME`


def act_as(name: str | None) -> None:
    _AS[:] = [name] if name else []


def acting_user() -> str:
    """Who runs the command: `--as NAME`, else SARAP_USER, else the configured operator, else
    the login name."""
    from sarap.core.settings import load_settings

    return (_AS[0] if _AS else None) or os.environ.get("SARAP_USER") or load_settings().operator \
        or getpass.getuser()


def cli_user(session: Session) -> User:
    """The Sarap user the CLI acts as, so that sarap.auth's rules apply as on the web. A name with
    no account is the local operator: the installation's maintainer, who owns the shipped data
    (the system agency) and reads only what is public, official or the system's own."""
    from sqlalchemy import select

    from sarap.auth.access import SYSTEM_AGENCY
    from sarap.auth.models import Agency, User

    name = acting_user()
    user = session.scalar(select(User).where(User.username == name))
    if user is None:
        return User(username=name, role="admin", agency=Agency(code=SYSTEM_AGENCY, names={}))
    if not user.active:
        raise Forbidden(f"user {name!r} is disabled")
    return user


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def reports_errors(func: F) -> F:
    """Shows Sarap's errors as messages (one line per problem) and exits 1, without a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidInput as exc:
            for problem in exc.problems:
                err.print(f"[red]error[/red] {problem}", markup=True, highlight=False)
            raise typer.Exit(1) from None
        except SarapError as exc:
            err.print(f"[red]error[/red] {exc}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]
