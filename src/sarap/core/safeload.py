"""Loading what users hand us (YAML, JSON, ZIP-based office files) within bounds: size, nesting
depth, YAML aliases, and the number of values after aliases are expanded. One place, so that
every reader refuses a 500-byte "billion laughs" file in milliseconds with the same message."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import yaml

from sarap.core.errors import InvalidInput, Problem

MAX_FILE_BYTES = 256 * 1024 * 1024  # larger than any real export we read (GTD's is ~180 MB)
MAX_DEPTH = 32  # an event nests 4 levels; configuration files a few more
MAX_VALUES = 2_000_000  # values in one document, aliases counted every time they are used
MAX_ALIASES = 200
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024  # an XLSX/DOCX inflated: beyond this it is a zip bomb
MAX_ERRORS = 1000  # problems kept for one input; the rest are counted


def _refuse(file: str | None, message: str, expected: str, row: int | None = None) -> InvalidInput:
    return InvalidInput([Problem(message, file=file, row=row, expected=expected)])


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> None:
    size = path.stat().st_size
    if size > limit:
        raise _refuse(path.name, f"the file is too large ({size:,} bytes)",
                      f"at most {limit:,} bytes; split it into smaller files")


def check_shape(data: Any, file: str | None = None, row: int | None = None) -> Any:
    """Raises InvalidInput when `data` nests deeper than MAX_DEPTH or holds more than MAX_VALUES
    values (shared objects, which YAML aliases make, counted at each use)."""
    budget, repeats = MAX_VALUES, 0
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        budget -= 1
        if budget < 0:
            raise _refuse(file, f"the document holds more than {MAX_VALUES:,} values "
                          "(YAML aliases expanded)", "a smaller document, without alias chains", row)
        if isinstance(value, dict | list):
            if id(value) in seen:  # the same object again: a YAML alias
                repeats += 1
                if repeats > MAX_ALIASES:
                    raise _refuse(file, f"more than {MAX_ALIASES} uses of YAML aliases (*name)",
                                  "a document without alias chains", row)
            seen.add(id(value))
            if depth > MAX_DEPTH:
                raise _refuse(file, f"nested more than {MAX_DEPTH} levels deep",
                              "an event or list of events (docs/event-format.md)", row)
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
    return data


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, counting aliases and nesting while it composes (used
    where libyaml is missing)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases (*name)")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH + 2:
                raise yaml.YAMLError(f"nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _loader(text: str) -> Any:
    # libyaml's loader is many times faster; it keeps aliases as shared objects, and
    # check_shape counts each use, so an alias bomb is refused all the same.
    if getattr(yaml, "CSafeLoader", None) is not None:
        return yaml.CSafeLoader(text)
    return _BoundedLoader(text)


def yaml_problem(file: str | None, exc: yaml.YAMLError, expected: str | None = None) -> Problem:
    """A YAML parse error as one problem at its place: file:line:column (1-based), the reason."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"not valid YAML: {reason}" + (f" ({context})" if context else "")
    return Problem(" ".join(message.split()), file=file, row=mark.line + 1 if mark else None,
                   char=mark.column + 1 if mark else None,
                   expected=expected or "a YAML or JSON document")


def load_yaml(text: str, file: str | None = None, expected: str | None = None) -> Any:
    """YAML (or JSON, which YAML reads) as plain data; any fault is an InvalidInput naming the
    file and, where YAML knows it, the line and column."""
    loader = None
    try:
        loader = _loader(text)  # the pure-Python one refuses control characters already here
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        raise InvalidInput([yaml_problem(file, exc, expected)]) from None
    except RecursionError:
        raise _refuse(file, f"nested more than {MAX_DEPTH} levels deep",
                      "a YAML or JSON document") from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, AttributeError) as exc:
        raise _refuse(file, f"not valid YAML/JSON: {str(exc)[:300]}",
                      "a YAML or JSON document") from None
    finally:
        if loader is not None:
            loader.dispose()
    return check_shape(data, file)


def load_json(text: str, file: str | None = None, row: int | None = None) -> Any:
    """One JSON value within the same bounds; a fault is an InvalidInput naming file, line (or
    the given row, for one line of JSON Lines) and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem(f"not valid JSON: {exc.msg}", file=file,
                                    row=row if row is not None else exc.lineno, char=exc.colno,
                                    expected="valid JSON")]) from None
    except RecursionError:
        raise _refuse(file, f"nested more than {MAX_DEPTH} levels deep", "valid JSON of an event",
                      row) from None
    except ValueError as exc:
        raise _refuse(file, f"not valid JSON: {str(exc)[:200]}", "valid JSON", row) from None
    return check_shape(data, file, row)


def read_user_text(path: Path) -> str:
    """A file's UTF-8 text within the size bound; a bad byte is one problem at file:line:column."""
    check_size(path)
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        char = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidInput([Problem("not UTF-8 text", file=path.name, row=line, char=char,
                                    value=data[exc.start:exc.start + 4].hex(" "),
                                    expected="a file saved as UTF-8")]) from None


def load_file(path: Path, expected: str | None = None) -> Any:
    """A YAML/JSON file a user wrote, within bounds; a fault is one line, file:line:column."""
    return load_yaml(read_user_text(path), path.name, expected)


def check_zip(path: Path, what: str) -> None:
    """An office file (XLSX, DOCX) is a ZIP: refuse one that is not, or that inflates past
    MAX_UNZIPPED_BYTES, before a library tries to read it."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except Exception as exc:  # zipfile raises many types (BadZipFile, NotImplementedError, …)
        raise _refuse(path.name, f"not a readable {what} file ({exc})", f"a {what} file") from None
    if total > MAX_UNZIPPED_BYTES:
        raise _refuse(path.name, f"the {what} file inflates to {total:,} bytes",
                      f"at most {MAX_UNZIPPED_BYTES:,} bytes of content")


class ProblemList:
    """Problems collected for one input, at most MAX_ERRORS of them kept; `more` counts the rest,
    so that a file with a million bad rows does not take a million problems' memory."""

    def __init__(self, limit: int = MAX_ERRORS):
        self.limit, self.more = limit, 0
        self.kept: list[Problem] = []

    def extend(self, problems: list[Problem]) -> None:
        room = self.limit - len(self.kept)
        self.kept.extend(problems[:max(room, 0)])
        self.more += max(len(problems) - max(room, 0), 0)

    @property
    def full(self) -> bool:
        return len(self.kept) >= self.limit

    def summary(self) -> list[Problem]:
        if not self.more:
            return self.kept
        return [*self.kept, Problem(f"… and {self.more:,} more problems not shown",
                                    expected="fix the ones above and import again")]
