"""What `studygroup library` shows: every book, where it comes from, which parts have notes."""

from __future__ import annotations

from typing import Literal

from studygroup.domain.book import describe_keys
from studygroup.library.layout import BOOK_FILE
from studygroup.library.store import Library
from studygroup.views.outline import PartView, View, part_view

Origin = Literal["built in", "your library", "your library, replacing the built-in"]


class BookEntry(View):
    slug: str
    title: str
    author: str
    origin: Origin
    keys: str  # "intro, 1–11 (I–XI), appendix, postscript"
    parts: list[PartView]
    notes: list[str]  # the keys of the parts that have notes


class CatalogueView(View):
    user_library: str
    user_library_exists: bool
    books: list[BookEntry]
    problems: list[str]  # books that could not be read, each as `file:line: …`


def catalogue(library: Library) -> CatalogueView:
    from studygroup.errors import StudygroupError

    books = []
    problems = []
    for slug in library.slugs():
        try:
            book = library.book(slug)
        except StudygroupError as error:
            # One broken book is said, and the others are listed all the same.
            problems.append(error.message)
            continue
        mine = (library.user / slug / BOOK_FILE).is_file()
        builtin = (library.embedded / slug / BOOK_FILE).is_file()
        origin: Origin = (
            "built in"
            if not mine
            else "your library, replacing the built-in"
            if builtin
            else "your library"
        )
        with_notes = library.parts_with_notes(book)
        books.append(
            BookEntry.model_construct(
                slug=book.slug,
                title=book.title,
                author=book.author,
                origin=origin,
                keys=describe_keys(book),
                parts=[part_view(part, part.key in with_notes) for part in book.parts],
                notes=[part.key for part in book.parts if part.key in with_notes],
            )
        )
    return CatalogueView.model_construct(
        user_library=str(library.user),
        user_library_exists=library.user.is_dir(),
        books=books,
        problems=problems,
    )
