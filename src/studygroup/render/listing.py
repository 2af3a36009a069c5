"""Listings for the terminal and Markdown: the library's books, and search hits.

Hits carry the spans of their matches in the text as the library holds it; on a
terminal they are shown in reverse video, in Markdown in bold, and in plain piped
text the words are simply there.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

from studygroup.domain.inline import plain
from studygroup.render import markdown
from studygroup.render.terminal import DIM, HEADING, NOTE, Hanging, styled
from studygroup.safety import without_controls
from studygroup.views.catalogue import CatalogueView
from studygroup.views.search import Hit

MATCH = Style(reverse=True, bold=True)


def where(hit: Hit) -> str:
    """'quotation 3, paragraph 1 · 1. Want, Luxury and Speculation'."""
    if hit.kind == "quotation":
        what = f"quotation {hit.number}, paragraph {hit.paragraph}"
    elif hit.kind == "question":
        what = f"question {hit.number}"
    elif hit.kind == "glossary":
        what = "glossary"
    elif hit.kind == "text":
        what = f"the text, paragraph {hit.paragraph}"
    else:
        what = "discussion point"
    if hit.section_number is not None:
        what += f" · {hit.section_number}. {hit.section}"
    return what


def _highlighted(hit: Hit) -> Text:
    text = Text()
    position = 0
    for start, end in hit.matches:
        text.append(without_controls(hit.text[position:start]))
        text.append(without_controls(hit.text[start:end]), MATCH)
        position = end
    text.append(without_controls(hit.text[position:]))
    return text


def groups(hits: Iterable[Hit]) -> Iterator[list[Hit]]:
    """Hits by book and part, in the order found, one group at a time."""
    for _, group in itertools.groupby(hits, key=lambda hit: (hit.book, hit.part)):
        yield list(group)


def nothing_found(query: str | None) -> str:
    return f"Nothing found for “{without_controls(query)}”." if query else "No quotations."


def count_line(count: int) -> str:
    return f"{count} passage{'s' if count != 1 else ''}"


def group_terminal(group: list[Hit]) -> RenderableType:
    """One book's part and its hits, for the terminal (or as plain text, piped)."""
    first = group[0]
    heading = styled(first.book_title, HEADING)
    heading.append(f" · {first.label}", HEADING)
    out: list[RenderableType] = [heading]
    for hit in group:
        out.append(Hanging(Text(without_controls(where(hit)), DIM), 2))
        out.append(Hanging(_highlighted(hit), 4))
    out.append(Text())
    return Group(*out)


def wrap(text: str, width: int, indent: str) -> list[str]:
    """Greedy wrapping at spaces, words never cut, spaces inside a line kept: what rich
    prints for plain text, in a fraction of its time (a search may print thousands of
    passages). The lines are found by one regular expression, in C."""
    if not text.isprintable():
        text = _BLANKS.sub(" ", text)
    text = text.strip(" ")
    room = max(width - len(indent), 1)
    if len(text) <= room:
        return [indent + text] if text else []
    if max(map(len, text.split())) > room:
        return _by_words(text, room, indent)  # a word longer than a line: an address
    return [indent + line.rstrip(" ") for line in _line(room).findall(text)]


def _by_words(text: str, room: int, indent: str) -> list[str]:
    """Greedy wrapping word by word, a word longer than the line on a line of its own."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > room:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return lines


_BLANKS = re.compile(r"[^\S ]+")  # tabs, line breaks: a space, as rich prints them


@functools.lru_cache(maxsize=8)
def _line(room: int) -> re.Pattern[str]:
    # As many characters as fit, ending before a space or at the end; then the spaces.
    return re.compile(f"(\\S.{{0,{room - 1}}})(?: +|$)")


def group_plain(group: list[Hit], width: int) -> str:
    """One book's part and its hits as plain lines, for a pipe: what the terminal shows,
    without colour (rich's wrapping costs far more when there are thousands of hits)."""
    first = group[0]
    out = [f"{plain(first.book_title)} · {first.label}"]
    for hit in group:
        out += wrap(where(hit), width, "  ")
        out += wrap(hit.text, width, "    ")
    return "\n".join(out) + "\n\n"  # made inert by `put`, as it is printed


def count_terminal(count: int) -> RenderableType:
    return Text(count_line(count), NOTE)


def group_markdown(group: list[Hit]) -> str:
    first = group[0]
    lines = [
        f"## {markdown.inline(f'_{first.book_title}_')} · {markdown.escape(first.label)}",
        "",
    ]
    for hit in group:
        pieces = []
        position = 0
        for start, end in hit.matches:
            pieces.append(markdown.escape(hit.text[position:start], starts_line=position == 0))
            pieces.append(f"**{markdown.escape(hit.text[start:end], starts_line=False)}**")
            position = end
        pieces.append(markdown.escape(hit.text[position:], starts_line=position == 0))
        lines += [f"- *{markdown.escape(where(hit))}*  ", f"  {''.join(pieces)}"]
    lines.append("")
    return "\n".join(lines) + "\n"


def catalogue_terminal(view: CatalogueView) -> RenderableType:
    state = (
        "" if view.user_library_exists else " (empty: made when you first import or write notes)"
    )
    out: list[RenderableType] = [Hanging(Text(f"Your library: {view.user_library}{state}", DIM))]
    for book in view.books:
        out.append(Text())
        line = Text(book.slug, HEADING)
        line.append("  ")
        line.append_text(styled(f"_{book.title}_, {book.author}"))
        line.append(f"  · {book.origin}", DIM)
        out.append(Hanging(line))
        labels = {part.key: part.label for part in book.parts}
        notes = ", ".join(labels[key] for key in book.notes) or "none yet"
        out.append(Hanging(Text(without_controls(f"parts: {book.keys}")), 2))
        out.append(Hanging(Text(f"notes: {notes}"), 2))
    return Group(*out)


def catalogue_plain(view: CatalogueView, width: int) -> str:
    """The library's books as plain lines for a pipe: what `catalogue_terminal` prints
    there, without rich's cost for each of a thousand books."""
    state = (
        "" if view.user_library_exists else " (empty: made when you first import or write notes)"
    )
    out = wrap(f"Your library: {view.user_library}{state}", width, "")
    for book in view.books:
        labels = {part.key: part.label for part in book.parts}
        notes = ", ".join(labels[key] for key in book.notes) or "none yet"
        out.append("")
        out += wrap(f"{book.slug}  {plain(book.title)}, {book.author}  · {book.origin}", width, "")
        out += wrap(f"parts: {book.keys}", width, "  ")
        out += wrap(f"notes: {notes}", width, "  ")
    return "\n".join(out) + "\n"  # made inert by `put`, as it is printed


def catalogue_markdown(view: CatalogueView) -> str:
    lines = ["# Library", "", f"Your library: {markdown.escape(view.user_library)}", ""]
    for book in view.books:
        labels = {part.key: part.label for part in book.parts}
        notes = ", ".join(labels[key] for key in book.notes) or "none yet"
        lines += [
            f"- **{markdown.escape(book.slug)}**: {markdown.inline(f'_{book.title}_')}, "
            f"{markdown.escape(book.author)} ({book.origin}); parts: {markdown.escape(book.keys)}; "
            f"notes: {markdown.escape(notes)}"
        ]
    return "\n".join(lines) + "\n"
