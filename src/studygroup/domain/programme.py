"""A group's season: where and when it meets, and which parts each meeting covers.

Stored as TOML in the group's own folder (`studygroup.toml`), readable and editable by
hand. `plan` writes it from a few settings: the meetings are laid out from the first
date at the cadence, skipping holidays, one part a meeting unless parts are joined.
Times are wall-clock times in the group's time zone, so a meeting at 19:00 stays at
19:00 across a change to or from daylight-saving time.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import Field, ValidationError, field_validator, model_validator

from studygroup.domain.base import Loc, Model, PartKey, Slug, Text, dotted, raise_first
from studygroup.domain.book import Book
from studygroup.errors import StudygroupError, UsageProblem

PROGRAMME_FILE = "studygroup.toml"
_CADENCE = re.compile(r"^([1-9][0-9]?)([wd])$")


def cadence_days(every: str) -> int:
    match = _CADENCE.match(every)
    if match is None:
        raise ValueError(
            f"{every!r} is not a cadence: write weeks or days from 1 to 99, as 1w, 2w or 10d"
        )
    return int(match[1]) * (7 if match[2] == "w" else 1)


# Files under the zoneinfo folder that ZoneInfo loads but that name no place: the
# machine's own setting (`localtime`, a link to whatever this machine uses), the rules
# POSIX strings borrow, and tzdata's "zone not yet set". A programme's zone must mean
# the same on every member's machine and in every calendar program.
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})


@cache
def _tzdata_names() -> frozenset[str]:
    """The IANA names the tzdata package lists: one small file, read once."""
    from importlib import resources

    try:
        listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return frozenset()
    return frozenset(listed.split()) - _NOT_PLACES


@cache
def zone_names() -> frozenset[str]:
    """Every IANA zone this machine knows. Costs a walk of the zoneinfo folder: asked
    only for a name tzdata does not list, and once a process."""
    return (frozenset(available_timezones()) | _tzdata_names()) - _NOT_PLACES


def zone(name: str) -> ZoneInfo:
    """The zone of an IANA name (Europe/London); ValueError, with the name meant if it
    is a near miss, for anything else ZoneInfo would load (`localtime`,
    `right/Europe/London`, a path)."""
    if name in _tzdata_names() or name in zone_names():
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    raise ValueError(f"{name!r} is not a time zone: {_zone_hint(name)}")


def _zone_hint(name: str) -> str:
    import difflib

    known = zone_names()
    folded = {known_name.casefold(): known_name for known_name in known}
    # right/Europe/London and posix/Europe/London are Europe/London with other rules.
    bare = name.strip().removeprefix("right/").removeprefix("posix/")
    meant = folded.get(bare.casefold()) or next(
        iter(difflib.get_close_matches(bare, sorted(known), n=1, cutoff=0.8)), None
    )
    # Never a near miss in the numbers: Etc/GMT+14 is not Etc/GMT+4, hours away.
    if meant is not None and meant != name and _digits(meant) == _digits(bare):
        return f"did you mean {meant}?"
    return "give an IANA name like Europe/London"


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def machine_timezone() -> str:
    """The machine's IANA zone name: $TZ, or what /etc/localtime points to, or UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        candidates.append(target.partition("zoneinfo/")[2])
    except OSError:
        pass
    for name in candidates:
        if name and (name in _tzdata_names() or name in zone_names()):
            return name
    return "UTC"


# A season's dates: far enough either way for any group, near enough that a meeting's
# end, a time-zone change or a calendar's recurrence never leaves the datetime range.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
Day = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]
# How long a meeting lasts, in minutes.
SHORTEST, LONGEST = 5, 24 * 60


class Meeting(Model):
    number: Annotated[int, Field(ge=1, le=10_000)]
    date: Day
    parts: Annotated[list[PartKey], Field(min_length=1)]
    # A long chapter read over several meetings: the sections of its one part this
    # meeting reads (none: the whole of each part).
    sections: list[Annotated[int, Field(ge=1)]] = []
    facilitator: Text | None = None

    @property
    def reading(self) -> tuple[str, ...]:
        """What the meeting reads, as one key: its parts, and its sections if split."""
        return (*self.parts, *(f"§{n}" for n in self.sections))


