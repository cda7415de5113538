"""The README's edit workflow: `sarap events show 2 > e.yaml`, edit, `sarap events edit 2 e.yaml`;
and a broken YAML file gets one line naming file, line and column."""

import re

import pytest
import yaml
from typer.testing import CliRunner

from sarap.cli.main import app
from sarap.core.errors import Problem

runner = CliRunner()


def sarap(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def seeded(cli_env):
    assert sarap("seed", "dissertation-2025").exit_code == 0


def test_show_redirected_writes_yaml_that_edit_reads_back(seeded, tmp_path):
    shown = sarap("events", "show", 2)  # CliRunner's stdout is not a terminal, like `> e.yaml`
    assert shown.exit_code == 0
    assert max(len(line) for line in shown.stdout.splitlines()) > 80  # no folding at 80 columns
    assert "\x1b[" not in shown.stdout  # no styling
    data = yaml.safe_load(shown.stdout)
    assert data["id"] == 2 and data["author_coding"]
    path = tmp_path / "e.yaml"
    path.write_text(shown.stdout.replace("confirmed", "probable", 1), encoding="utf-8")
    edited = sarap("events", "edit", 2, path, "-m", "x")
    assert edited.exit_code == 0, edited.output
    again = yaml.safe_load(sarap("events", "show", 2, "--yaml").stdout)
    assert again["certainty"] == "probable"
    assert {k: v for k, v in again.items() if k != "certainty"} == {
        k: v for k, v in data.items() if k != "certainty"}


def test_a_broken_yaml_file_gets_one_line_with_line_and_column(seeded, tmp_path):
    path = tmp_path / "e.yaml"
    path.write_text("origin: x\nsummary: [unclosed\ncategory: other\n", encoding="utf-8")
    for command in (("events", "edit", 2, path, "-m", "x"), ("events", "add", path),
                    ("events", "import", path, "-d", "t", "--format", "yaml")):
        result = runner.invoke(app, [str(a) for a in command])
        assert result.exit_code == 1 and result.exception is None or isinstance(
            result.exception, SystemExit), command
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (command, result.stderr)
        assert re.fullmatch(r"error e\.yaml:\d+:\d+: not valid YAML: .+; expected .+", lines[0]), lines


def test_not_utf8_is_named_by_line_and_column(seeded, tmp_path):
    path = tmp_path / "e.yaml"
    path.write_bytes("summary: ok\ncategory: o\xff\n".encode("latin-1"))
    result = runner.invoke(app, ["events", "add", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error e.yaml:2:12: not UTF-8 text")


def test_a_problem_with_a_character_position_reads_file_line_column():
    problem = Problem("not valid YAML: x", file="e.yaml", row=3, char=7, expected="y")
    assert str(problem) == "e.yaml:3:7: not valid YAML: x; expected y"
