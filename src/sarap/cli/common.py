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

from sarap.core.errors import InvalidInput, SarapError

if TYPE_CHECKING:
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


def acting_user() -> str:
    return os.environ.get("SARAP_USER") or getpass.getuser()


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
