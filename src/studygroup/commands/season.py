"""The season: planning the programme, showing it, and exporting it as a calendar."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studygroup.commands.common import (
    ForceOption,
    Format,
    FormatOption,
    emit,
    library,
    say,
)

if TYPE_CHECKING:
    from studygroup.domain.book import Book
    from studygroup.domain.programme import Programme
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
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date: write YYYY-MM-DD", param_hint=option
        ) from None


def _time(text: str) -> dt.time:
    try:
        value = dt.time.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a time: write 19:00", param_hint="--time"
        ) from None
    return value.replace(second=0, microsecond=0)


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
        typer.Option("--time", help="Start time, HH:MM [default: 19:00].", show_default=False),
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
            "--skip", help="A meeting day to skip, YYYY-MM-DD (repeatable).", show_default=False
        ),
    ] = None,
    facilitator: Annotated[
        list[str] | None,
        typer.Option(
            "--facilitator", help="Who leads a meeting: 3=Ana (repeatable).", show_default=False
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

    Meetings are laid out again from the settings each time; facilitators stay with
    the parts they lead.

    Example: studygroup plan --name "Tuesday group" --start 2026-10-06 --every 2w --tz Europe/London
    """
    from pydantic import ValidationError

    from studygroup.domain.keys import normalize_key
    from studygroup.domain.programme import Programme, machine_timezone
    from studygroup.domain.programme import plan as lay_out
    from studygroup.errors import StudygroupError, UsageProblem
    from studygroup.library.codec import dump_programme, format_validation_error

    shelf = library()
    settings: dict[str, object] = {}
    if programme_file.exists():
        current, _ = load(programme_file, shelf)
        settings = current.model_dump()
    elif name is None or start is None:
        raise UsageProblem(f"{programme_file} does not exist yet: give at least --name and --start")
    given = {
        "name": name,
        "place": place,
        "timezone": tz,
        "start": _date(start, "--start") if start else None,
        "every": every,
        "time": _time(time) if time else None,
        "minutes": _length(length) if length else None,
        "book": book,
    }
    settings.update({key: value for key, value in given.items() if value is not None})
    settings.setdefault("timezone", machine_timezone())
    settings.setdefault("time", dt.time(19, 0))
    if join:
        # Keys as typed (I, VI, ch6, Intro) become the book's own (1, 6, intro).
        settings["joins"] = [[normalize_key(key) for key in spec.split("+")] for spec in join]
    if skip:
        settings["skip"] = sorted({_date(day, "--skip") for day in skip})
    leaders: dict[int, str] = {}
    for spec in facilitator or []:
        number, _, who = spec.partition("=")
        if not number.strip().isdigit() or not who.strip():
            raise typer.BadParameter(
                f"{spec!r}: write NUMBER=NAME, as 3=Ana", param_hint="--facilitator"
            )
        leaders[int(number)] = who.strip()
    try:
        programme = Programme.model_validate(settings)
    except ValidationError as error:
        raise StudygroupError(format_validation_error("plan", error)) from None
    found = shelf.book(programme.book)
    laid_out = lay_out(programme, found, leaders)
    from studygroup.writer import write_file

    write_file(programme_file, dump_programme(laid_out).encode("utf-8"), force=True)
    _show(laid_out, found, Format.text, shelf)
    say(f"wrote {programme_file} ({len(laid_out.meetings)} meetings)")


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
        str,
        typer.Option(
            "--output", "-o", help="The .ics file to write, or - for stdout.", show_default=False
        ),
    ],
    programme_file: ProgrammeOption = DEFAULT_PROGRAMME,
    force: ForceOption = False,
) -> None:
    """Export the season as an iCalendar file for any calendar program.

    Example: studygroup calendar -o season.ics
    """
    from studygroup.render.ics import calendar as ics
    from studygroup.views.season import programme_view
    from studygroup.writer import preflight, write_file

    target = None if output == "-" else Path(output)
    if target is not None:
        preflight(target, force=force)
    shelf = library()
    found, book = load(programme_file, shelf)
    data = ics(programme_view(shelf, found, book))
    if target is None:
        sys.stdout.buffer.write(data)
        return
    write_file(target, data, force=force)
    say(f"wrote {target} ({len(found.meetings)} events)")
