"""Find, load, validate and save the TOML library: the one place that touches the disk.

Layout of a library folder (the embedded one inside the package, or a user's):

    <book-slug>/book.toml             the book: front matter, parts, sections
    <book-slug>/sessions/<key>.toml   the notes for one part (6.toml, intro.toml)

The embedded library ships inside the package and always works. A user library
(`--library DIR` or STUDYGROUP_LIBRARY) is searched first, so its files add to the
embedded ones and override them where both exist.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from studygroup.errors import StudygroupError, UsageProblem
from studygroup.keys import normalize_key, to_roman
from studygroup.models import SLUG_PATTERN, Book, Correction, Loc, Part, Section, dotted

if TYPE_CHECKING:
    from studygroup.meeting import Session

DEFAULT_BOOK = "revolution-betrayed"
SLUG = re.compile(SLUG_PATTERN)
LIBRARY_ENV = "STUDYGROUP_LIBRARY"
BOOK_FILE = "book.toml"
SESSIONS_DIR = "sessions"

M = TypeVar("M", bound=BaseModel)


def default_user_dir() -> Path:
    """The user's library unless --library or STUDYGROUP_LIBRARY names another:
    $XDG_DATA_HOME/studygroup (~/.local/share/studygroup) on Linux and the BSDs,
    the platform's folder for application data elsewhere."""
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "studygroup"
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming") / "studygroup"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "studygroup"


def embedded_root() -> Traversable:
    return files("studygroup") / "data"


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
        raise StudygroupError(f"{origin}: not valid TOML: {error}") from None


