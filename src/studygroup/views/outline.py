"""What each command shows, as one model per command: the JSON output is this model,
and every other format renders the same model, so all formats carry the same content.

Views resolve what the library stores by reference (a point's section number) into
what a reader needs (the section's title and link).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from studygroup.domain.book import Correction, Part
from studygroup.domain.inline import plain
from studygroup.domain.keys import to_roman
from studygroup.library.store import Library


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


def sections_of(part: Part) -> list[SectionView]:
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
        sections=sections_of(part),
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


def heading(part: Part) -> str:
    title = f"{part.title}: {part.subtitle}" if part.subtitle else part.title
    if plain(part.title).strip('“”"').casefold() == part.label.casefold():
        return title
    return f"{part.label}: {title}"
