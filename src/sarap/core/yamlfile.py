"""Reading a YAML (or JSON) file a user wrote: a parse error becomes one line,
`file:line:column: what is wrong; expected …`, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sarap.core.errors import InvalidInput, Problem


def yaml_problem(name: str, exc: yaml.YAMLError, expected: str | None = None) -> Problem:
    """The place (1-based line and column) and the reason of a YAML parse error."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"not valid YAML: {reason}" + (f" ({context})" if context else "")
    return Problem(" ".join(message.split()), file=name, row=mark.line + 1 if mark else None,
                   char=mark.column + 1 if mark else None,
                   expected=expected or "valid YAML (or JSON)")


def read_text(path: Path) -> str:
    """The file's UTF-8 text; a bad byte or an unreadable file is one problem naming the place."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput([Problem(f"cannot read: {exc.strerror}", file=path.name)]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        char = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidInput([Problem("not UTF-8 text", file=path.name, row=line, char=char,
                                    value=data[exc.start:exc.start + 4].hex(" "),
                                    expected="a file saved as UTF-8")]) from None


def load(path: Path, expected: str | None = None, loader: type[Any] = yaml.SafeLoader) -> Any:
    """The data of a YAML/JSON file (JSON is YAML); InvalidInput with the error's line and column."""
    try:
        return yaml.load(read_text(path), Loader=loader)  # noqa: S506 - loader is a SafeLoader
    except yaml.YAMLError as exc:
        raise InvalidInput([yaml_problem(path.name, exc, expected)]) from None
