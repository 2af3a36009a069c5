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
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import Field, field_validator, model_validator

from studygroup.domain.base import Loc, Model, PartKey, Slug, Text, raise_first
from studygroup.domain.book import Book
from studygroup.errors import StudygroupError

PROGRAMME_FILE = "studygroup.toml"
_CADENCE = re.compile(r"^([1-9][0-9]?)([wd])$")


def cadence_days(every: str) -> int:
    match = _CADENCE.match(every)
    if match is None:
        raise ValueError(f"{every!r} is not a cadence: write 1w, 2w or 10d")
    return int(match[1]) * (7 if match[2] == "w" else 1)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{name!r} is not a time zone: give an IANA name like Europe/London"
        ) from None


def machine_timezone() -> str:
    """The machine's IANA zone name: $TZ, or what /etc/localtime points to, or UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        candidates.append(target.partition("zoneinfo/")[2])
    except OSError:
        pass
    for name in candidates:
        if name and name in available_timezones():
            return name
    return "UTC"


class Meeting(Model):
    number: Annotated[int, Field(ge=1)]
    date: dt.date
    parts: Annotated[list[PartKey], Field(min_length=1)]
    facilitator: Text | None = None


class Programme(Model):
    name: Text
    book: Slug = "revolution-betrayed"
    place: Text | None = None
    timezone: str
    time: dt.time
    minutes: Annotated[int, Field(ge=5, le=24 * 60)] = 90
    every: str = "1w"
    start: dt.date
    skip: list[dt.date] = []
    # Parts read together at one meeting, in the book's order: [["intro", "1"]].
    joins: list[Annotated[list[PartKey], Field(min_length=2)]] = []
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
        raise_first(self.problems())
        return self

    def problems(self) -> list[tuple[Loc, str]]:
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
        step = cadence_days(self.every)
        for index, day in enumerate(self.skip):
            offset = (day - self.start).days
            if offset < 0 or offset % step:
                out.append(
                    (
                        ("skip", index),
                        f"{day} is not a meeting day (every {self.every} from {self.start}, "
                        f"a {self.start:%A})",
                    )
                )
        return out

    def starts(self, meeting: Meeting) -> dt.datetime:
        return dt.datetime.combine(meeting.date, self.time, tzinfo=zone(self.timezone))

    def ends(self, meeting: Meeting) -> dt.datetime:
        return self.starts(meeting) + dt.timedelta(minutes=self.minutes)


def book_problems(programme: Programme, book: Book) -> list[tuple[Loc, str]]:
    """The parts the programme names must be the book's, each read once, in order."""
    out: list[tuple[Loc, str]] = []
    order = {part.key: index for index, part in enumerate(book.parts)}
    for index, group in enumerate(programme.joins):
        for position, key in enumerate(group):
            if key not in order:
                out.append((("joins", index, position), f"no part {key!r} in {book.slug!r}"))
        known = [order[key] for key in group if key in order]
        if known and known != list(range(known[0], known[0] + len(known))):
            out.append((("joins", index), "joined parts must follow each other in the book"))
    seen: dict[str, int] = {}
    for index, meeting in enumerate(programme.meetings):
        for position, key in enumerate(meeting.parts):
            if key not in order:
                out.append(
                    (("meetings", index, "parts", position), f"no part {key!r} in {book.slug!r}")
                )
            elif key in seen:
                out.append(
                    (
                        ("meetings", index, "parts", position),
                        f"{key!r} is already read at meeting {seen[key] + 1}",
                    )
                )
            seen.setdefault(key, index)
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


def dates(start: dt.date, every: str, count: int, skip: list[dt.date]) -> list[dt.date]:
    step = dt.timedelta(days=cadence_days(every))
    holidays = set(skip)
    out: list[dt.date] = []
    day = start
    while len(out) < count:
        if day not in holidays:
            out.append(day)
        day += step
    return out


def plan(programme: Programme, book: Book, facilitators: dict[int, str]) -> Programme:
    """The programme with its meetings laid out again from its settings.

    A facilitator stays with the parts they were to lead, whatever the new dates;
    `facilitators` (meeting number → name) sets or changes them.
    """
    problems = book_problems(programme.model_copy(update={"meetings": []}), book)
    if problems:
        raise StudygroupError(f"--join: {problems[0][1]}")
    by_parts = {tuple(m.parts): m.facilitator for m in programme.meetings if m.facilitator}
    parts = groups(book, programme.joins)
    days = dates(programme.start, programme.every, len(parts), programme.skip)
    meetings = []
    for number, (day, group) in enumerate(zip(days, parts, strict=True), start=1):
        who = facilitators.get(number, by_parts.get(tuple(group)))
        meetings.append(Meeting(number=number, date=day, parts=group, facilitator=who))
    unknown = sorted(set(facilitators) - set(range(1, len(meetings) + 1)))
    if unknown:
        raise StudygroupError(
            f"--facilitator: there is no meeting {unknown[0]} (the season has {len(meetings)})"
        )
    return Programme.model_validate(
        {**programme.model_dump(), "meetings": [m.model_dump() for m in meetings]}
    )
