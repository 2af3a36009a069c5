"""The book's own words: fetching the text of its parts into the cache."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from studygroup.commands.common import BookOption, library, put, say

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.progress import Progress, TaskID

    from studygroup.domain.book import Part
    from studygroup.domain.text import PartText


def text(
    keys: Annotated[
        list[str] | None,
        typer.Argument(help="The parts to fetch [default: every part].", show_default=False),
    ] = None,
    book: BookOption = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Read the pages already in the cache, alone.")
    ] = False,
) -> int:
    """Fetch the text of a book's parts, to time the reading and check quotations.

    The pages are read from the archive (through the cache: again costs no download),
    and each part's text kept in your cache folder, never in the library: paragraphs
    in order, in their sections, with quotations and notes told apart. Then `outline`,
    `programme` and the handouts say how long each reading is, and `session` and
    `validate` check every quotation against it.

    Example: studygroup text --book the-state-and-revolution
    """
    from studygroup.domain.text import reading_minutes
    from studygroup.errors import EXIT_ERROR, EXIT_OK, StudygroupError
    from studygroup.library import text_store
    from studygroup.sources.decode import decode_html
    from studygroup.sources.fetch import Fetcher, FetchError
    from studygroup.sources.text_extract import extract, pages_of

    shelf = library()
    found = shelf.book(book)
    parts = [shelf.part(found, key) for key in keys] if keys else list(found.parts)
    wanted = {part.key: pages_of(part) for part in parts}
    urls = [url for pages in wanted.values() for url in pages]
    if not urls:
        raise StudygroupError(f"{found.title}: its contents give no address for any page")
    with Fetcher(offline=offline) as fetcher, _progress(len(urls)) as done:
        pages = fetcher.get_many(urls, done)
    texts: list[PartText] = []
    failed = 0
    lines = []
    for part in parts:
        got = {url: pages[url] for url in wanted[part.key]}
        for page in got.values():
            if isinstance(page, FetchError):
                say(f"{part.label}: {page.message}")
        html = {
            url: decode_html(page.data, page.charset)
            for url, page in got.items()
            if not isinstance(page, FetchError)
        }
        if not html:
            failed += 1
            continue
        read = extract(part, html)
        texts.append(read)
        text_store.save(found.slug, read)
        minutes = reading_minutes(read.words)
        missing = f", {len(read.missing)} page(s) missing" if read.missing else ""
        lines.append(
            f"  {part.key}  {_label(part)}: {read.words} words, {minutes:.0f} min{missing}"
        )
    text_store.save_load(found.slug, texts)
    total = sum(t.words for t in texts)
    put(
        f"{found.title}: {len(texts)} of {len(parts)} parts, {total} words, "
        f"{reading_minutes(total):.0f} minutes at 150 words a minute\n" + "\n".join(lines) + "\n"
    )
    if texts:
        say(f"kept in {text_store.text_dir() / found.slug}")
    return EXIT_OK if not failed else EXIT_ERROR


def _label(part: Part) -> str:
    from studygroup.domain.inline import plain

    title = plain(part.title)
    return title if part.label == title else f"{part.label}, {title}"


class _progress:
    """A progress bar on stderr while pages are fetched, on a terminal and for more than
    one page; gives the function to call as each page is done."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> Callable[[str], None]:
        if self.total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Fetching pages", total=self.total)
        return self.advance

    def advance(self, url: str) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
