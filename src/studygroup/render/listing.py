"""Listings for the terminal and Markdown: the library's books, and search hits.

Hits carry the spans of their matches in the text as the library holds it; on a
terminal they are shown in reverse video, in Markdown in bold, and in plain piped
text the words are simply there.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

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


def _groups(hits: list[Hit]) -> list[tuple[Hit, list[Hit]]]:
    """Hits by book and part, in the order found."""
    groups: list[tuple[Hit, list[Hit]]] = []
    for hit in hits:
        if groups and (groups[-1][0].book, groups[-1][0].part) == (hit.book, hit.part):
            groups[-1][1].append(hit)
        else:
            groups.append((hit, [hit]))
    return groups


def hits_terminal(hits: list[Hit], query: str | None) -> RenderableType:
    if not hits:
        return Text(
            f"Nothing found for “{without_controls(query)}”." if query else "No quotations."
        )
    out: list[RenderableType] = []
    for first, group in _groups(hits):
        heading = styled(first.book_title, HEADING)
        heading.append(f" · {first.label}", HEADING)
        out += [heading]
        for hit in group:
            out.append(Hanging(Text(without_controls(where(hit)), DIM), 2))
            out.append(Hanging(_highlighted(hit), 4))
        out.append(Text())
    count = len(hits)
    out.append(Text(f"{count} passage{'s' if count != 1 else ''}", NOTE))
    return Group(*out)


def hits_markdown(hits: list[Hit], query: str | None) -> str:
    if not hits:
        return (
            f"Nothing found for “{markdown.escape(query)}”." if query else "No quotations."
        ) + "\n"
    lines: list[str] = []
    for first, group in _groups(hits):
        lines += [
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
    return "\n".join(lines)


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
