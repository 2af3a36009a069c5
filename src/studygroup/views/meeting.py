"""What `session` and `handout` show: a session's notes resolved against its book.

Apart from `outline.py` so that `outline` never builds these classes.
"""

from __future__ import annotations

from typing import Literal

from studygroup.domain.book import Book, Part, named
from studygroup.domain.inline import plain
from studygroup.domain.session import (
    Figure,
    FlowKind,
    FurtherReading,
    GlossaryEntry,
    NotesSource,
    Point,
    Quotation,
    Session,
    TimelineEntry,
    WatchOut,
    flow,
)
from studygroup.library.store import Library, session_path_hint
from studygroup.views.outline import SectionView, View, heading, sections_of
from studygroup.views.quotecheck import QuoteCheckView


class PointView(View):
    text: str
    section: str | None
    section_number: int | None


class QuotationView(View):
    number: int
    paragraphs: list[str]
    # The lead-in that introduces it, also where it introduces a run of quotations;
    # `shares_lead_in` says it was printed before an earlier one of the run.
    lead_in: str | None
    shares_lead_in: bool
    section: str | None
    section_number: int | None
    section_url: str | None
    attribution: str  # who and where: the book's citation unless the notes say otherwise
    reference: str | None  # "p. 206", as the notes give it
    url: str | None


class FlowItemView(View):
    """One entry of the notes in the presenter's order: which point, quotation or
    question it is (its index in that list, from 0) and the section it is under."""

    type: FlowKind
    index: int
    section_number: int | None


class QuestionView(View):
    number: int
    text: str
    section: str | None
    section_number: int | None
    quotations: list[int]
    core: bool


class AgendaItemView(View):
    start: int  # minutes from the start of the meeting
    minutes: int
    title: str
    section: str | None
    section_number: int | None
    quotations: list[int]
    read_aloud: list[int]  # quotations read aloud in it
    reading_minutes: float  # how long reading them aloud takes, at READ_ALOUD_WPM
    note: str | None


class MeetingInfo(View):
    """Which meeting of the group's programme reads this part: when, where, who."""

    number: int
    when: str  # "Tue 24 Nov 2026, 19:00–20:30 GMT"
    timezone: str
    place: str | None
    facilitator: str | None
    minutes: int
    group: str
    pace: int  # words a minute the group reads at


class BeforeMeetingView(View):
    """What a member does before the meeting: what to read (with links and length
    where known) and a few things to read for."""

    reading: list[SectionView]  # the part itself first (number 0), then its sections
    words: int | None
    minutes: int | None
    read_for: list[str]


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
    questions: list[QuestionView]
    order: list[FlowItemView]  # the notes as the presenter wrote them
    credit: str | None  # whose notes: "Notes by …", from what the notes say of themselves
    glossary: list[GlossaryEntry]  # in alphabetical order
    timeline: list[TimelineEntry]
    further_reading: list[FurtherReading]
    agenda: list[AgendaItemView]
    agenda_minutes: int
    reading_minutes: float  # the agenda's quotations read aloud, in minutes
    read_for: list[str]
    facilitator_notes: list[str]
    watch_outs: list[WatchOut]
    figures: list[Figure]
    meeting: MeetingInfo | None
    # Each quotation against the book's text, where it was fetched (`studygroup text`).
    checks: list[QuoteCheckView] | None
    # What does not fit: an agenda longer than the meeting, readings longer than the
    # stretch of the agenda they are in. Said to the facilitator.
    plan_warnings: list[str]
    # Where a file with notes for this part would go, for the "no notes yet" message.
    notes_file: str

    @property
    def name(self) -> str:
        """The part as a line of the reading list: 'Chapter VI: THE GROWTH …', or
        'Preface' alone where the label is the title."""
        return named(self.label, self.title)


Audience = Literal["participant", "facilitator"]