class Programme(Model):
    name: Text
    book: Slug = "revolution-betrayed"
    place: Text | None = None
    timezone: str
    time: dt.time
    minutes: Annotated[int, Field(ge=SHORTEST, le=LONGEST)] = 90
    # Words a minute the group reads at home: how long each meeting's reading is.
    pace: Annotated[int, Field(ge=20, le=1000)] = 150
    every: str = "1w"
    start: Day
    skip: list[Day] = []
    # Parts read together at one meeting, in the book's order: [["intro", "1"]].
    joins: list[Annotated[list[PartKey], Field(min_length=2)]] = []
    # Lay the meetings out by reading time instead: about this many minutes each,
    # short parts joined and long chapters split at their sections (`plan --minutes`).
    reading_minutes: Annotated[int, Field(ge=1, le=24 * 60)] | None = None
    meetings: list[Meeting] = []

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone(value)
        return value

    @field_validator("every")
    @classmethod
    def _cadence(cls, value: str) -> str:
        cadence_days(value)
        return value

    @model_validator(mode="after")
    def _meetings_hold(self) -> Programme:
        raise_first(self.reference_problems())
        return self

    def reference_problems(self) -> list[tuple[Loc, str]]:
        """What does not hold within the file: numbering, skips off the calendar."""
        out: list[tuple[Loc, str]] = []
        for index, meeting in enumerate(self.meetings):
            if meeting.number != index + 1:
                out.append(
                    (
                        ("meetings", index, "number"),
                        f"should be {index + 1}: meetings are numbered in order",
                    )
                )
            if index and meeting.date <= self.meetings[index - 1].date:
                out.append(
                    (("meetings", index, "date"), "comes before or on the previous meeting's date")
                )
        # A skipped day must be one the cadence lands on: from the start, or from a
        # meeting whose date was moved by hand (the cadence goes on from there).
        anchors = [m.date for m in self.meetings]
        for index, day in enumerate(self.skip):
            problem = skip_problem(day, self.start, self.every, anchors)
            if problem is not None:
                out.append((("skip", index), problem))
        # A meeting moved by hand onto a skipped day says two things at once.
        skipped = {day: index for index, day in enumerate(self.skip)}
        for index, meeting in enumerate(self.meetings):
            if meeting.date in skipped:
                out.append(
                    (
                        ("meetings", index, "date"),
                        f"{meeting.date} is skipped (skip[{skipped[meeting.date]}]): "
                        "move the meeting, or take the day out of skip",
                    )
                )
        return out

    def starts(self, meeting: Meeting) -> dt.datetime:
        return dt.datetime.combine(meeting.date, self.time, tzinfo=zone(self.timezone))

    def ends(self, meeting: Meeting) -> dt.datetime:
        return self.starts(meeting) + dt.timedelta(minutes=self.minutes)


def skip_problem(day: dt.date, start: dt.date, every: str, anchors: list[dt.date]) -> str | None:
    """Why `day` cannot be skipped, if it cannot: it must be a day the cadence lands on,
    from the start or from a date set by hand (`anchors`)."""
    step = cadence_days(every)
    if any(day >= a and (day - a).days % step == 0 for a in [start, *anchors]):
        return None
    # Where each cadence set by hand begins: the earliest date off the start's cadence.
    origins: dict[int, dt.date] = {}
    for anchor in sorted(anchors):
        if (anchor - start).days % step:
            origins.setdefault(anchor.toordinal() % step, anchor)
    also = "".join(f", or from {a} set by hand, a {a:%A}" for a in sorted(origins.values()))
    return f"{day} is not a meeting day (every {every} from {start}, a {start:%A}{also})"


