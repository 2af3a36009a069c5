"""Finding text across every book and session: case-, accent- and quote-insensitive.

Text is folded character by character (accents dropped, case folded, curly quotes
and dashes made plain) with a map back to the original characters, so a match found
in the folded text is highlighted in the text as the library holds it: "theremin"
finds "Thérémin", "workers' state" finds "workers’ state".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Literal

from studygroup.domain.book import Book, Part
from studygroup.domain.session import Session
from studygroup.library.store import Library
from studygroup.views.outline import View

_PLAIN = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"}
)

HitKind = Literal["quotation", "point", "question", "glossary"]


def fold(text: str) -> tuple[str, list[int]]:
    """`text` folded for matching, and for each folded character the original's index."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKD", char.translate(_PLAIN)):
            if unicodedata.combining(piece):
                continue
            for folded in piece.casefold():
                out.append(folded)
                origin.append(index)
    return "".join(out), origin


def find(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` occurs in `text`, as (start, end) indexes into `text` itself."""
    needle = " ".join(fold(query)[0].split())
    if not needle:
        return []
    haystack, origin = fold(text)
    spans: list[tuple[int, int]] = []
    position = haystack.find(needle)
    while position >= 0:
        last = position + len(needle) - 1
        spans.append((origin[position], origin[last] + 1))
        position = haystack.find(needle, position + len(needle))
    return spans


class Hit(View):
    """One passage found: what it is, where it is, and where the match is in its text."""

    kind: HitKind
    book: str
    book_title: str
    part: str
    label: str
    section: str | None
    section_number: int | None
    number: int | None  # the quotation's or question's number in its session
    paragraph: int | None  # the quotation's paragraph, from 1
    term: str | None  # a glossary entry's term
    text: str
    matches: list[tuple[int, int]]


class HitsView(View):
    """What `quotes` and `search` print: the passages found, and what was looked for."""

    query: str | None
    count: int
    hits: list[Hit]


def _hit(
    kind: HitKind,
    book: Book,
    part: Part,
    section: int | None,
    text: str,
    matches: list[tuple[int, int]],
    *,
    number: int | None = None,
    paragraph: int | None = None,
    term: str | None = None,
) -> Hit:
    return Hit.model_construct(
        kind=kind,
        book=book.slug,
        book_title=book.title,
        part=part.key,
        label=part.label,
        section=part.sections[section - 1].title if section else None,
        section_number=section,
        number=number,
        paragraph=paragraph,
        term=term,
        text=text,
        matches=matches,
    )


def sessions(
    library: Library, slug: str | None = None, skipped: list[str] | None = None
) -> Iterator[tuple[Book, Part, Session]]:
    """Every session in the library (one book's, if `slug`), in book and part order.

    Across the library, a book or a session file that cannot be read is left out and
    said in `skipped`, so that one broken file does not hide every other book."""
    from studygroup.errors import StudygroupError

    slugs = [slug] if slug else library.slugs()
    for each in slugs:
        try:
            book = library.book(each)
        except StudygroupError as error:
            if slug or skipped is None:
                raise
            skipped.append(f"left out book {each!r}: {error.message}")
            continue
        for part in book.parts:
            try:
                session = library.session(book, part)
            except StudygroupError as error:
                if skipped is None:
                    raise
                skipped.append(f"left out: {error.message}")
                continue
            if session is not None:
                yield book, part, session


def _quotation_hits(book: Book, part: Part, session: Session, query: str | None) -> list[Hit]:
    hits = []
    for number, quote in enumerate(session.quotations, 1):
        for paragraph, text in enumerate(quote.paragraphs, 1):
            matches = find(text, query) if query else []
            if query and not matches:
                continue
            hits.append(
                _hit(
                    "quotation",
                    book,
                    part,
                    quote.section,
                    text,
                    matches,
                    number=number,
                    paragraph=paragraph,
                )
            )
    return hits


def quotations(
    library: Library,
    slug: str | None,
    key: str | None,
    query: str | None,
    skipped: list[str] | None = None,
) -> list[Hit]:
    """The quotations of one part, one book or the library, paragraph by paragraph;
    with `query`, only the paragraphs that contain it."""
    if key is not None:
        book = library.book(slug)
        part = library.part(book, key)
        session = library.session(book, part)
        return _quotation_hits(book, part, session, query) if session else []
    hits = []
    for book, part, session in sessions(library, slug, skipped):
        hits += _quotation_hits(book, part, session, query)
    return hits


def everything(
    library: Library, slug: str | None, query: str, skipped: list[str] | None = None
) -> list[Hit]:
    """Quotations, discussion points, questions and glossary entries that contain
    `query`, in book and part order, and in that order within a part."""
    hits: list[Hit] = []
    for book, part, session in sessions(library, slug, skipped):
        hits += _quotation_hits(book, part, session, query)
        for point in session.points:
            if matches := find(point.text, query):
                hits.append(_hit("point", book, part, point.section, point.text, matches))
        for number, question in enumerate(session.questions, 1):
            if matches := find(question.text, query):
                hits.append(
                    _hit(
                        "question",
                        book,
                        part,
                        question.section,
                        question.text,
                        matches,
                        number=number,
                    )
                )
        for entry in session.glossary:
            text = f"{entry.term}: {entry.definition}"
            if matches := find(text, query):
                hits.append(_hit("glossary", book, part, None, text, matches, term=entry.term))
    return hits
