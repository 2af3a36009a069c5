"""The notes for one meeting: points, quotations and what a facilitator adds.

One TOML file per session. Like the book's models, these forbid unknown keys; a
session's references to its own quotations are checked by the model, its references
into the book (sections, the part) by `session_problems`.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Literal

from pydantic import Field, model_validator

from studygroup.domain.base import Loc, Model, PartKey, Slug, Text, dotted, raise_first
from studygroup.domain.book import Book, Part
from studygroup.errors import StudygroupError

# The place of a point, quotation or question in the presenter's order: 1 for what
# the notes say first. Items without it follow, points before quotations.
Order = Annotated[int, Field(ge=1, le=100_000)]


class Point(Model):
    """One discussion point: the presenter's commentary, kept verbatim."""

    order: Order | None = None
    section: Annotated[int, Field(ge=1)] | None = None
    text: Text


class Quotation(Model):
    """A block quotation: its paragraphs without the marks that open and close the block."""

    order: Order | None = None
    section: Annotated[int, Field(ge=1)] | None = None
    # The commentary that introduces it ("Trotsky notes the sequence … thus:"). A
    # lead-in that introduces a run of quotations is written once, on the first; the
    # others say `shares_lead_in`.
    lead_in: Text | None = None
    shares_lead_in: bool = False
    paragraphs: Annotated[list[Text], Field(min_length=1)]
    # Who is quoted, where it is not the book itself (a quotation of Marx, say).
    attribution: Text | None = None
    # Where the notes say it is from: a reference after the closing mark ("p. 206"),
    # an attribution line ("V. I. Lenin, “Left-Wing” Communism") and its link.
    reference: Text | None = None
    source: Text | None = None
    url: Text | None = None


class NotesSource(Model):
    """Where the notes came from, with the lines that frame them and are not points."""

    file: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    event: str | None = None
    closing: str | None = None


GlossaryKind = Literal["person", "place", "publication", "organisation", "event", "term"]
QuotationRefs = Annotated[list[Annotated[int, Field(ge=1)]], Field(max_length=50)]


class Question(Model):
    """A question for discussion, tied to a section and to quotations by number. A
    question the presenter asked in the course of the notes has its `order` there."""

    order: Order | None = None
    section: Annotated[int, Field(ge=1)] | None = None
    quotations: QuotationRefs = []
    text: Text
    # One of the few a 90-minute meeting is planned around; the rest are in reserve.
    core: bool = False


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
    publisher: Text | None = None
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
    # The quotations read aloud in this stretch: their length is timed in the agenda.
    read_aloud: QuotationRefs = []
    note: Text | None = None


WatchOutKind = Literal["notes", "room", "later-chapter", "timing"]


class WatchOut(Model):
    """For the facilitator: a slip in the notes (what they say, what is right, and the
    source), a position likely in the room, what belongs to a later chapter, or a
    matter of timing."""

    kind: WatchOutKind
    text: Text
    quotation: Annotated[int, Field(ge=1)] | None = None  # where in the notes, if a slip
    point: Text | None = None  # the first words of the point, if a slip is in one
    says: Text | None = None
    correct: Text | None = None
    source: Text | None = None


