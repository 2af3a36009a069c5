"""`studygroup validate`: every problem in a library or a file, each on one line with
the line of the file it is on (`file:line: field: message`).

tomllib reports where its syntax errors are but not where a value came from, so the
schema's findings (a field path such as `points[3].section`) are placed by reading
the file's table headers and keys again: `[[points]]` number 4, then `section =`
inside it. A field that is missing is placed at the table that lacks it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
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
# A key, bare or quoted, possibly dotted (`source.title = …`), before its `=`.
_KEY_PART = r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)"""
_KEY = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_SYNTAX_AT = re.compile(r"\s*\(at line (\d+), column \d+\)")


def _header(line: str) -> tuple[str, str] | None:
    match = _HEADER.match(line)
    if match is None:
        return None
    name = ".".join(part.strip().strip("\"'") for part in match[2].split("."))
    return match[1], name


@functools.lru_cache(maxsize=8)
def _layout(
    text: str,
) -> tuple[list[str], list[tuple[int, tuple[str, str]]], list[int], dict[str, list[int]]]:
    """A file's lines and table headers, worked out once for all its problems (placing
    each of thousands of problems must not read the whole file again): the lines, the
    headers in order, their line numbers, and the lines of each header by name."""
    lines = text.splitlines()
    headers = [(number, found) for number, line in enumerate(lines) if (found := _header(line))]
    by_name: dict[str, list[int]] = {}
    for number, (_, header) in headers:
        by_name.setdefault(header, []).append(number)
    return lines, headers, [number for number, _ in headers], by_name


def line_of(text: str, loc: Loc) -> int:
    """The 1-based line of `text` where the value at `loc` is, or the table it belongs in."""
    lines, headers, numbers, by_name = _layout(text)
    start, end, path, best = 0, len(lines), "", 0

    def key_line(names: list[str]) -> tuple[int, int] | None:
        """The line of the key `names[0]` in the current table, and how many of
        `names` a dotted key there spells (`source.title =` spells two)."""
        for number in range(start, end):
            if _header(lines[number]):
                return None  # keys after a sub-table's header belong to it
            match = _KEY.match(lines[number])
            if match is None:
                continue
            dotted_key = [part.strip().strip("\"'") for part in re.split(r"\s*\.\s*", match[1])]
            if dotted_key[0] != names[0]:
                continue
            depth = 1
            while depth < len(dotted_key) and depth < len(names):
                if dotted_key[depth] != names[depth]:
                    break
                depth += 1
            return number, depth
        return None

    index = 0
    while index < len(loc):
        name = loc[index]
        if not isinstance(name, str):
            break
        full = f"{path}.{name}" if path else name
        following = loc[index + 1] if index + 1 < len(loc) else None
        # The names up to the next list index: what a dotted key could spell.
        names = list(itertools.takewhile(lambda step: isinstance(step, str), loc[index:]))
        found_key = key_line([str(step) for step in names])
        if found_key is not None:
            best = found_key[0]
            break
        named = by_name.get(full, [])
        tables = named[bisect.bisect_left(named, start) : bisect.bisect_left(named, end)]
        position = following if isinstance(following, int) else 0
        if position >= len(tables):
            break
        best = tables[position]
        start = best + 1
        # The table runs to the next header that is not one of its own sub-tables.
        end = len(lines)
        for n, (_, header) in headers[bisect.bisect_right(numbers, best) :]:
            if not header.startswith(f"{full}."):
                end = n
                break
        path = full
        index += 2 if isinstance(following, int) else 1
    return best + 1


def _located(file: str, text: str, problems: list[tuple[Loc, str]]) -> list[Problem]:
    return [Problem(file, line_of(text, loc), dotted(loc), message) for loc, message in problems]


