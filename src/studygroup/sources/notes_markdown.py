"""Markdown notes → blocks, read by a CommonMark parser (markdown-it-py).

The parser decides what is a heading, a list item, a block quotation, a rule or a
table, so an indented quotation under a bullet (`- Consider:` then `  “…”`) is known
to stand in that bullet's item. Inline, emphasis markers go and their words stay;
escaped letters (`\\*historical\\*`, `\\~`) stay as the letters they are; HTML tags go
(`3<sup>rd</sup>` is `3rd`, `<span …>Chapter II</span>` is `Chapter II`); a link keeps
its words and gives its address to the block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studygroup.sources.notes_blocks import (
    Block,
    bare_url,
    clean,
    is_rule_text,
    strip_stray_emphasis,
)

if TYPE_CHECKING:
    from markdown_it.token import Token


# The most words of a heading underlined with === or --- (longer is a paragraph).
SETEXT_WORDS = 12
_ATTRIBUTES = re.compile(r"\s*\{\s*[#.][^{}]*\}\s*$")


def _prose(text: str) -> bool:
    """Sentences, not code: words of letters, and no braces, semicolons at line ends or
    assignments."""
    words = re.findall(r"[^\W\d_]{2,}", text)
    code = re.search(r"[{}]|;\s*$|^\s*(?:def|class|import|return)\b|==|=>", text, re.M)
    if len(words) < 5 or code:
        return False
    letters = sum(ch.isalpha() for ch in text)
    return letters >= 0.6 * len(text.replace(" ", "").replace("\n", ""))


@dataclass
class _Item:
    id: int
    number: int | None
    pending: bool = True  # its first block is still to come


class _Inline:
    """One paragraph's inline tokens, read into text."""

    def __init__(self, children: list[Token]) -> None:
        self.pieces: list[str] = []
        self.protected: set[int] = set()
        self.links: list[str] = []
        self.link_chars = 0
        self.other_chars = 0
        self.strong_chars = 0
        self.emphasis_chars = 0
        self.outside: list[str] = []
        self.letters = 0
        self.images = 0
        strong = 0
        emphasis = 0
        in_link = 0
        size = 0
        for child in children:
            kind = child.type
            if kind in ("text", "text_special", "code_inline"):
                content = child.content
                if kind != "text":
                    self.protected.update(range(size, size + len(content)))
                self.pieces.append(content)
                size += len(content)
                visible = sum(1 for ch in content if not ch.isspace())
                self.letters += visible
                if strong:
                    self.strong_chars += visible
                if strong or emphasis:
                    self.emphasis_chars += sum(1 for ch in content if ch.isalnum())
                if in_link:
                    self.link_chars += sum(1 for ch in content if ch.isalnum())
                else:
                    self.other_chars += sum(1 for ch in content if ch.isalnum())
                    self.outside.append(content)
            elif kind in ("softbreak", "hardbreak"):
                self.pieces.append("\n")
                size += 1
            elif kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                emphasis += 1
            elif kind == "em_close":
                emphasis -= 1
            elif kind == "link_open":
                in_link += 1
                href = child.attrs.get("href")
                if isinstance(href, str):
                    self.links.append(href)
            elif kind == "link_close":
                in_link -= 1
            elif kind == "image":
                self.images += 1
            elif kind == "html_inline" and child.content.lower().startswith("<br"):
                self.pieces.append("\n")
                size += 1

    @property
    def raw_text(self) -> str:
        return "".join(self.pieces)


