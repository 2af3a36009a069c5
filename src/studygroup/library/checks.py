"""`studygroup validate`: every problem in a library or a file, each on one line with
the line of the file it is on (`file:line: field: message`).

tomllib reports where its syntax errors are but not where a value came from, so the
schema's findings (a field path such as `points[3].section`) are placed by reading
the file's table headers and keys again: `[[points]]` number 4, then `section =`
inside it. A field that is missing is placed at the table that lacks it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from studygroup.domain.base import Loc, dotted
from studygroup.domain.book import Book
from studygroup.domain.programme import Programme, book_problems
from studygroup.domain.session import Session, session_problems
from studygroup.errors import StudygroupError
from studygroup.library.codec import construct_trusted
from studygroup.library.layout import BOOK_FILE, SESSIONS_DIR


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


_HEADER = re.compile(r"^\s*(\[\[|\[)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")
_SYNTAX_AT = re.compile(r"\s*\(at line (\d+), column \d+\)")


def _header(line: str) -> tuple[str, str] | None:
    match = _HEADER.match(line)
    if match is None:
        return None
    name = ".".join(part.strip().strip("\"'") for part in match[2].split("."))
    return match[1], name


def line_of(text: str, loc: Loc) -> int:
    """The 1-based line of `text` where the value at `loc` is, or the table it belongs in."""
    lines = text.splitlines()
    headers = [(number, found) for number, line in enumerate(lines) if (found := _header(line))]
    start, end, path, best = 0, len(lines), "", 0

    def key_line(name: str) -> int | None:
        for number in range(start, end):
            if _header(lines[number]):
                return None  # keys after a sub-table's header belong to it
            match = _KEY.match(lines[number])
            if match and match[1].strip("\"'") == name:
                return number
        return None

    index = 0
    while index < len(loc):
        name = loc[index]
        if not isinstance(name, str):
            break
        full = f"{path}.{name}" if path else name
        following = loc[index + 1] if index + 1 < len(loc) else None
        found_key = key_line(name)
        if found_key is not None:
            best = found_key
            break
        tables = [n for n, (kind, header) in headers if start <= n < end and header == full]
        position = following if isinstance(following, int) else 0
        if position >= len(tables):
            break
        best = tables[position]
        start = best + 1
        # The table runs to the next header that is not one of its own sub-tables.
        end = next(
            (n for n, (kind, header) in headers if n > best and not header.startswith(f"{full}.")),
            len(lines),
        )
        path = full
        index += 2 if isinstance(following, int) else 1
    return best + 1


def _located(file: str, text: str, problems: list[tuple[Loc, str]]) -> list[Problem]:
    return [Problem(file, line_of(text, loc), dotted(loc), message) for loc, message in problems]


def _schema_problems(file: str, text: str, error: ValidationError) -> list[Problem]:
    out = []
    for item in error.errors():
        loc = tuple(item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        out.append(Problem(file, line_of(text, loc), dotted(loc), message))
    return out


def _read(path: Path | Traversable, file: str) -> tuple[str, dict[str, Any]] | Problem:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return Problem(file, line, "", "not UTF-8 text")
    except OSError as error:
        return Problem(file, 1, "", f"cannot read: {error.strerror}")
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = _SYNTAX_AT.search(message)
        return Problem(
            file, int(at[1]) if at else 1, "", f"not valid TOML: {_SYNTAX_AT.sub('', message)}"
        )


def _without(data: Any, loc: Loc) -> None:
    """Remove the value at `loc` from nested dicts and lists."""
    for step in loc[:-1]:
        data = data[step]
    del data[loc[-1]]


def _model(
    model: type[BaseModel], file: str, text: str, data: dict[str, Any]
) -> tuple[Any, list[Problem]]:
    """The model if its fields are sound (checked or not), or None; and all problems."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        field_problems = [e for e in error.errors() if e["loc"]]
        if field_problems and all(e["type"] == "extra_forbidden" for e in field_problems):
            # Unknown keys alone: report them, and go on checking the rest without them.
            unknown = _schema_problems(file, text, error)
            for item in field_problems:
                _without(data, tuple(item["loc"]))
            rest, problems = _model(model, file, text, data)
            return rest, unknown + problems
        if field_problems:
            return None, _schema_problems(file, text, error)
        # Only a whole-model check failed: the fields are sound, so build the model
        # unchecked, locate every such problem, and let the caller check the rest.
        built = construct_trusted(model, data)
        return built, _located(file, text, built.reference_problems())  # type: ignore[attr-defined]


def file_problems(model: type[BaseModel], path: Path | Traversable, file: str) -> list[Problem]:
    """Every problem of one file read as `model`, without the references to a book."""
    read = _read(path, file)
    if isinstance(read, Problem):
        return [read]
    text, data = read
    return sorted(_model(model, file, text, data)[1], key=lambda problem: problem.line)


def check_programme_file(
    path: Path, file: str, find_book: Callable[[str], Book]
) -> tuple[Programme | None, Book | None, list[Problem]]:
    """A programme, its book, and every problem of the file, located."""
    read = _read(path, file)
    if isinstance(read, Problem):
        return None, None, [read]
    text, data = read
    programme, problems = _model(Programme, file, text, data)
    if programme is None:
        return None, None, problems
    try:
        book = find_book(programme.book)
    except StudygroupError as error:
        return (
            None,
            None,
            problems + [Problem(file, line_of(text, ("book",)), "book", error.message)],
        )
    problems += _located(file, text, book_problems(programme, book))
    if problems:
        return None, book, sorted(problems, key=lambda problem: problem.line)
    return programme, book, []


def check_book_file(path: Path, file: str) -> tuple[Book | None, list[Problem]]:
    read = _read(path, file)
    if isinstance(read, Problem):
        return None, [read]
    text, data = read
    book, problems = _model(Book, file, text, data)
    if book is not None and path.name == BOOK_FILE and book.slug != path.parent.name:
        problems.append(
            Problem(
                file,
                line_of(text, ("slug",)),
                "slug",
                f"says {book.slug!r}, but the folder is {path.parent.name!r}",
            )
        )
    return book, problems


def check_session_file(
    path: Path, file: str, book: Book | None, book_error: str | None
) -> list[Problem]:
    read = _read(path, file)
    if isinstance(read, Problem):
        return [read]
    text, data = read
    session, problems = _model(Session, file, text, data)
    if session is None:
        return problems
    if book is None:
        where = line_of(text, ("book",))
        return problems + [Problem(file, where, "book", book_error or "no such book")]
    part = book.part(path.stem) if path.parent.name == SESSIONS_DIR else book.part(session.part)
    if part is None:
        key = path.stem if path.parent.name == SESSIONS_DIR else session.part
        where = line_of(text, ("part",))
        return problems + [Problem(file, where, "part", f"no part {key!r} in {book.slug!r}")]
    return problems + _located(file, text, session_problems(session, book, part))
