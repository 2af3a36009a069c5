"""A Markdown page → its lines (see `lines.py`), read with a CommonMark parser.

Headings keep their level, list items their nesting and an ordered item its number;
a paragraph is cut into lines where the file breaks its lines, since a contents page
in Markdown often puts one entry on each line of a paragraph. Links are made
absolute against the address the page came from, when it is known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from studygroup.sources.lines import Line, Run

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


def markdown_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark with tables, and no raw HTML turned into anything: tags stay text.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def read_markdown(text: str, base: str = "") -> list[Line]:
    tokens = markdown_parser().parse(text)
    lines: list[Line] = []
    depth = 0
    heading = 0
    block = ""
    marker: str | None = None
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1
        elif kind == "heading_open":
            heading = int(token.tag[1:])
            block = token.tag
        elif kind == "heading_close":
            heading = 0
        elif kind == "list_item_open":
            block = "li"
            marker = f"{token.info}{token.markup} " if token.info else None
        elif kind == "paragraph_open" and block != "li":
            block = "p"
        elif kind in ("td_open", "th_open"):
            block = "td"
        elif kind == "inline" and token.children is not None:
            start = token.map[0] + 1 if token.map else 0
            for offset, runs in enumerate(_inline_lines(token.children, base)):
                if marker is not None and offset == 0:
                    runs.insert(0, Run(marker))
                if any(run.text.strip() for run in runs):
                    lines.append(
                        Line(
                            runs=runs,
                            number=start + offset,
                            depth=max(depth - 1, 0) if block == "li" else depth,
                            heading=heading,
                            block=block,
                        )
                    )
            marker = None
        elif kind == "list_item_close":
            block = ""
    return lines


def _inline_lines(children: list[Token], base: str) -> list[list[Run]]:
    """The runs of an inline token, cut at each line break."""
    out: list[list[Run]] = [[]]
    href: str | None = None
    emphasis = 0
    strong = 0
    for child in children:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            out.append([])
        elif kind == "link_open":
            target = str(child.attrs.get("href") or "")
            href = urljoin(base, target) if base and target else target or None
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
            out[-1].append(Run(child.content, href, emphasis > 0, strong > 0))
        elif kind == "image":
            continue
    return out