def _nested(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Which fields of `model` hold nested models: what `construct_trusted` builds."""
    if model is Book:
        return {"parts": Part, "corrections": Correction}
    if model is Part:
        return {"sections": Section}
    if model.__module__ != "studygroup.meeting":
        return {}
    from studygroup import meeting  # only when a session is read

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


def load_model(model: type[M], path: Traversable | Path, *, trusted: bool = False) -> M:
    """Read and validate one TOML file. A file that fails is reported as `validate`
    reports it, `file:line: field: message`, with a count of any further problems."""
    try:
        if path.name.endswith(".json"):  # the wheel's copy of a built-in TOML file
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            import tomllib  # only for files that are not the wheel's JSON copies

            data = tomllib.loads(path.read_text(encoding="utf-8"))
        return construct_trusted(model, data) if trusted else model.model_validate(data)
    except (OSError, UnicodeDecodeError, ValueError, ValidationError):
        pass
    from studygroup.checks import file_problems

    raise StudygroupError(describe_problems(file_problems(model, path, str(path)), str(path)))


def describe_problems(problems: Sequence[object], origin: str) -> str:
    """The first problem, and how to see the others."""
    more = len(problems) - 1
    tail = f" (and {more} more: studygroup validate {origin} lists them)" if more > 0 else ""
    return f"{problems[0]}{tail}"


def _dump(model: BaseModel, header: str, *, defaults: bool = False) -> str:
    import tomli_w  # only writers pay for it

    # TOML has dates and times of its own: keep them, rather than JSON's strings.
    data = model.model_dump(exclude_none=True, exclude_defaults=not defaults)
    body = tomli_w.dumps(data, multiline_strings=True)
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return f"{comment}\n{body}" if header else body


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


def session_problems(session: Session, book: Book, part: Part) -> list[tuple[Loc, str]]:
    """The references a session makes into its book that do not hold, located."""
    out: list[tuple[Loc, str]] = []
    if session.book != book.slug:
        out.append((("book",), f"says {session.book!r}, but the file is in {book.slug!r}"))
    if session.part != part.key:
        out.append((("part",), f"says {session.part!r}, but the file is {part.key!r}"))
    count = len(part.sections)
    has = f"has {count} section{'s' if count != 1 else ''}" if count else "has no sections"
    sections = {
        "points": [p.section for p in session.points],
        "quotations": [q.section for q in session.quotations],
        "questions": [q.section for q in session.questions],
        "agenda": [a.section for a in session.agenda],
    }
    for name, numbers in sections.items():
        for index, section in enumerate(numbers):
            if section is not None and section > count:
                out.append(((name, index, "section"), f"no section {section} ({part.label} {has})"))
    return out


def check_session(session: Session, book: Book, part: Part, origin: str) -> None:
    """The references a session makes into its book must exist: the first that fails."""
    problems = session_problems(session, book, part)
    if problems:
        loc, message = problems[0]
        raise StudygroupError(f"{origin}: {dotted(loc)}: {message}")


def describe_keys(book: Book) -> str:
    """The keys a user may type for this book, compactly: 'intro, 1–11 (I–XI), appendix'."""
    out: list[str] = []
    chapters = [p.number for p in book.parts if p.kind == "chapter" and p.number is not None]
    for part in book.parts:
        if part.kind != "chapter":
            out.append(part.key)
        elif part.number == chapters[0]:
            first, last = chapters[0], chapters[-1]
            if first == last:
                out.append(f"{first} ({to_roman(first)})")
            else:
                out.append(f"{first}–{last} ({to_roman(first)}–{to_roman(last)})")
    return ", ".join(out)


@dataclass(frozen=True)
class Library:
    """Books and sessions from the user's folder first, then the embedded default."""

    user: Path  # searched first, and the only place written to; made when first needed
    embedded: Traversable

    @classmethod
    def open(cls, user_dir: Path | None = None) -> Library:
        if user_dir is None and os.environ.get(LIBRARY_ENV):
            user_dir = Path(os.environ[LIBRARY_ENV])
        user = (user_dir or default_user_dir()).expanduser()
        if user.exists() and not user.is_dir():
            raise StudygroupError(f"{user}: the library must be a folder")
        return cls(user, embedded_root())

    @property
    def roots(self) -> list[Traversable | Path]:
        return [self.user, self.embedded]

    def _locate(self, *names: str) -> tuple[Traversable | Path, bool] | None:
        """The first file at `names` under the roots, and whether it is embedded.

        For a built-in file, the wheel's JSON copy is preferred (see hatch_build.py)."""
        for root in self.roots:
            folder: Traversable | Path = root
            for name in names[:-1]:
                folder = folder / name
            if root is self.embedded:
                copy = folder / f"{names[-1].removesuffix('.toml')}.json"
                if copy.is_file():
                    return copy, True
            candidate = folder / names[-1]
            if candidate.is_file():
                return candidate, root is self.embedded
        return None

    def slugs(self) -> list[str]:
        found: set[str] = set()
        for root in self.roots:
            if root.is_dir():
                found.update(
                    entry.name
                    for entry in root.iterdir()
                    if entry.is_dir() and (entry / BOOK_FILE).is_file()
                )
        return sorted(found)

    def book(self, slug: str | None = None) -> Book:
        slug = slug or DEFAULT_BOOK
        if not SLUG.fullmatch(slug):
            raise UsageProblem(f"{slug!r} is not a book slug (lower-case letters, digits, hyphens)")
        found = self._locate(slug, BOOK_FILE)
        if found is None:
            known = ", ".join(self.slugs()) or "none"
            raise UsageProblem(f"no book {slug!r} in the library (books: {known})")
        path, embedded = found
        # Only the embedded library is trusted; a user's files are always validated.
        book = load_model(Book, path, trusted=embedded)
        if book.slug != slug:
            raise StudygroupError(f"{path}: slug: says {book.slug!r}, but the folder is {slug!r}")
        return book

    def part(self, book: Book, raw_key: str) -> Part:
        part = book.part(normalize_key(raw_key))
        if part is None:
            raise UsageProblem(
                f"no part {raw_key!r} in {book.title}; valid keys: {describe_keys(book)}"
            )
        return part

    def session(self, book: Book, part: Part) -> Session | None:
        found = self._locate(book.slug, SESSIONS_DIR, f"{part.key}.toml")
        if found is None:
            return None
        path, embedded = found
        from studygroup.meeting import Session

        session = load_model(Session, path, trusted=embedded)
        if not embedded and session_problems(session, book, part):
            from studygroup.checks import check_session_file

            problems = check_session_file(Path(str(path)), str(path), book, None)
            raise StudygroupError(describe_problems(problems, str(path)))
        return session

    def session_file(self, book: Book, part: Part) -> Path:
        """Where the user's session for this part is (or would be) written."""
        return self.user / book.slug / SESSIONS_DIR / f"{part.key}.toml"

    def book_file(self, slug: str) -> Path:
        return self.user / slug / BOOK_FILE

    def save_session(self, session: Session, book: Book, part: Part, *, force: bool) -> Path:
        """Write a session into the user library; never over another without `force`."""
        check_session(session, book, part, str(self.session_file(book, part)))
        return self.save_session_text(book, part, dump_session(session), force=force)

    def save_session_text(self, book: Book, part: Part, text: str, *, force: bool) -> Path:
        existing = self._locate(book.slug, SESSIONS_DIR, f"{part.key}.toml")
        if existing is not None and not force:
            where = "built in" if existing[1] else str(existing[0])
            raise StudygroupError(
                f"{part.label} of {book.slug} already has notes ({where}); "
                "use --force to replace them"
            )
        return self._write(self.session_file(book, part), text)

    def save_book(self, book: Book, *, force: bool) -> Path:
        existing = self._locate(book.slug, BOOK_FILE)
        if existing is not None and not force:
            where = "built in" if existing[1] else str(existing[0])
            raise StudygroupError(
                f"a book {book.slug!r} is already in the library ({where}); "
                "use --force to replace it, or --slug to name this one differently"
            )
        return self._write(self.book_file(book.slug), dump_book(book))

    def _write(self, path: Path, text: str) -> Path:
        from studygroup.output import write_file

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StudygroupError(f"{path.parent}: cannot create: {error.strerror}") from None
        write_file(path, text.encode("utf-8"), force=True)
        return path

    def parts_with_notes(self, book: Book) -> set[str]:
        return {
            part.key
            for part in book.parts
            if self._locate(book.slug, SESSIONS_DIR, f"{part.key}.toml") is not None
        }


def session_path_hint(book: Book, part: Part) -> str:
    return f"{book.slug}/{SESSIONS_DIR}/{part.key}.toml"