def book_problems(programme: Programme, book: Book) -> list[tuple[Loc, str]]:
    """The parts the programme names must be the book's, each read once, in order."""
    out: list[tuple[Loc, str]] = []
    order = {part.key: index for index, part in enumerate(book.parts)}
    joined: dict[str, int] = {}
    for index, group in enumerate(programme.joins):
        for position, key in enumerate(group):
            if key not in order:
                out.append((("joins", index, position), f"no part {key!r} in {book.slug!r}"))
            elif key in joined:
                out.append(
                    (
                        ("joins", index, position),
                        f"{key!r} is already joined in joins[{joined[key]}]: "
                        "a part is read at one meeting",
                    )
                )
            joined.setdefault(key, index)
        known = [order[key] for key in group if key in order]
        if known and known != list(range(known[0], known[0] + len(known))):
            out.append((("joins", index), "joined parts must follow each other in the book"))
    seen: dict[str, int] = {}
    read_sections: dict[str, set[int]] = {}
    for index, meeting in enumerate(programme.meetings):
        if meeting.sections and len(meeting.parts) != 1:
            out.append((("meetings", index, "sections"), "sections are of one part: give one part"))
        for position, key in enumerate(meeting.parts):
            if key not in order:
                out.append(
                    (("meetings", index, "parts", position), f"no part {key!r} in {book.slug!r}")
                )
                continue
            part = book.parts[order[key]]
            for number in meeting.sections:
                if number > len(part.sections):
                    out.append(
                        (("meetings", index, "sections"), f"{part.label} has no section {number}")
                    )
            split = set(meeting.sections)
            earlier = read_sections.get(key)
            if key in seen and not (split and earlier is not None and not split & earlier):
                out.append(
                    (
                        ("meetings", index, "parts", position),
                        f"{key!r} is already read at meeting {seen[key] + 1}",
                    )
                )
            seen.setdefault(key, index)
            if split:
                read_sections.setdefault(key, set()).update(split)
    return out


def groups(book: Book, joins: list[list[str]]) -> list[list[str]]:
    """The book's parts, one a meeting, except those joined to read together."""
    joined = {key: tuple(group) for group in joins for key in group}
    out: list[list[str]] = []
    for part in book.parts:
        group = joined.get(part.key)
        if group is None:
            out.append([part.key])
        elif part.key == group[0]:
            out.append(list(group))
    return out


def next_day(after: dt.date, every: str, skip: set[dt.date]) -> dt.date:
    """The first meeting day after `after` at the cadence that is not a skipped day."""
    step = dt.timedelta(days=cadence_days(every))
    day = after + step
    while day in skip:
        day += step
    return day


Reading = tuple[list[str], list[int]]  # the parts of a meeting, and its sections if split


def by_time(
    book: Book, load: dict[str, dict[str, object]], minutes: int, pace: int
) -> tuple[list[Reading], list[str]]:
    """The book's parts laid out to about `minutes` of reading a meeting: short parts
    read together, a chapter longer than half as much again split at its sections;
    and what was done, said in a line each. `load` is each part's words and its
    sections' words, from the fetched text."""
    budget = minutes * pace

    def words(key: str) -> int:
        found = load.get(key, {}).get("words")
        return found if isinstance(found, int) else 0

    units: list[tuple[list[str], list[int], int]] = []  # parts, sections, words
    said: list[str] = []
    for part in book.parts:
        total = words(part.key)
        sections = load.get(part.key, {}).get("sections")
        if total > budget * 1.5 and isinstance(sections, dict) and len(part.sections) > 1:
            pieces: list[tuple[list[int], int]] = []
            lead = sections.get("", 0)  # the words before the first section
            current: list[int] = []
            count = lead if isinstance(lead, int) else 0
            for number in range(1, len(part.sections) + 1):
                n = sections.get(str(number), 0)
                n = n if isinstance(n, int) else 0
                if current and count + n > budget * 1.25:
                    pieces.append((current, count))
                    current, count = [], 0
                current.append(number)
                count += n
            if current:
                pieces.append((current, count))
            if len(pieces) > 1:
                units += [([part.key], chosen, n) for chosen, n in pieces]
                spans = ", ".join(_span(chosen) for chosen, _ in pieces)
                said.append(
                    f"{part.label} ({total // pace} min) is read over "
                    f"{len(pieces)} meetings: {spans}"
                )
                continue
        units.append(([part.key], [], total))
    out: list[Reading] = []
    group: list[str] = []
    count = 0
    for parts, sections, n in units:
        if sections or parts[0] not in load:  # a split chapter, or a length not known
            if group:
                out.append((group, []))
                group, count = [], 0
            out.append((parts, sections))
            continue
        # Join while the meeting stays near its time; a short piece (a preface, a
        # postscript) is joined to its neighbour even if that runs a little over.
        short = count < budget / 2 or n < budget / 2
        if group and count + n > budget * (1.6 if short else 1.25):
            out.append((group, []))
            group, count = [], 0
        group += parts
        count += n
    if group:
        out.append((group, []))
    for parts, _ in out:
        if len(parts) > 1:
            labels = " & ".join(p.label for key in parts if (p := book.part(key)))
            total = sum(words(key) for key in parts)
            said.append(f"{labels} are read together ({total // pace} min)")
    return out, said


