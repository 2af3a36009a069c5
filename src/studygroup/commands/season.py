"""The season: planning the programme, showing it, and exporting it as a calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studygroup.commands.common import (
    ForceOption,
    Format,
    FormatOption,
    emit,
    library,
    put_bytes,
    say,
)

if TYPE_CHECKING:
    from studygroup.domain.book import Book
    from studygroup.domain.programme import Leader, Programme
    from studygroup.library.store import Library

ProgrammeOption = Annotated[
    Path,
    typer.Option(
        "--programme",
        help="The programme file [default: studygroup.toml in this folder].",
        show_default=False,
    ),
]
DEFAULT_PROGRAMME = Path("studygroup.toml")


def load(path: Path, shelf: Library) -> tuple[Programme, Book]:
    from studygroup.errors import StudygroupError
    from studygroup.library.checks import check_programme_file
    from studygroup.library.codec import describe_problems

    if not path.exists():
        raise StudygroupError(f"{path}: no programme here (make one with studygroup plan)")
    programme, book, problems = check_programme_file(path, str(path), shelf.book)
    if problems:
        raise StudygroupError(describe_problems(problems, str(path)))
    assert programme is not None and book is not None
    return programme, book


def _date(text: str, option: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date: write YYYY-MM-DD", param_hint=option
        ) from None
    if not 1900 <= day.year <= 2999:
        raise typer.BadParameter(f"{text}: a date between 1900 and 2999", param_hint=option)
    return day


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

    match = re.fullmatch(r"(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?", text.strip())
    if not text.strip() or match is None or not any(match.groups()):
        raise typer.BadParameter(
            f"{text!r} is not a length: write 90m or 1h30m", param_hint="--length"
        )
    return int(match[1] or 0) * 60 + int(match[2] or 0)


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
        typer.Option("--every", help="Cadence: 1w, 2w … [default: 1w].", show_default=False),
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
            "--book", "-b", help="The book [default: revolution-betrayed].", show_default=False
        ),
    ] = None,
    programme_file: ProgrammeOption = DEFAULT_PROGRAMME,
) -> None:
    """Create or update the group's programme: dates, cadence, and the parts of each meeting.

    Meetings are laid out again from the settings each time: skips add up, a date
    changed by hand in the file stays, and facilitators stay with the parts they lead.
    What moved is said.

    Example: studygroup plan --name "Tuesday group" --start 2026-10-06 --every 2w --tz Europe/London
    """
    from pydantic import ValidationError

    from studygroup.domain.keys import normalize_key
    from studygroup.domain.programme import Programme, cadence_days, machine_timezone, pinned, zone
    from studygroup.domain.programme import plan as lay_out
    from studygroup.errors import StudygroupError, UsageProblem
    from studygroup.library.codec import dump_programme, format_validation_error

    # Every value typed on the command line is checked here, as a command-line mistake.
    for value, check, option in ((tz, zone, "--tz"), (every, cadence_days, "--every")):
        if value is not None:
            try:
                check(value)
            except ValueError as error:
                raise typer.BadParameter(str(error), param_hint=option) from None
    given = {
        "name": name,
        "place": place,
        "timezone": tz,
        "start": _date(start, "--start") if start else None,
        "every": every,
        "time": parse_time(time) if time is not None else None,
        "minutes": _length(length) if length else None,
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
    if programme_file.exists():
        current, _ = load(programme_file, shelf)
        settings = current.model_dump()
    elif name is None or start is None:
        raise UsageProblem(f"{programme_file} does not exist yet: give at least --name and --start")
    settings.update({key: value for key, value in given.items() if value is not None})
    settings.setdefault("timezone", machine_timezone())
    settings.setdefault("time", dt.time(19, 0))
    if join:
        # Keys as typed (I, VI, ch6, Intro) become the book's own (1, 6, intro).
        settings["joins"] = [[normalize_key(key) for key in spec.split("+")] for spec in join]
        if minutes is None:
            settings["reading_minutes"] = None  # joins by hand again, not by time
    skips = set(current.skip if current else [])
    for day in sorted(removed - skips):
        raise UsageProblem(f"--unskip: {day} is not skipped")
    settings["skip"] = sorted((skips | added) - removed)
    hand_set = pinned(current) if current else {}
    if current and start:
        # A new start moves the season: dates set by hand before it no longer apply.
        hand_set = {parts: day for parts, day in hand_set.items() if day >= given["start"]}  # type: ignore[operator]
    settings["meetings"] = []
    try:
        programme = Programme.model_validate(settings)
    except ValidationError as error:
        raise StudygroupError(format_validation_error("plan", error)) from None
    found = shelf.book(programme.book)
    words = None
    if programme.reading_minutes is not None:
        from studygroup.sources.text_store import load_load

        words = load_load(found.slug)
    before = current.meetings if current else []
    layout = lay_out(programme, found, leaders, hand_set, before, words)
    from studygroup.writer import write_file

    write_file(programme_file, dump_programme(layout.programme).encode("utf-8"), force=True)
    _show(layout.programme, found, Format.text, shelf)
    for line in layout.leaders + layout.moved:
        say(line)
    say(f"wrote {programme_file} ({len(layout.programme.meetings)} meetings)")


def _show(programme: Programme, book: Book, fmt: Format, shelf: Library) -> None:
    from studygroup.render import season as render
    from studygroup.views.season import programme_view

    view = programme_view(shelf, programme, book)
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

    shelf = library()
    found, book = load(programme_file, shelf)
    if output is None:
        output = f"{slugify(found.name) or 'season'}.ics"
    target = None if output == "-" else Path(output)
    if target is not None and not target.suffix and not output.endswith("/"):
        target = target.with_name(f"{target.name}.ics")
    if target is not None:
        preflight(target, force=force)
    data = ics(programme_view(shelf, found, book))
    if target is None:
        put_bytes(data)
        return
    write_file(target, data, force=force)
    say(f"wrote {target} ({len(found.meetings)} events)")