def markdown_blocks(text: str) -> list[Block]:
    """Markdown → blocks. Line numbers are those of `text` (front matter blanked out,
    not removed, keeps them right)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    # Escaped letters as tokens of their own: `\\*` is a letter, not emphasis.
    md.disable("text_join")
    tokens = md.parse(text)
    source = text.splitlines()
    out: list[Block] = []
    ids = 0
    quotes: list[int] = []
    lists: list[tuple[bool, int]] = []
    items: list[_Item] = []

    def new_id() -> int:
        nonlocal ids
        ids += 1
        return ids

    def raw_line(token: Token) -> tuple[int, str]:
        start = token.map[0] if token.map else 0
        return start + 1, source[start].strip() if start < len(source) else ""

    def place(block: Block) -> Block:
        block.quote = quotes[-1] if quotes else 0
        if items:
            item = items[-1]
            block.item, block.item_first, block.number = item.id, item.pending, item.number
            item.pending = False
            block.ordered, block.list_id = lists[-1] if lists else (False, 0)
            block.depth = len(lists)
        return block

    skip_to = -1
    for index, token in enumerate(tokens):
        if index <= skip_to:
            continue
        kind = token.type
        if kind == "blockquote_open":
            quotes.append(new_id())
        elif kind == "blockquote_close":
            quotes.pop()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append((kind == "ordered_list_open", new_id()))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            number = int(token.info) if token.info.isdigit() else None
            items.append(_Item(new_id(), number))
        elif kind == "list_item_close":
            items.pop()
        elif kind in ("paragraph_open", "heading_open"):
            inline = tokens[index + 1]
            read = _Inline(inline.children or [])
            line, raw = raw_line(token)
            joined = strip_stray_emphasis(read.raw_text, read.protected)
            if kind == "heading_open":
                # Heading attributes as Pandoc and kramdown write them: {#intro .class}
                joined = _ATTRIBUTES.sub("", joined)
            lines = [clean(part) for part in joined.split("\n") if clean(part)]
            words = clean(joined)
            block = Block(
                "heading" if kind == "heading_open" else "paragraph",
                line,
                words,
                raw=raw,
                lines=lines,
                level=int(token.tag[1:]) if kind == "heading_open" else 0,
                strong=read.letters > 0 and read.strong_chars == read.letters,
                links=read.links,
                link_only=bool(read.links) and read.other_chars == 0,
                emphasis=read.emphasis_chars > 0
                and read.emphasis_chars == read.other_chars + read.link_chars,
                outside=clean("".join(read.outside)),
            )
            if block.kind == "paragraph" and not words and read.images:
                block.kind = "image"
                block.text = raw
            elif block.kind == "paragraph" and is_rule_text(words) and not items:
                block.kind = "rule"
            elif block.kind == "paragraph" and not block.links:
                url = bare_url(words)
                if url is not None:
                    block.links, block.link_only = [url], True
            setext = kind == "heading_open" and token.markup in ("=", "-")
            if setext and (len(words.split()) > SETEXT_WORDS or words[-1:] in ".!?,;:"):
                # A paragraph with a rule under it and no blank line between: Markdown
                # makes it a heading; the writer meant commentary, then a rule.
                block.kind, block.level = "paragraph", 0
                out.append(place(block))
                end = token.map[1] if token.map else line
                out.append(place(Block("rule", end, "---", raw=source[end - 1].strip())))
            elif words or block.kind == "image":
                out.append(place(block))
            skip_to = index + 2
        elif kind == "hr":
            line, raw = raw_line(token)
            out.append(place(Block("rule", line, raw, raw=raw)))
        elif kind == "table_open":
            line, raw = raw_line(token)
            end = next(i for i in range(index, len(tokens)) if tokens[i].type == "table_close")
            cells = [t.content for t in tokens[index:end] if t.type == "inline"]
            out.append(place(Block("table", line, clean(" | ".join(cells)), raw=raw)))
            skip_to = end
        elif kind == "code_block" and _prose(token.content):
            # Prose indented four spaces is how plain-text notes set a quotation
            # apart; Markdown would make it code. It is a block quotation.
            line, raw = raw_line(token)
            quote = new_id()
            offset = 0
            for piece in re.split(r"\n[ \t]*\n", token.content):
                words = clean(piece)
                if words:
                    block = place(Block("paragraph", line + offset, words, raw=raw))
                    block.quote = quote
                    block.lines = [clean(part) for part in piece.split("\n") if clean(part)]
                    out.append(block)
                offset += piece.count("\n") + 2
        elif kind in ("code_block", "fence"):
            line, raw = raw_line(token)
            out.append(place(Block("code", line, clean(token.content), raw=raw)))
        elif kind == "html_block":
            line, raw = raw_line(token)
            out.append(place(Block("html", line, clean(token.content), raw=raw)))
    return out
