"""What `programme` and `calendar` show: each meeting with its date, reading and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studygroup.domain.book import Book
from studygroup.domain.programme import Meeting, Programme
from studygroup.domain.session import Session
from studygroup.library.store import Library
from studygroup.views.outline import PartView, View, part_view

if TYPE_CHECKING:
    from studygroup.views.meeting import MeetingInfo

# How much of a handout an event's description carries.
SUMMARY_ITEMS = 3


class MeetingView(View):
    number: int
    date: str
    starts: str  # ISO 8601 with the offset in force that day
    ends: str
    when: str  # "Tue 24 Nov 2026, 19:00–20:30 GMT"
    parts: list[PartView]
    facilitator: str | None
    sections: list[int]  # of a chapter read over several meetings: those read at this one
    words: int | None  # the reading's length, where the text has been fetched
    reading_minutes: int | None  # at the programme's pace
    notes: list[str]  # the keys of the parts that have notes
    summary: list[str]  # questions, or else points, from the notes: for the calendar


class ProgrammeView(View):
    name: str
    book: str
    book_title: str
    author: str
    place: str | None
    timezone: str
    every: str
    minutes: int
    pace: int
    meetings: list[MeetingView]
    # Notes that could not be read, one line each: the season is shown without them.
    left_out: list[str]


def _summary(sessions: list[Session]) -> list[str]:
    questions = [q.text for s in sessions for q in s.questions]
    points = [p.text for s in sessions for p in s.points]
    return (questions or points)[:SUMMARY_ITEMS]


def meeting_view(
    programme: Programme,
    book: Book,
    meeting: Meeting,
    sessions: dict[str, Session],
    load: dict[str, dict[str, object]] | None = None,
) -> MeetingView:
    from studygroup.views.outline import minutes

    starts, ends = programme.starts(meeting), programme.ends(meeting)
    parts = [part for key in meeting.parts if (part := book.part(key)) is not None]
    views = [part_view(part, part.key in sessions) for part in parts]
    if meeting.sections:
        chosen = set(meeting.sections)
        views = [
            view.model_copy(update={"sections": [s for s in view.sections if s.number in chosen]})
            for view in views
        ]
    words = _words(meeting, load) if load else None
    return MeetingView.model_construct(
        number=meeting.number,
        date=meeting.date.isoformat(),
        starts=starts.isoformat(),
        ends=ends.isoformat(),
        when=f"{starts:%a} {starts.day} {starts:%b %Y, %H:%M}–{ends:%H:%M} {starts.tzname()}",
        parts=views,
        facilitator=meeting.facilitator,
        sections=list(meeting.sections),
        words=words,
        reading_minutes=minutes(words, programme.pace) if words else None,
        notes=[part.key for part in parts if part.key in sessions],
        summary=_summary([sessions[p.key] for p in parts if p.key in sessions]),
    )


def _words(meeting: Meeting, load: dict[str, dict[str, object]]) -> int | None:
    """The words a meeting reads: its parts', or its sections' of a split chapter."""
    total = 0
    for key in meeting.parts:
        entry = load.get(key)
        if entry is None:
            return None
        sections = entry.get("sections")
        if meeting.sections and isinstance(sections, dict):
            first = min(meeting.sections) == 1
            counts = [sections.get(str(n), 0) for n in meeting.sections]
            if first:  # the words before the first section go with it
                counts.append(sections.get("", 0))
            total += sum(n for n in counts if isinstance(n, int))
        else:
            words = entry.get("words")
            total += words if isinstance(words, int) else 0
    return total


def programme_view(library: Library, programme: Programme, book: Book) -> ProgrammeView:
    from studygroup.errors import StudygroupError
    from studygroup.views.outline import reading_load

    load = reading_load(book.slug) or None
    sessions = {}
    left_out = []
    for part in book.parts:
        try:
            session = library.session(book, part)
        except StudygroupError as error:
            left_out.append(error.message)  # one broken file does not hide the season
            continue
        if session is not None:
            sessions[part.key] = session
    return ProgrammeView.model_construct(
        name=programme.name,
        book=book.slug,
        book_title=book.title,
        author=book.author,
        place=programme.place,
        timezone=programme.timezone,
        every=programme.every,
        minutes=programme.minutes,
        pace=programme.pace,
        meetings=[meeting_view(programme, book, m, sessions, load) for m in programme.meetings],
        left_out=left_out,
    )


def meeting_info(programme: Programme, book: Book, part_key: str) -> MeetingInfo | None:
    """The meeting of the programme that reads this part, as a handout names it."""
    from studygroup.views.meeting import MeetingInfo

    if programme.book != book.slug:
        return None
    meeting = next((m for m in programme.meetings if part_key in m.parts), None)
    if meeting is None:
        return None
    starts, ends = programme.starts(meeting), programme.ends(meeting)
    return MeetingInfo.model_construct(
        number=meeting.number,
        when=f"{starts:%a} {starts.day} {starts:%b %Y, %H:%M}–{ends:%H:%M} {starts.tzname()}",
        timezone=programme.timezone,
        place=_one_line(programme.place),
        facilitator=_one_line(meeting.facilitator),
        minutes=programme.minutes,
        group=_one_line(programme.name) or programme.name,
        pace=programme.pace,
    )


def _one_line(text: str | None) -> str | None:
    """A name or a place as one line, whatever line breaks the file holds."""
    return " ".join(text.split()) if text else None
