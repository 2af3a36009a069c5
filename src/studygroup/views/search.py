"""Finding text across every book and session: case-, accent- and quote-insensitive.

Matching is domain/folding.py's: a query found from the start of a word, whatever its
case, accents or quote marks. Across the library, passages come from the search index
in the cache (library/search_index.py), brought up to date first; without a cache,
from a plain scan of the files, which gives the same hits in the same order. Hits are
given one by one, so that a caller can print them as they come.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal, cast

from studygroup.domain.book import Book, Part
from studygroup.domain.folding import find, needle, occurs
from studygroup.domain.session import Session
from studygroup.library.store import Library

HitKind = Literal["quotation", "point", "question", "glossary", "text"]
ALL_KINDS: tuple[HitKind, ...] = ("quotation", "point", "question", "glossary")


@dataclass(slots=True)
class Hit:
    """One passage found: what it is, where it is, and where the match is in its text.

    A plain class, not a model: a common word can find a hundred thousand passages,
    printed as they come. Where the match is (`matches`) is worked out when asked for
    (to highlight it, or in JSON), not to print the passage in plain text."""

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
    query: str | None = None  # what was looked for
    found: list[tuple[int, int]] | None = None  # the matches, once worked out

    @property
    def matches(self) -> list[tuple[int, int]]:
        if self.found is None:
            self.found = find(self.text, self.query) if self.query else []
        return self.found

    def as_json(self) -> str:
        """The hit as one JSON object: its fields and its matches."""
        data = {name: getattr(self, name) for name in _JSON_FIELDS}
        data["matches"] = self.matches
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


_JSON_FIELDS = (
    "kind",
    "book",
    "book_title",
    "part",
    "label",
    "section",
    "section_number",
    "number",
    "paragraph",
    "term",
    "text",
)


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
    return Hit(
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
        found=matches,
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


def scan(
    library: Library,
    slug: str | None,
    query: str | None,
    kinds: tuple[HitKind, ...],
    skipped: list[str] | None = None,
) -> Iterator[Hit]:
    """Every passage of the given kinds that holds `query` (all of them without one), read
    from the files: in book and part order; in a part, quotations, points, questions,
    then glossary entries."""
    for book, part, session in sessions(library, slug, skipped):
        if "quotation" in kinds:
            yield from _quotation_hits(book, part, session, query)
        if "point" in kinds:
            for point in session.points:
                if (matches := find(point.text, query) if query else []) or not query:
                    yield _hit("point", book, part, point.section, point.text, matches)
        if "question" in kinds:
            for number, question in enumerate(session.questions, 1):
                if (matches := find(question.text, query) if query else []) or not query:
                    yield _hit(
                        "question",
                        book,
                        part,
                        question.section,
                        question.text,
                        matches,
                        number=number,
                    )
        if "glossary" in kinds:
            for entry in session.glossary:
                text = f"{entry.term}: {entry.definition}"
                if (matches := find(text, query) if query else []) or not query:
                    yield _hit("glossary", book, part, None, text, matches, term=entry.term)


def hits(
    library: Library,
    slug: str | None,
    query: str | None,
    kinds: tuple[HitKind, ...],
    skipped: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Hit]:
    """As `scan`, from the search index when the cache can hold one."""
    from studygroup.library import search_index

    if slug is not None:
        library.book(slug)  # an unknown book is an error, not "nothing found"
    if not search_index.sync(library, progress):
        yield from scan(library, slug, query, kinds, skipped)
        return
    wanted = needle(query) if query else ""
    if query and not wanted:
        return  # a query of spaces alone finds nothing, as `find` says
    docs = search_index.search(wanted, book=slug, kinds=kinds)
    if docs is None:
        yield from scan(library, slug, query, kinds, skipped)
        return
    skipped.extend(search_index.left_out(slug))
    for doc in docs:
        # The index gives candidates; the folded text says which hold the query.
        if wanted and not occurs(doc.folded, wanted):
            continue
        yield Hit(
            cast(HitKind, doc.kind),
            doc.book,
            doc.book_title,
            doc.part,
            doc.label,
            doc.section,
            doc.section_number,
            doc.number,
            doc.paragraph,
            doc.term,
            doc.text,
            query,
        )


def part_quotations(library: Library, slug: str | None, key: str, query: str | None) -> list[Hit]:
    """The quotations of one part, paragraph by paragraph; with `query`, only those
    paragraphs that hold it."""
    book = library.book(slug)
    part = library.part(book, key)
    session = library.session(book, part)
    return _quotation_hits(book, part, session, query) if session else []
