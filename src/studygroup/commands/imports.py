"""Bringing new material into the library: a presenter's notes, a book's contents."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from studygroup.commands.common import BookOption, ForceOption, library, say

app = typer.Typer(
    name="import",
    help="Bring notes or a new book into your library.",
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


@app.command("toc")
def import_toc(
    file: FileArgument,
    slug: Annotated[
        str | None,
        typer.Option(
            "--slug", help="The book's short name [default: from its title].", show_default=False
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--author", help="The author [default: from the archive's links].", show_default=False
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Turn a table of contents in the Marxists Internet Archive's style into a new book.

    Example: studygroup import toc terrorism-and-communism.md --author "Leon Trotsky"
    """
    from pydantic import ValidationError

    from studygroup.domain.base import SLUG_PATTERN
    from studygroup.domain.book import Book
    from studygroup.errors import StudygroupError
    from studygroup.library.codec import format_validation_error
    from studygroup.sources.contents import common_url, parse_contents

    contents = parse_contents(_read(file), origin=str(file))
    for line, text in contents.skipped:
        say(f"{file}:{line}: not understood, left out: {_first_words(text, 10)}")
    from studygroup.domain.keys import slugify

    name = slug or slugify(contents.title)
    if not re.fullmatch(SLUG_PATTERN, name):
        raise StudygroupError(
            f"{name!r} is not a book slug: give --slug with lower-case letters, digits, hyphens"
        )
    urls = [part.url for part in contents.parts if part.url]
    writer = author or _author_from_urls(urls)
    if not writer:
        raise StudygroupError(f"{file}: the contents do not say who wrote the book: give --author")
    front = {
        key: value
        for key, value in contents.front.items()
        if key in ("written", "published", "translator", "transcription")
    }
    try:
        new_book = Book(
            slug=name,
            title=contents.title,
            author=writer,
            source_url=common_url(contents.parts),
            parts=contents.parts,
            **front,
        )
    except ValidationError as error:
        raise StudygroupError(format_validation_error(str(file), error)) from None
    written = library().save_book(new_book, force=force)
    chapters = sum(1 for part in new_book.parts if part.kind == "chapter")
    sections = sum(len(part.sections) for part in new_book.parts)
    from studygroup.safety import without_controls

    sys.stdout.write(
        without_controls(
            f"{new_book.title}, {new_book.author} → {new_book.slug}\n"
            f"  {len(new_book.parts)} parts ({chapters} chapters), {sections} sections\n"
            f"  next: studygroup outline --book {new_book.slug}\n"
        )
    )
    say(f"wrote {written}")
