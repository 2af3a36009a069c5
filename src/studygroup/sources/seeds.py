"""Seeds + editorial decisions → the embedded TOML library (data/).

`tools/rebuild_data.py` writes what `build_library` returns; a test runs it again
and compares, so data/ can never drift from the seeds it is made from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from studygroup.domain.book import Book, Correction, Part
from studygroup.domain.session import (
    AgendaItem,
    Figure,
    FurtherReading,
    GlossaryEntry,
    NotesSource,
    Question,
    Session,
    TimelineEntry,
    WatchOut,
    check_session,
)
from studygroup.errors import StudygroupError
from studygroup.library.codec import dump_book, dump_session, format_validation_error, parse_toml
from studygroup.library.layout import BOOK_FILE, SESSIONS_DIR
from studygroup.sources.contents import common_url, read_contents
from studygroup.sources.notes import SectionCue, parse_notes

M = TypeVar("M", bound=BaseModel)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Cue(_Strict):
    starts_with: str = Field(min_length=1)
    section: int = Field(ge=1)


class _BookEditorial(_Strict):
    slug: str
    contents: str
    author: str
    corrections: list[Correction] = []


class _SessionEditorial(_Strict):
    part: str
    notes: str
    kit: str | None = None
    cues: list[_Cue] = []


class Kit(_Strict):
    """What a facilitator adds to a presenter's notes (see models.Session)."""

    questions: list[Question] = []
    glossary: list[GlossaryEntry] = []
    timeline: list[TimelineEntry] = []
    further_reading: list[FurtherReading] = []
    agenda: list[AgendaItem] = []
    read_for: list[str] = []
    facilitator_notes: list[str] = []
    watch_outs: list[WatchOut] = []
    figures: list[Figure] = []


def _load(model: type[M], root: Path, name: str) -> M:
    try:
        return model.model_validate(parse_toml((root / name).read_text(encoding="utf-8"), name))
    except ValidationError as error:
        raise StudygroupError(format_validation_error(name, error)) from None


class Editorial(_Strict):
    book: _BookEditorial
    sessions: list[_SessionEditorial] = []


def _header(sources: list[str], editorial: str) -> str:
    return (
        "Written by tools/rebuild_data.py from "
        + " and ".join(sources)
        + f",\nwith the decisions in {editorial}. Edit those, not this file."
    )


def _apply(parts: list[Part], fix: Correction, origin: str) -> list[Part]:
    out = []
    found = False
    for part in parts:
        if part.key == fix.part:
            found = True
            if getattr(part, fix.field) != fix.original:
                raise StudygroupError(
                    f"{origin}: correction of part {fix.part} {fix.field}: the source says "
                    f"{getattr(part, fix.field)!r}, not {fix.original!r}"
                )
            part = part.model_copy(update={fix.field: fix.corrected})
        out.append(part)
    if not found:
        raise StudygroupError(f"{origin}: correction names part {fix.part!r}, which is not there")
    return out


def build_book(root: Path, editorial: Editorial, editorial_name: str) -> tuple[Book, str]:
    source = editorial.book.contents
    contents = read_contents(
        (root / source).read_text(encoding="utf-8"), fmt="markdown", url=None, origin=source
    )
    if contents.skipped:
        line, text = contents.skipped[0]
        raise StudygroupError(f"{source}:{line}: not understood: {text}")
    if contents.unplaced:
        line, url = contents.unplaced[0]
        raise StudygroupError(f"{source}:{line}: link not placed: {url}")
    parts = contents.parts
    for fix in editorial.book.corrections:
        parts = _apply(parts, fix, editorial_name)
    front: dict[str, Any] = {
        key: value
        for key, value in contents.front.items()
        if key in ("written", "published", "translator", "transcription")
    }
    book = Book(
        slug=editorial.book.slug,
        title=contents.title,
        author=editorial.book.author,
        source_url=common_url(parts),
        groups=contents.groups,
        parts=parts,
        corrections=editorial.book.corrections,
        **front,
    )
    return book, dump_book(book, _header([source], editorial_name))


def build_session(
    root: Path, book: Book, entry: _SessionEditorial, editorial_name: str
) -> tuple[Session, str]:
    part = book.part(entry.part)
    if part is None:
        raise StudygroupError(f"{editorial_name}: sessions: no part {entry.part!r} in the book")
    notes = parse_notes(
        (root / entry.notes).read_text(encoding="utf-8"),
        section_titles=[section.title for section in part.sections],
        cues=[SectionCue(cue.starts_with, cue.section) for cue in entry.cues],
        origin=entry.notes,
    )
    kit = _load(Kit, root, entry.kit) if entry.kit else Kit()
    sources = [entry.notes] + ([entry.kit] if entry.kit else [])
    try:
        # Validated as a whole: a question may only name a quotation the notes have.
        session = Session.model_validate(
            {
                "book": book.slug,
                "part": part.key,
                "source": NotesSource(
                    file=entry.notes, **notes.source.model_dump(exclude={"file"})
                ),
                "points": notes.points,
                "quotations": notes.quotations,
                **kit.model_dump(),
            }
        )
    except ValidationError as error:
        raise StudygroupError(format_validation_error(entry.kit or entry.notes, error)) from None
    check_session(session, book, part, entry.kit or entry.notes)
    return session, dump_session(session, _header(sources, editorial_name))


def build_library(root: Path, editorial_file: str) -> dict[str, str]:
    """Relative path under data/ → the TOML text that belongs there."""
    editorial = _load(Editorial, root, editorial_file)
    book, book_text = build_book(root, editorial, editorial_file)
    out = {f"{book.slug}/{BOOK_FILE}": book_text}
    for entry in editorial.sessions:
        session, text = build_session(root, book, entry, editorial_file)
        out[f"{book.slug}/{SESSIONS_DIR}/{session.part}.toml"] = text
    return out
