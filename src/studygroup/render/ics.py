"""A season as iCalendar (`studygroup calendar`), with the `icalendar` package.

Each meeting is an event at its wall-clock time in the group's zone (TZID, with the
zone's VTIMEZONE in the file, so no calendar program shows a floating time). Its UID
is made from the group and the parts it covers, never from its date or number, so a
re-planned season imported again updates the events it already holds; SEQUENCE grows
with every export so that programs take the newer version.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from studygroup.domain.book import named
from studygroup.domain.inline import plain
from studygroup.domain.keys import slugify
from studygroup.safety import web_address, without_controls
from studygroup.views.season import MeetingView, ProgrammeView

PRODID = "-//studygroup//reading-group calendar//EN"


def uid(view: ProgrammeView, meeting: MeetingView) -> str:
    keys = "+".join(part.key for part in meeting.parts)
    if meeting.sections:  # a chapter read over several meetings: one event each
        keys += "-s" + "-".join(str(n) for n in meeting.sections)
    return f"{slugify(view.name) or 'group'}.{view.book}.{keys}@studygroup"


def _line(text: str) -> str:
    """A one-line property (a summary, a place): line breaks in the data become spaces."""
    return " ".join(without_controls(text).split())


def _description(view: ProgrammeView, meeting: MeetingView) -> str:
    lines = ["Reading:"]
    for part in meeting.parts:
        url = web_address(part.url)
        lines.append(named(part.label, plain(part.title)) + (f" <{url}>" if url else ""))
        lines += [f"  {s.number}. {plain(s.title)}" for s in part.sections]
    if meeting.facilitator:
        lines += ["", f"Facilitator: {meeting.facilitator}"]
    if meeting.summary:
        lines += ["", "From the handout:"] + [f"- {item}" for item in meeting.summary]
    return without_controls("\n".join(lines))


def calendar(view: ProgrammeView, now: dt.datetime | None = None) -> bytes:
    from icalendar import Calendar, Event

    tz = ZoneInfo(view.timezone)
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _line(f"{view.name}: {plain(view.book_title)}"))
    cal.add("x-wr-timezone", view.timezone)
    for meeting in view.meetings:
        event = Event()
        labels = " & ".join(part.label for part in meeting.parts)
        titles = " / ".join(plain(part.title) for part in meeting.parts)
        event.add("uid", uid(view, meeting))
        event.add("dtstamp", stamp)
        # Minutes since 1970: larger with every export, as SEQUENCE must be.
        event.add("sequence", int(stamp.timestamp()) // 60)
        event.add("summary", _line(f"{view.name}: {labels} – {titles}"))
        # In the group's zone (not a fixed offset), so the file says TZID=Europe/London.
        event.add("dtstart", dt.datetime.fromisoformat(meeting.starts).astimezone(tz))
        event.add("dtend", dt.datetime.fromisoformat(meeting.ends).astimezone(tz))
        if view.place:
            event.add("location", _line(view.place))
        first_url = next((u for part in meeting.parts if (u := web_address(part.url))), None)
        if first_url:
            event.add("url", first_url)
        event.add("description", _description(view, meeting))
        event.add("categories", ["Reading group"])
        cal.add_component(event)
    if view.meetings:
        # The zone's rules for the season's years, not for 1970–2038.
        first = dt.date.fromisoformat(view.meetings[0].date)
        last = dt.date.fromisoformat(view.meetings[-1].date)
        cal.add_missing_timezones(dt.date(first.year - 1, 1, 1), dt.date(last.year + 2, 1, 1))
    return bytes(cal.to_ical())
