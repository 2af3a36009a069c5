"""What each command shows, as one model per command: the JSON output is this model,
and every other format renders the same model, so all formats carry the same content.

Views resolve what the library stores by reference (a point's section number) into
what a reader needs (the section's title and link).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from studygroup.inline import plain
from studygroup.keys import to_roman
from studygroup.library import Library, session_path_hint
from studygroup.models import Book, Correction, NotesSource, Part, Session


class View(BaseModel):
    # Views are built by this module from models that were validated as they were
    # loaded, so they are made with `model_construct` (typed by the pydantic mypy
    # plugin) and their schemas are built only when JSON is asked for: the terminal
    # path must not pay for them (benchmarks/outline_startup.py).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class SectionView(View):
    number: int
    title: str
    url: str | None


class PartView(View):
    key: str
    kind: str
    number: int | None
    roman: str | None
    label: str
    title: str
    subtitle: str | None
    url: str | None
    sections: list[SectionView]
    has_notes: bool


class OutlineView(View):
    slug: str
    title: str
    author: str
    written: str | None
    published: str | None
    translator: str | None
    transcription: str | None
    source_url: str | None
    parts: list[PartView]
    corrections: list[Correction]


def byline(view: OutlineView) -> str:
    """'Leon Trotsky · written 1936 · first published 1937 · translated by Max Eastman'."""
    bits = [view.author]
    if view.written:
        bits.append(f"written {view.written}")
    if view.published:
        bits.append(f"first published {view.published}")
    if view.translator:
        bits.append(f"translated by {view.translator}")
    return " · ".join(bits)


class PointView(View):
    text: str
    section: str | None
    section_number: int | None


class QuotationView(View):
    number: int
    paragraphs: list[str]
    lead_in: str | None
    section: str | None
    section_number: int | None
    section_url: str | None
    attribution: str


class SessionView(View):
    book: str
    book_title: str
    author: str
    key: str
    kind: str
    label: str
    # "Chapter VI: THE GROWTH …", or the title alone where it names the part itself
    # ("INTRODUCTION: The Purpose of the Present Work", not "Introduction: INTRODUCTION").
    heading: str
    title: str
    subtitle: str | None
    url: str | None
    sections: list[SectionView]
    has_notes: bool
    source: NotesSource | None
    points: list[PointView]
    quotations: list[QuotationView]
    # Where a file with notes for this part would go, for the "no notes yet" message.
    notes_file: str


def _sections(part: Part) -> list[SectionView]:
    return [
        SectionView.model_construct(number=n, title=s.title, url=s.url)
        for n, s in enumerate(part.sections, 1)
    ]


def part_view(part: Part, has_notes: bool) -> PartView:
    return PartView.model_construct(
        key=part.key,
        kind=part.kind,
        number=part.number,
        roman=to_roman(part.number) if part.number is not None else None,
        label=part.label,
        title=part.title,
        subtitle=part.subtitle,
        url=part.url,
        sections=_sections(part),
        has_notes=has_notes,
    )


def outline(library: Library, slug: str | None) -> OutlineView:
    book = library.book(slug)
    with_notes = library.parts_with_notes(book)
    return OutlineView.model_construct(
        slug=book.slug,
        title=book.title,
        author=book.author,
        written=book.written,
        published=book.published,
        translator=book.translator,
        transcription=book.transcription,
        source_url=book.source_url,
        parts=[part_view(part, part.key in with_notes) for part in book.parts],
        corrections=book.corrections,
    )


def _attribution(book: Book, part: Part, section: int | None) -> str:
    where = part.label
    if section is not None:
        where += f", “{part.sections[section - 1].title}”"
    return f"{book.author}, {book.title}, {where}"


def heading(part: Part) -> str:
    title = f"{part.title}: {part.subtitle}" if part.subtitle else part.title
    if plain(part.title).strip('“”"').casefold() == part.label.casefold():
        return title
    return f"{part.label}: {title}"


def session_view(book: Book, part: Part, session: Session | None) -> SessionView:
    def section_title(number: int | None) -> str | None:
        return part.sections[number - 1].title if number is not None else None

    def section_url(number: int | None) -> str | None:
        return part.sections[number - 1].url if number is not None else None

    points = session.points if session else []
    quotations = session.quotations if session else []
    return SessionView.model_construct(
        book=book.slug,
        book_title=book.title,
        author=book.author,
        key=part.key,
        kind=part.kind,
        label=part.label,
        heading=heading(part),
        title=part.title,
        subtitle=part.subtitle,
        url=part.url,
        sections=_sections(part),
        has_notes=session is not None,
        source=session.source if session else None,
        points=[
            PointView.model_construct(
                text=p.text, section=section_title(p.section), section_number=p.section
            )
            for p in points
        ],
        quotations=[
            QuotationView.model_construct(
                number=n,
                paragraphs=q.paragraphs,
                lead_in=q.lead_in,
                section=section_title(q.section),
                section_number=q.section,
                section_url=section_url(q.section),
                attribution=q.attribution or _attribution(book, part, q.section),
            )
            for n, q in enumerate(quotations, 1)
        ],
        notes_file=session_path_hint(book, part),
    )


def session(library: Library, slug: str | None, key: str) -> SessionView:
    book = library.book(slug)
    part = library.part(book, key)
    return session_view(book, part, library.session(book, part))


def grouped_points(view: SessionView) -> list[tuple[SectionView | None, list[PointView]]]:
    """Points by section, in the part's order: the part as a whole first, then each section."""
    groups: list[tuple[SectionView | None, list[PointView]]] = []
    general = [p for p in view.points if p.section_number is None]
    if general:
        groups.append((None, general))
    for section in view.sections:
        points = [p for p in view.points if p.section_number == section.number]
        if points:
            groups.append((section, points))
    return groups