def _schema_problems(
    model: type[BaseModel],
    file: str,
    text: str,
    error: ValidationError,
    items: list[Any] | None = None,
) -> list[Problem]:
    out = []
    for item in error.errors() if items is None else items:
        loc = tuple(item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown key" + _did_you_mean(model, loc)
        out.append(Problem(file, line_of(text, loc), dotted(loc), message))
    return out


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model that holds the last step of `loc` (Quotation for quotations[2].x)."""
    import typing

    current: type[BaseModel] = model
    for step in loc[:-1]:
        if isinstance(step, int):
            continue
        field = current.model_fields.get(step)
        if field is None:
            return None
        found = None
        pending = [field.annotation]
        while pending and found is None:
            kind = pending.pop()
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                found = kind
            else:
                pending += list(typing.get_args(kind))
        if found is None:
            return None
        current = found
    return current


def _did_you_mean(model: type[BaseModel], loc: Loc) -> str:
    import difflib

    holder = _model_at(model, loc)
    if holder is None or not isinstance(loc[-1], str):
        return ""
    close = difflib.get_close_matches(loc[-1], list(holder.model_fields), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _is_address(key: object, value: object) -> bool:
    return (
        isinstance(key, str) and (key == "url" or key.endswith("_url")) and isinstance(value, str)
    )


def _url_problems(file: str, text: str, data: Any, loc: Loc = ()) -> list[Problem]:
    """Every address in the file that no output would make a link: not http, https or
    mailto, or holding a space or a control character."""
    from studygroup.safety import web_address

    out: list[Problem] = []
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else []
    )
    for key, value in items:
        here = (*loc, key)
        if isinstance(value, (dict, list)):
            out += _url_problems(file, text, value, here)
        elif _is_address(key, value) and web_address(str(value)) is None:
            message = "not a web address (http, https or mailto, with no spaces)"
            out.append(Problem(file, line_of(text, here), dotted(here), message))
    return out


def _read(path: Path | Traversable, file: str) -> tuple[str, dict[str, Any]] | Problem:
    from studygroup.sources.inputs import MAX_LIBRARY_BYTES, Unreadable, read_bounded

    try:
        raw = read_bounded(path, MAX_LIBRARY_BYTES) if isinstance(path, Path) else path.read_bytes()
    except Unreadable as problem:
        return Problem(file, 1, "", str(problem))
    except OSError as error:
        return Problem(file, 1, "", f"cannot read: {error.strerror}")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is allowed
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(file, line, "", "not UTF-8 text")
    from studygroup.library.codec import ahead

    try:
        return text, ahead(path) or tomllib.loads(text)
    except RecursionError:
        return Problem(file, 1, "", "not valid TOML: tables or lists nested too deeply")
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
    """The model if its fields are sound (checked or not), or None; and all problems.

    A value that fails (an unknown key, a wrong type) is reported and taken out, and
    the rest checked again, so one run finds every problem, references included; only
    a value that cannot be done without (a missing required key) stops the checking.
    """
    found: list[Problem] = []
    taken: set[Loc] = set()
    for _ in range(50):  # each round takes out at least one value
        try:
            return model.model_validate(data), found
        except ValidationError as error:
            field_problems = [e for e in error.errors() if e["loc"]]
            if not field_problems:
                # Only a whole-model check failed: the fields are sound, so build the
                # model unchecked, locate every such problem, and let the caller go on.
                built = construct_trusted(model, data)
                problems = built.reference_problems()  # type: ignore[attr-defined]
                return built, found + _located(file, text, problems)
            # A required value taken out in an earlier round was reported then.
            fresh = [
                e
                for e in field_problems
                if not (e["type"] == "missing" and tuple(e["loc"]) in taken)
            ]
            found += _schema_problems(model, file, text, error, fresh)
            removable = [tuple(e["loc"]) for e in field_problems if e["type"] != "missing"]
            if len(removable) < len(field_problems) or not _take_out(data, removable, taken):
                return None, found
    return None, found


def _take_out(data: dict[str, Any], locs: list[Loc], taken: set[Loc]) -> bool:
    """Remove each value at `locs` (the key that holds it); False if any cannot be."""
    for loc in sorted(locs, key=len, reverse=True):
        # A bad item of a list of plain values goes with its list ("quotations[3]" of a
        # question): removing the item would renumber what follows.
        while loc and isinstance(loc[-1], int):
            loc = loc[:-1]
        if not loc:
            return False
        try:
            _without(data, loc)
        except (KeyError, IndexError, TypeError):
            continue  # taken out already, with a shorter path
        taken.add(loc)
    return True


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
    urls = _url_problems(file, text, data)
    book, problems = _model(Book, file, text, data)
    problems += urls
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
    path: Path,
    file: str,
    book: Book | None,
    book_error: str | None,
    *,
    skip_references: bool = False,
) -> list[Problem]:
    read = _read(path, file)
    if isinstance(read, Problem):
        return [read]
    text, data = read
    urls = _url_problems(file, text, data)
    session, problems = _model(Session, file, text, data)
    problems += urls
    if session is None or skip_references:
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
