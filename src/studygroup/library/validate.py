"""`studygroup validate PATH`: every file of a library folder, a book's folder or one
file checked against its book, each problem on one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from studygroup.domain.book import Book
from studygroup.domain.programme import PROGRAMME_FILE
from studygroup.errors import StudygroupError
from studygroup.library.checks import (
    Problem,
    _read,
    check_book_file,
    check_programme_file,
    check_session_file,
)
from studygroup.library.layout import BOOK_FILE, SESSIONS_DIR
from studygroup.library.store import Library


def _book_for(library: Library, slug: str) -> tuple[Book | None, str | None]:
    try:
        return library.book(slug), None
    except StudygroupError as error:
        return None, f"cannot check against book {slug!r}: {error.message}"


def check_path(path: Path, library: Library) -> tuple[int, list[Problem]]:
    """(files checked, problems) for a library folder, a book folder or one file.

    A file's verdict is kept in the cache until the file, or the book it is checked
    against, changes: checking an unchanged library again reads none of its files."""
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(
            p for p in path.rglob("*.toml") if p.name == BOOK_FILE or p.parent.name == SESSIONS_DIR
        )
    else:
        raise StudygroupError(f"{path}: no such file or folder")
    problems: list[Problem] = []
    books: dict[Path, tuple[Book | None, bool]] = {}  # each book.toml read once, if at all

    def book_at(book_path: Path) -> tuple[Book | None, bool]:
        if book_path not in books:
            book, found = check_book_file(book_path, str(book_path))
            books[book_path] = (book, bool(found))
        return books[book_path]

    for file in files:
        shown = str(file)
        if file.name == PROGRAMME_FILE:
            problems += check_programme_file(file, shown, library.book)[2]
            continue
        if file.name == BOOK_FILE:

            def as_book(file: Path = file) -> list[Problem]:
                return check_book_file(file, str(file))[1]

            problems += _remembered(file, [file], as_book)
            continue
        book_path = file.parent.parent / BOOK_FILE
        if file.parent.name == SESSIONS_DIR and book_path.is_file():
            # A broken book.toml is reported once, as itself; its sessions are checked
            # on their own, not against it.
            def against_own_book(file: Path = file, book_path: Path = book_path) -> list[Problem]:
                book, broken = book_at(book_path)
                return check_session_file(file, str(file), book, None, skip_references=broken)

            problems += _remembered(file, [file, book_path], against_own_book)
            continue
        if file.parent.name == SESSIONS_DIR:
            slug = file.parent.parent.name
        else:
            read = _read(file, shown)
            slug = read[1].get("book", "") if not isinstance(read, Problem) else ""
        book, error = _book_for(library, str(slug))
        problems += check_session_file(file, shown, book, error)
    unique = {(p.file, p.line, p.field, p.message): p for p in problems}
    return len(files), sorted(unique.values(), key=lambda p: (p.file, p.line))


def _remembered(
    file: Path, depends: list[Path], work: Callable[[], list[Problem]]
) -> list[Problem]:
    """`work`'s problems with `file`, from the cache while nothing it depends on changed."""
    from studygroup.library import cache

    stamp = cache.stamp(depends)
    kept = cache.memo("verdict", file, stamp)
    if isinstance(kept, list):
        try:
            return [Problem(**item) for item in kept]
        except TypeError:
            pass  # an entry of another shape: work it out again
    found = work()
    cache.remember("verdict", file, stamp, [vars(problem) for problem in found])
    return found
