"""Command-line wiring: parse arguments, call a use case, pick a renderer, print.

`main()` is the entry point. It runs the Typer app without Click's standalone mode
so that every error a user can cause (a bad option, an unknown chapter, a broken
file) ends as one line on stderr with a non-zero exit, and a closed pipe
(`studygroup outline | head`) ends quietly.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studygroup import __version__
from studygroup.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    StudygroupError,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from studygroup.library import Library
    from studygroup.views import HandoutView, OutlineView, SessionView

PROG = "studygroup"

app = typer.Typer(
    name=PROG,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    text = "text"
    md = "md"
    json = "json"


class HandoutFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    txt = "txt"


class State:
    """Options given before the command, shared by all commands."""

    library_dir: Path | None = None


_state = State()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
    library: Annotated[
        Path | None,
        typer.Option(
            "--library",
            envvar="STUDYGROUP_LIBRARY",
            help="A library folder whose books and notes add to the built-in ones.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """A companion for reading groups: see a book's outline, prepare a session.

    Example: studygroup session 6
    """
    _state.library_dir = library


BookOption = Annotated[
    str | None,
    typer.Option(
        "--book", "-b", help="The book's slug [default: revolution-betrayed].", show_default=False
    ),
]
KeyArgument = Annotated[
    str,
    typer.Argument(
        help="The part: a chapter number (6 or VI), intro, appendix or postscript.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", "-f", help="text for the terminal, md for Markdown, json for scripts."
    ),
]


def _library() -> Library:
    from studygroup.library import Library

    return Library.open(_state.library_dir)


def _show(view: OutlineView | SessionView, fmt: Format) -> None:
    """Print a command's view in the chosen format; each renderer is imported only
    when it is used."""
    if fmt is Format.text:
        from studygroup.render import terminal

        _print(terminal.render(view))
    elif fmt is Format.md:
        from studygroup.render import markdown

        sys.stdout.write(markdown.render(view))
    else:
        sys.stdout.write(view.model_dump_json(indent=2) + "\n")


def _print(renderable: RenderableType) -> None:
    from rich.console import Console

    # Library text never goes through rich's markup or highlighter: it is printed as
    # built by the renderers. Rich drops colour and links when stdout is not a
    # terminal or NO_COLOR is set.
    console = Console(highlight=False, markup=False, emoji=False)
    if console.is_terminal:
        console.print(renderable)
        return
    # Piped or redirected: plain lines, without the spaces rich pads wrapped lines with.
    with console.capture() as captured:
        console.print(renderable)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


@app.command()
def outline(book: BookOption = None, fmt: FormatOption = Format.text) -> None:
    """Show a book's parts and sections as a tree, with links to the text.

    Example: studygroup outline --format md > outline.md
    """
    from studygroup import views

    _show(views.outline(_library(), book), fmt)


@app.command()
def session(
    key: KeyArgument,
    book: BookOption = None,
    fmt: FormatOption = Format.text,
) -> None:
    """Prepare a meeting: the reading, the discussion points and the quotations.

    Example: studygroup session 6
    """
    from studygroup import views

    _show(views.session(_library(), book, key), fmt)


@app.command()
def handout(
    key: KeyArgument,
    fmt: Annotated[
        HandoutFormat,
        typer.Option(
            "--format",
            "-f",
            help="md (Markdown), html (one self-contained page), pdf (A4) or txt (e-mail).",
        ),
    ] = HandoutFormat.md,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="The file to write, or - for stdout. Without it, text formats go to stdout.",
            show_default=False,
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
) -> None:
    """Print what the group takes home: reading, points, quotations, questions, glossary.

    Example: studygroup handout 6 --format pdf -o chapter-6.pdf
    """
    from studygroup import views
    from studygroup.errors import StudygroupError
    from studygroup.output import preflight, write_file

    target = None if output in (None, "-") else Path(output)
    if fmt is HandoutFormat.pdf and target is None:
        if output is None:
            raise StudygroupError("a PDF is binary: give -o FILE (or -o - to write it to stdout)")
        if sys.stdout.isatty():
            raise StudygroupError("not writing a PDF to the terminal: redirect it, or give -o FILE")
    if target is not None:
        # Said before the work of rendering; write_file checks again as it writes.
        preflight(target, force=force)

    view = views.handout(_library(), book, key, "facilitator" if facilitator else "participant")
    data = _render_handout(view, fmt)
    if target is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    write_file(target, data.encode("utf-8") if isinstance(data, str) else data, force=force)
    sys.stderr.write(f"{PROG}: wrote {target}\n")


def _render_handout(view: HandoutView, fmt: HandoutFormat) -> str | bytes:
    if fmt is HandoutFormat.pdf:
        from studygroup.render import pdf

        return pdf.handout(view)
    if fmt is HandoutFormat.html:
        from studygroup.render import html

        return html.handout(view)
    if fmt is HandoutFormat.txt:
        from studygroup.render import text

        return text.handout(view)
    from studygroup.render import markdown

    return markdown.handout(view)


def _error(message: str) -> None:
    from studygroup.inline import without_controls

    # One line, whatever the message carries (a file's text can hold line breaks).
    # Typer checks option values with pydantic, whose messages start "Value error, ".
    line = " ".join(without_controls(message).replace("Value error, ", "").split())
    sys.stderr.write(f"{PROG}: error: {line}\n")


def _silence_stdout() -> None:
    """After the reader closed the pipe, send what is left to /dev/null, so that the
    interpreter's last flush raises nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    command = typer.main.get_command(app)
    args = sys.argv[1:] if argv is None else argv
    try:
        # With nothing to do, say what can be done, on stdout, successfully.
        result = command.main(args=args or ["--help"], prog_name=PROG, standalone_mode=False)
        sys.stdout.flush()
    except StudygroupError as error:
        _error(error.message)
        return error.exit_code
    except typer.TyperException as error:  # Click's usage errors: bad option or value
        ctx = getattr(error, "ctx", None)
        hint = f" (see '{ctx.command_path} -h')" if ctx is not None else ""
        _error(error.format_message() + hint)
        return getattr(error, "exit_code", EXIT_USAGE)
    except typer.Abort:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except SystemExit as exit_:  # raised by Click itself on a broken pipe
        if isinstance(exit_.code, int) and exit_.code != EXIT_OK:
            _silence_stdout()
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return result if isinstance(result, int) else EXIT_OK
