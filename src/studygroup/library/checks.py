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
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from studygroup.domain.base import Loc, dotted
from studygroup.domain.book import Book
from studygroup.domain.programme import Programme, book_problems
from studygroup.domain.session import Session, session_problems
from studygroup.errors import StudygroupError
from studygroup.library.codec import construct_trusted, syntax_problem
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


def _header(line: str) -> tuple[str, str] | None:
    match = _HEADER.match(line)
    if match is None:
        return None
    name = ".".join(part.strip().strip("\"'") for part in match[2].split("."))
    return match[1], name


# What hides a `key =` or a `[table]` from a reader of lines: strings (a line inside a
# multi-line string is text, not a key) and comments.
_STRING_OR_COMMENT = re.compile(
    r'"""(?:[^\\]|\\[\s\S])*?"""{0,2}'
    r"|'''[\s\S]*?'''{0,2}"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
)


@dataclass(frozen=True)
class _Layout:
    lines: list[str]
    starts: list[int]  # where each line starts in the text
    headers: list[tuple[int, tuple[str, str]]]  # (line, (bracket, name)), in order
    numbers: list[int]  # the lines of the headers
    by_name: dict[str, list[int]]  # the lines of each header, by its name
    in_string: frozenset[int]  # lines that begin inside a multi-line string


@functools.lru_cache(maxsize=8)
def _layout(text: str) -> _Layout:
    """A file's lines, table headers and multi-line strings, worked out once for all
    its problems (placing each of thousands of problems must not read the whole file
    again)."""
    lines = text.splitlines()
    starts = [0] + [line_end.end() for line_end in re.finditer("\n", text)]
    in_string: set[int] = set()
    if '"""' in text or "'''" in text:
        for match in _STRING_OR_COMMENT.finditer(text):
            first = bisect.bisect_right(starts, match.start()) - 1
            last = bisect.bisect_right(starts, match.end() - 1) - 1
            in_string.update(range(first + 1, last + 1))
    headers = [
        (number, found)
        for number, line in enumerate(lines)
        if number not in in_string and (found := _header(line))
    ]
    by_name: dict[str, list[int]] = {}
    for number, (_, header) in headers:
        by_name.setdefault(header, []).append(number)
    numbers = [number for number, _ in headers]
    return _Layout(lines, starts, headers, numbers, by_name, frozenset(in_string))


def line_of(text: str, loc: Loc) -> int:
    """The 1-based line of `text` where the value at `loc` is, or the table it belongs in."""
    layout = _layout(text)
    lines, headers, numbers, by_name = layout.lines, layout.headers, layout.numbers, layout.by_name
    start, end, path, best = 0, len(lines), "", 0

    def key_line(names: list[str]) -> tuple[int, int, int] | None:
        """The line of the key `names[0]` in the current table, how many of `names` a
        dotted key there spells (`source.title =` spells two), and where its value
        starts in the text."""
        for number in range(start, end):
            if number in layout.in_string:
                continue
            if _header(lines[number]):
                return None  # keys after a sub-table's header belong to it
            match = _KEY.match(lines[number])
            if match is None:
                continue
            dotted_key = _key_names(match[1])
            if dotted_key[0] != names[0]:
                continue
            depth = 1
            while depth < len(dotted_key) and depth < len(names):
                if dotted_key[depth] != names[depth]:
                    break
                depth += 1
            return number, depth, layout.starts[number] + match.end()
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
            number, depth, value = found_key
            rest = loc[index + depth :]
            # Inside an inline array or table (`points = [{text = "a"}, …]`): the
            # value's own place, read as TOML is written.
            at = _inside_value(text, value, rest) if rest else None
            best = number if at is None else bisect.bisect_right(layout.starts, at) - 1
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


def _key_names(key: str) -> list[str]:
    """`source . "title"` as ["source", "title"]."""
    return [part.strip().strip("\"'") for part in re.split(r"\s*\.\s*", key)]


_BLANK = re.compile(r"(?:\s|#[^\n]*)*")
_INLINE_KEY = re.compile(rf"({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=\s*")
_SCALAR = re.compile(r"[^,\]\}\n#]*")


def _skip_blank(text: str, at: int) -> int:
    """Past spaces, line breaks and comments."""
    return _BLANK.match(text, at).end()  # type: ignore[union-attr]  # matches empty


def _inside_value(text: str, at: int, loc: Loc) -> int | None:
    """Where in `text` the value at `loc` is, inside the value that starts at `at`:
    an item of an inline array, a key of an inline table; None where it cannot be
    followed (the line of the key that holds it all is given then)."""
    at = _skip_blank(text, at)
    if not loc:
        return at
    opening = text[at : at + 1]
    if opening == "[" and isinstance(loc[0], int):
        at += 1
        for _ in range(loc[0]):
            at = _skip_blank(text, at)
            if text[at : at + 1] in ("]", ""):
                return None
            at = _skip_blank(text, _past_value(text, at))
            if text[at : at + 1] != ",":
                return None
            at += 1
        return _inside_value(text, at, loc[1:])
    if opening == "{" and isinstance(loc[0], str):
        at += 1
        while True:
            at = _skip_blank(text, at)
            key = _INLINE_KEY.match(text, at)
            if key is None:
                return None
            parts = _key_names(key[1])
            if [str(step) for step in loc[: len(parts)]] == parts:
                rest = loc[len(parts) :]
                return at if not rest else _inside_value(text, key.end(), rest)
            at = _skip_blank(text, _past_value(text, key.end()))
            if text[at : at + 1] != ",":
                return None
            at += 1
    return None


