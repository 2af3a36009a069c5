"""The season: planning the programme, showing it, and exporting it as a calendar."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studygroup.commands.common import (
    ForceOption,
    Format,
    FormatOption,
    emit,
    given,
    given_path,
    library,
    put_bytes,
    say,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pydantic import ValidationError

    from studygroup.domain.book import Book
    from studygroup.domain.programme import Leader, Programme
    from studygroup.library.store import Library


ProgrammeOption = Annotated[
    Path,
    typer.Option(
        "--programme",
        help="The programme file [default: studygroup.toml in this folder].",
        show_default=False,
        parser=given_path("--programme", "name the programme file"),
        metavar="PATH",
    ),
]
DEFAULT_PROGRAMME = Path("studygroup.toml")


def load(path: Path, shelf: Library) -> tuple[Programme, Book]:
    from studygroup.errors import StudygroupError
    from studygroup.library.checks import check_programme_file
    from studygroup.library.codec import describe_problems

    if not exists(path):
        raise StudygroupError(f"{path}: no programme here (make one with studygroup plan)")
    # Read as every library file is, by the one bounded reader: a FIFO, a device or a
    # huge file named studygroup.toml is refused in one line, never read for ever.
    programme, book, problems = check_programme_file(path, str(path), shelf.book)
    if problems:
        raise StudygroupError(describe_problems(problems, str(path)))
    assert programme is not None and book is not None
    return programme, book


def exists(path: Path) -> bool:
    """Whether anything is at `path`: a programme to read (or to refuse, if it is no
    regular file), as opposed to none yet."""
    return _mode(path) is not None


def _mode(path: Path) -> int | None:
    """The file type and mode at `path`; None if nothing is there. Unlike Path.exists,
    a folder that cannot be searched is not taken for no file (0): reading or writing
    it then says why in one line."""
    try:
        return path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return 0


def _date(text: str, option: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date: write YYYY-MM-DD", param_hint=option
        ) from None
    from studygroup.domain.programme import FIRST_DAY, LAST_DAY

    if not FIRST_DAY <= day <= LAST_DAY:
        raise typer.BadParameter(
            f"{text}: a date between {FIRST_DAY} and {LAST_DAY}", param_hint=option
        )
    return day


def _text(value: str, option: str) -> str:
    """A name or a place as typed: something, in UTF-8 (a shell in another encoding
    passes bytes that no file or calendar can hold)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise typer.BadParameter(
            f"{value!r} is not UTF-8 text (set the terminal to UTF-8)", param_hint=option
        ) from None
    if not value.strip():
        raise typer.BadParameter("is empty: give some text", param_hint=option)
    return value


_TIME = r"""(?x)^\s*
    (?P<hour>\d{1,2})                      # 6, 18
    (?: [:.h] (?P<minute>\d{2}) )?         # :30  .30  h30
    \s* (?P<half>[ap]\.?m\.?)? \s*$        # pm, p.m.
"""