class HandoutView(View):
    """What a handout prints: a session, less what is for the facilitator alone
    (lead-ins, the timed agenda, private notes, the presenter's framing lines) unless
    the audience is the facilitator."""

    audience: Audience
    session: SessionView
    kicker: str  # the line above the title: what this sheet is, and for whom
    headings: dict[str, str]  # the heading of each part of the sheet, by its name
    whole_part: str  # the heading of points that belong to no section
    before: BeforeMeetingView | None


def _attribution(book: Book, part: Part, section: int | None) -> str:
    where = part.label
    if section is not None:
        where += f", “{part.sections[section - 1].title}”"
    # The book's title in emphasis, as a citation sets it.
    return f"{book.author}, _{book.title}_, {where}"


def _credit(book: Book, part: Part, quote: Quotation, in_text: bool | None) -> str:
    """Whose words a quotation is: the notes' own source or attribution; else the book's
    author at the part and section, unless the book's fetched text is at hand and does
    not hold it (`in_text` False: notes quote other writers too, Marcuse beside Lenin)."""
    who = quote.source or quote.attribution
    if who:
        return who
    if in_text is False:
        return f"from the presenter’s notes (not found in _{book.title}_)"
    return _attribution(book, part, quote.section)


def credit(source: NotesSource | None) -> str | None:
    """'Notes by Ana Ruiz, 2022-08-28': who wrote the notes and when, where they say.
    (Their title is printed at the top of the sheet already.)"""
    if source is None or not (source.author or source.date):
        return None
    who = f"Notes by {source.author}" if source.author else "Notes"
    return f"{who}, {source.date}" if source.date else who


def _quotation_views(
    book: Book, part: Part, session: Session, found: dict[int, int], elsewhere: set[int]
) -> list[QuotationView]:
    """The session's quotations as shown, each credited by `_credit`."""
    out: list[QuotationView] = []
    lead_in: str | None = None
    for number, quote in enumerate(session.quotations, 1):
        if number in found:  # the text says where it is: better than a cue
            quote = quote.model_copy(update={"section": found[number]})
        # A run of quotations shares the first one's lead-in; older files repeat it.
        shares = quote.shares_lead_in or (quote.lead_in is not None and quote.lead_in == lead_in)
        lead_in = lead_in if quote.shares_lead_in else quote.lead_in
        section = part.sections[quote.section - 1] if quote.section is not None else None
        in_text = False if number in elsewhere else None
        out.append(
            QuotationView.model_construct(
                number=number,
                paragraphs=quote.paragraphs,
                lead_in=lead_in,
                shares_lead_in=shares,
                section=section.title if section else None,
                section_number=quote.section,
                section_url=section.url if section else None,
                attribution=_credit(book, part, quote, in_text),
                reference=quote.reference,
                url=quote.url,
            )
        )
    return out


def _order(session: Session, found: dict[int, int]) -> list[FlowItemView]:
    sections = {
        "point": [p.section for p in session.points],
        "quotation": [found.get(n, q.section) for n, q in enumerate(session.quotations, 1)],
        "question": [q.section for q in session.questions],
    }
    out = []
    current: int | None = None
    for kind, index in flow(session):
        number = sections[kind][index]
        if number is None and kind != "quotation":
            # Commentary with no section of its own, once the notes have reached a
            # section, is about the passage it stands beside: it stays in that block.
            number = current
        current = number if number is not None else current
        out.append(FlowItemView.model_construct(type=kind, index=index, section_number=number))
    return out


