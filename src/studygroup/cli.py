"""Command-line wiring: parse arguments, call a use case, pick a renderer, print.

`main()` is the entry point. It runs the Typer app without Click's standalone mode
so that every error a user can cause (a bad option, an unknown chapter, a broken
file) ends as one line on stderr with a non-zero exit, and a closed pipe
(`studygroup outline | head`) ends quietly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from studygroup import __version__
from studygroup.commands import finding, imports, reading, season, shelf
from studygroup.commands.common import PROG, state
from studygroup.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    StudygroupError,
)

app = typer.Typer(
    name=PROG,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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
    state.library_dir = library


# One module per area of commands; each function's docstring is its help.
app.command()(reading.outline)
app.command()(reading.session)
app.command()(reading.handout)
app.command(name="library")(shelf.library_list)
app.command()(shelf.new)
app.command()(shelf.validate)
app.add_typer(imports.app)
app.command()(finding.quotes)
app.command()(finding.search)
app.command()(season.plan)
app.command()(season.programme)
app.command()(season.calendar)


def _error(message: str) -> None:
    from studygroup.safety import without_controls

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
