"""Blocks of notes → units: what each stretch of the notes is, before its role.

A unit is a quotation (its paragraphs gathered, the marks that open and close it
taken off), a paragraph of commentary, a heading, a line that belongs to the
quotation before it (its source, its link, its reference), or something left out
(a rule, a table, navigation). The roles (point, lead-in, question) and the places
(part, section, order) are given afterwards, in `notes_reading.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studygroup.errors import StudygroupError
from studygroup.sources.notes_blocks import Block, bare_url, is_rule_text
from studygroup.sources.notes_marks import (
    ALL_MARKS,
    ATTRIBUTION,
    ends_closed,
    head_of,
    looks_like_source,
    shape,
    strip_wrapping,
    tail_of,
)

# The fewest words of a paragraph in italics that is a quotation without marks.
ITALIC_QUOTE_WORDS = 6
CONTENTS = re.compile(
    r"^(?:table of )?contents$|^toc$|^index$|^outline$|^in this (?:post|page)$", re.I
)
# A lead-in may end without a stop, on the verb that introduces ("As Marx says").
ENDS_WORD = re.compile(
    r"\b(?:that|thus|as follows|following|below|says|writes|wrote|said|put it|puts it|"
    r"notes|noted|argues|argued|observes|observed|explains|continues|adds|added|remarks|"
    r"declares|concludes|insists|states|stated)\s*$",
    re.I,
)
# A label before a quotation: "Quote: “…”", "Quotation 3 – “…”".
_QUOTE_LABEL = re.compile(
    r"^(?:quote|quotation|citation|excerpt|extract)\s*\d{0,3}\s*[:.\-–—]\s*", re.I
)
# A footnote's text, as Markdown extensions write it: "[^1]: …".
_FOOTNOTE = re.compile(r"^\[\^[^\]\s]{1,20}\]:")
# A label before a quotation's link or source: "Source: <…>", "From: Lenin, …".
_LABEL = re.compile(
    r"^\s*(?:source|sources|from|link|url|online|text|read (?:it )?(?:here|at|online)|"
    r"available (?:at|here|online)|cited from|citation|reference)\s*:?\s*",
    re.I,
)
_REFERENCE_LINE = re.compile(
    r"^[(\[]\s*(?:p|pp|page|pages|ch|chap|chapter|vol|volume|§|sect|section)\.?\s*[^()\[\]]{1,60}[)\]]\.?$",
    re.I,
)


# --- units -----------------------------------------------------------------------------


@dataclass(eq=False)
class Quote:
    line: int
    item: int
    paragraphs: list[str]
    first: Block
    reference: str | None = None
    source: str | None = None
    url: str | None = None
    lead_in: str | None = None
    shares: bool = False


@dataclass(eq=False)
class Para:
    block: Block
    text: str


@dataclass(eq=False)
class Head:
    block: Block
    text: str
    level: int


@dataclass(eq=False)
class Skip:
    block: Block
    why: str


@dataclass(eq=False)
class Link:
    block: Block
    url: str


@dataclass(eq=False)
class SourceLine:
    block: Block
    text: str


@dataclass(eq=False)
class RefLine:
    block: Block
    text: str


Unit = Quote | Para | Head | Skip | Link | SourceLine | RefLine


def ending(text: str) -> str:
    """The last character that says something: past closing marks, emphasis, spaces."""
    core = text.rstrip().rstrip(ALL_MARKS + "*_ \t)")
    if text.rstrip().endswith(")") and not core.endswith(("?", ":")):
        return ")"
    return core[-1:] if core else ""


def unquoted_end(text: str) -> str:
    return text.rstrip().rstrip(ALL_MARKS + "*_ \t")


def _navigation(blocks: list[Block]) -> dict[int, str]:
    """Blocks of tables of contents and lists of links: index → why."""
    out: dict[int, str] = {}
    lists: dict[int, list[int]] = {}
    for index, block in enumerate(blocks):
        if block.list_id and block.depth >= 1:
            lists.setdefault(block.list_id, []).append(index)
    for indexes in lists.values():
        firsts = [blocks[i] for i in indexes if blocks[i].item_first]
        after_heading = indexes[0] > 0 and (
            blocks[indexes[0] - 1].kind == "heading"
            and CONTENTS.match(blocks[indexes[0] - 1].text.strip(" :")) is not None
        )
        linked = len(firsts) >= 2 and all(b.link_only for b in firsts)
        if not (linked or after_heading):
            continue
        anchors = any(link.startswith("#") for b in firsts for link in b.links)
        why = "a table of contents" if (anchors or after_heading) else "a list of links"
        for i in indexes:
            out[i] = why
    for index, block in enumerate(blocks):
        if block.kind == "heading" and CONTENTS.match(block.text.strip(" :")):
            out[index] = "a table of contents"
    return out


class Grouping:
    """Blocks → units: quotations gathered, the lines that belong to them told apart."""

    def __init__(self, blocks: list[Block], origin: str) -> None:
        self.blocks = blocks
        self.origin = origin
        self.out: list[Unit] = []

    def run(self) -> list[Unit]:
        navigation = _navigation(self.blocks)
        index = 0
        blocks = self.blocks
        while index < len(blocks):
            block = blocks[index]
            if index in navigation:
                self.out.append(Skip(block, navigation[index]))
                index += 1
            elif block.kind == "heading":
                self.out.append(Head(block, block.text, block.level))
                index += 1
            elif block.kind != "paragraph":
                why = {
                    "rule": "a rule",
                    "table": "a table",
                    "code": "code",
                    "html": "HTML",
                    "image": "an image",
                }[block.kind]
                self.out.append(Skip(block, why))
                index += 1
            elif block.quote:
                index = self._block_quote(index)
            else:
                index = self._paragraph(index)
        return self.out

    def _after_quote(self) -> Quote | None:
        """The quotation the units so far end with (past its link, source, reference)."""
        for unit in reversed(self.out):
            if isinstance(unit, Quote):
                return unit
            if not isinstance(unit, (Link, SourceLine, RefLine)):
                return None
        return None

    def _block_quote(self, start: int) -> int:
        end = start
        while (
            end < len(self.blocks)
            and self.blocks[end].kind == "paragraph"
            and self.blocks[end].quote
        ):
            end += 1
            # An attribution closes the quotation: what follows is another.
            said = ATTRIBUTION.match(self.blocks[end - 1].text)
            if end - 1 > start and said and looks_like_source(said["source"]):
                break
        region = self.blocks[start:end]
        texts = [block.text for block in region]
        source = None
        # An attribution closing the block quotation: its own paragraph, or its last line.
        last = region[-1]
        found = ATTRIBUTION.match(last.text)
        if len(region) > 1 and found and looks_like_source(found["source"]):
            source = found["source"].strip()
            region, texts = region[:-1], texts[:-1]
        elif len(last.lines) > 1:
            found = ATTRIBUTION.match(last.lines[-1])
            if found and looks_like_source(found["source"]):
                source = found["source"].strip()
                texts[-1] = " ".join(last.lines[:-1])
        if len(texts) > 1 and all(shape(text).whole for text in texts):
            for block, text in zip(region, texts, strict=True):
                body, reference = strip_wrapping(text)
                self.out.append(Quote(block.line, block.item, [body], block, reference))
        else:
            paragraphs: list[str] = []
            reference = None
            for number, text in enumerate(texts):
                found_shape = shape(text)
                if found_shape.whole:
                    body, reference = strip_wrapping(text)
                elif number == 0 and found_shape.open_at_end:
                    body = head_of(text)
                elif number == len(texts) - 1 and ends_closed(text) and paragraphs:
                    body, reference, _ = tail_of(head_of(text))
                else:
                    body, reference = strip_wrapping(head_of(text) if paragraphs else text)
                paragraphs.append(body)
            self.out.append(Quote(region[0].line, region[0].item, paragraphs, region[0], reference))
        if source:
            self.out[-1].source = source  # type: ignore[union-attr]
        return end

    def _paragraph(self, index: int, piece: Block | None = None) -> int:
        """Read the paragraph at `index` (or `piece`, a part of it) into units; the index
        of the next block to read."""
        block = piece or self.blocks[index]
        text = block.text
        before = self._after_quote()
        labelled = len(block.links) == 1 and _LABEL.sub("", block.outside).strip(" ()[].,:") == ""
        if (block.link_only or labelled) and len(block.links) == 1:
            self.out.append(Link(block, block.links[0]))
            return index + 1
        label = _LABEL.match(text)
        if before is not None and label and ":" in label.group(0):
            said = text[label.end() :].strip()
            url = bare_url(said)
            if url is not None:
                self.out.append(Link(block, url))
                return index + 1
            if looks_like_source(said):
                self.out.append(SourceLine(block, said))
                return index + 1
        if block.link_only:
            self.out.append(Skip(block, "a list of links"))
            return index + 1
        attribution = ATTRIBUTION.match(text)
        if (
            before is not None
            and attribution
            and not text.startswith("- ")
            and looks_like_source(attribution["source"])
        ):
            self.out.append(SourceLine(block, attribution["source"].strip()))
            return index + 1
        if before is not None and block.item_first and looks_like_source(text):
            single = [b for b in self.blocks if b.list_id == block.list_id and b.item_first]
            if len(single) == 1 and block.raw.lstrip().startswith(("-", "—", "–")):
                self.out.append(SourceLine(block, text))
                return index + 1
        if before is not None and _REFERENCE_LINE.match(text):
            self.out.append(RefLine(block, text.strip("()[]. ")))
            return index + 1
        core, trailers = _peel(block.lines)
        if trailers:
            # A quotation with its source or link on the lines under it, no blank line
            # between: they are its, as if on lines of their own.
            trial = Block(**{**block.__dict__, "lines": core, "text": " ".join(core)})
            if _glued(trial) is not None or shape(trial.text).whole:
                block, text = trial, trial.text
            else:
                trailers = []
        if _FOOTNOTE.match(text):
            self.out.append(Skip(block, "a footnote"))
            return index + 1
        label = _QUOTE_LABEL.match(text)
        if label is not None and shape(text[label.end() :]).whole:
            text = text[label.end() :]
            block = Block(**{**block.__dict__, "text": text, "lines": [text]})
        glued = _glued(block)
        rest: Block | None = None
        if glued is not None:
            # A quotation glued to the lines around it: as if blank lines were there.
            if glued.head:
                self.out.append(Para(block, glued.head))
            if glued.rest:
                rest_lines = block.lines[glued.end :]
                rest = Block(
                    **{
                        **block.__dict__,
                        "text": glued.rest,
                        "lines": rest_lines,
                        "item_first": False,
                        "line": block.line + glued.end,
                    }
                )
            moved = {
                "text": glued.quotation,
                "lines": block.lines[glued.start : glued.end],
                "item_first": block.item_first and not glued.head,
                "line": block.line + glued.start,
            }
            block = Block(**{**block.__dict__, **moved})
            text = glued.quotation
        found = shape(text)
        if found.whole:
            self.out.append(
                Quote(block.line, block.item, [found.body], block, found.reference, found.source)
            )
            for offset, line in enumerate(trailers, start=len(block.lines)):
                self.out.append(
                    _trailer(Block(**{**block.__dict__, "line": block.line + offset}), line)
                )
            if rest is not None:
                return self._paragraph(index, rest)
            return index + 1
        previous = self.out[-1] if self.out else None
        if (
            block.emphasis
            and not found.opens
            and isinstance(previous, Para)
            and ending(previous.text) == ":"
            and not block.item_first
            and len(text.split()) >= ITALIC_QUOTE_WORDS
        ):
            # A paragraph all in italics, straight after a lead-in ending in a colon, is
            # a quotation set in italics instead of marks.
            self.out.append(Quote(block.line, block.item, [text], block))
            return index + 1
        if not found.open_at_end:
            self.out.append(Para(block, text))
            return index + 1
        # A quotation over several paragraphs: each may open, only the last closes.
        paragraphs = [found.body]
        end = index + 1
        while end < len(self.blocks):
            following = self.blocks[end]
            if following.kind != "paragraph" or following.quote or following.link_only:
                break
            if ends_closed(following.text):
                body, reference, source = tail_of(head_of(following.text))
                paragraphs.append(body)
                self.out.append(Quote(block.line, block.item, paragraphs, block, reference, source))
                return end + 1
            paragraphs.append(head_of(following.text))
            end += 1
        raise StudygroupError(
            f"{self.origin}:{block.line}: a quotation opens here and never closes "
            '(its last paragraph should end with ” or ")'
        )


def _belongs(line: str) -> bool:
    """A line that belongs to the quotation above it: its source, link or reference."""
    said = ATTRIBUTION.match(line)
    return (
        bare_url(line) is not None
        or (said is not None and looks_like_source(said["source"]))
        or _REFERENCE_LINE.match(line) is not None
    )


def _peel(lines: list[str]) -> tuple[list[str], list[str]]:
    """A paragraph's lines, and the lines at its end that may belong to a quotation."""
    end = len(lines)
    while end > 1 and _belongs(lines[end - 1]):
        end -= 1
    return lines[:end], lines[end:]


