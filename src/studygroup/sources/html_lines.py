"""An HTML page → its title, its metadata and its lines (see `lines.py`).

The page is parsed by an HTML5 parser (selectolax's Lexbor), never by regular
expressions over markup. A line ends where a browser would start a new one: at a
block element, or at a `<br>` that is not inside a link (a `<br>` inside a link only
wraps the link's text, and the link stays one entry). Two `<br>` in a row leave a
blank line, which the next line records as a `gap`. A table row is one line whose
cells are joined, so a label cell, a link cell and a size cell stay together.

What each line looks like is taken from the elements around it: list nesting and
the archive's indenting classes (`index` < `indexa`/`indexb`/`indentb` < `indexc` <
`indexd`) give its depth; headings, `<big>`, `<small>` and `<font size>` the size of
each run. Links are made absolute against the page's address. Scripts, styles,
images and forms say nothing and are left out; so are footnote markers (`[1]`
linking within the page, `<sup class="enote">`), which are never part of a title.

The parser does not say where in the file a node was, and reports must give line
numbers: each line is found again in the source by its first link's address or its
first words, searching forward from the line before.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from studygroup.sources.lines import CELL, LINK_BREAK, Line, Run, clean

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer"),
        *("form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "menu"),
        *("nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead"),
        *("tr", "ul"),
    }
)
_SKIP = frozenset(
    {
        *("script", "style", "head", "noscript", "template", "img", "map", "object"),
        *("iframe", "select", "button", "input", "textarea", "svg", "math", "video"),
        *("audio", "canvas", "embed", "title"),
    }
)
_EMPHASIS = frozenset({"em", "i", "cite", "var", "dfn"})
_STRONG = frozenset({"b", "strong"})
_NESTING = frozenset({"ul", "ol", "dl", "dd", "dir", "menu", "blockquote"})
# Elements that hold blocks side by side or one inside another: a note attached to
# an entry must be in the same one.
_BOXES = frozenset({"td", "th", "div", "blockquote", "ul", "ol", "dl", "center", "table"})
# h1 is the largest; h5 is body size, as the archive's style sheets set them.
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HEADING_SIZE = {1: 4, 2: 3, 3: 2, 4: 1, 5: 0, 6: -1}
# The archive's own paragraph classes that indent a line (works.css): index and toc
# sit at the margin, indexa/indexb/indentb one step in, indexc two, indexd three.
_INDENT_OF_CLASS = {
    "indexa": 1,
    "indexb": 1,
    "indentb": 1,
    "indent": 1,
    "indexc": 2,
    "indentc": 2,
    "indexd": 3,
}
_NOTE_MARKERS = frozenset({"anote", "enote", "ednote", "fnote"})
# An inline style that indents: "margin-left: 40px", "padding-left:2em" (not 0).
_INDENTED = re.compile(r"(?:margin|padding)-left\s*:\s*0*[1-9]", re.IGNORECASE)
# A footnote marker's text: [1], 1), (12), *, [1*].
_MARKER_TEXT = re.compile(r"\W*\d{0,3}\*?\W*")

# Elements open at once, counted before parsing (`check_nesting`). Real pages nest tens;
# the reading stops at a few hundred anyway, as it recurses. The parser's time grows
# with the square of the depth: 20,000 nested <div>s take 0.7 s, 160,000 a minute, and
# a million (6 MB) most of an hour, in C, where not even Ctrl-C stops it.
MAX_OPEN_ELEMENTS = 10_000
# One tag, a comment, or a raw-text element with its content (whose "<div>" is text).
# No part crosses a '<', so a file of '<a<a<a…' is scanned once, not once a '<'.
_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript)\b[^<>]*>"
    r".*?(?:</\1\s*>|\Z)"
    r"|<(/?)([a-z][\w:-]*)[^<>]*?(/?)>",
    re.I | re.S,
)
# Never open: void elements, and those whose end tag may be left out (the next <p>,
# <li> or </table> closes them), which never nest in themselves.
_NOT_COUNTED = frozenset(
    {
        *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"),
        *("param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame"),
        *("p", "li", "dt", "dd", "rb", "rt", "rtc", "rp", "optgroup", "option"),
        *("colgroup", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"),
        *("html", "head", "body"),
    }
)
# A second <a> (or <nobr>) closes the one still open.
_ONE_AT_A_TIME = frozenset({"a", "nobr"})


class NestedTooDeeply(RecursionError):
    """A page whose elements nest deeper than it can be read. A RecursionError, as
    Python's own is when a walk goes too deep, so that each importer's entry reports
    both in the same one line."""


def check_nesting(text: str, limit: int = MAX_OPEN_ELEMENTS) -> None:
    """NestedTooDeeply if a page opens more than `limit` elements without closing them,
    checked in one pass over its tags before the parser sees it.

    The count is an upper bound on how deep the parser nests what it counts: every
    element opened and not yet closed by its end tag (one left open counts on, since a
    parser may open it again in each block that follows). Elements that close by
    themselves are left out; they add at most a few levels to each counted one."""
    open_now: dict[str, int] = {}
    depth = 0
    for match in _TAG.finditer(text):
        name = match[3]
        if name is None or match[4]:  # a comment, raw text, or <x/>
            continue
        name = name.lower()
        if name in _NOT_COUNTED:
            continue
        if match[2]:  # an end tag: closes the latest of its name, if one is open
            if open_now.get(name):
                open_now[name] -= 1
                depth -= 1
            continue
        if name in _ONE_AT_A_TIME and open_now.get(name):
            continue
        open_now[name] = open_now.get(name, 0) + 1
        depth += 1
        if depth > limit:
            raise NestedTooDeeply(f"more than {limit:,} elements open at once")


@dataclass
class HtmlPage:
    title: str  # the <title>
    meta: dict[str, str]  # <meta name=… content=…>, names lower-cased
    lines: list[Line] = field(default_factory=list)
    base: str = ""
    images: list[str] = field(default_factory=list)  # every <img src>, absolute
    image_alts: list[str] = field(default_factory=list)


@dataclass
class _State:
    href: str | None = None
    emphasis: bool = False
    strong: bool = False
    size: int = 0
    depth: int = 0
    heading: int = 0
    block: str = ""
    classes: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    block_id: int = 0
    box_id: int = 0
    preformatted: bool = False


class _Reader:
    def __init__(self, base: str, source: str) -> None:
        self.base = base
        self.source = source
        self.cursor = 0
        self.cursor_line = 1
        self.counted_to = 0
        self.lines: list[Line] = []
        self.runs: list[Run] = []
        self.line_state = _State()
        self.gap = True
        self.rule = 0
        self.ids = 0
        self.images: list[str] = []
        self.image_alts: list[str] = []
        # Each absolute address as the page wrote it, to find the line again.
        self._raw_href: dict[str, str] = {}

    def new_id(self) -> int:
        self.ids += 1
        return self.ids

    # Lines -------------------------------------------------------------------

    def has_letters(self) -> bool:
        return any(run.text.strip() for run in self.runs)

    def flush(self) -> None:
        runs = [run for run in self.runs if run.text]
        self.runs = []
        while runs and runs[-1].text == LINK_BREAK:
            runs.pop()
        if not any(run.text.strip() for run in runs):
            return
        state = self.line_state
        joined = "".join(run.text for run in runs)
        leading = joined[: len(joined) - len(joined.lstrip())]
        line = Line(
            runs=runs,
            number=0,
            depth=state.depth,
            heading=state.heading,
            block=state.block,
            classes=state.classes,
            scope=state.scope,
            lead=leading.count("\u00a0")
            + leading.count("\u2003")
            + (leading.count(" ") // 2 if state.preformatted else 0),
            gap=self.gap,
            block_id=state.block_id,
            box_id=state.box_id,
            rule=self.rule,
        )
        line.number = self._locate(line)
        self.lines.append(line)
        self.gap = False

    def _locate(self, line: Line) -> int:
        needles: list[str] = []
        for link in line.links[:1]:
            raw = self._raw_href.get(link.href)
            if raw:
                needles += [f'"{raw}"', f"'{raw}'", f"={raw}"]
        words = [word for word in re.findall(r"\w{4,}", line.text) if not word.isdigit()]
        needles += words[:2]
        for needle in needles:
            found = self.source.find(needle, self.cursor)
            if found < 0:
                found = self.source.find(html.escape(needle, quote=False), self.cursor)
            if found >= 0:
                self.cursor = found + 1
                break
        # Counted from where the last count stopped: a long page stays linear.
        self.cursor_line += self.source.count("\n", self.counted_to, self.cursor)
        self.counted_to = max(self.counted_to, self.cursor)
        return self.cursor_line

    # Walking -----------------------------------------------------------------

    def walk(self, node: LexborNode, state: _State) -> None:
        child = node.child
        while child is not None:
            self.visit(child, state)
            child = child.next

    def text(self, node: LexborNode, state: _State) -> None:
        text = node.text_content or ""
        if not text:
            return
        if state.preformatted and "\n" in text:
            # In <pre> the file's own line breaks end the lines.
            first, *others = text.split("\n")
            self.text_run(first, state)
            for piece in others:
                self.line_break(state)
                self.text_run(piece, state)
            return
        self.text_run(text, state)

    def text_run(self, text: str, state: _State) -> None:
        if not text:
            return
        if not self.has_letters():
            # The line takes the look of the element its first letter is in.
            self.line_state = state
        self.runs.append(Run(text, state.href, state.emphasis, state.strong, state.size))

    def visit(self, node: LexborNode, state: _State) -> None:
        tag = node.tag or ""
        if tag == "-text":
            self.text(node, state)
            return
        if tag.startswith("-") or tag in _SKIP:
            if tag == "img":
                self.image(node)
            return
        attrs = node.attributes
        classes = tuple((attrs.get("class") or "").lower().split())
        if tag == "br":
            self.line_break(state)
            return
        if tag == "hr":
            self.flush()
            self.rule += 1
            self.gap = True
            return
        if _is_note_marker(node, tag, classes):
            return
        inner = self.inner_state(node, tag, classes, state)
        if tag in ("td", "th"):
            # Cells of one row stay on one line, marked apart.
            self.runs.append(Run(CELL))
            self.walk(node, inner)
            self.runs.append(Run(CELL))
            return
        if tag in _BLOCKS:
            self.flush()
            self.gap = True
            self.walk(node, inner)
            self.flush()
            self.gap = True
            return
        self.walk(node, inner)

    def line_break(self, state: _State) -> None:
        if state.href is not None and self.has_letters():
            # Inside a link a break only wraps the link's text.
            self.runs.append(Run(LINK_BREAK, state.href, state.emphasis, state.strong, state.size))
        elif self.has_letters():
            self.flush()
        else:
            # Nothing on the line yet: a blank line.
            self.runs = []
            self.gap = True

    def image(self, node: LexborNode) -> None:
        src = (node.attributes.get("src") or "").strip()
        address = _absolute(self.base, src) if src else None
        if address:
            self.images.append(address)
        alt = clean(node.attributes.get("alt") or "")
        if alt:
            self.image_alts.append(alt)

    def inner_state(
        self, node: LexborNode, tag: str, classes: tuple[str, ...], state: _State
    ) -> _State:
        attrs = node.attributes
        inner = replace(state)
        if tag == "a":
            href = (attrs.get("href") or "").strip()
            wanted = href and not href.lower().startswith("javascript:")
            absolute = _absolute(self.base, href) if wanted else None
            if absolute:
                self._raw_href.setdefault(absolute, href)
                inner.href = absolute
        elif tag in _EMPHASIS:
            inner.emphasis = True
        elif tag in _STRONG:
            inner.strong = True
        elif tag == "big":
            inner.size = state.size + 1
        elif tag == "small":
            inner.size = state.size - 1
        elif tag == "font":
            inner.size = state.size + _font_size(attrs.get("size") or "")
        if tag in _HEADINGS:
            inner.heading = _HEADINGS[tag]
            inner.size = state.size + _HEADING_SIZE[inner.heading]
            inner.strong = True
        if tag in _NESTING:
            inner.depth = state.depth + 1
        if tag in ("p", "div", "td", "th", "li", "dd", "dt"):
            inner.depth += max((_INDENT_OF_CLASS.get(name, 0) for name in classes), default=0)
        if tag in ("p", "div", "td", "li", "dd", "span") and _INDENTED.search(
            attrs.get("style") or ""
        ):
            inner.depth += 1  # <p style="margin-left: 2em">: indented by hand
        if tag == "pre":
            inner.preformatted = True
        if tag in _BLOCKS or tag in ("td", "th"):
            inner.block = tag
            inner.classes = classes
            inner.scope = state.scope + classes
        if tag in _BLOCKS:
            inner.block_id = self.new_id()
        if tag in _BOXES:
            inner.box_id = self.new_id()
        return inner


def _absolute(base: str, href: str) -> str | None:
    """`href` made absolute against `base`; None for an address no parser can read
    ('http://[::1', a host in brackets that is no IP address), which is then no link,
    as a browser would not follow it either. Every address a line carries can be
    split again further on."""
    try:
        absolute = urljoin(base, href) if base else href
        urlsplit(absolute)
    except ValueError:
        return None
    return absolute


def _font_size(value: str) -> int:
    """<font size="+2"> is two steps larger; <font size="5"> is two above the default 3."""
    value = value.strip()
    if re.fullmatch(r"[+-][1-6]", value):
        return int(value)
    if re.fullmatch(r"[1-7]", value):
        return int(value) - 3
    return 0


def _is_note_marker(node: LexborNode, tag: str, classes: tuple[str, ...]) -> bool:
    """A footnote marker: <sup class="enote">, or a link within the page whose text is
    only a number in brackets or a star."""
    if tag == "sup" and _NOTE_MARKERS.intersection(classes):
        return True
    if tag != "a":
        return False
    href = (node.attributes.get("href") or "").strip()
    if not href.startswith("#") or href.lower() in ("#top", "#0"):
        return False
    text = clean(node.text())
    return bool(text) and _MARKER_TEXT.fullmatch(text) is not None


def read_html(text: str, base: str = "") -> HtmlPage:
    """Parse a page (already decoded to text) into its lines; links made absolute."""
    from selectolax.lexbor import LexborHTMLParser

    check_nesting(text)
    tree = LexborHTMLParser(text)
    title_node = tree.css_first("title")
    meta: dict[str, str] = {}
    for node in tree.css("meta"):
        name = (node.attributes.get("name") or "").strip().lower()
        content = node.attributes.get("content")
        if name and content:
            meta.setdefault(name, clean(content))
    # A <base href> in the page says where its relative links point.
    base_node = tree.css_first("base[href]")
    if base_node is not None and base:
        base = _absolute(base, (base_node.attributes.get("href") or "").strip()) or base
    reader = _Reader(base, text)
    body = tree.body
    if body is not None:
        reader.walk(body, _State())
        reader.flush()
    return HtmlPage(
        title=clean(title_node.text()) if title_node is not None else "",
        meta=meta,
        lines=reader.lines,
        base=base,
        images=reader.images,
        image_alts=reader.image_alts,
    )


def page_folder(url: str) -> str:
    """The folder a page is in: 'https://…/staterev/index.htm' → 'https://…/staterev/'."""
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.scheme else path
