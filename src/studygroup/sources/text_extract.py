"""A part's page(s) → its text: paragraphs in order, each in its section.

`pages_of(part)` says which pages hold a part's text: its own page, then the
continuation pages its sections link to (`ch02b.htm`), in the contents page's order.
`extract(part, pages)` reads them (`text_blocks.py` finds the blocks and their
roles) and places every paragraph in a section of the part:

- by the anchor the contents page links to (`ch02.htm#s1`: an element with that id,
  or an `<a name>`): the section starts there;
- a section linking to a page of its own, with no anchor, is that whole page;
- failing both, by the first heading (or a paragraph all in bold) after the section
  before whose words are the section's title (its number and marks aside).

Paragraphs before the first section have none (the part's opening words); a section
that cannot be found is read as part of the section before it. A note is placed in
the section of the marker it links back to, so that an author's footnote at the
page's foot counts with the passage it comments on.

A part whose address points into a page (`works.htm#ch3`, a work on one page) starts
at that anchor and ends at the next heading as large as the first one after it that
does not start one of its sections.

What is read is a PartText (domain/text.py), where words are counted by one rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urldefrag

from studygroup.domain.book import Part
from studygroup.domain.text import (
    PageSource,
    Paragraph,
    ParagraphKind,
    PartText,
    count_words,
    page_digest,
)

if TYPE_CHECKING:  # the HTML reader is needed to read pages, not to use a kept text
    from studygroup.sources.text_blocks import Block, Event

_NUMBERING = re.compile(
    r"^\s*(?:(?:section|chapter|part|§)\s*)?(?:[0-9]{1,3}|[ivxlc]{1,6}|[a-z])\s*[.):–—-]\s+",
    re.I,
)
_BYLINE = re.compile(r"^by\b(?:\s+\S+){0,6}$", re.I)
_NOTES_HEADING = re.compile(
    r"^(?:(?:end|foot|editor['’]?s?|translator['’]?s?|author['’]?s?|explanatory|reference"
    r"|bibliographical|mia|marxists['’]?\s+internet\s+archive)\s*)?notes?"
    r"(?:\s+(?:by|to|of|from)\b.*)?\W*$|^references\W*$",
    re.I,
)


def _page(url: str) -> str:
    return urldefrag(url)[0]


def pages_of(part: Part) -> list[str]:
    """The addresses (no fragment) of the pages holding the part's text, in order."""
    out: list[str] = []
    for url in [part.url, *(section.url for section in part.sections)]:
        if url:
            page = _page(url)
            if page and page not in out:
                out.append(page)
    return out


def _fold_title(text: str) -> str:
    text = _NUMBERING.sub("", text)
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _title_matches(heading: str, title: str) -> bool:
    found, wanted = _fold_title(heading), _fold_title(title)
    if not found or not wanted:
        return False
    if found == wanted or found.endswith(" " + wanted):
        return True
    return wanted in found and len(wanted) >= 0.6 * len(found)


@dataclass
class _Page:
    url: str
    events: list[Event]
    anchors: dict[str, int]


def _positions(events: list[Event]) -> dict[str, int]:
    from studygroup.sources.text_blocks import Anchor

    out: dict[str, int] = {}
    for position, event in enumerate(events):
        if isinstance(event, Anchor):
            out.setdefault(event.name, position)
    return out


def _headings(events: list[Event], start: int) -> list[tuple[int, Block]]:
    """Headings, and paragraphs all in bold that may be headings, from `start` on."""
    from studygroup.sources.text_blocks import Block

    out: list[tuple[int, Block]] = []
    for position in range(start, len(events)):
        event = events[position]
        if isinstance(event, Block) and (
            event.role == "heading" or (event.emphatic and len(event.text.split()) <= 20)
        ):
            out.append((position, event))
    return out


def _section_starts(
    part: Part, pages: list[_Page]
) -> tuple[dict[tuple[int, int], int], set[tuple[int, int]]]:
    """Where each section starts: (page, event) → section number; and the events that
    are headings found by their title (not text). An anchor is taken wherever it is
    (a contents page may list a page's sections out of its order); a title is looked
    for after the section before."""
    starts: dict[tuple[int, int], int] = {}
    used: set[tuple[int, int]] = set()
    order = {page.url: index for index, page in enumerate(pages)}
    own = _page(part.url) if part.url else None
    last = (0, -1)
    for number, section in enumerate(part.sections, start=1):
        found: tuple[int, int] | None = None
        if section.url:
            page_url, fragment = urldefrag(section.url)
            index = order.get(page_url)
            if index is not None:
                if fragment and fragment in pages[index].anchors:
                    found = (index, pages[index].anchors[fragment])
                elif not fragment:
                    found = (index, _region_start(part, pages[index]) if page_url == own else 0)
        if found is None:
            found = _by_title(section.title, pages, last)
            if found is not None:
                used.add(found)
        if found is not None and found not in starts:
            starts[found] = number
            last = found
    return starts, used


