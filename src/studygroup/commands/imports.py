"""Bringing new material into the library: a presenter's notes, a book's contents."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studygroup.commands.common import BookOption, ForceOption, library, say

if TYPE_CHECKING:
    from studygroup.domain.book import Part

app = typer.Typer(
    name="import",
    help="Bring notes or a new book into your library.\n\n"
    "Example: studygroup import toc https://www.marxists.org/archive/lenin/works/1917/staterev/index.htm",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
)

FileArgument = Annotated[
    Path,
    typer.Argument(help="The file to read (UTF-8 text).", show_default=False),
]


def _read(path: Path) -> str:
    from studygroup.errors import StudygroupError

    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise StudygroupError(f"{path}: is a folder, not a file") from None
    except FileNotFoundError:
        raise StudygroupError(f"{path}: no such file") from None
    except OSError as error:
        raise StudygroupError(f"{path}: cannot read: {error.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StudygroupError(
            f"{path}:{line}: not UTF-8 text (save it as UTF-8 and import it again)"
        ) from None


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


@app.command("notes")
def import_notes(
    file: FileArgument,
    part: Annotated[
        str,
        typer.Option("--part", "-p", help="The part the notes are for: 7, VII, intro …"),
    ],
    book: BookOption = None,
    force: ForceOption = False,
) -> None:
    """Turn a presenter's free-form notes into a session file in your library.

    The notes are read as the chapter-6 notes are: block quotations opened with “ or ",
    continued over paragraphs until one closes, lead-ins ending in a colon, sentences
    split over comma-ended paragraphs joined, and the title, event note and closing
    remark set apart. What was found is printed so you can check it.

    Example: studygroup import notes chapter7.txt --part 7
    """
    from studygroup.domain.session import NotesSource, Session
    from studygroup.sources.notes import parse_notes

    shelf = library()
    found = shelf.book(book)
    target = shelf.part(found, part)
    notes = parse_notes(
        _read(file),
        section_titles=[section.title for section in target.sections],
        origin=str(file),
    )
    session = Session(
        book=found.slug,
        part=target.key,
        source=NotesSource(file=file.name, **notes.source.model_dump(exclude={"file"})),
        points=notes.points,
        quotations=notes.quotations,
    )
    written = shelf.save_session(session, found, target, force=force)

    out = [f"{file} → {target.label} of {found.title}"]
    for label, value in (
        ("title", notes.source.title),
        ("event", notes.source.event),
        ("closing", notes.source.closing),
    ):
        if value:
            out.append(f"  {label}: {_first_words(value, 12)}")
    general = sum(1 for point in notes.points if point.section is None)
    out.append(
        f"  {len(notes.points)} discussion point{'s' if len(notes.points) != 1 else ''}"
        f" ({general} on the part as a whole)"
    )
    out.append(f"  {len(notes.quotations)} quotation{'s' if len(notes.quotations) != 1 else ''}:")
    for number, quote in enumerate(notes.quotations, 1):
        where = f" §{quote.section}" if quote.section else ""
        paragraphs = len(quote.paragraphs)
        more = f" ({paragraphs} paragraphs)" if paragraphs > 1 else ""
        out.append(f"    [{number}]{where} “{_first_words(quote.paragraphs[0])}”{more}")
    from studygroup.safety import without_controls

    sys.stdout.write(without_controls("\n".join(out)) + "\n")
    say(f"wrote {written}")


def _author_from_urls(urls: list[str]) -> str | None:
    """The Marxists Internet Archive files a work under /archive/<author>/."""
    names = {m[1] for url in urls if (m := re.search(r"/archive/([a-z-]+)/", url))}
    if len(names) != 1:
        return None
    return " ".join(word.capitalize() for word in names.pop().split("-"))


class ContentsFormat(StrEnum):
    html = "html"
    markdown = "markdown"


@app.command("toc")
def import_toc(
    source: Annotated[
        str,
        typer.Argument(
            help="The contents page: its address (https://…), a page saved from a browser "
            "(.htm, .html) or Markdown.",
            show_default=False,
        ),
    ],
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="Where a saved page came from, so its links become that site's addresses.",
            show_default=False,
        ),
    ] = None,
    slug: Annotated[
        str | None,
        typer.Option(
            "--slug", help="The book's short name [default: from its title].", show_default=False
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--author",
            help="The author [default: from the page, or the archive's folder].",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ContentsFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Read SOURCE as html or markdown [default: from its name and content].",
            show_default=False,
        ),
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Use only pages already in the cache.")
    ] = False,
    force: ForceOption = False,
) -> None:
    """Turn a book's contents page into a new book in your library: its groups, parts
    and sections, with a key for each part (outline shows them).

    Example: studygroup import toc https://www.marxists.org/archive/lenin/works/1917/staterev/index.htm
    """
    from pydantic import ValidationError

    from studygroup.domain.base import SLUG_PATTERN
    from studygroup.domain.book import Book, describe_keys
    from studygroup.domain.keys import slugify
    from studygroup.errors import StudygroupError, UsageProblem
    from studygroup.library.codec import format_validation_error
    from studygroup.safety import without_controls
    from studygroup.sources.contents import read_contents
    from studygroup.sources.inputs import contents_source

    page = contents_source(source, url=url, fmt=fmt.value if fmt else None, offline=offline)
    contents = read_contents(page.text, fmt=page.fmt, url=page.url, origin=page.origin)
    for line, text in contents.skipped:
        say(f"{page.origin}:{line}: not understood, left out: {_first_words(text, 10)}")
    for line, address in contents.unplaced:
        say(f"{page.origin}:{line}: a link into the work not placed: {address}")

    name = slug or slugify(contents.title)[:60].strip("-")
    if not re.fullmatch(SLUG_PATTERN, name):
        raise UsageProblem(
            f"{name!r} is not a book slug: give --slug with lower-case letters, digits, hyphens"
        )
    urls = [part.url for part in contents.parts if part.url]
    writer = author or contents.author or _author_from_urls(urls + [page.url or ""])
    if not writer:
        raise StudygroupError(
            f"{page.origin}: the page does not say who wrote the book: give --author"
        )
    try:
        new_book = Book.model_validate(
            {
                "slug": name,
                "title": contents.title,
                "author": writer,
                "source_url": _folder(page.url, contents.parts),
                "groups": contents.groups,
                "parts": contents.parts,
                **{
                    key: value
                    for key, value in contents.front.items()
                    if key in ("written", "published", "translator", "transcription")
                },
            }
        )
    except ValidationError as error:
        raise StudygroupError(format_validation_error(page.origin, error)) from None
    written = library().save_book(new_book, force=force)
    chapters = sum(1 for part in new_book.parts if part.kind == "chapter")
    pieces = sum(1 for part in new_book.parts if part.kind == "piece")
    sections = sum(len(part.sections) for part in new_book.parts)
    counted = f"{chapters} chapters" if not pieces else f"{pieces} dated pieces"
    groups = f", {len(new_book.groups)} groups" if new_book.groups else ""
    sys.stdout.write(
        without_controls(
            f"{new_book.title}, {new_book.author} → {new_book.slug}\n"
            f"  {len(new_book.parts)} parts ({counted}){groups}, {sections} sections\n"
            f"  keys: {describe_keys(new_book)}\n"
            f"  next: studygroup outline --book {new_book.slug}\n"
        )
    )
    say(f"wrote {written}")


def _folder(url: str | None, parts: list[Part]) -> str | None:
    """The folder of the work: the contents page's, or the one all part pages share."""
    if url:
        from studygroup.sources.html_lines import page_folder

        return page_folder(url)
    pages = {p.url.rsplit("/", 1)[0] + "/" for p in parts if p.url and "/" in p.url}
    return pages.pop() if len(pages) == 1 else None