def _trailer(block: Block, line: str) -> Unit:
    url = bare_url(line)
    if url is not None:
        return Link(block, url)
    said = ATTRIBUTION.match(line)
    if said is not None and looks_like_source(said["source"]):
        return SourceLine(block, said["source"].strip())
    return RefLine(block, line.strip("()[]. "))


@dataclass(frozen=True)
class _Glued:
    head: str  # the lines before the quotation ("" if it starts the paragraph)
    quotation: str
    rest: str  # the lines after it ("" if it ends the paragraph)
    start: int  # the line of the paragraph the quotation starts on, from 0
    end: int  # the line after its last


def _glued(block: Block) -> _Glued | None:
    """A quotation with no blank line around it: after a line that ends a sentence or
    introduces (`He says:` then `“…”` on the next line), or before a line that goes on
    (`“…”` then `What does he mean?`). A line break inside a sentence before a quoted
    phrase (`which he calls` then `“the withering away”`) is only wrapping, and stays."""
    lines = block.lines
    count = len(lines)
    for k in range(count):
        if lines[k].lstrip("*_ ")[:1] not in '“„«"':
            continue
        head = " ".join(lines[:k]).strip()
        if k and ending(head) not in ":,.;?!" and not ENDS_WORD.search(unquoted_end(head)):
            continue
        if k and shape(head).open_at_end:
            continue
        for m in range(count, k, -1):
            if k == 0 and m == count:
                continue  # the whole paragraph: not glued to anything
            if m < count and not ends_closed(lines[m - 1]):
                continue
            found = shape(" ".join(lines[k:m]))
            if found.whole or (m == count and found.open_at_end):
                rest = " ".join(lines[m:]).strip()
                return _Glued(head, " ".join(lines[k:m]), rest, k, m)
    return None


def join_split_sentences(units: list[Unit]) -> list[Unit]:
    """Commentary paragraphs ending in a comma go on in the next commentary paragraph."""
    out: list[Unit] = []
    for unit in units:
        previous = out[-1] if out else None
        if (
            isinstance(unit, Para)
            and isinstance(previous, Para)
            and not unit.block.item
            and not previous.block.item
            and previous.text.endswith(",")
            and not is_rule_text(unit.text)
        ):
            out[-1] = Para(previous.block, f"{previous.text} {unit.text}")
        else:
            out.append(unit)
    return out
