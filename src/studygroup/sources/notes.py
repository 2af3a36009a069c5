"""A presenter's notes, as facilitators really write them → one session per part.

`read_notes` takes the bytes of a file in any of four formats and returns the notes'
source (title, author, date, address, event note, closing remark), the points,
quotations and questions of each part they are about, each in the presenter's order,
and every line it left out with the reason. `detect_format` tells the format from
the file's name and content; `parse_notes` reads plain text for one part, as the
built-in chapter-6 notes are read.

Formats (each read into the same blocks, `notes_blocks.py`):

- Markdown, by a CommonMark parser (`notes_markdown.py`), with YAML front matter (or
  Hugo's TOML between `+++` lines, `front_matter.py`): its title, author and date are
  the notes' source and never points; with no date, a `YYYY-MM-DD` in the file's name
  (`2022-08-28-state-and-rev.md`, as Jekyll names posts) is the date;
- plain text in the seed's style: blank-line paragraphs, wrapped lines joined, lines
  starting with a bullet or a number as list items, an indented paragraph set apart;
- a web page saved as HTML: its article, without the site around it (`notes_html.py`);
- a Word document, with its paragraph styles (`notes_docx.py`).

The format comes from the extension and the content (`detect_format`): a Word file
by its zip signature, a page by its `<html>`, Markdown by what only Markdown writes
(`#` headings, `>` quotations, links, tables, front matter; lists count only where
the extension says nothing, as plain text numbers its lines too).

What the notes hold (the rules are the note-takers' conventions, not any one file's):

- Title, event, closing. The title comes from the file's own metadata; failing that,
  from a first heading, or (the seed's style) a short first line without a final
  stop. A parenthesised paragraph at the very top is a note about the event. A short
  last paragraph that takes leave of the group ("I think that is probably enough for
  now.", "See you next week.", "Thanks, all") is the closing remark. None of these is
  a point.
- Quotations (`notes_marks.py` reads the marks). A Markdown `>` block, a `<blockquote>`,
  a Word Quote paragraph or a paragraph of prose indented on its own is a quotation,
  whatever its marks; such blocks in a row are one, unless each is wrapped in marks of
  its own or an attribution line ends one. A paragraph or bullet is a quotation when
  its quote runs from its first word to its last, in curly or straight marks, mixed or
  mismatched, wrapped in emphasis inside or out (`*“…”*`, `“*…*”`), with an ellipsis
  or `[…]` kept as written, a stop after the closing mark allowed (`…the state”.`), a
  label before it allowed (`Quote: “…”`). One that opens and does not close goes on
  through the next paragraphs until one closes (each paragraph may open with a mark;
  only the last closes); paragraphs that each open and close are separate quotations.
  A quotation that opens and never closes is an error. A paragraph all in italics
  straight after a lead-in ending in a colon is a quotation set in italics. A
  quotation inside a sentence of commentary, or a quoted phrase that opens a sentence,
  stays commentary. A quotation on the line under its lead-in, with no blank line
  between, is read as if the blank line were there.
- What belongs to a quotation. A reference in brackets after the closing mark
  (`(p. 206)`, or a line of its own) is its reference; a short line after it starting
  with a dash (`-- V. I. Lenin, "Left-Wing" Communism`, `---Lenin`, the last line of a
  `>` block, an HTML `<footer>` or `<figcaption>`) or a label (`Source: …`) is its
  source, and who it names is its attribution when that is a person other than the
  book's author; a line that is only an address (`<http://…>`, a bare address, a lone
  `[PDF](…)` link, `Source: <…>`, made absolute against the notes' own address) after
  it, or between its lead-in and it, is its link. None of these are points. A dash-led
  sentence after commentary is commentary.
- Lead-ins. The paragraph or bullet straight before a quotation (past a link line,
  and past a rule when it ends with a colon or a comma) introduces it when it ends
  with a colon, a comma or a dash (also inside a closing mark: `today:"`), with the
  word that introduces ("that", "thus", "as follows", "Marx says", "as Engels put
  it"), or says it quotes ("I wish to quote a passage …", "the following"); or when
  the quotation is indented under it in the same list item. A lead-in introduces the
  quotations that follow one another after it: it is stored once, on the first, and
  the others say `shares_lead_in`. A lead-in is not a point.
- Structure (`notes_places.py`). A heading (`#`, a bold line, a short line after a
  rule, a line such as `Chapter II: …` or `2. Abolition of Parliamentarism`) that names
  a part of the book moves the notes to that part, and one that names a section of the
  part to that section; commentary naming a section's title moves them too. Notes on
  several parts are one session per part; notes before the first part named go to it.
  A heading that names nothing is left out, and ends the section it follows.
- Questions. Under a "Questions" heading (or a "Questions:" line), each list item is a
  question. Elsewhere, a bullet or an indented paragraph of a bullet that ends with
  "?", a prompt in a bullet ("Summarize …", "Explain …"), a line marked "Q:", and in a
  sheet of questions and answers a paragraph that asks ("Why does Lenin say …?") are
  questions. A question that introduces a quotation is also its lead-in; a question
  names the quotations it introduces or follows in its bullet. Rhetorical questions
  in commentary are points.
- Left out and reported: front matter keys not used, rules, tables, tables of contents
  (a "Contents" heading and its list, or a list of in-page links), lists of links,
  code, HTML, images, footnote texts, headings that name nothing, links beside no
  quotation or relative to an address the notes do not give.
- Points: every other paragraph, verbatim but for markup; commentary split over
  paragraphs that end in commas is one sentence, joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from studygroup.domain.book import Book, Part, Section
from studygroup.domain.session import NotesSource, Point, Quotation
from studygroup.errors import StudygroupError
from studygroup.sources.front_matter import split_front_matter
from studygroup.sources.notes_blocks import Block, text_blocks
from studygroup.sources.notes_places import SectionCue
from studygroup.sources.notes_reading import (
    ImportedNotes,
    LeftOut,
    Meta,
    PartNotes,
    read_units,
)

NotesFormat = Literal["markdown", "text", "html", "docx"]

__all__ = [
    "ImportedNotes",
    "LeftOut",
    "Notes",
    "NotesFormat",
    "PartNotes",
    "SectionCue",
    "detect_format",
    "parse_notes",
    "read_notes",
]

_ZIP = b"PK\x03\x04"
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
# Lines that only Markdown writes: a heading, a quotation, a fence, a table row, a
# link, strong emphasis at a line's start. Lists are as common in plain text.
_MARKDOWN_LINE = re.compile(
    r"^(?:#{1,6}\s+\S|>|```|~~~|\|.*\|\s*$)|\]\([^)\s]+\)|^\s*(?:\*\*|__)\S|<https?://",
    re.M,
)
_LIST_LINE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+\S", re.M)
_DATE_IN_NAME = re.compile(
    r"(?<![\d])((?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?!\d)"
)


def detect_format(name: str, data: bytes) -> NotesFormat:
    """The format of a file of notes, from its extension and its first bytes."""
    suffix = PurePath(name).suffix.lower()
    if data.startswith(_ZIP) or suffix == ".docx":
        return "docx"
    if suffix in (".htm", ".html", ".xhtml", ".shtml") or _HTML_START.match(data[:4096]):
        return "html"
    if suffix in (".md", ".markdown", ".mdown", ".mkd"):
        return "markdown"
    head = data[:65536].decode("utf-8", "replace")
    if head.startswith("---") and re.match(r"---\s*\n[A-Za-z_][\w -]*:", head):
        return "markdown"
    hits = len(_MARKDOWN_LINE.findall(head))
    if suffix in (".txt", ".text"):
        return "markdown" if hits >= 2 else "text"
    lists = len(_LIST_LINE.findall(head))
    return "markdown" if hits >= 1 or lists >= 3 else "text"


def _text(data: bytes, origin: str) -> str:
    from studygroup.sources.inputs import utf8_text

    return utf8_text(data, origin)


def _blocks(data: bytes, fmt: NotesFormat, origin: str) -> tuple[list[Block], Meta, list[LeftOut]]:
    left_out: list[LeftOut] = []
    if fmt == "docx":
        from studygroup.sources.notes_docx import docx_blocks

        blocks, docx_meta = docx_blocks(data, origin)
        meta = Meta(title=docx_meta.title, author=docx_meta.author, event=docx_meta.event)
        return blocks, meta, left_out
    if fmt == "html":
        from studygroup.sources.decode import decode_html
        from studygroup.sources.notes_html import html_blocks

        blocks, html_meta = html_blocks(decode_html(data))
        meta = Meta(
            title=html_meta.title, author=html_meta.author, date=html_meta.date, url=html_meta.url
        )
        return blocks, meta, left_out
    text = _text(data, origin)
    if data[:4] == _ZIP:
        raise StudygroupError(f"{origin}: a zip archive (a Word document?), not {fmt}")
    front, body = split_front_matter(text, origin)
    meta = Meta(
        title=front.title, author=front.author, date=front.date, url=front.url, event=front.event
    )
    if front.lines and front.unused:
        left_out.append(LeftOut(1, "keys not used: " + ", ".join(front.unused), "front matter"))
    if fmt == "markdown":
        from studygroup.sources.notes_markdown import markdown_blocks

        return markdown_blocks(body), meta, left_out
    return text_blocks(body), meta, left_out


def read_notes(
    data: bytes,
    *,
    fmt: NotesFormat,
    book: Book,
    part: Part | None,
    cues: Sequence[SectionCue] = (),
    origin: str,
) -> ImportedNotes:
    """Read a file of notes (see the module's docstring). `part`: the part all notes are
    about; None to let the notes' headings say. Raises StudygroupError, with one line,
    on notes that cannot be read."""
    with _nesting_limit(origin, fmt):
        return _read_notes(data, fmt=fmt, book=book, part=part, cues=cues, origin=origin)


_TOO_DEEP: dict[NotesFormat, str] = {
    "html": "the page's tags are nested too deeply to read",
    "docx": "the document's parts are nested too deeply to read",
    "markdown": "the notes' lists or quotations are nested too deeply to read",
    "text": "the notes' lists or quotations are nested too deeply to read",
}


@contextmanager
def _nesting_limit(origin: str, fmt: NotesFormat) -> Iterator[None]:
    """Notes nested deeper than Python's recursion allows, as one line.

    The parsers and every step after them walk nested structure (tags in tags, lists
    in lists, quotations in quotations) by recursion. Real notes nest a few levels; a
    file of a few hundred kilobytes can nest tens of thousands. One guard here, where
    every format's reading starts, covers each step that recurses, now and later."""
    try:
        yield
    except RecursionError:
        raise StudygroupError(f"{origin}: {_TOO_DEEP[fmt]}") from None


def _read_notes(
    data: bytes,
    *,
    fmt: NotesFormat,
    book: Book,
    part: Part | None,
    cues: Sequence[SectionCue],
    origin: str,
) -> ImportedNotes:
    if not data.strip():
        raise StudygroupError(f"{origin}: the notes are empty")
    blocks, meta, left_out = _blocks(data, fmt, origin)
    if meta.date is None:
        found = _DATE_IN_NAME.search(PurePath(origin).name)
        if found:
            meta.date = found[1]
    elif re.match(r"^\d{4}-\d{2}-\d{2}[T ]", meta.date):
        meta.date = meta.date[:10]
    if not blocks and not meta.title:
        raise StudygroupError(f"{origin}: the notes are empty")
    return read_units(
        blocks, book=book, part=part, cues=cues, meta=meta, origin=origin, left_out=left_out
    )


@dataclass
class Notes:
    source: NotesSource
    points: list[Point]
    quotations: list[Quotation]


def parse_notes(
    text: str,
    *,
    section_titles: Sequence[str] = (),
    cues: Sequence[SectionCue] = (),
    origin: str = "notes",
) -> Notes:
    """Plain-text notes on one part whose sections have `section_titles` (the seed's
    style). Raises StudygroupError on notes that cannot be read."""
    part = Part(
        key="notes",
        kind="other",
        title="notes",
        sections=[Section(title=title) for title in section_titles],
    )
    book = Book(slug="notes", title="the book", author="the book's author", parts=[part])
    if not text.strip():
        raise StudygroupError(f"{origin}: the notes are empty")
    with _nesting_limit(origin, "text"):
        blocks = text_blocks(text)
        imported = read_units(
            blocks, book=book, part=part, cues=cues, meta=Meta(), origin=origin, left_out=[]
        )
    session = imported.sessions[0]
    return Notes(source=imported.source, points=session.points, quotations=session.quotations)
