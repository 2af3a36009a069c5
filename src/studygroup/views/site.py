"""What the group's website shows (`studygroup site`), page by page, as plain data.

Everything here comes from the other views: the season from `views.season`, each
meeting's sheet from `views.meeting.handout` (the participant's copy, with the
meeting it is read at), the catch-up sheets from `views.meeting.catch_up`, the book
from `views.outline`. This module only decides what goes on which page and where
each page lives in the site: paths are relative to the site's root, written with `/`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from studygroup.domain.book import Book, label_shown
from studygroup.domain.inline import plain
from studygroup.domain.programme import Programme
from studygroup.domain.session import Session
from studygroup.library.store import Library
from studygroup.views.meeting import HandoutView, catch_up, handout
from studygroup.views.outline import OutlineView, PartView, View, byline, outline
from studygroup.views.season import ProgrammeView, meeting_info, programme_view

HOME = "index.html"
OUTLINE = "outline.html"
GLOSSARY = "glossary.html"
SEARCH = "search.html"
MARKER = ".studygroup-site"  # says the folder was written by `studygroup site`


def meeting_path(number: int) -> str:
    return f"meetings/{number}.html"


def catch_up_path(number: int) -> str:
    return f"meetings/{number}-catch-up.html"


def pdf_path(book: str, key: str) -> str:
    # The book's slug in the name, so that a downloaded file says what it is.
    return f"handouts/{book}-{key}.pdf"


class PageRef(View):
    path: str
    title: str


class Reading(View):
    """One part read at a meeting: its title, its link to the text, its length where
    the text has been measured, and whether the notes for it are ready."""

    key: str
    label: str
    title: str
    heading: str  # "Chapter VI: THE GROWTH …", or the title where it names the part
    url: str | None
    words: int | None
    minutes: int | None
    has_notes: bool


class SeasonRow(View):
    number: int
    date: str  # ISO 8601
    when: str  # "Tue 13 Oct 2026, 19:00–20:30 BST"
    readings: list[Reading]
    facilitator: str | None
    notes: Literal["ready", "some", "none"]  # for all its parts, some, or none yet
    page: str
    catch_up: str | None
    status: Literal["past", "next", "later"]


class Download(View):
    path: str
    label: str  # link text that says what it is: "Handout for Chapter VI (PDF, A4)"


class MeetingPage(View):
    number: int
    count: int  # meetings in the season
    when: str
    path: str
    title: str
    handouts: list[HandoutView]  # one per part read, the participant's copy
    downloads: list[Download]
    catch_up: str | None
    previous: PageRef | None
    next: PageRef | None


class CatchUpPage(View):
    number: int
    path: str
    title: str
    meeting: PageRef
    sheet: HandoutView


class GlossaryUse(View):
    """Where a glossary entry comes from: a part's notes, and the meeting reading it."""

    label: str  # "Chapter VI"
    meeting: PageRef | None


class GlossaryItem(View):
    term: str
    kind: str
    definition: str
    uses: list[GlossaryUse]


class GlossaryLetter(View):
    letter: str
    items: list[GlossaryItem]


class GlossaryPage(View):
    letters: list[GlossaryLetter]
    count: int


class OutlinePage(View):
    book: OutlineView
    byline: str
    headings: dict[str, str]  # part key → its heading
    meetings: dict[str, PageRef]  # part key → the meeting that reads it


class GroupInfo(View):
    name: str
    place: str | None
    timezone: str
    cadence: str  # "every week, 90 minutes"


class HomePage(View):
    book_title: str
    author: str
    byline: str
    source_url: str | None
    group: GroupInfo
    rows: list[SeasonRow]
    next: SeasonRow | None
    built: str  # "Tue 24 Nov 2026": the date the site was built, in the group's zone
    calendar: str  # the .ics file, beside the home page
    calendar_url: str | None  # its absolute address, with --base-url


class SiteView(View):
    name: str  # the group's
    book: str
    book_title: str
    base_url: str | None  # ends with "/"
    season: ProgrammeView
    home: HomePage
    meetings: list[MeetingPage]
    catch_ups: list[CatchUpPage]
    glossary: GlossaryPage
    outline: OutlinePage


def cadence(every: str, minutes: int) -> str:
    """'every week, 90 minutes', 'every 2 weeks, 2 hours'."""
    count, unit = int(every[:-1]), {"w": "week", "d": "day"}[every[-1]]
    often = f"every {unit}" if count == 1 else f"every {count} {unit}s"
    hours, rest = divmod(minutes, 60)
    length = f"{hours} hour{'s' if hours != 1 else ''}" if rest == 0 else f"{minutes} minutes"
    return f"{often}, {length}"


def part_heading(part: PartView) -> str:
    """'Chapter VI: THE GROWTH …', 'INTRODUCTION: The Purpose of the Present Work':
    the label where it adds to the title, and the subtitle."""
    title = f"{part.title}: {part.subtitle}" if part.subtitle else part.title
    return f"{part.label}: {title}" if label_shown(part.label, part.title) else title


def _sessions(library: Library, book: Book) -> dict[str, Session]:
    found = {}
    for part in book.parts:
        session = library.session(book, part)
        if session is not None:
            found[part.key] = session
    return found