def _span(sections: list[int]) -> str:
    return f"§{sections[0]}" if len(sections) == 1 else f"§{sections[0]}–{sections[-1]}"


def dates(start: dt.date, every: str, count: int, skip: list[dt.date]) -> list[dt.date]:
    holidays = set(skip)
    out: list[dt.date] = []
    day = start
    while day in holidays:
        day += dt.timedelta(days=cadence_days(every))
    while len(out) < count:
        out.append(day)
        day = next_day(day, every, holidays)
    return out


def pinned(programme: Programme) -> dict[tuple[str, ...], dt.date]:
    """The meetings whose dates were set by hand, by the parts they read.

    `plan` puts each meeting at the cadence from the one before (from `start` for the
    first), stepping over skipped days, and a meeting set by hand stays where it was
    put with the ones after it following from there. So a meeting is in its place if
    it follows the meeting before it, or if it still follows the cadence of the
    meetings before an edit (the file as `plan` wrote it, with one date changed);
    any other date was set by hand.
    """
    out: dict[tuple[str, ...], dt.date] = {}
    holidays = set(programme.skip)
    chain = dates(programme.start, programme.every, 1, programme.skip)[0]  # where it would be
    previous: dt.date | None = None
    for meeting in programme.meetings:
        follows = previous is not None and meeting.date == next_day(
            previous, programme.every, holidays
        )
        if follows or meeting.date == chain:
            chain = meeting.date
        else:
            out[meeting.reading] = meeting.date
        chain = next_day(chain, programme.every, holidays)
        previous = meeting.date
    return out


@dataclass(frozen=True)
class Leader:
    """Who leads which meeting: by a part it reads (`6=Ana`) or by number (`m6=Ana`)."""

    name: str
    part: str | None = None
    meeting: int | None = None


@dataclass
class Layout:
    programme: Programme
    moved: list[str]  # what changed, said to the user: "meeting 4 … moves from … to …"
    leaders: list[str]  # "Ana leads meeting 7 (Chapter VI)"


