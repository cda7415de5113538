"""Load command groups and heavy modules only when a command needs them.

Every `sarap` call, even `--help`, used to import the whole application (SQLAlchemy, scikit-learn,
matplotlib, SciPy…): seconds of CPU before anything was printed. The top-level group lists its
sub-groups from a table of names and help lines and imports a group's module when it is run; modules
that a group's commands need go through `lazy_module`, imported at the first attribute access."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

try:
    from typer import _click as click  # recent typer carries its own copy of click
except ImportError:  # pragma: no cover - older typer uses the click package
    import click  # type: ignore[no-redef]


class _LazyModule(ModuleType):
    """Stands in for a module until one of its attributes is read."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.__dict__["_sarap_target"] = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self.__dict__["_sarap_target"]), attr)


def lazy_module(name: str) -> Any:
    """`store = lazy_module("sarap.events.store")`: imported when `store.something` is first read."""
    return _LazyModule(name)


class LazyGroup(TyperGroup):
    """A group whose sub-commands are `name -> (module, attribute, help)`: the module is imported only
    when the sub-command runs (help listings use the help line kept here)."""

    lazy: dict[str, tuple[str, str, str]] = {}
    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in self.lazy if n not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module_name, attribute, help_line = self.lazy[cmd_name]
        if self._listing:
            return TyperCommand(name=cmd_name, help=help_line)
        self.commands[cmd_name] = _click_command(getattr(importlib.import_module(module_name), attribute),
                                                 cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


def _click_command(target: Any, name: str) -> click.Command:
    """A Typer app becomes its click group; a plain function becomes a one-command click command."""
    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
    else:
        holder = typer.Typer()
        holder.command(name)(target)
        command = typer.main.get_command(holder)
    command.name = name
    return command
