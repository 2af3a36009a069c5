"""A chapter page → its blocks in reading order, each with its role, and its anchors.

The page is parsed by an HTML5 parser (selectolax's Lexbor), never by regular
expressions over markup. A block is what a browser would set as a paragraph: a
`<p>`, a list item, a table cell, a heading, or a run of text that stands between
blocks (and a run cut by two `<br>` in a row is two). Each block gets a role from
the archive's conventions, which are the same on all its pages:

- heading: `<h1>`…`<h6>`, and the archive's `p.sub` (a numeral, "Footnotes");
- quote: inside `<blockquote>`, or a paragraph class starting `quot` (`quote`,
  `quoteb`, `quotec`, `quoter`: the archive's block quotations and their sources);
- note: a paragraph class starting `note`, `endnote`, `footnote`, `pagenote` or
  `ednote`, or a block that opens with a note marker (`<a href="#bk1">[1]</a>`,
  `<sup>1)</sup>`): the notes at the page's foot; an editor's note inside running
  text (`<span class="inote">[… – Ed.]</span>`) becomes a note block of its own,
  right after the block it stood in;
- text: everything else that has a letter in it.

Left out: the archive's furniture (classes `toplink`, `title`, `footer`, `updat`,
`information`, `info`, `next`, `index`, `toc`, `link`, `skip`; what stands between
`<hr class="infotop">` and `<hr class="infobot">`), blocks whose words are all
inside links (breadcrumbs, next/previous/contents lines, a chapter's list of its
sections), navigation words ("Top of the page"), the info lines of a work's head
("Source:", "Transcribed:", "Last updated"), blocks with no letter (figures of a
table, `* * *`), images, scripts and styles. Inline note markers — `<sup>` holding
a number or a mark, a link within the page whose text is `[1]`, `1.`, `1*`, `(a)`,
`*` — are taken out of the text; their anchors stay, so a note that links back to
its marker can be placed in the marker's section.

Anchors (an element's `id`, an `<a name>`) are events of their own between the
blocks, so that a section found by the anchor the contents page links to starts at
the right block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

Role = Literal["text", "quote", "note", "heading"]

_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer"),
        *("form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "menu"),
        *("nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead"),
        *("tr", "td", "th", "ul", "hr", "html"),
    }
)
_SKIP = frozenset(
    {
        *("script", "style", "head", "noscript", "template", "img", "map", "object"),
        *("iframe", "select", "button", "input", "textarea", "svg", "math", "video"),
        *("audio", "canvas", "embed", "title", "-comment", "nav"),
    }
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_STRONG = frozenset({"b", "strong"})
# The archive's furniture, by class: breadcrumbs, page titles, footers, "last updated",
# the work's information block, next/previous lines, contents lists, spacers.
_FURNITURE = frozenset(
    {
        *("toplink", "title", "footer", "updat", "updated", "information", "info", "next"),
        *("prev", "previous", "index", "indexb", "toc", "link", "skip", "nav", "navigation"),
        *("breadcrumb", "breadcrumbs", "menu", "copyright", "infotop", "infobot"),
    }
)
_NOTE_PREFIXES = ("note", "endnote", "footnote", "pagenote", "ednote", "fnote")
_QUOTE_PREFIXES = ("quot", "fquot", "blockquot")
# A note marker as the text of a link within the page or of a <sup>: "[1]", "1.",
# "1*.", "(12)", "1)", "a", "[a]", "*", "†", "iv".
_MARKER = re.compile(
    r"^[\[(]?\s*(?:\d{1,3}[a-z]?|[a-zA-Z]|[ivxlc]{1,6}|\*{1,3}|[†‡§¶])\s*\*?\s*[\])]?\s*[.:]?$"
)
# A marker left as plain text in running text: "[12]", "[3*]".
_TEXT_MARKER = re.compile(r"\s?\[\d{1,3}\*?\]")
_NAVIGATION = re.compile(
    r"^(?:(?:back\s+to\s+(?:the\s+)?)?(?:top|start)(?:\s+of\s+(?:the\s+)?page)?"
    r"|(?:next|previous|prev|last|first)(?:\s+(?:chapter|section|page|part|article))?"
    r"|(?:table\s+of\s+)?contents|chapter\s+contents|index|home|back|up"
    r"|(?:chapter|part|section)\s+(?:\w+\s+)?index)$",
    re.I,
)
# The labels of a work's information block, and the archive's own lines.
_INFO_LABEL = re.compile(
    r"^(?:written|source|first\s+published|published|translated|translation|transcri\w*"
    r"|html\s+mark-?up|mark-?up|marked\s+up|proof-?read\w*|copyleft|public\s+domain"
    r"|online\s+version|original\s+source|delivered|edited|editor|credits?)"
    r"(?:\s+(?:by|and|in|from|for|/)\s*[\w ]{0,30}?)?\s*:",
    re.I,
)
_ARCHIVE_LINE = re.compile(
    r"^(?:last\s+updated|transcribed\s+(?:by|for)|marxists\.org|marxists['’]?\s+internet\s+archive)",
    re.I,
)
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Block:
    role: Role
    text: str
    level: int = 0  # a heading's level (1–6)
    backref: str | None = None  # the fragment a note's opening marker links back to
    emphatic: bool = False  # all in bold: a heading set as a paragraph, perhaps
    centred: bool = False  # inside <center> or aligned to the centre: a title page line


@dataclass
class Anchor:
    name: str


@dataclass
class Rule:
    classes: frozenset[str]


Event = Block | Anchor | Rule


@dataclass(frozen=True)
class _Context:
    quote: bool = False
    note: bool = False
    furniture: bool = False
    heading: int = 0
    centred: bool = False


@dataclass
class _Run:
    """The inline content of one block as it is read."""

    context: _Context
    parts: list[str] = field(default_factory=list)
    linked: int = 0  # letters inside links
    bold: int = 0  # letters inside <b>/<strong>
    letters: int = 0
    backref: str | None = None
    marker_first: bool = False
    labelled: bool = False  # opens with the archive's span.info label
    notes: list[str] = field(default_factory=list)
    breaks: int = 0  # <br> in a row, with nothing but spaces between

    def add(self, text: str, linked: bool, bold: bool) -> None:
        if not text:
            return
        self.parts.append(text)
        count = len(_LETTER.findall(text))
        self.letters += count
        if linked:
            self.linked += count
        if bold:
            self.bold += count
        if text.strip():
            self.breaks = 0

    @property
    def started(self) -> bool:
        return any(part.strip() for part in self.parts)


def _classes(node: LexborNode) -> frozenset[str]:
    value = node.attributes.get("class") or ""
    return frozenset(value.lower().split())


def clean(text: str) -> str:
    """Spaces collapsed; soft hyphens and zero-width characters gone."""
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())


def _is_marker(node: LexborNode) -> str | None:
    """The fragment a note marker links to ("" when it links nowhere), or None if
    `node` is not a marker."""
    tag = node.tag
    if tag not in ("sup", "a", "span"):
        return None
    classes = _classes(node)
    text = clean(node.text(deep=True))
    links = [node] if tag == "a" else list(node.css("a"))
    hrefs = [link.attributes.get("href") or "" for link in links]
    # Within the page, or to a page of notes ("notes.htm#n1").
    inner = next((href.partition("#")[2] for href in hrefs if "#" in href), None)
    if tag == "span" and not (classes & {"note", "anote", "enote", "ednote", "fnote"}):
        return None
    if tag == "a" and inner is None:
        return None
    if tag == "sup" and classes & {"anote", "enote", "ednote", "note", "fnote"}:
        return inner or ""
    if not text or _MARKER.match(text):
        if tag == "sup" and not text and inner is None:
            return None
        return inner or ""
    return None


class _Walker:
    def __init__(self) -> None:
        self.events: list[Event] = []

    # --- blocks -------------------------------------------------------------------

    def block(self, node: LexborNode, context: _Context, depth: int = 0) -> None:
        tag = node.tag
        if tag in _SKIP or tag is None:
            return
        self._anchor(node)
        classes = _classes(node)
        if tag == "hr":
            self.events.append(Rule(classes))
            return
        context = self._context(node, classes, context)
        run = _Run(context)
        child = node.child
        while child is not None:
            if child.tag in _BLOCKS and depth < 200:
                self.flush(run)
                self.block(child, context, depth + 1)
            else:
                self.inline(child, run, linked=False, bold=False, depth=depth + 1)
            child = child.next
        self.flush(run)

    def _context(self, node: LexborNode, classes: frozenset[str], context: _Context) -> _Context:
        tag = node.tag or ""
        align = (node.attributes.get("align") or "").lower()
        style = (node.attributes.get("style") or "").replace(" ", "").lower()
        centred = context.centred or tag == "center" or align == "center"
        centred = centred or "text-align:center" in style
        quote = context.quote or tag == "blockquote" or _prefixed(classes, _QUOTE_PREFIXES)
        note = context.note or _prefixed(classes, _NOTE_PREFIXES) or "fn" in classes
        furniture = context.furniture or bool(classes & _FURNITURE)
        heading = _HEADINGS.get(tag, 0) or (6 if "sub" in classes and tag == "p" else 0)
        return _Context(quote, note, furniture, heading or context.heading, centred)

    def _anchor(self, node: LexborNode) -> None:
        for name in ("id", "name") if node.tag == "a" else ("id",):
            value = node.attributes.get(name)
            if value:
                self.events.append(Anchor(value))

    # --- inline content -----------------------------------------------------------

    def inline(self, node: LexborNode, run: _Run, linked: bool, bold: bool, depth: int) -> None:
        tag = node.tag
        if tag == "-text":
            run.add(node.text_content or "", linked, bold)
            return
        if tag in _SKIP or tag is None:
            return
        if tag == "br":
            run.parts.append(" ")
            run.breaks += 1
            if run.breaks >= 2 and run.started:
                self.flush(run)
            return
        if tag in _BLOCKS:  # a block the parser left inside inline content
            self.flush(run)
            self.block(node, run.context, depth + 1)
            return
        classes = _classes(node)
        marker = _is_marker(node)
        if marker is not None:
            self._anchors_within(node)
            if not run.started and not run.marker_first:
                run.marker_first = True
                run.backref = marker or None
            return
        if tag == "span" and classes & {"inote", "ednote", "editor"}:
            self._anchors_within(node)
            note = clean(node.text(deep=True))
            if note:
                run.notes.append(note)
            return
        if tag == "span" and "info" in classes and not run.started:
            run.labelled = True
        elif classes & _FURNITURE:
            return
        self._anchor(node)
        linked = linked or (tag == "a" and bool(node.attributes.get("href")))
        bold = bold or tag in _STRONG
        child = node.child
        while child is not None:
            if depth < 400:
                self.inline(child, run, linked, bold, depth + 1)
            child = child.next

    def _anchors_within(self, node: LexborNode) -> None:
        self._anchor(node)
        for inner in node.css("[id], a[name]"):
            self._anchor(inner)

    # --- a finished block ---------------------------------------------------------

    def flush(self, run: _Run) -> None:
        raw = "".join(run.parts)
        if not run.marker_first and _TEXT_MARKER.match(raw.lstrip()):
            run.marker_first = True  # "[1] See …": a note whose marker is plain text
        text = clean(_TEXT_MARKER.sub("", raw))
        context = run.context
        block = self._classify(run, text)
        if block is not None:
            self.events.append(block)
        if not context.furniture:
            self.events += [Block("note", note) for note in run.notes]
        run.parts.clear()
        run.linked = run.bold = run.letters = run.breaks = 0
        run.backref, run.marker_first, run.labelled = None, False, False
        run.notes = []

    @staticmethod
    def _classify(run: _Run, text: str) -> Block | None:
        context = run.context
        if context.furniture:
            return None
        if context.heading and any(char.isalnum() for char in text):
            return Block("heading", text, level=context.heading)
        if not run.letters:
            return None
        if run.linked >= run.letters or _NAVIGATION.match(_words_only(text)):
            return None  # navigation: breadcrumbs, next/previous, a list of sections
        if run.labelled or _ARCHIVE_LINE.match(text):
            return None
        if _INFO_LABEL.match(text) and len(text.split()) <= 60:
            return None
        emphatic = run.bold >= 0.9 * run.letters
        if context.note or run.marker_first:
            return Block("note", text, backref=run.backref)
        role: Role = "quote" if context.quote else "text"
        return Block(role, text, emphatic=emphatic, centred=context.centred)


def _prefixed(classes: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    return any(name.startswith(prefixes) for name in classes)


def _words_only(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text))


def page_events(html: str) -> list[Event]:
    """The blocks and anchors of a page, in reading order (see the module's account)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    body = tree.body
    walker = _Walker()
    if body is not None:
        walker.block(body, _Context())
    return _info_blocks_out(walker.events)


def _info_blocks_out(events: list[Event]) -> list[Event]:
    """What stands between the archive's `hr.infotop` and `hr.infobot` is its
    information block."""
    out: list[Event] = []
    inside = False
    for event in events:
        if isinstance(event, Rule):
            if "infotop" in event.classes:
                inside = True
            elif "infobot" in event.classes:
                inside = False
            out.append(event)
        elif not (inside and isinstance(event, Block)):
            out.append(event)
    return out
