"""Finding passages: the quotations of a part or a book, and search across everything.

Hits are printed as they are found, a part at a time, so that memory does not grow
with their number: to a pipe or a file as plain lines or Markdown, and as JSON written
piece by piece. On a terminal they are gathered to go through the pager.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from studygroup.commands.common import (
    Format,
    FormatOption,
    given,
    library,
    on_terminal,
    pipe_width,
    print_renderable,
    put,
    say,
)

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID
    from rich.text import Text

    from studygroup.views.search import Hit, HitKind


def _show_hits(hits: Iterator[Hit], query: str | None, fmt: Format) -> int:
    """Print the hits; the exit status is 1 when there are none, as grep's is."""
    from studygroup.errors import EXIT_ERROR, EXIT_OK
    from studygroup.render import listing

    count = 0
    if fmt is Format.json:
        from studygroup.safety import inert_json

        put(inert_json(f'{{\n  "query": {_json(query)},\n  "hits": ['))
        for hit in hits:
            put(("," if count else "") + "\n    " + inert_json(hit.as_json()))
            count += 1
        put(f'\n  ],\n  "count": {count}\n}}\n')
    elif fmt is Format.md:
        for group in listing.groups(hits):
            put(listing.group_markdown(group))
            count += len(group)
        put(f"{listing.nothing_found(query) if not count else listing.count_line(count)}\n")
    elif on_terminal():
        from rich.console import Group

        shown = []
        for group in listing.groups(hits):
            shown.append(listing.group_terminal(group))
            count += len(group)
        shown.append(listing.count_terminal(count) if count else _nothing(query))
        print_renderable(Group(*shown))
    else:
        width = pipe_width()
        for group in listing.groups(hits):
            put(listing.group_plain(group, width))
            count += len(group)
        put(f"{listing.nothing_found(query) if not count else listing.count_line(count)}\n")
    return EXIT_OK if count else EXIT_ERROR


def _nothing(query: str | None) -> Text:
    from rich.text import Text

    from studygroup.render import listing

    return Text(listing.nothing_found(query))


def _json(value: str | None) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _progress() -> Progress | None:
    """A progress bar on stderr while the index is brought up to date, on a terminal."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    return Progress(console=Console(stderr=True), transient=True)


def _found(
    query: str | None, book: str | None, kinds: tuple[HitKind, ...], part: str | None = None
) -> Iterator[Hit]:
    """The hits, with what could not be read said on stderr first."""
    from studygroup.safety import real_text
    from studygroup.views.search import hits, part_quotations

    query = real_text(query) if query is not None else None
    shelf = library()
    if part is not None:
        yield from part_quotations(shelf, book, part, query)
        return
    skipped: list[str] = []
    bar = _progress()
    task: TaskID | None = None

    def progress(done: int, total: int) -> None:
        nonlocal task
        if bar is None or total < 200:  # a moment's work needs no bar
            return
        if task is None:
            bar.start()
            task = bar.add_task("Indexing the library", total=total)
        bar.update(task, completed=done)

    found = hits(shelf, book, query, kinds, skipped, progress)
    first = next(found, None)
    if bar is not None and task is not None:
        bar.stop()
    for line in skipped:
        say(line)
    if first is not None:
        yield first
        yield from found


def quotes(
    key: Annotated[
        str | None,
        typer.Argument(
            help="A part (6, VI, intro …); without it, every part with notes.",
            show_default=False,
        ),
    ] = None,
    book: Annotated[
        str | None,
        typer.Option(
            "--book",
            "-b",
            help="The book's slug [default: every book; with KEY, revolution-betrayed].",
            show_default=False,
            parser=given("--book", "name a book (studygroup library lists them)"),
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Only passages containing this text (any case or accents), from a word's start.",
            show_default=False,
            parser=given("--search", "give some text to search for"),
        ),
    ] = None,
    fmt: FormatOption = Format.text,
) -> int:
    """List quotations with where they come from, optionally only those containing TEXT.

    Example: studygroup quotes 6 --search stakhanov
    """
    return _show_hits(_found(search, book, ("quotation",), key), search, fmt)


def search(
    text: Annotated[
        str,
        typer.Argument(
            help="What to look for.",
            show_default=False,
            parser=given("TEXT", "give some text to search for"),
        ),
    ],
    book: Annotated[
        str | None,
        typer.Option(
            "--book",
            "-b",
            help="Only this book [default: every book].",
            show_default=False,
            parser=given("--book", "name a book (studygroup library lists them)"),
        ),
    ] = None,
    in_text: Annotated[
        bool,
        typer.Option(
            "--in-text",
            help="Search the books' own text (fetched with `studygroup text`) instead.",
        ),
    ] = False,
    fmt: FormatOption = Format.text,
) -> int:
    """Find text in quotations, points, questions and glossaries across every book, or
    with --in-text in the books' own words, to find the passage to quote.

    Matching ignores case and accents, and curly or straight quotation marks; a match
    starts at the beginning of a word ("labour" finds "labourers"). The exit status is
    1 when nothing is found, as grep's is.

    Example: studygroup search "labour aristocracy"; studygroup search --in-text "withering away"
    """
    from studygroup.views.search import ALL_KINDS

    if in_text:
        _need_text(book)
        return _show_hits(_found(text, book, ("text",)), text, fmt)
    return _show_hits(_found(text, book, ALL_KINDS), text, fmt)


def _need_text(book: str | None) -> None:
    """Searching the text needs some text: say how to fetch it, rather than 'nothing'."""
    from studygroup.errors import StudygroupError
    from studygroup.library.text_store import text_dir

    folder = text_dir()
    fetched = folder / book if book else folder
    if not fetched.is_dir() or not any(fetched.rglob("*.json")):
        which = f" --book {book}" if book else ""
        raise StudygroupError(f"no text fetched yet: run studygroup text{which} first")