class Figure(Model):
    """A figure a group asks for (an average wage, a date, a count), with its source."""

    label: Text
    value: Text
    source: Text
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
    # What members should look out for as they read: the handout's "Before the meeting".
    read_for: list[Text] = []
    # For the facilitator only: never printed in a participant's handout.
    facilitator_notes: list[Text] = []
    watch_outs: list[WatchOut] = []
    figures: list[Figure] = []

    def reference_problems(self) -> list[tuple[Loc, str]]:
        """Quotations named but missing, glossary terms given twice: every case, located.
        (Sections are checked against the book, in library.check_session.)"""
        out: list[tuple[Loc, str]] = []
        count = len(self.quotations)
        referring: list[tuple[str, str, list[list[int]]]] = [
            ("questions", "quotations", [q.quotations for q in self.questions]),
            ("agenda", "quotations", [a.quotations for a in self.agenda]),
            ("agenda", "read_aloud", [a.read_aloud for a in self.agenda]),
            (
                "watch_outs",
                "quotation",
                [[w.quotation] if w.quotation else [] for w in self.watch_outs],
            ),
        ]
        for name, field, lists in referring:
            for index, numbers in enumerate(lists):
                for position, number in enumerate(numbers):
                    if number > count:
                        where: Loc = (name, index, field, position)
                        if field == "quotation":
                            where = (name, index, field)
                        out.append(
                            (where, f"names quotation {number}, but the session has {count}")
                        )
        if self.quotations and self.quotations[0].shares_lead_in:
            out.append(
                (("quotations", 0, "shares_lead_in"), "the first quotation has none to share")
            )
        placed: dict[int, str] = {}
        ordered: list[tuple[str, list[int | None]]] = [
            ("points", [p.order for p in self.points]),
            ("quotations", [q.order for q in self.quotations]),
            ("questions", [q.order for q in self.questions]),
        ]
        for name, orders in ordered:
            for index, order in enumerate(orders):
                if order is None:
                    continue
                if order in placed:
                    out.append(((name, index, "order"), f"{order} is also {placed[order]}'s"))
                placed.setdefault(order, f"{name}[{index}]")
        numbered = [(i, q.order) for i, q in enumerate(self.quotations) if q.order is not None]
        for (_, before), (index, after) in pairwise(numbered):
            if after < before:
                out.append(
                    (
                        ("quotations", index, "order"),
                        "quotations are numbered in the presenter's order: "
                        f"{after} comes before {before}",
                    )
                )
        seen: dict[str, int] = {}
        for index, entry in enumerate(self.glossary):
            folded = entry.term.casefold()
            if folded in seen:
                out.append(
                    (
                        ("glossary", index, "term"),
                        f"{entry.term!r} is already glossary[{seen[folded]}]",
                    )
                )
            seen.setdefault(folded, index)
        return out

    @model_validator(mode="after")
    def _references_hold(self) -> Session:
        raise_first(self.reference_problems())
        return self


FlowKind = Literal["point", "quotation", "question"]


def flow(session: Session) -> list[tuple[FlowKind, int]]:
    """The notes in the presenter's order, as (kind, index into its list).

    Points, quotations and questions with an `order` come in that order; then points
    without one, then quotations without one (a file written by hand, or before the
    order was kept). Questions without an order are the facilitator's, asked at the
    end, and are not part of the flow.
    """
    ranked: list[tuple[int, FlowKind, int]] = []
    unranked: list[tuple[FlowKind, int]] = []
    items: list[tuple[FlowKind, list[int | None]]] = [
        ("point", [p.order for p in session.points]),
        ("quotation", [q.order for q in session.quotations]),
    ]
    for kind, orders in items:
        for index, order in enumerate(orders):
            if order is None:
                unranked.append((kind, index))
            else:
                ranked.append((order, kind, index))
    for index, question in enumerate(session.questions):
        if question.order is not None:
            ranked.append((question.order, "question", index))
    ranked.sort()
    return [(kind, index) for _, kind, index in ranked] + unranked


def session_problems(session: Session, book: Book, part: Part) -> list[tuple[Loc, str]]:
    """The references a session makes into its book that do not hold, located."""
    out: list[tuple[Loc, str]] = []
    if session.book != book.slug:
        out.append((("book",), f"says {session.book!r}, but the file is in {book.slug!r}"))
    if session.part != part.key:
        out.append((("part",), f"says {session.part!r}, but the file is {part.key!r}"))
    count = len(part.sections)
    has = f"has {count} section{'s' if count != 1 else ''}" if count else "has no sections"
    sections = {
        "points": [p.section for p in session.points],
        "quotations": [q.section for q in session.quotations],
        "questions": [q.section for q in session.questions],
        "agenda": [a.section for a in session.agenda],
    }
    for name, numbers in sections.items():
        for index, section in enumerate(numbers):
            if section is not None and section > count:
                out.append(((name, index, "section"), f"no section {section} ({part.label} {has})"))
    return out


def check_session(session: Session, book: Book, part: Part, origin: str) -> None:
    """The references a session makes into its book must exist: the first that fails."""
    problems = session_problems(session, book, part)
    if problems:
        loc, message = problems[0]
        raise StudygroupError(f"{origin}: {dotted(loc)}: {message}")
