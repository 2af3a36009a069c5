"""Bringing new material into the library: a presenter's notes, a book's contents."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studygroup.commands.common import (
    LIBRARY_NOTE,
    BookOption,
    ForceOption,
    given,
    given_path,
    library,
    put,
    say,
)

if TYPE_CHECKING:
    from studygroup.domain.book import Book, Part
    from studygroup.domain.session import Session

app = typer.Typer(
    name="import",
    help="Bring notes or a new book into your library.\n\n"
    "Example: studygroup import toc https://www.marxists.org/archive/lenin/works/1917/staterev/index.htm",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
)

FileArgument = Annotated[
    Path,
    typer.Argument(
        help="The file to read (UTF-8 text).",
        show_default=False,
        parser=given_path("FILE", "name the file"),
    ),
]


def _shortened(slug: str, most: int) -> str:
    """`slug` cut to at most `most` characters at a word's end, never inside a word."""
    if len(slug) <= most:
        return slug
    cut = slug[: most + 1].rsplit("-", 1)[0]
    return cut if cut and len(cut) <= most else slug[:most].strip("-")


def _saved_from(text: str) -> str:
    """--url: a web address (http or https), or a command-line mistake."""
    from studygroup.sources.fetch import FetchError, check_web_url

    address = given("--url", "give the address the page was saved from")(text)
    try:
        return check_web_url(address)
    except FetchError as error:
        raise typer.BadParameter(error.message, param_hint="--url") from None


def _stored(argument: str) -> str:
    """A file name or an argument as text that can be stored. One that is not UTF-8
    reaches Python with its bytes as lone surrogates, which no UTF-8 file can hold: it
    keeps its readable letters, with U+FFFD for the bytes that are not."""
    from studygroup.safety import real_text

    return real_text(argument)


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


class NotesFormat(StrEnum):
    markdown = "markdown"
    text = "text"
    html = "html"
    docx = "docx"


@app.command("notes", epilog=LIBRARY_NOTE)
def import_notes(
    file: FileArgument,
    part: Annotated[
        str | None,
        typer.Option(
            "--part",
            "-p",
            help="The part the notes are for: 7, VII, intro … [default: the parts their "
            "headings name, a session each].",
            show_default=False,
            parser=given("--part", "name a part (studygroup outline shows the keys)"),
        ),
    ] = None,
    book: BookOption = None,
    fmt: Annotated[
        NotesFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Read FILE as markdown, text, html or docx [default: from its name and content].",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Turn a presenter's notes into session files in your library, in their order.

    Reads Markdown (with YAML or TOML front matter), plain text, a web page saved as HTML
    and Word documents (.docx). Quotations are found by their marks, in quote marks or
    emphasis, as `>` blocks, over several paragraphs, with a page reference, an
    attribution line and a link; lead-ins by the colon or comma that ends them; headings
    that name a chapter or a section place what follows. Notes on several chapters
    become a session each. What was found, and every line left out, is printed.

    Example: studygroup import notes chapter7.md --part 7
    """
    from studygroup.domain.session import NotesSource, Session, check_session
    from studygroup.reader import read_file
    from studygroup.sources.notes import detect_format, read_notes

    shelf = library()
    found = shelf.book(book)
    target = shelf.part(found, part) if part is not None else None
    data = read_file(file)
    kind = fmt.value if fmt is not None else detect_format(file.name, data)
    imported = read_notes(data, fmt=kind, book=found, part=target, origin=str(file))
    source = imported.source.model_copy(update={"file": _stored(file.name)})
    sessions = [
        (
            notes.part,
            Session(
                book=found.slug,
                part=notes.part.key,
                source=NotesSource.model_validate(source.model_dump()),
                points=notes.points,
                quotations=notes.quotations,
                questions=notes.questions,
            ),
        )
        for notes in imported.sessions
    ]
    # Everything is checked before anything is written: all the sessions, or none.
    for each, session in sessions:
        check_session(session, found, each, str(shelf.session_file(found, each)))
        shelf.check_session_free(found, each, force=force)
    for left in imported.left_out:
        say(f"{file}:{left.line}: left out ({left.why}): {_first_words(left.text, 10)}")
    written = shelf.save_sessions(
        [(session, each) for each, session in sessions], found, force=force
    )
    put("".join(_report(file, found, each, session) for each, session in sessions))
    for path in written:
        say(f"wrote {path}")


def _report(file: Path, book: Book, part: Part, session: Session) -> str:
    """What was found in the notes for one part: a few lines to check at a glance."""
    out = [f"{file} → {part.label} of {book.title}"]
    source = session.source
    if source is not None:
        for label, value in (
            ("title", source.title),
            ("by", source.author),
            ("date", source.date),
            ("event", source.event),
            ("closing", source.closing),
        ):
            if value:
                out.append(f"  {label}: {_first_words(value, 12)}")
    points = session.points
    general = sum(1 for point in points if point.section is None)
    out.append(f"  {_count(len(points), 'discussion point')} ({general} on the part as a whole)")
    out.append(
        f"  {_count(len(session.quotations), 'quotation')}" + (":" if session.quotations else "")
    )
    for number, quote in enumerate(session.quotations, 1):
        where = f" §{quote.section}" if quote.section else ""
        paragraphs = len(quote.paragraphs)
        more = [f"{paragraphs} paragraphs"] if paragraphs > 1 else []
        more += [bit for bit in (quote.reference, quote.source) if bit]
        tail = f" ({'; '.join(_first_words(bit, 8) for bit in more)})" if more else ""
        out.append(f"    [{number}]{where} “{_first_words(quote.paragraphs[0])}”{tail}")
    if session.questions:
        out.append(f"  {_count(len(session.questions), 'question')}:")
        out += [
            f"    {n}. {_first_words(question.text, 10)}"
            for n, question in enumerate(session.questions, 1)
        ]
    return "\n".join(out) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _author_from_urls(urls: list[str]) -> str | None:
    """The Marxists Internet Archive files a work under /archive/<author>/."""
    names = {m[1] for url in urls if (m := re.search(r"/archive/([a-z-]+)/", url))}
    if len(names) != 1:
        return None
    return " ".join(word.capitalize() for word in names.pop().split("-"))


class ContentsFormat(StrEnum):
    html = "html"
    markdown = "markdown"


@app.command("toc", epilog=LIBRARY_NOTE)
def import_toc(
    source: Annotated[
        str,
        typer.Argument(
            help="The contents page: its address (https://…), a page saved from a browser "
            "(.htm, .html) or Markdown.",
            show_default=False,
            parser=given("SOURCE", "give its address or a file"),
        ),
    ],
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="Where a saved page came from, so its links become that site's addresses.",
            show_default=False,
            parser=_saved_from,
        ),
    ] = None,
    slug: Annotated[
        str | None,
        typer.Option(
            "--slug",
            help="The book's short name [default: from its title].",
            show_default=False,
            parser=given("--slug", "give a short name, or leave the option out"),
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--author",
            help="The author [default: from the page, or the archive's folder].",
            show_default=False,
            parser=given("--author", "name the author, or leave the option out"),
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

    name = slug or _shortened(slugify(contents.title), 60)
    if not re.fullmatch(SLUG_PATTERN, name):
        raise UsageProblem(
            f"{name!r} is not a book slug: give --slug with lower-case letters, digits, hyphens"
        )
    urls = [part.url for part in contents.parts if part.url]
    writer = _stored(author) if author else contents.author
    writer = writer or _author_from_urls(urls + [page.url or ""])
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
