"""Notes in any format → one list of blocks, in reading order.

Markdown, plain text, a saved web page and a Word document are each read by their own
module into the same `Block`s: a paragraph, a heading, a rule, a table, a piece of
code or HTML, each with its line in the file (for a Word document, the number of its
paragraph), the block quotation and the list item it stands in, and its text as a
reader sees it: emphasis markers, escapes and tags gone, soft hyphens removed, runs of
spaces made one. The interpretation (`notes_reading.py`) sees only blocks, never the
format.

Plain text is read in the seed's style: paragraphs are separated by blank lines, and
the lines of one paragraph are joined with a space. A line starting with a bullet
(`-`, `*`, `•`) or a number (`1.`, `2)`) starts a list item, and a paragraph
indented under an item belongs to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from studygroup.sources.notes_marks import ALL_MARKS

BlockKind = Literal["paragraph", "heading", "rule", "table", "code", "html", "image"]


@dataclass
class Block:
    kind: BlockKind
    line: int  # 1-based line of the file (a Word document: the paragraph's number)
    text: str  # what it says, markup resolved, spaces collapsed
    raw: str = ""  # its first line as written, for reports
    lines: list[str] = field(default_factory=list)  # its text line by line
    level: int = 0  # a heading's level, 1–6
    quote: int = 0  # the block quotation it is in (>, <blockquote>, a Quote style), or 0
    item: int = 0  # the list item it is in (the innermost), or 0
    item_first: bool = False  # the first block of that item: the line with the bullet
    ordered: bool = False  # the item is in a numbered list
    number: int | None = None  # the item's number as written
    list_id: int = 0  # the list the item is in
    depth: int = 0  # how deep the item's list is nested (1 at the top)
    strong: bool = False  # the whole text is bold
    emphasis: bool = False  # the whole text is in italics (or bold)
    outside: str = ""  # its text outside links (a label before a link: "Source:")
    links: list[str] = field(default_factory=list)  # where its links go, in order
    link_only: bool = False  # nothing but links (and punctuation between them)


_SOFT = dict.fromkeys(map(ord, "\u00ad\u200b\ufeff"))
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_RULE = re.compile(r"^(?:[*\-_=~#•·.]\s*){3,}$")
_URL = re.compile(r"^<?(?P<url>(?:https?://|www\.)\S+?)>?[.,;]?$", re.I)


def clean(text: str) -> str:
    """Soft hyphens and zero-width spaces out, runs of spaces (not no-break ones inside
    the text, which transcriptions keep) made one, the ends trimmed of any space."""
    return _SPACES.sub(" ", text.translate(_SOFT)).strip()


def is_rule_text(text: str) -> bool:
    """`* * *`, `---`, `___`, `~~~`, `• • •`: a separator written as text."""
    return _RULE.match(text.strip()) is not None and len(set(text.replace(" ", ""))) <= 2


def bare_url(text: str) -> str | None:
    """The address a paragraph is made of, if it is nothing but one."""
    match = _URL.match(text.strip())
    if match is None:
        return None
    url = match["url"]
    return url if not url.lower().startswith("www.") else f"https://{url}"


def strip_stray_emphasis(text: str, protected: set[int] | None = None) -> str:
    """Emphasis markers the parser left as letters (`*“… *"`: a `*` after a space
    closes nothing) removed where they touch a quotation mark or an end of the text.
    `protected`: indexes of letters written escaped (`\\*`), which stay."""
    keep = protected or set()
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    first, last = offset, offset + len(stripped) - 1
    out = []
    for index, char in enumerate(text):
        if char in "*_" and index not in keep:
            before = text[index - 1] if index > 0 else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            at_edge = (
                index <= first
                or index >= last
                or text[first:index].strip("*_ ") == ""
                or text[index:last].strip("*_ ") == ""
            )
            if at_edge or before in ALL_MARKS or after in ALL_MARKS:
                continue
        out.append(char)
    return "".join(out)


# --- plain text ----------------------------------------------------------------------

# How far a paragraph of plain text is indented to be a block quotation (or a tab).
INDENTED_QUOTE = 4
_BULLET = re.compile(r"^(?P<indent>\s*)(?:(?P<bullet>[-*•‣◦])|(?P<number>\d{1,3})[.)])\s+(?=\S)")


def _wrapped(text: str) -> bool:
    """Plain text wrapped whole in emphasis markers: `*…*`, `_…_`, `**…**`."""
    for marker in ("**", "__", "*", "_"):
        if text.startswith(marker) and text.endswith(marker) and len(text) > 2 * len(marker):
            inner = text[len(marker) : -len(marker)]
            return marker not in inner
    return False


def text_blocks(text: str) -> list[Block]:
    """Plain text in the seed's style → blocks (see the module's docstring)."""
    out: list[Block] = []
    lines = text.splitlines()
    ids = 0
    item = 0
    item_indent = -1
    list_id = 0
    ordered = False
    number: int | None = None
    quote = 0
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        nonlocal paragraph, item, item_indent, list_id, ids, ordered, number, quote
        if not paragraph:
            return
        start, first = paragraph[0]
        bullet = _BULLET.match(first)
        indent = len(first) - len(first.lstrip())
        joined = clean(" ".join(line.strip() for _, line in paragraph))
        parts = [clean(line) for _, line in paragraph]
        indented = first.startswith("\t") or indent >= INDENTED_QUOTE
        if bullet is None and is_rule_text(joined):
            out.append(Block("rule", start, joined, raw=first.strip()))
            item = quote = 0
        elif bullet is not None:
            quote = 0
            # Each line that starts with a bullet starts an item of its own.
            chunks: list[list[tuple[int, str]]] = []
            for number_line, line in paragraph:
                if _BULLET.match(line) or not chunks:
                    chunks.append([(number_line, line)])
                else:
                    chunks[-1].append((number_line, line))
            for chunk in chunks:
                marker = _BULLET.match(chunk[0][1])
                numbered = bool(marker and marker["number"])
                if item == 0 or item_indent < 0 or numbered != ordered:
                    # A new list: after text, or numbers after bullets (or the reverse).
                    ids += 1
                    list_id = ids
                ids += 1
                item = ids
                item_indent = len(marker["indent"]) if marker else indent
                ordered = bool(marker and marker["number"])
                number = int(marker["number"]) if marker and marker["number"] else None
                body = [chunk[0][1][marker.end() :] if marker else chunk[0][1]]
                body += [line for _, line in chunk[1:]]
                words = clean(" ".join(part.strip() for part in body))
                out.append(
                    Block(
                        "paragraph",
                        chunk[0][0],
                        strip_stray_emphasis(words),
                        raw=chunk[0][1].strip(),
                        lines=[clean(part) for part in body],
                        item=item,
                        item_first=True,
                        ordered=ordered,
                        number=number,
                        list_id=list_id,
                        depth=1,
                    )
                )
        else:
            nested = item != 0 and indent > item_indent and indent >= 2
            if not nested:
                item = 0
                item_indent = -1
            # A paragraph indented on its own, under no item, is set apart: a quotation.
            if indented and not nested:
                if not (out and out[-1].quote == quote and quote):
                    ids += 1
                    quote = ids
            else:
                quote = 0
            out.append(
                Block(
                    "paragraph",
                    start,
                    strip_stray_emphasis(joined),
                    raw=first.strip(),
                    lines=parts,
                    quote=quote,
                    emphasis=_wrapped(joined),
                    item=item if nested else 0,
                    ordered=ordered if nested else False,
                    number=number if nested else None,
                    list_id=list_id if nested else 0,
                    depth=1 if nested else 0,
                )
            )
        paragraph = []

    for number_line, line in enumerate(lines, start=1):
        if not line.strip():
            flush()
        elif paragraph and _BULLET.match(line) and not _BULLET.match(paragraph[0][1]):
            # A list starting under a line of text ("Questions:" then "1) …").
            flush()
            paragraph.append((number_line, line))
        else:
            paragraph.append((number_line, line))
    flush()
    for block in out:
        url = bare_url(block.text)
        if url is not None:
            block.links = [url]
            block.link_only = True
    return out
