"""Find, load, validate and save the TOML library: the one place that touches the disk.

Layout of a library folder (the embedded one inside the package, or a user's):

    <book-slug>/book.toml             the book: front matter, parts, sections
    <book-slug>/sessions/<key>.toml   the notes for one part (6.toml, intro.toml)

The embedded library ships inside the package and always works. A user library
(`--library DIR` or STUDYGROUP_LIBRARY) is searched first, so its files add to the
embedded ones and override them where both exist.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from pydantic import ValidationError

from studygroup.domain.base import SLUG_PATTERN
from studygroup.domain.book import Book, Part, describe_keys
from studygroup.errors import StudygroupError, UsageProblem
from studygroup.library.codec import (
    M,
    construct_trusted,
    describe_problems,
    dump_book,
    dump_session,
    read_data,
)
from studygroup.library.layout import (
    BOOK_FILE,
    LIBRARY_ENV,
    SESSIONS_DIR,
    default_user_dir,
    embedded_root,
)

if TYPE_CHECKING:
    from studygroup.domain.session import Session

DEFAULT_BOOK = "revolution-betrayed"
SLUG = re.compile(SLUG_PATTERN)


def load_model(model: type[M], path: Traversable | Path, *, trusted: bool = False) -> M:
    """Read and validate one library file. A file that fails is reported as `validate`
    reports it, `file:line: field: message`, with a count of any further problems.

    A user's file parsed before and unchanged since is read from the cache (its data
    was validated then); the built-in library's JSON is trusted like code."""
    if trusted:
        try:
            return construct_trusted(model, read_data(path))
        except (OSError, UnicodeDecodeError, ValueError):
            pass
    elif isinstance(path, Path):
        from studygroup.library import cache

        before = cache.stat_of(path)
        remembered = cache.parsed(path, model.__name__)
        if remembered is not None:
            return construct_trusted(model, remembered)
        try:
            data = read_data(path)
            built = model.model_validate(data)
        except (OSError, UnicodeDecodeError, ValueError, ValidationError, RecursionError):
            pass
        else:
            if before is not None:
                cache.remember_parsed(path, model.__name__, data, before)
            return built
    else:
        try:
            return model.model_validate(read_data(path))
        except (OSError, UnicodeDecodeError, ValueError, ValidationError, RecursionError):
            pass
    from studygroup.library.checks import file_problems

    raise StudygroupError(describe_problems(file_problems(model, path, str(path)), str(path)))


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
            if isinstance(candidate, Path) and (candidate.exists() or candidate.is_symlink()):
                # Something is there, and it is not a file: say so, rather than act
                # as if the library had nothing (a folder, a link to nothing).
                what = "a link to nothing" if not candidate.exists() else "not a file"
                raise StudygroupError(f"{candidate}: is {what}; the library expects a file here")
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
        part = book.find(raw_key)
        if part is None:
            shown = raw_key if len(raw_key) <= 40 else f"{raw_key[:40]}…"
            raise UsageProblem(
                f"no part {shown!r} in {book.title}; valid keys: {describe_keys(book)}"
            )
        return part

    def session(self, book: Book, part: Part) -> Session | None:
        found = self._locate(book.slug, SESSIONS_DIR, f"{part.key}.toml")
        if found is None:
            return None
        path, embedded = found
        from studygroup.domain.session import Session, session_problems

        session = load_model(Session, path, trusted=embedded)
        if not embedded and session_problems(session, book, part):
            from studygroup.library.checks import check_session_file

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
        from studygroup.domain.session import check_session

        check_session(session, book, part, str(self.session_file(book, part)))
        return self.save_session_text(book, part, dump_session(session), force=force)

    def check_session_free(self, book: Book, part: Part, *, force: bool) -> None:
        """Refuse to replace a part's notes without `force`."""
        existing = self._locate(book.slug, SESSIONS_DIR, f"{part.key}.toml")
        if existing is not None and not force:
            where = "built in" if existing[1] else str(existing[0])
            raise StudygroupError(
                f"{part.label} of {book.slug} already has notes ({where}); "
                "use --force to replace them"
            )

    def save_session_text(self, book: Book, part: Part, text: str, *, force: bool) -> Path:
        self.check_session_free(book, part, force=force)
        return self._write(self.session_file(book, part), text, force=force)

    def save_sessions(
        self, sessions: list[tuple[Session, Part]], book: Book, *, force: bool
    ) -> list[Path]:
        """Write several sessions, all or none: if one cannot be written, those written
        before it in this call are taken back (a file only replaced is left as new)."""
        written: list[Path] = []
        try:
            for session, part in sessions:
                created = not self.session_file(book, part).exists()
                path = self.save_session(session, book, part, force=force)
                if created:
                    written.append(path)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        return [self.session_file(book, part) for _, part in sessions]

    def save_book(self, book: Book, *, force: bool) -> Path:
        existing = self._locate(book.slug, BOOK_FILE)
        if existing is not None and not force:
            where = "built in" if existing[1] else str(existing[0])
            raise StudygroupError(
                f"a book {book.slug!r} is already in the library ({where}); "
                "use --force to replace it, or --slug to name this one differently"
            )
        return self._write(self.book_file(book.slug), dump_book(book), force=force)

    def _write(self, path: Path, text: str, *, force: bool) -> Path:
        """Write a library file whole. Without `force` the file is created exclusively:
        of two imports racing to the same file, one wins and the other is told."""
        from studygroup.writer import write_file

        try:
            self.user.mkdir(parents=True, exist_ok=True)
            root = self.user.resolve()
            # A library shared through git can carry links; none is written through,
            # and no folder is made through one: each missing folder is made only
            # once the folder above it is known to be inside the library.
            missing = []
            folder = path.parent
            while not folder.exists() and folder != self.user:
                missing.append(folder)
                folder = folder.parent
            if not folder.resolve().is_relative_to(root):
                self._outside(path, folder)
            for each in reversed(missing):
                each.mkdir(exist_ok=True)
                if not each.resolve().is_relative_to(root):
                    self._outside(path, each)
            if not path.parent.resolve().is_relative_to(root):
                self._outside(path, path.parent)
        except OSError as error:
            raise StudygroupError(f"{path.parent}: cannot create: {error.strerror}") from None
        write_file(path, text.encode("utf-8"), force=force)
        return path

    @staticmethod
    def _outside(path: Path, folder: Path) -> NoReturn:
        raise StudygroupError(
            f"{path}: a link leads out of the library ({folder.resolve()}); not written"
        )

    def parts_with_notes(self, book: Book) -> set[str]:
        return {
            part.key
            for part in book.parts
            if self._locate(book.slug, SESSIONS_DIR, f"{part.key}.toml") is not None
        }


def session_path_hint(book: Book, part: Part) -> str:
    return f"{book.slug}/{SESSIONS_DIR}/{part.key}.toml"
