"""The library itself: what is in it, a new session to fill in, and checking files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from studygroup.domain.book import Book
    from studygroup.library.store import Library

from studygroup.commands.common import (
    BookOption,
    ForceOption,
    Format,
    FormatOption,
    KeyArgument,
    emit,
    given_path,
    library,
    put,
    say,
)


def library_list(fmt: FormatOption = Format.text) -> int:
    """List the books, where each comes from, and which parts have notes.

    Example: studygroup library
    """
    from studygroup.errors import EXIT_ERROR, EXIT_OK
    from studygroup.render import listing
    from studygroup.views.catalogue import catalogue

    view = catalogue(library())
    emit(
        fmt,
        view,
        lambda: listing.catalogue_markdown(view),
        lambda: listing.catalogue_terminal(view),
        lambda width: listing.catalogue_plain(view, width),
    )
    for problem in view.problems:
        say(f"left out a book: {problem}")
    return EXIT_ERROR if view.problems else EXIT_OK


def new(key: KeyArgument, book: BookOption = None, force: ForceOption = False) -> None:
    """Write a commented session file for a part into your library, ready to fill in.

    Example: studygroup new 7
    """
    from importlib.resources import files

    from studygroup.safety import without_controls
    from studygroup.views.outline import heading

    shelf = library()
    found = shelf.book(book)
    part = shelf.part(found, key)
    path = shelf.session_file(found, part)

    def comment(text: object) -> str:
        # These go into TOML comments: a line break would end the comment.
        return " ".join(without_controls(str(text)).splitlines())

    sections = "".join(f"#   {n}. {comment(s.title)}\n" for n, s in enumerate(part.sections, 1))
    template = (files("studygroup") / "templates" / "session.toml").read_text(encoding="utf-8")
    text = template.format(
        heading=comment(heading(part)),
        book_title=comment(found.title),
        author=comment(found.author),
        path=comment(path),
        sections=sections or "#   (none: leave `section` out)\n",
        slug=found.slug,
        key=part.key,
    )
    written = shelf.save_session_text(found, part, text, force=force)
    say(f"wrote {written}")


def validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A library folder, a book's folder or one file [default: your library].",
            show_default=False,
            parser=given_path("PATH"),
        ),
    ] = None,
) -> None:
    """Check TOML syntax, fields and references; print each problem as file:line: field: message.

    Without PATH: your library, and the group's programme (studygroup.toml) if there
    is one in this folder.

    Example: studygroup validate ~/reading-group/library
    """
    from studygroup.domain.programme import PROGRAMME_FILE
    from studygroup.library.validate import check_path

    shelf = library()
    targets = [path] if path is not None else [shelf.user]
    if path is None:
        # In the group's folder, its programme is checked with the library.
        if Path(PROGRAMME_FILE).is_file():
            targets.append(Path(PROGRAMME_FILE))
        if not shelf.user.exists():
            targets.remove(shelf.user)
        if not targets:
            say(f"nothing to check: your library {shelf.user} is empty")
            return
    count, problems, warned = 0, [], 0
    for target in targets:
        checked, found = check_path(target, shelf)
        count += checked
        problems += found
        warned += _check_quotations(target, shelf)
    for problem in problems:
        put(f"{problem}\n")
    files = f"{count} file{'s' if count != 1 else ''}"
    warnings = (
        f", {warned} quotation{'s' if warned != 1 else ''} not found in the text" if warned else ""
    )
    if problems:
        where = len({problem.file for problem in problems})
        within = files if where == count else f"{where} of {files} checked"
        say(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {within}{warnings}")
        raise typer.Exit(1)
    say(f"{files} checked, no problems{warnings}")


def _check_quotations(target: Path, shelf: Library) -> int:
    """Every quotation of the sessions under `target` against the book's fetched text:
    differences as notes, a quotation not found as a warning (the notes may quote
    another work), neither of them a problem. Returns the number of warnings."""
    from studygroup.errors import StudygroupError
    from studygroup.library import text_store
    from studygroup.library.checks import line_of
    from studygroup.library.layout import SESSIONS_DIR
    from studygroup.views import quotecheck

    files = [target] if target.is_file() else sorted(target.rglob(f"{SESSIONS_DIR}/*.toml"))
    warned = 0
    texts = text_store.text_dir()
    books: dict[str, Book] = {}
    for file in files:
        # Only books whose text was fetched are read at all: in a large library most
        # are not, and reading every session again would cost what the cache saved.
        slug = file.parent.parent.name
        if file.parent.name != SESSIONS_DIR or not (texts / slug).is_dir():
            continue
        try:
            book = books[slug] if slug in books else books.setdefault(slug, shelf.book(slug))
            part = book.part(file.stem)
            session = shelf.session(book, part) if part is not None else None
            text = file.read_text(encoding="utf-8-sig")
        except (StudygroupError, OSError, UnicodeDecodeError):
            continue  # reported above as a problem of the file, if it is one
        if part is None or session is None:
            continue
        for found in quotecheck.check(book, part, session) or []:
            if found.status == "exact":
                continue
            where = f"{file}:{line_of(text, ('quotations', found.number - 1))}"
            level = "warning" if found.status == "not found" else "note"
            warned += found.status == "not found"
            put(f"{where}: quotations[{found.number - 1}]: {level}: {quotecheck.summary(found)}\n")
    return warned