def session_view(book: Book, part: Part, session: Session | None) -> SessionView:
    def section_title(number: int | None) -> str | None:
        return part.sections[number - 1].title if number is not None else None

    notes = session or Session.model_construct(book=book.slug, part=part.key)
    from studygroup.views import quotecheck

    checks = quotecheck.check(book, part, notes) if session is not None else None
    found = {
        c.number: c.section_number
        for c in checks or []
        if c.status != "not found" and c.section_number is not None
    }
    elsewhere = {c.number for c in checks or [] if c.status == "not found"}
    words = [sum(len(p.split()) for p in q.paragraphs) for q in notes.quotations]
    agenda: list[AgendaItemView] = []
    start = 0
    for item in notes.agenda:
        aloud = sum(words[n - 1] for n in item.read_aloud if n <= len(words)) / READ_ALOUD_WPM
        agenda.append(
            AgendaItemView.model_construct(
                start=start,
                minutes=item.minutes,
                title=item.title,
                section=section_title(item.section),
                section_number=item.section,
                quotations=item.quotations,
                read_aloud=item.read_aloud,
                reading_minutes=round(aloud, 1),
                note=item.note,
            )
        )
        start += item.minutes
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
        sections=sections_of(part),
        has_notes=session is not None,
        source=notes.source,
        points=[
            PointView.model_construct(
                text=p.text, section=section_title(p.section), section_number=p.section
            )
            for p in notes.points
        ],
        quotations=_quotation_views(book, part, notes, found, elsewhere),
        questions=[
            QuestionView.model_construct(
                number=n,
                text=q.text,
                section=section_title(q.section),
                section_number=q.section,
                quotations=q.quotations,
                core=q.core,
            )
            for n, q in enumerate(notes.questions, 1)
        ],
        order=_order(notes, found),
        credit=credit(notes.source),
        glossary=sorted(notes.glossary, key=lambda entry: plain(entry.term).casefold()),
        timeline=notes.timeline,
        further_reading=notes.further_reading,
        agenda=agenda,
        agenda_minutes=start,
        reading_minutes=round(sum(item.reading_minutes for item in agenda), 1),
        read_for=notes.read_for,
        facilitator_notes=notes.facilitator_notes,
        watch_outs=notes.watch_outs,
        figures=notes.figures,
        meeting=None,
        checks=checks,
        plan_warnings=plan_warnings(agenda, start, None),
        notes_file=session_path_hint(book, part),
    )


READ_ALOUD_WPM = 130  # words a minute, read aloud to a room
READ_FOR = 3  # things to read for, at most


def plan_warnings(agenda: list[AgendaItemView], total: int, meeting: int | None) -> list[str]:
    """What does not fit: the agenda against the meeting's length, and each stretch
    against the time its readings aloud take."""
    out = []
    if meeting is not None and total > meeting:
        out.append(f"the agenda takes {total} minutes, but the meeting is {meeting}")
    for item in agenda:
        if item.reading_minutes > item.minutes:
            out.append(
                f"“{item.title}”: reading quotations {', '.join(map(str, item.read_aloud))} "
                f"aloud takes about {item.reading_minutes:.0f} minutes of its {item.minutes}"
            )
    return out


def with_meeting(view: SessionView, meeting: MeetingInfo | None) -> SessionView:
    """The session as read at a meeting of the group's programme: the meeting said,
    and the agenda checked against its length."""
    if meeting is None:
        return view
    warnings = plan_warnings(view.agenda, view.agenda_minutes, meeting.minutes)
    return view.model_copy(update={"meeting": meeting, "plan_warnings": warnings})


def before_meeting(view: SessionView) -> BeforeMeetingView:
    """What to read, with links, and what to read for: the facilitator's own list, or
    else the core questions, or else the first questions."""
    reading = [
        SectionView.model_construct(number=0, title=named(view.label, view.title), url=view.url)
    ]
    reading += view.sections
    wanted = list(view.read_for)
    if not wanted:
        core = [q.text for q in view.questions if q.core]
        wanted = core or [q.text for q in view.questions]
    from studygroup.views.outline import DEFAULT_PACE, minutes, reading_load

    load = reading_load(view.book).get(view.key, {}) if view.key else {}
    words = load.get("words")
    pace = view.meeting.pace if view.meeting else DEFAULT_PACE
    counted = words if isinstance(words, int) and words else None
    return BeforeMeetingView.model_construct(
        reading=reading,
        words=counted,
        minutes=minutes(counted, pace) if counted else None,
        read_for=wanted[:READ_FOR],
    )


def session(
    library: Library, slug: str | None, key: str, meeting: MeetingInfo | None = None
) -> SessionView:
    book = library.book(slug)
    part = library.part(book, key)
    return with_meeting(session_view(book, part, library.session(book, part)), meeting)


