"""What the commands share: options, the library they read, and how they print."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import RenderableType

    from studygroup.library.store import Library
    from studygroup.views.meeting import SessionView
    from studygroup.views.outline import OutlineView, View

PROG = "studygroup"


class Format(StrEnum):
    text = "text"
    md = "md"
    json = "json"


class State:
    """Options given before the command, shared by all commands."""

    library_dir: Path | None = None
    pager: bool = True


state = State()


def complete_book(incomplete: str) -> list[str]:
    """Shell completion: the slugs of the library's books."""
    try:
        return [slug for slug in library().slugs() if slug.startswith(incomplete)]
    except Exception:  # completion must never print a traceback into the shell
        return []


def complete_key(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: the part keys of the book named so far (or the default)."""
    try:
        shelf = library()
        book = shelf.book(ctx.params.get("book"))
        return [part.key for part in book.parts if part.key.startswith(incomplete.lower())]
    except Exception:  # completion must never print a traceback into the shell
        return []


# The library option lives before the command's name but is taken after it too
# (cli._library_first): every command's help says so, as its last line.
LIBRARY_NOTE = (
    "Your library: --library DIR (or STUDYGROUP_LIBRARY), before or after the command's name."
)


def given(hint: str, need: str = "name a file or folder") -> Callable[[str], str]:
    """The parser of an option or argument that names a file or folder: an empty value
    is a mistake on the command line (exit 2), never the current folder, which is what
    Path("") means."""

    def parse(text: str) -> str:
        if not str(text).strip():
            raise typer.BadParameter(f"is empty: {need}", param_hint=hint)
        return str(text)

    return parse


def given_path(hint: str, need: str = "name a file or folder") -> Callable[[str], Path]:
    """`given` for a value that is a Path."""
    check = given(hint, need)
    return lambda text: Path(check(text))


BookOption = Annotated[
    str | None,
    typer.Option(
        "--book",
        "-b",
        help="The book's slug [default: revolution-betrayed].",
        show_default=False,
        autocompletion=complete_book,
        parser=given("--book", "name a book (studygroup library lists them)"),
    ),
]
KeyArgument = Annotated[
    str,
    typer.Argument(
        help="The part, by the key outline shows: 6 (or VI, ch6), intro, preface-2, 1.3 …",
        show_default=False,
        autocompletion=complete_key,
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", "-f", help="text for the terminal, md for Markdown, json for scripts."
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace what is already there.")]


def library() -> Library:
    from studygroup.library.store import Library

    return Library.open(state.library_dir)


def say(message: str) -> None:
    """A message for the user, not output: on stderr, so pipes carry only the output.
    Whatever it quotes from a file or the command line is made inert first."""
    import contextlib

    # stderr closed or full: the work is done all the same, and the status says how.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(f"{PROG}: {one_line(message)}\n")


def one_line(text: str) -> str:
    from studygroup.safety import without_controls

    return " ".join(without_controls(text).split())


def put(text: str) -> None:
    """Text output (a report, a list of problems) on stdout, made inert."""
    from studygroup.safety import without_controls

    sys.stdout.write(without_controls(text))


def put_bytes(data: bytes) -> None:
    """A binary document (a PDF, a calendar) on stdout, as it is."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)


def json_out(view: View) -> None:
    from studygroup.safety import inert_json

    put(inert_json(view.model_dump_json(indent=2)) + "\n")


def emit(
    fmt: Format,
    view: View,
    markdown: Callable[[], str],
    terminal: Callable[[], RenderableType],
    plain: Callable[[int], str] | None = None,
) -> None:
    """Print a command's view in the chosen format. The renderers are given as
    functions so that only the one used is imported and run. `plain`, where a view
    can be long (a library of a thousand books), prints the same lines to a pipe as
    `terminal` would, at a fraction of rich's cost; it is given the width."""
    if fmt is Format.json:
        json_out(view)
    elif fmt is Format.md:
        put(markdown())
    elif plain is not None and not on_terminal():
        put(plain(pipe_width()))
    else:
        print_renderable(terminal())


def on_terminal() -> bool:
    """Whether stdout is a terminal as rich sees it (FORCE_COLOR says so too)."""
    from rich.console import Console

    return Console().is_terminal


def pipe_width() -> int:
    """The width of plain text for a pipe: COLUMNS, as rich reads it, or 80."""
    import os

    columns = os.environ.get("COLUMNS", "")
    return max(int(columns), 40) if columns.isdigit() else 80


def show(view: OutlineView | SessionView, fmt: Format) -> None:
    """A book's outline or a session, in the chosen format."""

    def markdown() -> str:
        from studygroup.render import markdown

        return markdown.render(view)

    def terminal() -> RenderableType:
        from studygroup.render import terminal

        return terminal.render(view)

    emit(fmt, view, markdown, terminal)


def print_renderable(renderable: RenderableType) -> None:
    from rich.console import Console

    # Library text never goes through rich's markup or highlighter: it is printed as
    # built by the renderers. Rich drops colour and links when stdout is not a
    # terminal or NO_COLOR is set.
    from studygroup.render.terminal import Inert

    console = Console(highlight=False, markup=False, emoji=False)
    renderable = Inert(renderable)
    if console.is_terminal:
        with console.capture() as captured:
            console.print(renderable)
        text = captured.get()
        # Longer than the screen: through the pager, as git does (colours kept).
        tall = text.count("\n") >= console.size.height - 1
        if state.pager and tall and sys.stdout.isatty() and sys.stdin.isatty():
            _page(text)
        else:
            sys.stdout.write(text)
        return
    # Piped or redirected: plain lines, without the spaces rich pads wrapped lines with.
    with console.capture() as captured:
        console.print(renderable)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def _page(text: str) -> None:
    """Show `text` through $PAGER (less by default), keeping its colours and links."""
    import os
    import shlex
    import shutil
    import subprocess

    command = os.environ.get("STUDYGROUP_PAGER") or os.environ.get("PAGER") or "less"
    try:
        argv = shlex.split(command) if command.strip() else []
    except ValueError:  # an unbalanced quote in $PAGER: shown without a pager
        argv = []
    if not argv or argv[0] == "cat" or shutil.which(argv[0]) is None:
        sys.stdout.write(text)
        return
    env = dict(os.environ)
    # -R shows colours and links, -F quits at once if the text fits, -X keeps it on
    # the screen afterwards.
    env.setdefault("LESS", "-FRX")
    sys.stdout.flush()
    try:
        with subprocess.Popen(argv, stdin=subprocess.PIPE, env=env) as pager:
            assert pager.stdin is not None
            try:
                pager.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
                pager.stdin.close()
            except BrokenPipeError:  # the reader quit the pager early: that is fine
                pass
            pager.wait()
    except OSError:
        sys.stdout.write(text)