def _past_value(text: str, at: int) -> int:
    """Where the TOML value that starts at `at` ends (the file is valid TOML: tomllib
    read it)."""
    opening = text[at : at + 1]
    if opening in ("[", "{"):
        closing = "]" if opening == "[" else "}"
        at += 1
        while at < len(text):
            at = _skip_blank(text, at)
            if text[at : at + 1] in (closing, ""):
                return at + 1
            if text[at] == ",":
                at += 1
                continue
            if opening == "{" and (key := _INLINE_KEY.match(text, at)) is not None:
                at = key.end()
            after = _past_value(text, at)
            if after == at:
                return at  # not TOML as tomllib reads it: stop rather than loop
            at = after
        return at
    if opening in ("'", '"'):
        string = _STRING_OR_COMMENT.match(text, at)
        if string is not None:
            return string.end()
    return _SCALAR.match(text, at).end()  # type: ignore[union-attr]  # matches empty


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
    from studygroup.reader import MAX_LIBRARY_BYTES, Unreadable, read_bounded

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
        line, message = syntax_problem(text, str(error))
        return Problem(file, line, "", message)


def _without(data: Any, loc: Loc) -> None:
    """Remove the value at `loc` from nested dicts and lists."""
    for step in loc[:-1]:
        data = data[step]
    del data[loc[-1]]


def _model(
    model: type[BaseModel], file: str, text: str, data: dict[str, Any]
) -> tuple[Any, list[Problem], set[Loc]]:
    """The model if its fields are sound (checked or not), or None; all problems; and
    where a stand-in took the place of a missing value.

    A value that fails (an unknown key, a wrong type) is reported and taken out, and
    the rest checked again, so one run finds every problem, references included. A
    required key missing from an item of a list (a point without its text) is
    reported and given a stand-in, so that the items keep their numbers and the rest
    of the file is checked; what is found at a stand-in is not a problem of the file
    (the caller leaves it out with `outside`). Only a value that the file cannot do
    without and no stand-in can take (the book, the part) stops the checking.
    """
    found: list[Problem] = []
    taken: set[Loc] = set()
    filled: set[Loc] = set()
    for _ in range(50):  # each round takes out or fills at least one value
        try:
            return model.model_validate(data), found, filled
        except ValidationError as error:
            field_problems = [e for e in error.errors() if e["loc"]]
            if not field_problems:
                # Only a whole-model check failed: the fields are sound, so build the
                # model unchecked, locate every such problem, and let the caller go on.
                built = construct_trusted(model, data)
                problems = outside(built.reference_problems(), filled)  # type: ignore[attr-defined]
                return built, found + _located(file, text, problems), filled
            if any(tuple(e["loc"]) in filled for e in field_problems):
                return None, found, filled  # a stand-in refused: give up, said already
            # A required value taken out in an earlier round was reported then.
            fresh = [
                e
                for e in field_problems
                if not (e["type"] == "missing" and tuple(e["loc"]) in taken)
            ]
            found += _schema_problems(model, file, text, error, fresh)
            missing = [tuple(e["loc"]) for e in field_problems if e["type"] == "missing"]
            removable = [tuple(e["loc"]) for e in field_problems if e["type"] != "missing"]
            if not _fill(model, data, missing, filled) or not _take_out(data, removable, taken):
                return None, found, filled
    return None, found, filled


# What stands in for a missing text: no file holds it, so nothing it meets (a glossary
# term given twice) can be a real entry.
_STAND_IN = "\ufffcmissing\ufffc"


def _fill(model: type[BaseModel], data: dict[str, Any], locs: list[Loc], filled: set[Loc]) -> bool:
    """A stand-in at each missing `loc` inside an item of a list; False if any is
    elsewhere or no stand-in fits its type."""
    from pydantic import TypeAdapter

    for loc in locs:
        holder = _model_at(model, loc)
        if holder is None or not any(isinstance(step, int) for step in loc[:-1]):
            return False
        field = holder.model_fields.get(str(loc[-1]))
        if field is None:
            return False
        adapter: TypeAdapter[Any] = TypeAdapter(field.rebuild_annotation())
        for value in (*_literals(field.annotation), _STAND_IN, 1, False, [_STAND_IN], [1]):
            try:
                adapter.validate_python(value)
            except ValidationError:
                continue
            try:
                container: Any = data
                for step in loc[:-1]:
                    container = container[step]
                container[loc[-1]] = value
            except (KeyError, IndexError, TypeError):
                return False
            filled.add(loc)
            break
        else:
            return False
    return True


def _literals(annotation: Any) -> list[Any]:
    """The values a Literal type allows, wherever it is in `annotation`."""
    import typing

    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    return [value for arg in typing.get_args(annotation) for value in _literals(arg)]


def outside(problems: list[tuple[Loc, str]], filled: set[Loc]) -> list[tuple[Loc, str]]:
    """The problems that are not at a stand-in or inside one."""
    if not filled:
        return problems
    return [
        (loc, message)
        for loc, message in problems
        if not any(loc[: len(stand_in)] == stand_in for stand_in in filled)
    ]


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
    programme, problems, filled = _model(Programme, file, text, data)
    if programme is None or filled:
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
    book, problems, filled = _model(Book, file, text, data)
    problems += urls
    if filled:
        book = None  # not a book to check sessions against
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
    session, problems, filled = _model(Session, file, text, data)
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
    return problems + _located(file, text, outside(session_problems(session, book, part), filled))