FlowEntry = PointView | QuotationView | QuestionView


def notes_blocks(view: SessionView) -> list[tuple[SectionView | None, list[FlowEntry]]]:
    """The notes in the presenter's order, cut where the section changes: each block
    the section it is under (None: the part as a whole, or no section known) and its
    points, quotations and questions."""
    sections = {section.number: section for section in view.sections}
    lists: dict[str, list[FlowEntry]] = {
        "point": list(view.points),
        "quotation": list(view.quotations),
        "question": list(view.questions),
    }
    blocks: list[tuple[SectionView | None, list[FlowEntry]]] = []
    current: int | None = -1
    for item in view.order:
        if item.section_number != current or not blocks:
            current = item.section_number
            section = sections.get(current) if current is not None else None
            blocks.append((section, []))
        blocks[-1][1].append(lists[item.type][item.index])
    return blocks


def has_sections(view: SessionView) -> bool:
    """Whether the notes say which section anything is in (else no block headings)."""
    return any(item.section_number is not None for item in view.order)


def citation(quote: QuotationView) -> str:
    """'Leon Trotsky, _The Revolution Betrayed_, Chapter VI' or the notes' own
    attribution line, with the page reference the notes give."""
    return f"{quote.attribution} ({quote.reference})" if quote.reference else quote.attribution


def handout(
    library: Library,
    slug: str | None,
    key: str,
    audience: Audience,
    meeting: MeetingInfo | None = None,
) -> HandoutView:
    return handout_view(session(library, slug, key, meeting), audience)


def handout_view(view: SessionView, audience: Audience) -> HandoutView:
    if audience == "participant":
        source = view.source
        view = view.model_copy(
            update={
                "quotations": [q.model_copy(update={"lead_in": None}) for q in view.quotations],
                "agenda": [],
                "agenda_minutes": 0,
                "reading_minutes": 0,
                "facilitator_notes": [],
                "watch_outs": [],
                "figures": [],
                "checks": None,
                "plan_warnings": [],
                "source": NotesSource(title=source.title) if source and source.title else None,
            }
        )
    copy = " · facilitator’s copy" if audience == "facilitator" else ""
    kicker = f"Reading group handout{copy}"
    return HandoutView.model_construct(
        audience=audience,
        session=view,
        kicker=kicker,
        headings=HANDOUT_HEADINGS,
        whole_part=WHOLE_PART,
        before=before_meeting(view),
    )


# The handout's parts, in order, with the headings every format prints.
HANDOUT_HEADINGS = {
    "meeting": "The meeting",
    "before": "Before the meeting",
    "reading": "Reading",
    # Named as the presenter's, so that a group never takes them for its own position.
    "notes": "The presenter’s notes",
    "questions": "Questions for discussion",
    "glossary": "Glossary",
    "timeline": "Context",
    "further_reading": "Further reading",
    "agenda": "Agenda",
    "facilitator_notes": "Facilitator’s notes",
    "watch_outs": "Watch-outs",
    "figures": "Figures",
}
WATCH_OUT_KINDS = {
    "notes": "In the notes",
    "room": "In the room",
    "later-chapter": "For a later chapter",
    "timing": "Timing",
}
WHOLE_PART = "The chapter as a whole"
COUNTER_READING = "counter-reading"


def quotation_refs(numbers: list[int]) -> str:
    """'quotation 12', 'quotations 5, 6', 'quotations 7–11': runs of three or more
    consecutive numbers are written as a range."""
    if not numbers:
        return ""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts += [str(n) for n in run]
    label = "quotation" if len(numbers) == 1 else "quotations"
    return f"{label} {', '.join(parts)}"


def question_refs(question: QuestionView) -> str:
    """'section 2; quotations 5, 6' — where a question points, for a parenthesis."""
    bits = []
    if question.section_number is not None:
        bits.append(f"section {question.section_number}")
    if question.quotations:
        bits.append(quotation_refs(question.quotations))
    return "; ".join(bits)


