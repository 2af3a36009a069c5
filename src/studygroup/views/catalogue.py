"""What `studygroup library` shows: every book, where it comes from, which parts have notes."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from studygroup.domain.book import describe_keys
from studygroup.library.layout import BOOK_FILE, SESSIONS_DIR
from studygroup.library.store import Library
from studygroup.views.outline import View

Origin = Literal["built in", "your library", "your library, replacing the built-in"]


class PartEntry(View):
    """A part as the library lists it; its sections and text are the outline's."""

    key: str
    label: str
    title: str
    has_notes: bool


class BookEntry(View):
    slug: str
    title: str
    author: str
    origin: Origin
    keys: str  # "intro, 1–11 (I–XI), appendix, postscript"
    parts: list[PartEntry]
    notes: list[str]  # the keys of the parts that have notes


class CatalogueView(View):
    user_library: str
    user_library_exists: bool
    books: list[BookEntry]
    problems: list[str]  # books that could not be read, each as `file:line: …`


def catalogue(library: Library) -> CatalogueView:
    from studygroup.errors import StudygroupError
    from studygroup.library import cache

    books = []
    problems = []
    fresh: list[tuple[Path, str, object]] = []
    for slug in library.slugs():
        mine = library.user / slug / BOOK_FILE
        builtin = (library.embedded / slug / BOOK_FILE).is_file()
        origin: Origin = (
            "built in"
            if not mine.is_file()
            else "your library, replacing the built-in"
            if builtin
            else "your library"
        )
        # A book of the user's is listed from the cache while neither its file nor its
        # sessions folder has changed (a session added or removed changes the folder).
        stamp = cache.stamp([mine, library.user / slug / SESSIONS_DIR]) if mine.is_file() else ""
        kept = cache.memo("catalogue", mine, stamp) if stamp else None
        if isinstance(kept, dict) and kept.get("origin") == origin:
            try:
                books.append(BookEntry.model_validate(kept))
                continue
            except ValueError:
                pass  # an entry of another shape: work it out again
        try:
            book = library.book(slug)
        except StudygroupError as error:
            # One broken book is said, and the others are listed all the same.
            problems.append(error.message)
            continue
        with_notes = library.parts_with_notes(book)
        entry = BookEntry.model_construct(
            slug=book.slug,
            title=book.title,
            author=book.author,
            origin=origin,
            keys=describe_keys(book),
            parts=[
                PartEntry.model_construct(
                    key=part.key,
                    label=part.label,
                    title=part.title,
                    has_notes=part.key in with_notes,
                )
                for part in book.parts
            ],
            notes=[part.key for part in book.parts if part.key in with_notes],
        )
        books.append(entry)
        if stamp:
            fresh.append((mine, stamp, entry.model_dump(mode="json")))
    cache.remember_all("catalogue", fresh)
    return CatalogueView.model_construct(
        user_library=str(library.user),
        user_library_exists=library.user.is_dir(),
        books=books,
        problems=problems,
    )
