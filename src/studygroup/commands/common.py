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


state = State()

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
ForceOption = Annotated[bool, typer.Option("--force", help="Replace what is already there.")]


def library() -> Library:
    from studygroup.library.store import Library

    return Library.open(state.library_dir)


def say(message: str) -> None:
    """A message for the user, not output: on stderr, so pipes carry only the output."""
    sys.stderr.write(f"{PROG}: {message}\n")


def json_out(view: View) -> None:
    sys.stdout.write(view.model_dump_json(indent=2) + "\n")


def emit(
    fmt: Format,
    view: View,
    markdown: Callable[[], str],
    terminal: Callable[[], RenderableType],
) -> None:
    """Print a command's view in the chosen format. The renderers are given as
    functions so that only the one used is imported and run."""
    if fmt is Format.json:
        json_out(view)
    elif fmt is Format.md:
        sys.stdout.write(markdown())
    else:
        print_renderable(terminal())


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
    console = Console(highlight=False, markup=False, emoji=False)
    if console.is_terminal:
        console.print(renderable)
        return
    # Piped or redirected: plain lines, without the spaces rich pads wrapped lines with.
    with console.capture() as captured:
        console.print(renderable)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
