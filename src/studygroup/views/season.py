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
    meetings: list[MeetingView]


def _summary(sessions: list[Session]) -> list[str]:
    questions = [q.text for s in sessions for q in s.questions]
    points = [p.text for s in sessions for p in s.points]
    return (questions or points)[:SUMMARY_ITEMS]


def meeting_view(
    programme: Programme, book: Book, meeting: Meeting, sessions: dict[str, Session]
) -> MeetingView:
    starts, ends = programme.starts(meeting), programme.ends(meeting)
    parts = [part for key in meeting.parts if (part := book.part(key)) is not None]
    return MeetingView.model_construct(
        number=meeting.number,
        date=meeting.date.isoformat(),
        starts=starts.isoformat(),
        ends=ends.isoformat(),
        when=f"{starts:%a} {starts.day} {starts:%b %Y, %H:%M}–{ends:%H:%M} {starts.tzname()}",
        parts=[part_view(part, part.key in sessions) for part in parts],
        facilitator=meeting.facilitator,
        notes=[part.key for part in parts if part.key in sessions],
        summary=_summary([sessions[p.key] for p in parts if p.key in sessions]),
    )


def programme_view(library: Library, programme: Programme, book: Book) -> ProgrammeView:
    sessions = {}
    for part in book.parts:
        session = library.session(book, part)
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
        meetings=[meeting_view(programme, book, m, sessions) for m in programme.meetings],
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
    )


def _one_line(text: str | None) -> str | None:
    """A name or a place as one line, whatever line breaks the file holds."""
    return " ".join(text.split()) if text else None
