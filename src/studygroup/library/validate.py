"""`studygroup validate PATH`: every file of a library folder, a book's folder or one
file checked against its book, each problem on one line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
    unreadable: list[Problem] = []
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(_library_files(path, unreadable))
    else:
        raise StudygroupError(f"{path}: no such file or folder")
    from studygroup.library import cache
    from studygroup.library.codec import in_chunks

    problems: list[Problem] = list(unreadable)
    books: dict[Path, tuple[Book | None, bool]] = {}  # each book.toml read once, if at all

    def book_at(book_path: Path) -> tuple[Book | None, bool]:
        if book_path not in books:
            book, found = check_book_file(book_path, str(book_path))
            books[book_path] = (book, bool(found))
        return books[book_path]

    # A book or session file's verdict is kept in the cache; those not kept are
    # worked out after, many files parsed at once, and kept in one write.
    todo: list[tuple[Path, str, Callable[[], list[Problem]]]] = []
    for file in files:
        shown = str(file)
        if file.name == PROGRAMME_FILE:
            problems += check_programme_file(file, shown, library.book)[2]
            continue
        book_path = file.parent.parent / BOOK_FILE
        work: Callable[[], list[Problem]] | None = None
        if file.name == BOOK_FILE:

            def as_book(file: Path = file) -> list[Problem]:
                return check_book_file(file, str(file))[1]

            work, depends = as_book, [file]
        elif file.parent.name == SESSIONS_DIR and book_path.is_file():
            # A broken book.toml is reported once, as itself; its sessions are checked
            # on their own, not against it.
            def against_own_book(file: Path = file, book_path: Path = book_path) -> list[Problem]:
                book, broken = book_at(book_path)
                return check_session_file(file, str(file), book, None, skip_references=broken)

            work, depends = against_own_book, [file, book_path]
        if work is not None:
            stamp = cache.stamp(depends)
            kept = _kept(cache.memo("verdict", file, stamp))
            if kept is None:
                todo.append((file, stamp, work))
            else:
                problems += kept
            continue
        if file.parent.name == SESSIONS_DIR:
            slug = file.parent.parent.name
        else:
            read = _read(file, shown)
            if not isinstance(read, Problem) and _looks_like_programme(read[1]):
                # A programme under another name (`--programme autumn.toml`).
                problems += check_programme_file(file, shown, library.book)[2]
                continue
            slug = read[1].get("book", "") if not isinstance(read, Problem) else ""
        book, error = _book_for(library, str(slug))
        problems += check_session_file(file, shown, book, error)
    fresh: list[tuple[Path, str, object]] = []
    by_file = {file: (stamp, work) for file, stamp, work in todo}
    for chunk in in_chunks([file for file, _, _ in todo]):
        for file in chunk:
            stamp, work = by_file[file]
            found = work()
            problems += found
            fresh.append((file, stamp, [vars(problem) for problem in found]))
    cache.remember_all("verdict", fresh)
    unique = {(p.file, p.line, p.field, p.message): p for p in problems}
    return len(files), sorted(unique.values(), key=lambda p: (p.file, p.line))


# Keys only a programme has; a session has `part`, which a programme never has.
_PROGRAMME_KEYS = {"meetings", "timezone", "start", "every", "skip", "joins"}


def _looks_like_programme(data: dict[str, object]) -> bool:
    return "part" not in data and bool(_PROGRAMME_KEYS & set(data))


def _library_files(root: Path, unreadable: list[Problem]) -> Iterator[Path]:
    """The book and session files under `root` (and programmes named as such), with
    each folder that cannot be read said as a problem: not skipped in silence."""
    import os

    def failed(error: OSError) -> None:
        where = os.fsdecode(error.filename) if error.filename is not None else str(root)
        unreadable.append(Problem(where, 1, "", f"cannot read: {error.strerror}"))

    seen: set[tuple[int, int]] = set()
    # Linked folders are followed, as the library reads through them; each once.
    for folder, folders, names in os.walk(root, onerror=failed, followlinks=True):
        here = Path(folder)
        try:
            info = here.stat()
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            folders.clear()
            continue
        seen.add((info.st_dev, info.st_ino))
        # A folder with a library file's name (sessions/7.toml made by mkdir) is
        # yielded too: reading it says what is wrong, as `session 7` does.
        for name in (*names, *folders):
            if name.endswith(".toml") and (name == BOOK_FILE or here.name == SESSIONS_DIR):
                yield here / name


def _kept(entry: object) -> list[Problem] | None:
    """A verdict from the cache, if it has the shape of one."""
    if not isinstance(entry, list):
        return None
    try:
        return [Problem(**item) for item in entry]
    except TypeError:
        return None  # an entry of another shape: work it out again
