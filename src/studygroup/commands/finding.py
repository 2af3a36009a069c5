"""Finding passages: the quotations of a part or a book, and search across everything."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from studygroup.commands.common import (
    Format,
    FormatOption,
    emit,
    library,
    say,
)

if TYPE_CHECKING:
    from studygroup.views.search import Hit


def _show_hits(hits: list[Hit], query: str | None, fmt: Format) -> int:
    """Print the hits; the exit status is 1 when there are none, as grep's is."""
    from studygroup.errors import EXIT_ERROR, EXIT_OK
    from studygroup.render import listing
    from studygroup.views.search import HitsView

    view = HitsView.model_construct(query=query, count=len(hits), hits=hits)
    emit(
        fmt,
        view,
        lambda: listing.hits_markdown(hits, query),
        lambda: listing.hits_terminal(hits, query),
    )
    return EXIT_OK if hits else EXIT_ERROR


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
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Only passages containing this text (any case or accents).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.text,
) -> int:
    """List quotations with where they come from, optionally only those containing TEXT.

    Example: studygroup quotes 6 --search stakhanov
    """
    from studygroup.views.search import quotations

    skipped: list[str] = []
    hits = quotations(library(), book, key, search, skipped)
    for line in skipped:
        say(line)
    return _show_hits(hits, search, fmt)


def search(
    text: Annotated[str, typer.Argument(help="What to look for.", show_default=False)],
    book: Annotated[
        str | None,
        typer.Option(
            "--book", "-b", help="Only this book [default: every book].", show_default=False
        ),
    ] = None,
    fmt: FormatOption = Format.text,
) -> int:
    """Find text in quotations, points, questions and glossaries across every book.

    Matching ignores case and accents, and curly or straight quotation marks. The exit
    status is 1 when nothing is found, as grep's is.

    Example: studygroup search "labour aristocracy"
    """
    from studygroup.errors import UsageProblem
    from studygroup.views.search import everything

    if not text.strip():
        raise UsageProblem("give some text to search for")
    skipped: list[str] = []
    hits = everything(library(), book, text, skipped)
    for line in skipped:
        say(line)
    return _show_hits(hits, text, fmt)