def agenda_line(item: AgendaItemView) -> str:
    """'Want, Luxury and Speculation (quotations 1–4)'."""
    refs = quotation_refs(item.quotations)
    return f"{item.title} ({refs})" if refs else item.title


def reading_line(item: FurtherReading) -> str:
    """'Title, Author (1937)' — a further-reading entry without its link or note."""
    line = item.title
    if item.author:
        line += f", {item.author}"
    published = ", ".join(bit for bit in (item.publisher, item.year) if bit)
    if published:
        line += f" ({published})"
    return line


def reading_length(before: BeforeMeetingView) -> str | None:
    """'About 4,080 words: 27 minutes of reading.', where the text has been fetched."""
    if not before.words or not before.minutes:
        return None
    unit = "minute" if before.minutes == 1 else "minutes"
    return f"About {before.words:,} words: {before.minutes} {unit} of reading."


def check_line(view: SessionView, number: int) -> str | None:
    """What the text says of quotation `number`, for the facilitator; None unchecked."""
    from studygroup.views.quotecheck import summary

    found = next((c for c in view.checks or [] if c.number == number), None)
    return summary(found) if found is not None else None


def meeting_line(meeting: MeetingInfo) -> str:
    """'Meeting 7 of the Tuesday group: Tue 24 Nov 2026, 19:00–20:30 GMT'."""
    return f"Meeting {meeting.number} of {meeting.group}: {meeting.when}"


def meeting_details(meeting: MeetingInfo) -> list[str]:
    """Where, in which zone, and who facilitates, a line each."""
    lines = [f"Times in {meeting.timezone}"]
    if meeting.place:
        lines.append(f"Where: {meeting.place}")
    if meeting.facilitator:
        lines.append(f"Facilitator: {meeting.facilitator}")
    return lines


def reading_aloud(item: AgendaItemView) -> str:
    """'read aloud: quotations 9, 10, about 3 minutes', or '' if nothing is read."""
    if not item.read_aloud:
        return ""
    minutes = max(1, round(item.reading_minutes))
    return f"read aloud: {quotation_refs(item.read_aloud)}, about {minutes} min"


def agenda_total(view: SessionView) -> str:
    """'90 minutes, about 8 of them reading aloud'."""
    total = f"{view.agenda_minutes} minutes"
    if view.reading_minutes:
        return f"{total}, about {round(view.reading_minutes)} of them reading aloud"
    return total


def watch_out_lines(item: WatchOut) -> list[str]:
    """A watch-out as lines: where, what the notes say and what is right, then why."""
    lines = []
    where = (
        f"Quotation {item.quotation}"
        if item.quotation
        else (f"“{item.point}…”" if item.point else "")
    )
    if item.says:
        lines.append(f"{where + ': ' if where else ''}the notes say “{item.says}”")
    elif where:
        lines.append(where)
    if item.correct:
        lines.append(f"Right: {item.correct}")
    lines.append(item.text)
    if item.source:
        lines.append(f"Source: {item.source}")
    return lines


def clock(minutes: int) -> str:
    """Minutes from the start as h:mm ('0:05', '1:25')."""
    return f"{minutes // 60}:{minutes % 60:02d}"


# A catch-up sheet is a handout whose sections are the meetings so far.
CATCH_UP_HEADINGS = {
    **HANDOUT_HEADINGS,
    "reading": "Meetings so far",
    "notes": "Key points and one passage from each meeting",
    "questions": "Questions left open",
}
KEY_POINTS = 3  # from each part's notes: enough to follow, short enough for one page
OPEN_QUESTIONS = 2  # the last of each session's questions, the ones that look ahead


def key_points(points: list[Point]) -> list[str]:
    """Up to KEY_POINTS points that span the part: the first of each section in turn
    (the part as a whole first), then the next ones, in the notes' order."""
    firsts: dict[int | None, int] = {}
    for index, point in enumerate(points):
        firsts.setdefault(point.section, index)
    chosen = sorted(firsts.values())[:KEY_POINTS]
    chosen += [i for i in range(len(points)) if i not in chosen][: KEY_POINTS - len(chosen)]
    return [points[i].text for i in sorted(chosen)]


