"""Command-line wiring: parse arguments, call a use case, pick a renderer, print.

`main()` is the entry point. It runs the Typer app without Click's standalone mode
so that every error a user can cause (a bad option, an unknown chapter, a broken
file) ends as one line on stderr with a non-zero exit, and a closed pipe
(`studygroup outline | head`) ends quietly.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from studygroup import __version__
from studygroup.commands import finding, imports, publishing, reading, season, shelf, texts
from studygroup.commands.common import LIBRARY_NOTE, PROG, state
from studygroup.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_USAGE,
    StudygroupError,
    Terminated,
    UsageProblem,
)

_APP_SETTINGS: dict[str, Any] = {
    "name": PROG,
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
}
app = typer.Typer(**_APP_SETTINGS)


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
        str | None,
        typer.Option(
            "--library",
            envvar="STUDYGROUP_LIBRARY",
            metavar="DIR",
            help="A library folder whose books and notes add to the built-in ones "
            "(also accepted after the command's name).",
            show_default=False,
        ),
    ] = None,
    pager: Annotated[
        bool,
        typer.Option(
            "--pager/--no-pager",
            help="Show long output on a terminal through a pager (less, or $PAGER).",
        ),
    ] = True,
) -> None:
    """A companion for reading groups: see a book's outline, prepare a session.

    Example: studygroup session 6
    """
    if library is not None and not library.strip():
        raise UsageProblem("--library is empty: name a folder (or leave the option out)")
    state.library_dir = Path(library) if library is not None else None
    state.pager = pager


# One module per area of commands; each function's docstring is its help, and every
# command's help ends with where the library option goes (LIBRARY_NOTE).
COMMANDS: list[tuple[Callable[..., object], str | None]] = [
    (reading.outline, None),
    (reading.session, None),
    (reading.handout, None),
    (shelf.library_list, "library"),
    (shelf.new, None),
    (shelf.validate, None),
    (texts.text, None),
    (finding.quotes, None),
    (finding.search, None),
    (season.plan, None),
    (season.programme, None),
    (season.calendar, None),
    (publishing.site, None),
]
for command, name in COMMANDS:
    app.command(name=name, epilog=LIBRARY_NOTE)(command)
app.add_typer(imports.app)
_GLOBAL_FLAGS = {"--pager", "--no-pager"}


def _click_command(args: list[str]) -> Any:
    """The command line as Click runs it. Typer reads every command's signature to
    build it (its annotations evaluated, a converter made for each option), so when
    `args` name one command only that one is built: `outline` should not pay for
    `plan`'s twenty options. Help, completion and anything unknown get them all."""
    at, name = _command_name(args)
    chosen = [
        (command, title) for command, title in COMMANDS if (title or command.__name__) == name
    ]
    completing = any(key.endswith("_COMPLETE") for key in os.environ)
    if completing or not (chosen or name == "import") or not _plain_globals(args[:at]):
        return typer.main.get_command(app)
    lean = typer.Typer(**_APP_SETTINGS)
    lean.callback()(_global)
    for command, title in chosen:
        lean.command(name=title, epilog=LIBRARY_NOTE)(command)
    if name == "import":
        lean.add_typer(imports.app)
    return typer.main.get_command(lean)


def _command_name(args: list[str]) -> tuple[int, str | None]:
    """Where the command's name is in `args`, and the name (None if there is none)."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--library":
            index += 2  # its folder may have any name, a command's too
            continue
        if not arg.startswith("-"):
            return index, arg
        index += 1
    return index, None


def _plain_globals(before: list[str]) -> bool:
    """Whether what comes before the command's name is global options it can go with."""
    index = 0
    while index < len(before):
        arg = before[index]
        if arg == "--library":
            index += 2
            continue
        if arg not in _GLOBAL_FLAGS and not arg.startswith("--library="):
            return False
        index += 1
    return True


def _error(message: str) -> None:
    from studygroup.safety import without_controls

    # One line, whatever the message carries (a file's text can hold line breaks).
    # Typer checks option values with pydantic, whose messages start "Value error, ".
    line = " ".join(without_controls(message).replace("Value error, ", "").split())
    try:
        sys.stderr.write(f"{PROG}: error: {line}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # stderr itself is closed or full: the exit status still tells


def _silence_stdout() -> None:
    """After the reader closed the pipe, send what is left to /dev/null, so that the
    interpreter's last flush raises nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    finally:
        os.close(devnull)


def _library_first(args: list[str]) -> list[str]:
    """`--library DIR` (and `--pager`, `--no-pager`) given after the command's name goes
    before it, where the option lives, so `studygroup session 6 --library DIR` means
    what it says."""
    out: list[str] = []
    moved: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            out += args[index:]
            break
        if arg == "--library" and index + 1 < len(args):
            moved += [arg, args[index + 1]]
            index += 2
            continue
        if arg.startswith("--library=") or arg in _GLOBAL_FLAGS:
            moved.append(arg)
        else:
            out.append(arg)
        index += 1
    return moved + out


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _library_first(sys.argv[1:] if argv is None else argv)
    command = _click_command(args)
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
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            # Click's mark that the reader closed the pipe (it then exits 1).
            _silence_stdout()
            return EXIT_BROKEN_PIPE
        if isinstance(exit_.code, int) and exit_.code != EXIT_OK:
            _silence_stdout()
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Terminated:
        return EXIT_TERMINATED
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT):
            # stdout full (> /dev/full) or closed (>&-)
            _silence_stdout()
            _error(f"cannot write the output: {error.strerror or error}")
            return EXIT_ERROR
        # A path the system refused (too long, not allowed, gone): one line naming it.
        where = f"{os.fsdecode(error.filename)}: " if error.filename is not None else ""
        _error(f"{where}{error.strerror or error}")
        return EXIT_ERROR
    except MemoryError:
        _error("out of memory: a file or value far larger than any real one?")
        return EXIT_ERROR
    except RecursionError:
        _error("something is nested too deeply to be read")
        return EXIT_ERROR
    except Exception as error:
        # Ctrl-C or SIGTERM inside code that wraps what it meets: Python turns an
        # exception raised while a class is being made into a RuntimeError "from" it.
        signalled = _signal_behind(error)
        if signalled is None:
            raise
        return signalled
    return result if isinstance(result, int) else EXIT_OK


def _signal_behind(error: BaseException) -> int | None:
    """The exit status of a Ctrl-C or SIGTERM that `error` was raised from, if any."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, KeyboardInterrupt):
            return EXIT_INTERRUPTED
        if isinstance(cause, Terminated):
            return EXIT_TERMINATED
        cause = cause.__cause__ or cause.__context__
    return None
