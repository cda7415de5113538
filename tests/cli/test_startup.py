"""`sarap --help` and a group's `--help` stay fast: they import no database or science modules, and the
help lines of the lazily loaded groups are the groups' own."""

from __future__ import annotations

import importlib
import subprocess
import sys

from typer.testing import CliRunner

from sarap.cli.main import SarapCommands, app

HEAVY = ("sqlalchemy", "sklearn", "matplotlib", "scipy", "numpy", "sarap.events.models")


def _modules_after(*args: str) -> set[str]:
    code = ("import sys, runpy; sys.argv = ['sarap', *sys.argv[1:]]\n"
            "try:\n    runpy.run_module('sarap.cli.main', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print('\\n'.join(sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return set(done.stderr.split())


def test_help_imports_nothing_heavy() -> None:
    for args in (("--help",), ("events", "list", "--help")):
        loaded = _modules_after(*args)
        assert not [m for m in HEAVY if m in loaded], args


def test_lazy_help_lines_are_the_groups_own() -> None:
    for name, (module, attribute, help_line) in SarapCommands.lazy.items():
        target = getattr(importlib.import_module(module), attribute)
        own = target.info.help if hasattr(target, "info") else target.__doc__
        assert " ".join(own.split()) == help_line, name


def test_help_lists_every_group_and_groups_still_run() -> None:
    runner = CliRunner()
    listing = runner.invoke(app, ["--help"])
    assert listing.exit_code == 0
    for name in SarapCommands.lazy:
        assert name in listing.output
    assert "list" in runner.invoke(app, ["events", "--help"]).output
    assert runner.invoke(app, ["nosuch"]).exit_code != 0