def _entry(kind: FlowKind, index: int, section: int | None) -> FlowItemView:
    return FlowItemView.model_construct(type=kind, index=index, section_number=section)


def catch_up(
    library: Library, slug: str | None, key: str, meetings: list[tuple[int, list[str], str]] | None
) -> HandoutView:
    """One sheet for a member who missed meetings: for each meeting before the one on
    `key`, its reading, its first points, its shortest quotation and its last questions.

    `meetings` (number, part keys, date) comes from the group's programme; without one,
    each part of the book is a meeting, in order.
    """
    from studygroup.errors import StudygroupError

    book = library.book(slug)
    part = library.part(book, key)
    season = meetings or [(n, [p.key], "") for n, p in enumerate(book.parts, 1)]
    index = next((i for i, (_, keys, _) in enumerate(season) if part.key in keys), None)
    if index is None:
        raise StudygroupError(f"{part.label} is not read at any meeting of the programme")
    if index == 0:
        raise StudygroupError(
            f"{part.label} is read at the first meeting: there is nothing to catch up on"
        )
    sections: list[SectionView] = []
    points: list[PointView] = []
    quotations: list[QuotationView] = []
    questions: list[QuestionView] = []
    order: list[FlowItemView] = []
    for number, keys, date in season[:index]:
        parts = [p for k in keys if (p := book.part(k)) is not None]
        title = " & ".join(named(p.label, p.title) for p in parts) + (f" ({date})" if date else "")
        url = parts[0].url if parts else None
        sections.append(SectionView.model_construct(number=number, title=title, url=url))
        found = [(p, s) for p in parts if (s := library.session(book, p)) is not None]
        for each, session in found:
            for text in key_points(session.points):
                order.append(_entry("point", len(points), number))
                points.append(
                    PointView.model_construct(text=text, section=title, section_number=number)
                )
            questions += [
                QuestionView.model_construct(
                    number=len(questions) + n,
                    text=f"{each.label}: {q.text}",
                    section=None,
                    section_number=None,
                    quotations=[],
                    core=False,
                )
                for n, q in enumerate(session.questions[-OPEN_QUESTIONS:], 1)
            ]
        candidates = [(p, q) for p, s in found for q in s.quotations]
        if candidates:
            from studygroup.views import quotecheck

            each, quote = min(candidates, key=lambda pq: sum(len(x) for x in pq[1].paragraphs))
            order.append(_entry("quotation", len(quotations), number))
            quotations.append(
                QuotationView.model_construct(
                    number=len(quotations) + 1,
                    paragraphs=quote.paragraphs,
                    lead_in=None,
                    shares_lead_in=False,
                    section=title,
                    section_number=number,
                    section_url=url,
                    attribution=_credit(book, each, quote, quotecheck.found(book, each, quote)),
                    reference=quote.reference,
                    url=quote.url,
                )
            )
    count = len(sections)
    view = SessionView.model_construct(
        book=book.slug,
        book_title=book.title,
        author=book.author,
        key=part.key,
        kind=part.kind,
        label="Catch-up",
        heading=f"Catching up before {part.label}",
        title=f"{count} meeting{'s' if count != 1 else ''} so far",
        subtitle=None,
        url=None,
        sections=sections,
        has_notes=True,
        source=None,
        points=points,
        quotations=quotations,
        questions=questions,
        order=order,
        credit=None,
        glossary=[],
        timeline=[],
        further_reading=[],
        agenda=[],
        agenda_minutes=0,
        reading_minutes=0,
        read_for=[],
        facilitator_notes=[],
        watch_outs=[],
        figures=[],
        meeting=None,
        checks=None,
        plan_warnings=[],
        notes_file=session_path_hint(book, part),
    )
    return HandoutView.model_construct(
        audience="participant",
        before=None,
        session=view,
        kicker="Catch-up sheet",
        headings=CATCH_UP_HEADINGS,
        whole_part=WHOLE_PART,
    )