def plan(
    programme: Programme,
    book: Book,
    leaders: list[Leader],
    hand_set: dict[tuple[str, ...], dt.date],
    before: list[Meeting],
    load: dict[str, dict[str, object]] | None = None,
) -> Layout:
    """The programme with its meetings laid out again from its settings.

    A meeting whose date was set by hand (`hand_set`) keeps it and the ones after it
    follow the cadence from there; a facilitator stays with the parts they were to
    lead, whatever the new dates, and one whose meeting is regrouped is said;
    `leaders` sets or changes them. Everything laid out is checked as any programme
    file is, before the caller writes it.
    """
    problems = book_problems(programme.model_copy(update={"meetings": []}), book)
    if problems:
        # The file's joins were checked when it was read: these came from --join.
        (_, index, *_), message = problems[0]
        spec = "+".join(programme.joins[int(index)])
        raise UsageProblem(f"--join {spec}: {message}")
    said: list[str] = []
    if programme.reading_minutes is not None:
        if load is None:
            raise UsageProblem(
                f"--minutes needs the text's length: fetch it first with "
                f"studygroup text --book {book.slug}"
            )
        readings, said = by_time(book, load, programme.reading_minutes, programme.pace)
    else:
        readings = [(group, []) for group in groups(book, programme.joins)]
    holidays = set(programme.skip)
    by_reading = {m.reading: m.facilitator for m in before if m.facilitator}
    meetings: list[Meeting] = []
    day = dates(programme.start, programme.every, 1, programme.skip)[0]
    for number, (group, sections) in enumerate(readings, start=1):
        reading = (*group, *(f"§{n}" for n in sections))
        fixed = hand_set.get(reading)
        if fixed is not None and (not meetings or fixed > meetings[-1].date):
            day = fixed
        elif fixed is not None:
            said.append(
                f"meeting {number}'s date set by hand ({fixed}) now falls before meeting "
                f"{number - 1}'s: it follows the cadence again"
            )
        if day > LAST_DAY:
            raise StudygroupError(
                f"plan: the season would run past {LAST_DAY}: meeting {number} would be on "
                f"{day} (start earlier, or meet more often)"
            )
        meetings.append(
            Meeting(
                number=number,
                date=day,
                parts=group,
                sections=sections,
                facilitator=by_reading.get(reading),
            )
        )
        day = next_day(day, programme.every, holidays)
    said += _regrouped(meetings, before, book)
    told = _lead(meetings, leaders, book)
    said += _unled(meetings, before, book)
    old = {m.reading: m.date for m in before}
    for meeting in meetings:
        was = old.get(meeting.reading)
        if was is not None and was != meeting.date:
            said.append(
                f"meeting {meeting.number} ({_reading(meeting, book)}) moves from "
                f"{was:%a} {was.day} {was:%b} to {meeting.date:%a} {meeting.date.day} "
                f"{meeting.date:%b %Y}"
            )
    laid_out = programme.model_copy(update={"meetings": meetings})
    try:
        checked = Programme.model_validate(laid_out.model_dump())
    except ValidationError as error:
        first = error.errors()[0]
        where = dotted(tuple(first["loc"]))
        message = first["msg"].removeprefix("Value error, ")
        raise StudygroupError(
            f"plan: the season would not hold: {where + ': ' if where else ''}{message}"
        ) from None
    problems = book_problems(checked, book)
    if problems:
        raise StudygroupError(f"plan: the season would not hold: {problems[0][1]}")
    return Layout(checked, said, told)


def hand_joins(programme: Programme, book: Book) -> list[list[str]]:
    """Parts a meeting of the file reads together that its settings do not join: a
    grouping made by hand, which `plan` keeps as a join rather than undo. Only parts
    that follow each other in the book can be joined (meetings are laid out in its
    order); any other grouping is laid out again, and `plan` says so."""
    if programme.reading_minutes is not None:
        return []  # laid out by reading time, which does its own joining
    order = {part.key: index for index, part in enumerate(book.parts)}
    laid_out = {tuple(group) for group in groups(book, programme.joins)}
    out: list[list[str]] = []
    for meeting in programme.meetings:
        if len(meeting.parts) < 2 or meeting.sections or tuple(meeting.parts) in laid_out:
            continue
        if not all(key in order for key in meeting.parts):
            continue
        at = [order[key] for key in meeting.parts]
        if at == list(range(at[0], at[0] + len(at))):
            out.append(list(meeting.parts))
    return out


def with_joins(joins: list[list[str]], added: list[list[str]], book: Book) -> list[list[str]]:
    """`joins` with `added`, which replace any join sharing a part with them: a meeting
    regrouped by hand says more recently what the group reads together."""
    taken = {key for group in added for key in group}
    order = {part.key: index for index, part in enumerate(book.parts)}
    kept = [group for group in joins if not taken & set(group)]
    return sorted(kept + added, key=lambda group: order.get(group[0], len(order)))


def _overlaps(one: Meeting, other: Meeting) -> bool:
    """Whether two meetings read some of the same text."""
    if not set(one.parts) & set(other.parts):
        return False
    return not one.sections or not other.sections or bool(set(one.sections) & set(other.sections))


def _within(one: Meeting, other: Meeting) -> bool:
    """Whether `other` reads all that `one` reads."""
    if not set(one.parts) <= set(other.parts):
        return False
    return not other.sections or (bool(one.sections) and set(one.sections) <= set(other.sections))


