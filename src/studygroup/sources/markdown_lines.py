"""A Markdown page → its lines (see `lines.py`), read with a CommonMark parser.

Headings keep their level (and a size, as in HTML: `#` is the largest), list items
their nesting and an ordered item its number; a paragraph is cut into lines where
the file breaks its lines, since a contents page in Markdown often puts one entry on
each line of a paragraph. A break inside a link's text only wraps the link. Links
are made absolute against the address the page came from, when it is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from studygroup.sources.lines import LINK_BREAK, Line, Run

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# The sizes HTML gives its headings (see html_lines), so that both read alike.
_HEADING_SIZE = {1: 4, 2: 3, 3: 2, 4: 1, 5: 0, 6: -1}


def markdown_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark with tables, and no raw HTML turned into anything: tags stay text.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass
class _Block:
    """Where the reader is: the block the next lines belong to."""

    depth: int = 0
    heading: int = 0
    block: str = ""
    block_id: int = 0
    box_id: int = 0
    rule: int = 0
    marker: str | None = None


def read_markdown(text: str, base: str = "") -> list[Line]:
    tokens = markdown_parser().parse(text)
    lines: list[Line] = []
    at = _Block()
    ids = 0
    boxes: list[int] = [0]
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            at.depth += 1
            ids += 1
            boxes.append(ids)
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            at.depth -= 1
            boxes.pop()
        elif kind == "hr":
            at.rule += 1
        elif kind == "heading_open":
            at.heading = int(token.tag[1:])
            at.block = token.tag
        elif kind == "heading_close":
            at.heading = 0
        elif kind == "list_item_open":
            at.block = "li"
            at.marker = f"{token.info}{token.markup} " if token.info else None
        elif kind == "paragraph_open" and at.block != "li":
            at.block = "p"
        elif kind in ("td_open", "th_open"):
            at.block = "td"
        elif kind == "inline" and token.children is not None:
            ids += 1
            at.block_id = ids
            at.box_id = boxes[-1]
            start = token.map[0] + 1 if token.map else 0
            lines += _block_lines(token.children, base, start, at)
            at.marker = None
        elif kind == "list_item_close":
            at.block = ""
    return lines


def _block_lines(children: list[Token], base: str, start: int, at: _Block) -> list[Line]:
    out: list[Line] = []
    size = _HEADING_SIZE.get(at.heading, 0) if at.heading else 0
    for offset, runs in enumerate(_inline_lines(children, base, size, at.heading > 0)):
        if at.marker is not None and offset == 0:
            runs.insert(0, Run(at.marker, size=size))
        if not any(run.text.strip() for run in runs):
            continue
        out.append(
            Line(
                runs=runs,
                number=start + offset,
                depth=max(at.depth - 1, 0) if at.block == "li" else at.depth,
                heading=at.heading,
                block=at.block,
                gap=not out,
                block_id=at.block_id,
                box_id=at.box_id,
                rule=at.rule,
            )
        )
    return out


def _inline_lines(children: list[Token], base: str, size: int, bold: bool) -> list[list[Run]]:
    """The runs of an inline token, cut at each line break outside a link."""
    out: list[list[Run]] = [[]]
    href: str | None = None
    emphasis = 0
    strong = 0
    for child in children:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            if href is not None:
                out[-1].append(Run(LINK_BREAK, href, emphasis > 0, strong > 0 or bold, size))
            else:
                out.append([])
        elif kind == "link_open":
            target = str(child.attrs.get("href") or "")
            try:
                href = urljoin(base, target) if base and target else target or None
            except ValueError:  # an address no parser can read: text, not a link
                href = None
        elif kind == "link_close":
            href = None
        elif kind == "em_open":
            emphasis += 1
        elif kind == "em_close":
            emphasis -= 1
        elif kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind in ("text", "code_inline", "html_inline"):
            out[-1].append(Run(child.content, href, emphasis > 0, strong > 0 or bold, size))
    return out