def _region_start(part: Part, page: _Page) -> int:
    fragment = urldefrag(part.url or "")[1]
    return page.anchors.get(fragment, 0) if fragment else 0


def _by_title(title: str, pages: list[_Page], after: tuple[int, int]) -> tuple[int, int] | None:
    for index in range(after[0], len(pages)):
        start = after[1] + 1 if index == after[0] else 0
        for position, block in _headings(pages[index].events, start):
            if _title_matches(block.text, title):
                return (index, position)
    return None


def _region(part: Part, page: _Page, starts: dict[tuple[int, int], int]) -> range:
    """The events of the part's own page that are its text."""
    fragment = urldefrag(part.url or "")[1]
    if not fragment or fragment not in page.anchors:
        return range(len(page.events))
    begin = page.anchors[fragment]
    heads = _headings(page.events, begin)
    real = [(position, block) for position, block in heads if block.role == "heading"]
    if not real:
        return range(begin, len(page.events))
    level = real[0][1].level
    for position, block in real[1:]:
        if (
            block.level <= level
            and (0, position) not in starts
            and not any(key[0] == 0 and 0 <= position - key[1] <= 2 for key in starts)
        ):
            return range(begin, position)
    return range(begin, len(page.events))


def extract(part: Part, pages: Mapping[str, str]) -> PartText:
    """The part's text from its pages (address without fragment → the page's HTML as
    text; see `decode.decode_html`). Pages not given are listed as missing."""
    from studygroup.sources.text_blocks import Block, page_events

    wanted = pages_of(part)
    read: list[_Page] = []
    sources: list[PageSource] = []
    missing: list[str] = []
    for url in wanted:
        html = pages.get(url)
        if html is None:
            missing.append(url)
            continue
        events = page_events(html)
        read.append(_Page(url, events, _positions(events)))
        sources.append(PageSource(url, page_digest(html)))
    starts, titled = _section_starts(part, read)
    paragraphs: list[Paragraph] = []
    section: int | None = None
    for index, page in enumerate(read):
        region = (
            _region(part, page, starts)
            if index == 0 and part.url and _page(part.url) == page.url
            else range(len(page.events))
        )
        sections_at = _sections_by_position(page, index, starts, section)
        in_notes = False
        header = _title_lines(page.events)
        for position in region:
            section = sections_at[position]
            event = page.events[position]
            if not isinstance(event, Block) or (index, position) in titled or position in header:
                continue
            if event.role == "heading":
                in_notes = bool(_NOTES_HEADING.match(event.text))
                continue
            if event.role != "note" and event.emphatic and _NOTES_HEADING.match(event.text):
                in_notes = True
                continue
            kind: ParagraphKind = "note" if in_notes or event.role == "note" else event.role
            placed = section
            if kind == "note":
                placed = _note_section(event, page, sections_at, paragraphs, section)
            paragraphs.append(Paragraph(placed, kind, event.text))
    return PartText(
        key=part.key,
        url=_page(part.url) if part.url else (wanted[0] if wanted else ""),
        paragraphs=paragraphs,
        sources=sources,
        missing=missing,
    )


def _title_lines(events: list[Event]) -> set[int]:
    """A title page's lines before the text starts: short lines in bold or centred, a
    byline ("by", "by J. C. Mariátegui")."""
    from studygroup.sources.text_blocks import Block

    out: set[int] = set()
    for position, event in enumerate(events):
        if not isinstance(event, Block) or event.role in ("heading", "note"):
            continue
        words = count_words(event.text)
        if words > 12:
            break
        if event.emphatic or event.centred or _BYLINE.match(event.text):
            out.add(position)
    return out


def _sections_by_position(
    page: _Page, index: int, starts: dict[tuple[int, int], int], carried: int | None
) -> list[int | None]:
    """The section each event of the page stands in."""
    out: list[int | None] = []
    current = carried
    for position in range(len(page.events)):
        current = starts.get((index, position), current)
        out.append(current)
    return out


def _note_section(
    block: Block,
    page: _Page,
    sections_at: list[int | None],
    paragraphs: list[Paragraph],
    here: int | None,
) -> int | None:
    """A note's section: that of the marker it links back to; a note's further
    paragraphs follow its first."""
    if block.backref and block.backref in page.anchors:
        return sections_at[page.anchors[block.backref]]
    if block.backref is None and paragraphs and paragraphs[-1].kind == "note":
        return paragraphs[-1].section
    return here