def _regrouped(meetings: list[Meeting], before: list[Meeting], book: Book) -> list[str]:
    """Say each meeting whose reading is not what a meeting read before, and give it
    the facilitator of the meetings it joins, if they had one between them."""
    said: list[str] = []
    if not before:
        return said
    old = {m.reading for m in before}
    for index, meeting in enumerate(meetings):
        if meeting.reading in old:
            continue
        sources = [m for m in before if _overlaps(m, meeting)]
        reading = _reading(meeting, book)
        if not sources:
            said.append(f"meeting {meeting.number} reads {reading}, which no meeting read before")
            continue
        was = "; ".join(f"meeting {m.number} read {_reading(m, book)}" for m in sources)
        said.append(f"meeting {meeting.number} now reads {reading} (before, {was})")
        names = list(dict.fromkeys(m.facilitator for m in sources if m.facilitator))
        if len(names) == 1 and all(_within(m, meeting) for m in sources):
            meetings[index] = meeting.model_copy(update={"facilitator": names[0]})
            said.append(f"{names[0]} leads meeting {meeting.number} ({reading})")
    return said


def _lead(meetings: list[Meeting], leaders: list[Leader], book: Book) -> list[str]:
    """Give the meetings the facilitators of the command line; two for one meeting is
    a contradiction to refuse, not a choice to make silently."""
    chosen: dict[int, Leader] = {}
    for leader in leaders:
        index = _meeting_of(leader, meetings, book)
        earlier = chosen.get(index)
        if earlier is not None and earlier.name != leader.name:
            raise UsageProblem(
                f"--facilitator: {_spec(earlier)} and {_spec(leader)} both name meeting "
                f"{index + 1} ({_reading(meetings[index], book)}): give it one facilitator"
            )
        chosen[index] = leader
    told: list[str] = []
    for index, leader in chosen.items():
        was = meetings[index].facilitator
        meetings[index] = meetings[index].model_copy(update={"facilitator": leader.name})
        instead = f", instead of {was}" if was and was != leader.name else ""
        told.append(
            f"{leader.name} leads meeting {index + 1} ({_reading(meetings[index], book)}){instead}"
        )
    return told


def _unled(meetings: list[Meeting], before: list[Meeting], book: Book) -> list[str]:
    """Say each facilitator whose meeting was regrouped and who leads none of what it
    read now: never dropped without a line."""
    said: list[str] = []
    now = {m.reading for m in meetings}
    for old in before:
        if not old.facilitator or old.reading in now:
            continue
        reading = [m for m in meetings if _overlaps(old, m)]
        if any(m.facilitator == old.facilitator for m in reading):
            continue
        if not reading:  # not in the book the season reads now
            said.append(f"{old.facilitator} no longer leads a meeting (meeting {old.number})")
            continue
        where = " and ".join(str(m.number) for m in reading)
        said.append(
            f"{old.facilitator} no longer leads a meeting on {_reading(old, book)} "
            f"(meeting {old.number} until now): it is read at meeting"
            f"{'s' if len(reading) > 1 else ''} {where}; give "
            f"{'them' if len(reading) > 1 else 'it'} a facilitator with --facilitator "
            f"m{reading[0].number}=NAME"
        )
    return said


def _spec(leader: Leader) -> str:
    return f"{leader.part if leader.meeting is None else f'm{leader.meeting}'}={leader.name}"


def _reading(meeting: Meeting, book: Book) -> str:
    labels = " & ".join(part.label for key in meeting.parts if (part := book.part(key)))
    return f"{labels} {_span(meeting.sections)}" if meeting.sections else labels


def _meeting_of(leader: Leader, meetings: list[Meeting], book: Book) -> int:
    if leader.meeting is not None:
        if not 1 <= leader.meeting <= len(meetings):
            raise UsageProblem(
                f"--facilitator: there is no meeting {leader.meeting} "
                f"(the season has {len(meetings)})"
            )
        return leader.meeting - 1
    assert leader.part is not None
    part = book.find(leader.part)
    if part is None:
        raise UsageProblem(
            f"--facilitator: no part {leader.part!r} in {book.title} "
            "(write a part, 6=Ana, or a meeting number, m6=Ana)"
        )
    return next(index for index, m in enumerate(meetings) if part.key in m.parts)
