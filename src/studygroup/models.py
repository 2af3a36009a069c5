"""The data model: books, their parts and sections, and the notes for a session.

These are the shapes of the TOML library (one file per book, one per session).
Every model forbids unknown keys, so a typo in a hand-edited file is an error and
not silently ignored. Cross-file checks (does a point's section exist in the
part?) need the book and live in `library.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from studygroup.keys import to_roman

# Text that must say something: an empty title or paragraph is always a mistake.
# Space at either end is layout, not content, and is trimmed.
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
PartKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
PartKind = Literal["introduction", "preface", "chapter", "appendix", "postscript"]

KIND_LABELS: dict[str, str] = {
    "introduction": "Introduction",
    "preface": "Preface",
    "appendix": "Appendix",
    "postscript": "Postscript",
}


class Model(BaseModel):
    # Schemas are built when a model is first validated, not when this module is
    # imported: `outline` never validates a session and should not pay for it.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Section(Model):
    """A section of a part, as the table of contents lists it."""

    title: Text
    url: str | None = None


class Correction(Model):
    """A change made to the source's text, recorded so that nothing is silently altered."""

    part: PartKey
    field: Literal["title", "subtitle"]
    original: Text
    corrected: Text
    reason: Text


class Part(Model):
    """The introduction, a chapter, an appendix or the postscript.

    Titles keep the source's letters: curly quotes, dashes and `_emphasis_`
    (underscores around the emphasised words, as in the source's Markdown).
    """

    key: PartKey
    kind: PartKind
    number: Annotated[int, Field(ge=1)] | None = None
    title: Text
    subtitle: Text | None = None
    url: str | None = None
    sections: list[Section] = []

    @model_validator(mode="after")
    def _chapters_are_numbered(self) -> Part:
        if self.kind == "chapter":
            if self.number is None:
                raise ValueError("a chapter needs a number")
            if self.key != str(self.number):
                raise ValueError(f"a chapter's key is its number: {self.number}, not {self.key!r}")
        return self

    @property
    def label(self) -> str:
        """How the part is named in a heading: 'Chapter VI', 'Introduction'."""
        if self.kind == "chapter" and self.number is not None:
            return f"Chapter {to_roman(self.number)}"
        label = KIND_LABELS[self.kind]
        return f"{label} {self.number}" if self.number is not None else label


class Book(Model):
    slug: Slug
    title: Text
    author: Text
    written: str | None = None
    published: str | None = None
    translator: str | None = None
    transcription: str | None = None
    source_url: str | None = None
    parts: Annotated[list[Part], Field(min_length=1)]
    corrections: list[Correction] = []

    @model_validator(mode="after")
    def _keys_are_unique_and_corrections_apply(self) -> Book:
        seen: set[str] = set()
        for part in self.parts:
            if part.key in seen:
                raise ValueError(f"part key {part.key!r} appears twice")
            seen.add(part.key)
        by_key = {part.key: part for part in self.parts}
        for fix in self.corrections:
            fixed = by_key.get(fix.part)
            if fixed is None:
                raise ValueError(f"a correction names part {fix.part!r}, which the book lacks")
            if getattr(fixed, fix.field) != fix.corrected:
                raise ValueError(
                    f"the correction of part {fix.part} {fix.field} says {fix.corrected!r}, "
                    f"but the part has {getattr(fixed, fix.field)!r}"
                )
        return self

    def part(self, key: str) -> Part | None:
        return next((part for part in self.parts if part.key == key), None)


class Point(Model):
    """One discussion point: the presenter's commentary, kept verbatim."""

    section: Annotated[int, Field(ge=1)] | None = None
    text: Text


class Quotation(Model):
    """A block quotation: its paragraphs without the marks that open and close the block."""

    section: Annotated[int, Field(ge=1)] | None = None
    lead_in: Text | None = None
    paragraphs: Annotated[list[Text], Field(min_length=1)]
    # Who is quoted, where it is not the book itself (a quotation of Marx, say).
    attribution: Text | None = None


class NotesSource(Model):
    """Where the notes came from, with the lines that frame them and are not points."""

    file: str | None = None
    title: str | None = None
    event: str | None = None
    closing: str | None = None


GlossaryKind = Literal["person", "place", "publication", "organisation", "event", "term"]
QuotationRefs = Annotated[list[Annotated[int, Field(ge=1)]], Field(max_length=50)]


class Question(Model):
    """A question for discussion, tied to a section and to quotations by number."""

    section: Annotated[int, Field(ge=1)] | None = None
    quotations: QuotationRefs = []
    text: Text


class GlossaryEntry(Model):
    term: Text
    kind: GlossaryKind
    definition: Text


class TimelineEntry(Model):
    date: Text  # as precise as the record allows: "1921", "March 1921"
    event: Text


class FurtherReading(Model):
    title: Text
    author: Text | None = None
    year: Text | None = None
    url: Text | None = None
    note: Text | None = None
    # A work that argues against the book's analysis, offered so the group can test it.
    counter: bool = False


class AgendaItem(Model):
    """One stretch of the meeting, timed; for the facilitator."""

    minutes: Annotated[int, Field(ge=1, le=600)]
    title: Text
    section: Annotated[int, Field(ge=1)] | None = None
    quotations: QuotationRefs = []
    note: Text | None = None


class Session(Model):
    """The notes for one meeting, on one part of one book.

    Only `book` and `part` are required: a session with nothing but points and
    quotations, or nothing yet at all, is valid.
    """

    book: Slug
    part: PartKey
    source: NotesSource | None = None
    points: list[Point] = []
    quotations: list[Quotation] = []
    questions: list[Question] = []
    glossary: list[GlossaryEntry] = []
    timeline: list[TimelineEntry] = []
    further_reading: list[FurtherReading] = []
    agenda: list[AgendaItem] = []
    # For the facilitator only: never printed in a participant's handout.
    facilitator_notes: list[Text] = []

    @model_validator(mode="after")
    def _references_exist(self) -> Session:
        count = len(self.quotations)
        referring: list[tuple[str, list[int]]] = [
            (f"questions[{i}]", q.quotations) for i, q in enumerate(self.questions)
        ] + [(f"agenda[{i}]", a.quotations) for i, a in enumerate(self.agenda)]
        for where, numbers in referring:
            for number in numbers:
                if number > count:
                    raise ValueError(
                        f"{where} names quotation {number}, but the session has {count}"
                    )
        seen: set[str] = set()
        for entry in self.glossary:
            folded = entry.term.casefold()
            if folded in seen:
                raise ValueError(f"glossary: {entry.term!r} appears twice")
            seen.add(folded)
        return self