def parse_time(text: str) -> dt.time:
    """A meeting's start as people write it: 19:00, 18.30, 18h30, 1830, 6:30pm, 7pm.
    Never rounded; a time with a zone or seconds is refused (the zone is --tz)."""
    import re

    cleaned = text.strip().lower()
    if re.fullmatch(r"\d{3,4}", cleaned):
        cleaned = f"{cleaned[:-2]}:{cleaned[-2:]}"
    match = re.match(_TIME, cleaned)
    if match is None:
        hint = " (the time zone is --tz)" if re.search(r"[+z]|utc|gmt", cleaned) else ""
        raise typer.BadParameter(
            f"{text!r} is not a time: write 19:00, 18.30 or 6:30pm{hint}", param_hint="--time"
        )
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            raise typer.BadParameter(f"{text!r}: an am/pm hour is 1 to 12", param_hint="--time")
        hour = hour % 12 + (12 if match["half"].startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise typer.BadParameter(f"{text!r} is not a time of day", param_hint="--time")
    return dt.time(hour, minute)


def complete_leader(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for --facilitator: `KEY=` for each part, `mN=` for each meeting
    of the programme."""
    try:
        shelf = library()
        book = shelf.book(ctx.params.get("book"))
        offers = [f"{part.key}=" for part in book.parts]
        path = ctx.params.get("programme_file") or DEFAULT_PROGRAMME
        if Path(path).is_file():
            found, _ = load(Path(path), shelf)
            offers += [f"m{meeting.number}=" for meeting in found.meetings]
        return [offer for offer in offers if offer.startswith(incomplete)]
    except Exception:  # completion must never print a traceback into the shell
        return []


def _leader(spec: str) -> Leader:
    from studygroup.domain.programme import Leader

    target, _, who = spec.partition("=")
    target, who = target.strip(), who.strip()
    if who:
        _text(who, "--facilitator")
    if not target or not who:
        raise typer.BadParameter(
            f"{spec!r}: write PART=NAME (6=Ana, intro=Ben) or mNUMBER=NAME for a meeting (m3=Ana)",
            param_hint="--facilitator",
        )
    lowered = target.lower()
    for prefix in ("meeting", "m", "#"):
        number = lowered.removeprefix(prefix).strip()
        if lowered.startswith(prefix) and number.isascii() and number.isdigit() and len(number) < 5:
            return Leader(who, meeting=int(number))
    return Leader(who, part=target)


def _length(text: str) -> int:
    import re

    from studygroup.domain.programme import LONGEST, SHORTEST

    match = re.fullmatch(r"(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?", text.strip())
    if not text.strip() or match is None or not any(match.groups()):
        raise typer.BadParameter(
            f"{text!r} is not a length: write 90m or 1h30m", param_hint="--length"
        )
    # Digits are counted first: int() of thousands of them is slow, or refused.
    hours, minutes = (match[1] or "0").lstrip("0"), (match[2] or "0").lstrip("0")
    total = LONGEST + 1
    if len(hours) < 6 and len(minutes) < 6:
        total = int(hours or 0) * 60 + int(minutes or 0)
    if not SHORTEST <= total <= LONGEST:
        raise typer.BadParameter(
            f"{text!r}: a meeting lasts from {SHORTEST} minutes to {LONGEST // 60} hours",
            param_hint="--length",
        )
    return total


def _joins(specs: list[str], book: Book) -> list[list[str]]:
    """Each --join as the book's keys, in the order given (the order in the book is
    checked with the other joins)."""
    out: list[list[str]] = []
    for spec in specs:
        shown = spec if len(spec) <= 40 else f"{spec[:40]}…"
        keys = [key.strip() for key in spec.split("+")]
        if len(keys) < 2 or not all(keys):
            raise typer.BadParameter(
                f"{shown!r}: write the parts read at one meeting as intro+1 or 5+6",
                param_hint="--join",
            )
        group: list[str] = []
        for key in keys:
            part = book.find(key)
            if part is None:
                from studygroup.domain.book import describe_keys

                named = key if len(key) <= 40 else f"{key[:40]}…"
                raise typer.BadParameter(
                    f"{shown!r}: no part {named!r} in {book.title}; valid keys: "
                    f"{describe_keys(book)}",
                    param_hint="--join",
                )
            if part.key in group:
                raise typer.BadParameter(
                    f"{shown!r}: {part.label} twice; a part is read at one meeting",
                    param_hint="--join",
                )
            group.append(part.key)
        out.append(group)
    return out


# Which option sets which setting: a value the model refuses is that option's mistake.
_OPTIONS = {
    "name": "--name",
    "place": "--place",
    "timezone": "--tz",
    "start": "--start",
    "every": "--every",
    "time": "--time",
    "minutes": "--length",
    "book": "--book",
    "pace": "--pace",
    "reading_minutes": "--minutes",
    "joins": "--join",
}


def plan(
    name: Annotated[
        str | None, typer.Option("--name", help="The group's name.", show_default=False)
    ] = None,
    place: Annotated[
        str | None,
        typer.Option("--place", help="Where it meets, or the video link.", show_default=False),
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz", help="Time zone, an IANA name [default: this machine's].", show_default=False
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="First meeting, YYYY-MM-DD.", show_default=False)
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(
            "--every",
            help="Cadence in weeks or days, 1 to 99: 1w, 2w, 10d [default: 1w].",
            show_default=False,
        ),
    ] = None,
    time: Annotated[
        str | None,
        typer.Option(
            "--time", help="Start time: 19:00, 18.30, 6:30pm [default: 19:00].", show_default=False
        ),
    ] = None,
    length: Annotated[
        str | None,
        typer.Option("--length", help="Length: 90m, 2h [default: 90m].", show_default=False),
    ] = None,
    join: Annotated[
        list[str] | None,
        typer.Option(
            "--join", help="Parts read at one meeting: intro+1 (repeatable).", show_default=False
        ),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            "--skip",
            help="A meeting day to skip, YYYY-MM-DD; adds to the skips so far (repeatable).",
            show_default=False,
        ),
    ] = None,
    unskip: Annotated[
        list[str] | None,
        typer.Option(
            "--unskip", help="Meet on a day skipped before (repeatable).", show_default=False
        ),
    ] = None,
    facilitator: Annotated[
        list[str] | None,
        typer.Option(
            "--facilitator",
            help="Who leads the meeting on a part, 6=Ana, or meeting m3=Ana (repeatable).",
            show_default=False,
            autocompletion=complete_leader,
        ),
    ] = None,
    minutes: Annotated[
        int | None,
        typer.Option(
            "--minutes",
            help="Lay the meetings out by reading time: about N minutes each, short parts "
            "joined and long chapters split at their sections (needs `studygroup text`).",
            show_default=False,
            min=1,
            max=1440,
        ),
    ] = None,
    pace: Annotated[
        int | None,
        typer.Option(
            "--pace",
            help="Words a minute the group reads at [default: 150].",
            show_default=False,
            min=20,
            max=1000,
        ),
    ] = None,
    book: Annotated[
        str | None,
        typer.Option(
            "--book",
            "-b",
            help="The book [default: revolution-betrayed].",
            show_default=False,
            parser=given("--book", "name a book (studygroup library lists them)"),
        ),
    ] = None,
    programme_file: ProgrammeOption = DEFAULT_PROGRAMME,
) -> None:
    """Create or update the group's programme: dates, cadence, and the parts of each meeting.

    Meetings are laid out again from the settings each time: skips add up, a date
    changed by hand in the file stays, parts joined by hand stay joined, and
    facilitators stay with the parts they lead. What moved is said.

    Example: studygroup plan --name "Tuesday group" --start 2026-10-06 --every 2w --tz Europe/London
    """
    from pydantic import ValidationError

    from studygroup.domain.programme import (
        Programme,
        cadence_days,
        hand_joins,
        machine_timezone,
        pinned,
        skip_problem,
        with_joins,
        zone,
    )
    from studygroup.domain.programme import plan as lay_out
    from studygroup.errors import UsageProblem
    from studygroup.library.codec import dump_programme

    # Every value typed on the command line is checked here, as a command-line mistake
    # (exit 2), before any file is read.
    for value, check, option in ((tz, zone, "--tz"), (every, cadence_days, "--every")):
        if value is not None:
            try:
                check(value)
            except ValueError as error:
                raise typer.BadParameter(str(error), param_hint=option) from None
    asked = {
        "name": _text(name, "--name") if name is not None else None,
        "place": _text(place, "--place") if place is not None else None,
        "timezone": tz,
        "start": _date(start, "--start") if start is not None else None,
        "every": every,
        "time": parse_time(time) if time is not None else None,
        "minutes": _length(length) if length is not None else None,
        "book": book,
        "pace": pace,
        "reading_minutes": minutes,
    }
    added = {_date(day, "--skip") for day in skip or []}
    removed = {_date(day, "--unskip") for day in unskip or []}
    leaders = [_leader(spec) for spec in facilitator or []]

    shelf = library()
    settings: dict[str, object] = {}
    current = None
    if exists(programme_file):
        current, _ = load(programme_file, shelf)
        settings = current.model_dump()
    elif name is None or start is None:
        raise UsageProblem(f"{programme_file} does not exist yet: give at least --name and --start")
    try:
        found = shelf.book(book or (current.book if current else None))
    except UsageProblem as error:
        if book is None:
            raise
        raise typer.BadParameter(error.message, param_hint="--book") from None
    settings.update({key: value for key, value in asked.items() if value is not None})
    settings["book"] = found.slug
    settings.setdefault("timezone", machine_timezone())
    settings.setdefault("time", dt.time(19, 0))
    if join:
        settings["joins"] = _joins(join, found)
        if minutes is None:
            settings["reading_minutes"] = None  # joins by hand again, not by time
    said: list[str] = []
    before = current.meetings if current else []
    hand_set = pinned(current) if current else {}
    if current and current.book != found.slug:
        # Another book: no meeting, date or facilitator of the old season carries over.
        before, hand_set = [], {}
        names = sorted({m.facilitator for m in current.meetings if m.facilitator})
        if names:
            said.append(
                f"{', '.join(names)} led meetings on {current.book}: they lead none on "
                f"{found.slug} (give facilitators with --facilitator)"
            )
    elif current and not join and settings.get("reading_minutes") is None:
        # A meeting regrouped by hand in the file is a join the group made: kept.
        kept = hand_joins(current, found)
        if kept:
            settings["joins"] = with_joins(current.joins, kept, found)
            for group in kept:
                labels = " & ".join(p.label for key in group if (p := found.part(key)))
                said.append(
                    f"{labels} stay joined, as {programme_file} reads them at one meeting "
                    f"(kept as --join {'+'.join(group)})"
                )
    skips = set(current.skip if current else [])
    for day in sorted(removed - skips):
        raise UsageProblem(f"--unskip: {day} is not skipped")
    if current and start:
        # A new start moves the season: dates set by hand before it no longer apply.
        hand_set = {parts: day for parts, day in hand_set.items() if day >= asked["start"]}  # type: ignore[operator]
    # Skips are checked against the season as it will be laid out (below), whose
    # dates set by hand the cadence also runs from; not against an empty season.
    settings["skip"], settings["meetings"] = [], []
    try:
        programme = Programme.model_validate(settings)
    except ValidationError as error:
        raise _option_error(error, asked, bool(join)) from None
    programme = programme.model_copy(update={"skip": sorted((skips | added) - removed)})
    anchors = list(hand_set.values())
    for day in sorted(skips - removed - added):
        # Skipped before, on the old cadence: a new --every or --start can leave it off
        # the cadence, which only this command line can put right.
        problem = skip_problem(day, programme.start, programme.every, anchors)
        if problem is not None:
            raise UsageProblem(
                f"{programme_file}: skip: {problem}: add --unskip {day} to take it out"
            )
    for day in sorted(added - skips - removed):
        problem = skip_problem(day, programme.start, programme.every, anchors)
        # The cadence runs from a date set by hand, but that meeting itself stays put:
        # skipping its day would leave it on a skipped day.
        moved_there = [m for m in before if m.date == day and m.reading in hand_set]
        if problem is None and moved_there:
            problem = (
                f"{day} is the date meeting {moved_there[0].number} was moved to by hand in "
                f"{programme_file}: change that date there, or skip another day"
            )
        if problem is not None:
            raise typer.BadParameter(problem, param_hint="--skip")
    words = None
    if programme.reading_minutes is not None:
        from studygroup.library.text_store import load_load

        words = load_load(found.slug)
    layout = lay_out(programme, found, leaders, hand_set, before, words)
    from studygroup.writer import write_file

    write_file(programme_file, dump_programme(layout.programme).encode("utf-8"), force=True)
    _show(layout.programme, found, Format.text, shelf)
    for line in said + layout.leaders + layout.moved:
        say(line)
    say(f"wrote {programme_file} ({len(layout.programme.meetings)} meetings)")


def _option_error(error: ValidationError, asked: Mapping[str, object], joined: bool) -> Exception:
    """A setting the model refuses, as the mistake of the option that gave it (exit 2);
    one from the file as the file's (exit 1)."""
    from studygroup.errors import StudygroupError
    from studygroup.library.codec import format_validation_error

    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    if field in _OPTIONS and (asked.get(field) is not None or (field == "joins" and joined)):
        message = first["msg"].removeprefix("Value error, ")
        return typer.BadParameter(message, param_hint=_OPTIONS[field])
    return StudygroupError(format_validation_error("plan", error))


def _show(programme: Programme, book: Book, fmt: Format, shelf: Library) -> None:
    from studygroup.render import season as render
    from studygroup.views.season import programme_view

    view = programme_view(shelf, programme, book)
    for problem in view.left_out:
        say(f"left out notes: {problem}")
    emit(fmt, view, lambda: render.markdown(view), lambda: render.terminal(view))


def programme(
    programme_file: ProgrammeOption = DEFAULT_PROGRAMME, fmt: FormatOption = Format.text
) -> None:
    """Show the season: each meeting's date and time, reading, facilitator and notes.

    Example: studygroup programme --format md > season.md
    """
    shelf = library()
    found, book = load(programme_file, shelf)
    _show(found, book, fmt, shelf)


def calendar(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="The .ics file to write (.ics is added if the name has no extension), "
            "or - for stdout [default: the group's name, as group-name.ics].",
            show_default=False,
        ),
    ] = None,
    programme_file: ProgrammeOption = DEFAULT_PROGRAMME,
    force: ForceOption = False,
) -> None:
    """Export the season as an iCalendar file for any calendar program.

    Example: studygroup calendar -o season.ics
    """
    from studygroup.domain.keys import slugify
    from studygroup.render.ics import calendar as ics
    from studygroup.views.season import programme_view
    from studygroup.writer import preflight, write_file

    # The name typed is checked before the programme is read; the default is the group's.
    target = _calendar_file(output) if output not in (None, "-") else None
    shelf = library()
    found, book = load(programme_file, shelf)
    if output is None:
        target = Path(f"{slugify(found.name) or 'season'}.ics")
    if target is not None:
        preflight(target, force=force)
    view = programme_view(shelf, found, book)
    for problem in view.left_out:
        say(f"left out notes: {problem}")
    data = ics(view)
    if target is None:
        put_bytes(data)
        return
    write_file(target, data, force=force)
    say(f"wrote {target} ({len(found.meetings)} events)")


def _calendar_file(output: str) -> Path:
    """Where -o writes: a name ending in .ics, or a name with no extension, to which .ics
    is added; never iCalendar under another format's name (season.pdf), nor a new
    name beside a device or pipe that was named (/dev/null is not /dev/null.ics)."""
    from studygroup.errors import StudygroupError

    if not output.strip():
        raise typer.BadParameter(
            "is empty: give a file name, or - for stdout", param_hint="--output"
        )
    target = Path(output)
    if output.endswith(("/", os.sep)) or not target.name:
        # Path() drops the slash: d/ would become a file named d.
        raise StudygroupError(f"{output}: is a folder; name a file to write")
    if target.suffix.lower() == ".ics":
        return target
    if target.suffix:
        raise typer.BadParameter(
            f"{output!r}: a calendar is an .ics file; give a name ending in .ics "
            "(or with no extension, and .ics is added)",
            param_hint="--output",
        )
    mode = _mode(target)
    if mode is not None and not stat.S_ISREG(mode):
        return target  # a device, a pipe or a folder: the writer refuses it in one line
    return target.with_name(f"{target.name}.ics")