def _glossary(book: Book, sessions: dict[str, Session], pages: dict[str, PageRef]) -> GlossaryPage:
    """Every session's entries, one item per term and definition, alphabetical; a term
    the sessions define alike is one item naming each part it comes from."""
    items: dict[tuple[str, str], GlossaryItem] = {}
    for part in book.parts:
        session = sessions.get(part.key)
        if session is None:
            continue
        for entry in session.glossary:
            use = GlossaryUse.model_construct(label=part.label, meeting=pages.get(part.key))
            key = (plain(entry.term).casefold(), " ".join(entry.definition.split()))
            if key in items:
                items[key].uses.append(use)
            else:
                items[key] = GlossaryItem.model_construct(
                    term=entry.term, kind=entry.kind, definition=entry.definition, uses=[use]
                )
    ordered = sorted(items.values(), key=lambda item: (plain(item.term).casefold(), item.kind))
    letters: list[GlossaryLetter] = []
    for item in ordered:
        first = plain(item.term).lstrip("“”‘’\"'(").strip()[:1].upper() or "#"
        letter = first if first.isalpha() else "#"
        if not letters or letters[-1].letter != letter:
            letters.append(GlossaryLetter.model_construct(letter=letter, items=[]))
        letters[-1].items.append(item)
    return GlossaryPage.model_construct(letters=letters, count=len(ordered))


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def site(
    library: Library,
    programme: Programme,
    book: Book,
    *,
    today: dt.date,
    base_url: str | None,
    calendar: str,
) -> SiteView:
    """The whole site for a group's season: `today` (in the group's zone) picks out the
    next meeting; `calendar` is the .ics file's name in the site."""
    season = programme_view(library, programme, book)
    sessions = _sessions(library, book)
    count = len(season.meetings)
    numbers = [m.number for m in season.meetings]
    upcoming = next((m.number for m in programme.meetings if m.date >= today), None)

    refs: dict[int, PageRef] = {}
    for meeting in season.meetings:
        labels = " & ".join(part.label for part in meeting.parts)
        refs[meeting.number] = PageRef.model_construct(
            path=meeting_path(meeting.number), title=f"Meeting {meeting.number}: {labels}"
        )
    by_part = {part.key: refs[m.number] for m in season.meetings for part in m.parts}

    # As `handout KEY --catch-up` dates them, so that the sheets are the same.
    schedule = [
        (m.number, list(m.parts), f"{m.date.day} {m.date:%b %Y}") for m in programme.meetings
    ]
    rows: list[SeasonRow] = []
    pages: list[MeetingPage] = []
    catch_ups: list[CatchUpPage] = []
    for index, meeting in enumerate(season.meetings):
        sheets = [
            handout(
                library,
                book.slug,
                part.key,
                "participant",
                meeting_info(programme, book, part.key),
            )
            for part in meeting.parts
        ]
        readings = [
            Reading.model_construct(
                key=part.key,
                label=part.label,
                title=part.title,
                heading=part_heading(part),
                url=part.url,
                words=sheet.before.words if sheet.before else None,
                minutes=sheet.before.minutes if sheet.before else None,
                has_notes=part.key in sessions,
            )
            for part, sheet in zip(meeting.parts, sheets, strict=True)
        ]
        ready = sum(reading.has_notes for reading in readings)
        catch_up_page = None
        if index > 0:
            catch_up_page = catch_up_path(meeting.number)
            sheet = catch_up(library, book.slug, meeting.parts[0].key, schedule)
            catch_ups.append(
                CatchUpPage.model_construct(
                    number=meeting.number,
                    path=catch_up_page,
                    title=f"Catching up before meeting {meeting.number}",
                    meeting=refs[meeting.number],
                    sheet=sheet,
                )
            )
        status: Literal["past", "next", "later"] = (
            "next"
            if meeting.number == upcoming
            else "past"
            if upcoming is None or meeting.number < upcoming
            else "later"
        )
        rows.append(
            SeasonRow.model_construct(
                number=meeting.number,
                date=meeting.date,
                when=meeting.when,
                readings=readings,
                facilitator=meeting.facilitator,
                notes="ready" if ready == len(readings) else "some" if ready else "none",
                page=meeting_path(meeting.number),
                catch_up=catch_up_page,
                status=status,
            )
        )
        pages.append(
            MeetingPage.model_construct(
                number=meeting.number,
                count=count,
                when=meeting.when,
                path=meeting_path(meeting.number),
                title=refs[meeting.number].title,
                handouts=sheets,
                downloads=[
                    Download.model_construct(
                        path=pdf_path(book.slug, part.key),
                        label=f"Handout for {part.label} (PDF, A4)",
                    )
                    for part in meeting.parts
                ],
                catch_up=catch_up_page,
                previous=refs[numbers[index - 1]] if index > 0 else None,
                next=refs[numbers[index + 1]] if index + 1 < count else None,
            )
        )

    book_view = outline(library, book.slug)
    home = HomePage.model_construct(
        book_title=book.title,
        author=book.author,
        byline=byline(book_view),
        source_url=book.source_url,
        group=GroupInfo.model_construct(
            name=season.name,
            place=season.place,
            timezone=season.timezone,
            cadence=cadence(season.every, season.minutes),
        ),
        rows=rows,
        next=next((row for row in rows if row.status == "next"), None),
        built=_day(today),
        calendar=calendar,
        calendar_url=f"{base_url}{calendar}" if base_url else None,
    )
    return SiteView.model_construct(
        name=season.name,
        book=book.slug,
        book_title=book.title,
        base_url=base_url,
        season=season,
        home=home,
        meetings=pages,
        catch_ups=catch_ups,
        glossary=_glossary(book, sessions, by_part),
        outline=OutlinePage.model_construct(
            book=book_view,
            byline=byline(book_view),
            headings={part.key: part_heading(part) for part in book_view.parts},
            meetings=by_part,
        ),
    )
