"""`studygroup validate PATH`: every file of a library folder, a book's folder or one
file checked against its book, each problem on one line."""

from __future__ import annotations

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
    """(files checked, problems) for a library folder, a book folder or one file."""
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(
            p for p in path.rglob("*.toml") if p.name == BOOK_FILE or p.parent.name == SESSIONS_DIR
        )
    else:
        raise StudygroupError(f"{path}: no such file or folder")
    problems: list[Problem] = []
    books: dict[Path, tuple[Book | None, bool]] = {}  # each book.toml checked once
    for file in files:
        shown = str(file)
        if file.name == PROGRAMME_FILE:
            problems += check_programme_file(file, shown, library.book)[2]
            continue
        data_kind = "book" if file.name == BOOK_FILE else "session"
        if data_kind == "book":
            book, found = check_book_file(file, shown)
            books[file] = (book, bool(found))
            problems += found
            continue
        if file.parent.name == SESSIONS_DIR:
            slug = file.parent.parent.name
        else:
            read = _read(file, shown)
            slug = read[1].get("book", "") if not isinstance(read, Problem) else ""
        book_path = file.parent.parent / BOOK_FILE
        if file.parent.name == SESSIONS_DIR and book_path.is_file():
            if book_path not in books:
                book, found = check_book_file(book_path, str(book_path))
                books[book_path] = (book, bool(found))
                problems += found
            book, broken = books[book_path]
            # A broken book.toml is reported once, above; its sessions are checked on
            # their own, not against it.
            problems += check_session_file(file, shown, book, None, skip_references=broken)
            continue
        book, error = _book_for(library, str(slug))
        problems += check_session_file(file, shown, book, error)
    unique = {(p.file, p.line, p.field, p.message): p for p in problems}
    return len(files), sorted(unique.values(), key=lambda p: (p.file, p.line))
