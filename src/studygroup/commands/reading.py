"""Reading a book: its outline, a session's notes, and the handout for a meeting."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studygroup.commands.common import (
    BookOption,
    Format,
    FormatOption,
    KeyArgument,
    given,
    given_path,
    library,
    put,
    put_bytes,
    say,
    show,
)

if TYPE_CHECKING:
    from studygroup.library.store import Library
    from studygroup.views.meeting import HandoutView, MeetingInfo


class HandoutFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    txt = "txt"


def outline(book: BookOption = None, fmt: FormatOption = Format.text) -> None:
    """Show a book's parts and sections as a tree, with links to the text.

    Example: studygroup outline --format md > outline.md
    """
    from studygroup.views import outline as views

    show(views.outline(library(), book), fmt)


ProgrammeOption = Annotated[
    Path | None,
    typer.Option(
        "--programme",
        help="The group's programme, for the meeting's date, place and facilitator "
        "[default: studygroup.toml here, if there is one].",
        show_default=False,
        parser=given_path("--programme", "name the programme file"),
    ),
]


def session(
    key: KeyArgument,
    book: BookOption = None,
    fmt: FormatOption = Format.text,
    programme: ProgrammeOption = None,
) -> None:
    """Prepare a meeting: the reading, the presenter's notes in their order, questions,
    glossary, agenda and watch-outs; with a programme, when and where it is.

    Example: studygroup session 6
    """
    from studygroup.views import meeting as meeting_views

    shelf = library()
    meeting = _meeting(shelf, book, key, programme)
    show(meeting_views.session(shelf, book, key, meeting), fmt)


def _meeting(shelf: Library, book: str | None, key: str, given: Path | None) -> MeetingInfo | None:
    """The meeting of the group's programme that reads this part, if there is one."""
    found = programme_path(given)
    if found is None:
        return None
    from studygroup.commands.season import load
    from studygroup.views.season import meeting_info

    plan, _ = load(found, shelf)
    wanted = shelf.book(book)
    return meeting_info(plan, wanted, shelf.part(wanted, key).key)


def handout(
    key: KeyArgument,
    fmt: Annotated[
        HandoutFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="md (Markdown), html (one self-contained page), pdf (A4) or txt (e-mail) "
            "[default: from the -o file's extension, else md].",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="The file to write, or - for stdout. Without it, text formats go to stdout.",
            show_default=False,
            parser=given("--output", "name a file, or - for stdout"),
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    facilitator: Annotated[
        bool,
        typer.Option(
            "--facilitator",
            help="The facilitator's copy: adds lead-ins, the timed agenda and private notes.",
        ),
    ] = False,
    book: BookOption = None,
    catch_up: Annotated[
        bool,
        typer.Option(
            "--catch-up",
            help="A catch-up sheet for a member who missed meetings: the points, one "
            "passage and the open questions of each meeting before this one.",
        ),
    ] = False,
    programme: ProgrammeOption = None,
) -> None:
    """Print what the group takes home: reading, points, quotations, questions, glossary.

    Example: studygroup handout 6 --format pdf -o chapter-6.pdf
    """
    from studygroup.errors import UsageProblem
    from studygroup.views import meeting as meeting_views
    from studygroup.writer import preflight, write_file

    target = None if output in (None, "-") else Path(output)
    fmt = handout_format(fmt, target)
    if fmt is HandoutFormat.pdf and target is None:
        if output is None:
            raise UsageProblem("a PDF is binary: give -o FILE (or -o - to write it to stdout)")
        if sys.stdout.isatty():
            raise UsageProblem("not writing a PDF to the terminal: redirect it, or give -o FILE")
    if target is not None:
        # Said before the work of rendering; write_file checks again as it writes.
        preflight(target, force=force)

    shelf = library()
    if catch_up:
        if facilitator:
            raise UsageProblem("a catch-up sheet is for members: leave out --facilitator")
        meetings = None
        found = programme_path(programme)
        if found is not None:
            from studygroup.commands.season import load

            plan, _ = load(found, shelf)
            meetings = [(m.number, m.parts, f"{m.date.day} {m.date:%b %Y}") for m in plan.meetings]
        view = meeting_views.catch_up(shelf, book, key, meetings)
    else:
        meeting = _meeting(shelf, book, key, programme)
        view = meeting_views.handout(
            shelf, book, key, "facilitator" if facilitator else "participant", meeting
        )
    data = _render_handout(view, fmt)
    if target is None:
        if isinstance(data, bytes):
            put_bytes(data)
        else:
            put(data)
        return
    write_file(target, data.encode("utf-8") if isinstance(data, str) else data, force=force)
    say(f"wrote {target}")


_EXTENSIONS = {
    ".md": HandoutFormat.md,
    ".markdown": HandoutFormat.md,
    ".html": HandoutFormat.html,
    ".htm": HandoutFormat.html,
    ".pdf": HandoutFormat.pdf,
    ".txt": HandoutFormat.txt,
    ".text": HandoutFormat.txt,
}


def handout_format(fmt: HandoutFormat | None, target: Path | None) -> HandoutFormat:
    """The format asked for, or the one the output file's name says; never a PDF's
    name on Markdown, nor Markdown's on a PDF."""
    from studygroup.errors import UsageProblem

    said = _EXTENSIONS.get(target.suffix.lower()) if target is not None else None
    if fmt is None:
        if target is not None and said is None:
            known = ", ".join(sorted(_EXTENSIONS))
            raise UsageProblem(
                f"{target}: which format? give --format, or a name ending in {known}"
            )
        return said or HandoutFormat.md
    if said is not None and said is not fmt:
        raise UsageProblem(
            f"{target}: the name says {said.value} but --format says {fmt.value}; make them agree"
        )
    return fmt


def programme_path(given: Path | None) -> Path | None:
    """The programme to follow: the one named (which must exist), else studygroup.toml
    here if there is one."""
    from studygroup.commands.season import exists
    from studygroup.errors import StudygroupError

    # Anything at the path is the programme: a pipe or a device there is refused in
    # one line when it is read, never taken for no programme at all.
    if given is not None:
        if not exists(given):
            raise StudygroupError(f"{given}: no programme here (make one with studygroup plan)")
        return given
    default = Path("studygroup.toml")
    return default if exists(default) else None


def _render_handout(view: HandoutView, fmt: HandoutFormat) -> str | bytes:
    if fmt is HandoutFormat.pdf:
        from studygroup.render import pdf

        missing = pdf.unprintable(view)
        if missing:
            shown = " ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
            say(
                f"warning: the PDF's fonts have no letters for {len(missing)} character"
                f"{'s' if len(missing) != 1 else ''} ({shown}): they print as empty boxes; "
                "the HTML handout shows them with the reader's fonts"
            )
        return pdf.handout(view)
    if fmt is HandoutFormat.html:
        from studygroup.render import html

        return html.handout(view)
    if fmt is HandoutFormat.txt:
        from studygroup.render import text

        return text.handout(view)
    from studygroup.render import markdown

    return markdown.handout(view)
