"""The library's files as text: TOML read and written, and the wheel's JSON copies.

Reading gives plain data; `construct_trusted` turns the built-in library's data into
models without validating it again, and the dump functions write models as TOML in
a stable order, with multi-line strings for prose, so a group can review changes
as diffs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from studygroup.domain.base import dotted
from studygroup.domain.book import Book, Correction, Group, Part, Section
from studygroup.errors import StudygroupError

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from studygroup.domain.session import Session

M = TypeVar("M", bound=BaseModel)


# Files parsed ahead, in other processes, by `parse_ahead`, with the file's size and
# modification time when it was read: `ahead` gives the data (once) while the file is
# still as it was, instead of parsing it again.
_ahead: dict[str, tuple[tuple[int, int], dict[str, Any]]] = {}
# Parsing ahead pays for its processes from this many files on; and holds at most
# this many files' data at a time, so memory does not grow with the library.
AHEAD_FROM = 400
AHEAD_CHUNK = 512


def ahead(path: Traversable | Path) -> dict[str, Any] | None:
    """The data `parse_ahead` read from `path`, if the file has not changed since."""
    ready = _ahead.pop(str(path), None)
    if ready is None or not isinstance(path, Path):
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return ready[1] if (info.st_size, info.st_mtime_ns) == ready[0] else None


def read_data(path: Traversable | Path) -> dict[str, Any]:
    """The data of one library file: the wheel's JSON copy, or TOML.

    Raises OSError, UnicodeDecodeError or ValueError (both parsers' errors are one)."""
    ready = ahead(path)
    if ready is not None:
        return ready
    if isinstance(path, Path):
        from studygroup.reader import MAX_LIBRARY_BYTES, read_bounded

        text = read_bounded(path, MAX_LIBRARY_BYTES).decode("utf-8-sig")
    else:
        text = path.read_text(encoding="utf-8-sig")  # the wheel's own files
    if path.name.endswith(".json"):
        data = json.loads(text)
    else:
        import tomllib  # only for files that are not the wheel's JSON copies

        data = tomllib.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a table")
    return data


def _parse(path: str) -> tuple[str, tuple[int, int], dict[str, Any] | None]:
    try:
        info = Path(path).stat()  # before reading: a change after it is seen later
        return path, (info.st_size, info.st_mtime_ns), read_data(Path(path))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return path, (0, 0), None  # read again where it is needed, and reported there


def in_chunks(
    paths: Sequence[Path], ahead: Collection[Path] | None = None
) -> Iterator[Sequence[Path]]:
    """`paths` a chunk at a time. With enough of them to parse, each chunk's files (those
    in `ahead`, if given) are parsed on every core while the caller works on the chunk
    before; the data waits for `read_data` (or `ahead`). At most two chunks' data is
    held at a time."""
    chunks = [paths[start : start + AHEAD_CHUNK] for start in range(0, len(paths), AHEAD_CHUNK)]
    wanted = [[str(p) for p in chunk if ahead is None or p in ahead] for chunk in chunks]
    pool = _pool() if sum(map(len, wanted)) >= AHEAD_FROM else None
    if pool is None:
        yield from chunks
        return
    try:
        pending = pool.map(_parse, wanted[0], chunksize=32)
        for index, chunk in enumerate(chunks):
            for path, stat, data in pending:
                if data is not None:
                    _ahead[path] = (stat, data)
            if index + 1 < len(chunks):
                pending = pool.map(_parse, wanted[index + 1], chunksize=32)
            yield chunk
            _ahead.clear()  # what the caller did not take is not kept
    finally:
        _ahead.clear()
        pool.shutdown(wait=False, cancel_futures=True)


def _pool() -> Executor | None:
    """Processes to parse TOML in, one for each core; None on one core or without fork."""
    import os

    cores = os.cpu_count() or 1
    if cores < 2:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return None  # no fork here (Windows): parsing in this process is fine
    return ProcessPoolExecutor(max_workers=cores, mp_context=context)


def format_validation_error(origin: str, error: ValidationError) -> str:
    """The first problem as `file: field: message` (one line; the count if there are more)."""
    problems = error.errors()
    first = problems[0]
    where = dotted(tuple(first["loc"]))
    # Our own checks raise ValueError, which pydantic prefixes with "Value error, ".
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown key"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    # A check of the whole file has no field; its message says where.
    return f"{origin}: {where}: {message}{more}" if where else f"{origin}: {message}{more}"


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    import tomllib  # here, not at the top: the built-in library is read as JSON

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = syntax_problem(text, str(error))
        raise StudygroupError(f"{origin}:{line}: {message}") from None


_SYNTAX_AT = re.compile(r"\s*\(at line (\d+), column \d+\)")
_AT_END = " (at end of document)"
# The parser's words for the mistakes a hand edit makes most, said plainly first.
_PLAIN_SYNTAX = {
    "Cannot overwrite a value": "a key given twice",
    "Unterminated string": "a string with no closing quotation mark",
    "Expected '=' after a key in a key/value pair": "a key with no '= value'",
}


def syntax_problem(text: str, said: str) -> tuple[int, str]:
    """The line of a TOML syntax error and what to say of it, from tomllib's message
    ('Invalid value (at line 3, column 9)'; a list left open is 'at end of document',
    the file's last line)."""
    at = _SYNTAX_AT.search(said)
    if at:
        line = int(at[1])
    elif said.endswith(_AT_END):
        line = max(1, len(text.splitlines()))
        said = said.removesuffix(_AT_END) + ", at the end of the file"
    else:
        line = 1
    said = _SYNTAX_AT.sub("", said)
    plain = _PLAIN_SYNTAX.get(said)
    return line, f"not valid TOML: {plain} ({said})" if plain else f"not valid TOML: {said}"


def _nested(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Which fields of `model` hold nested models: what `construct_trusted` builds."""
    if model is Book:
        return {"groups": Group, "parts": Part, "corrections": Correction}
    if model is Part:
        return {"sections": Section}
    if model.__module__ == "studygroup.domain.programme":
        from studygroup.domain import programme

        return {"meetings": programme.Meeting} if model is programme.Programme else {}
    if model.__module__ != "studygroup.domain.session":
        return {}
    from studygroup.domain import session as meeting  # only when a session is read

    if model is meeting.Session:
        return {
            "source": meeting.NotesSource,
            "points": meeting.Point,
            "quotations": meeting.Quotation,
            "questions": meeting.Question,
            "glossary": meeting.GlossaryEntry,
            "timeline": meeting.TimelineEntry,
            "further_reading": meeting.FurtherReading,
            "agenda": meeting.AgendaItem,
            "watch_outs": meeting.WatchOut,
            "figures": meeting.Figure,
        }
    return {}


def construct_trusted(model: type[M], data: dict[str, Any]) -> M:
    """A model from data known to be valid, without validating it again.

    The embedded library is written through validated models by
    tools/rebuild_data.py and checked by the tests; at run time it is trusted like
    code. Validating it would cost more than everything else `outline` does (pydantic
    builds its schemas on first use): see benchmarks/outline_startup.py.
    """
    nested = _nested(model)
    values: dict[str, Any] = {}
    for name, value in data.items():
        child = nested.get(name)
        if child is None:
            values[name] = value
        elif isinstance(value, list):
            values[name] = [construct_trusted(child, item) for item in value]
        else:
            values[name] = construct_trusted(child, value)
    return model.model_construct(**values)


def describe_problems(problems: Sequence[object], origin: str) -> str:
    """The first problem, and how to see the others."""
    more = len(problems) - 1
    tail = f" (and {more} more: studygroup validate {origin} lists them)" if more > 0 else ""
    return f"{problems[0]}{tail}"


def _dump(model: BaseModel, header: str, *, defaults: bool = False) -> str:
    import tomli_w  # only writers pay for it

    # TOML has dates and times of its own: keep them, rather than JSON's strings.
    from studygroup.safety import without_controls

    data = _encodable(model.model_dump(exclude_none=True, exclude_defaults=not defaults))
    body = _INVISIBLE.sub(_escaped, tomli_w.dumps(data, multiline_strings=True))
    comment = "".join(
        f"# {line}\n" if line else "#\n" for line in without_controls(header).splitlines()
    )
    return f"{comment}\n{body}" if header else body


# What tomli_w writes as it is but must be escaped: a carriage return (which a TOML
# reader turns into a plain line break), and what a reader of the file (in a diff, in
# `cat`) would not see: C1 controls, bidi overrides and other invisible format
# characters, line and paragraph separators. Every string tomli_w writes is a basic
# string, where \uXXXX means the same character: the data is unchanged, and nothing
# reorders the file.
_INVISIBLE = re.compile(
    "[\r\u0080-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000e0001-\U000e007f]"
)


def _encodable(value: Any) -> Any:
    """`value` with every lone surrogate (a file name or an argument that was not
    UTF-8, as Python reads it) made U+FFFD: a file can only hold real characters."""
    if isinstance(value, str):
        from studygroup.safety import real_text

        return real_text(value)
    if isinstance(value, dict):
        return {_encodable(k): _encodable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encodable(item) for item in value]
    return value


def _escaped(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def dump_book(book: Book, header: str = "") -> str:
    return _dump(book, header)


def dump_session(session: Session, header: str = "") -> str:
    return _dump(session, header)


def dump_programme(programme: BaseModel) -> str:
    return _dump(
        programme,
        "The programme of a reading group, written by `studygroup plan`.\n"
        "Edit it by hand if you like; `studygroup validate studygroup.toml` checks it.\n"
        "Running plan again lays the meetings out anew from the settings above them.",
        defaults=True,
    )
