"""An HTML page → its title, its metadata and its lines (see `lines.py`).

The page is parsed by an HTML5 parser (selectolax's Lexbor), never by regular
expressions over markup. Block elements and `<br>` end a line; a table row is one
line whose cells are joined (so a size in the next cell stays with its link), unless
a cell breaks its entries with `<br>`. Links are made absolute against the page's
address. Scripts, styles, images and forms say nothing and are left out.

The parser does not say where in the file a node was, and reports must give line
numbers: each line is found again in the source by its first link's address or its
first words, searching forward from the line before.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from studygroup.sources.lines import Line, Run, clean

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer"),
        *("form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "menu"),
        *("nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead"),
        *("tr", "ul"),
    }
)
_SKIP = frozenset(
    {
        *("script", "style", "head", "noscript", "template", "img", "map", "object"),
        *("iframe", "select", "button", "input", "textarea", "svg", "math", "video"),
        *("audio", "canvas", "embed"),
    }
)
_EMPHASIS = frozenset({"em", "i", "cite", "var", "dfn"})
_STRONG = frozenset({"b", "strong"})
_NESTING = frozenset({"ul", "ol", "dl", "dd", "dir", "menu", "blockquote"})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


@dataclass
class HtmlPage:
    title: str  # the <title>
    meta: dict[str, str]  # <meta name=… content=…>, names lower-cased
    lines: list[Line] = field(default_factory=list)
    base: str = ""


@dataclass
class _State:
    href: str | None = None
    emphasis: bool = False
    strong: bool = False
    big: bool = False
    depth: int = 0
    heading: int = 0
    block: str = ""
    classes: tuple[str, ...] = ()


class _Reader:
    def __init__(self, base: str, source: str) -> None:
        self.base = base
        self.source = source
        self.cursor = 0
        self.lines: list[Line] = []
        self.runs: list[Run] = []
        self.line_state = _State()
        # Each absolute address as the page wrote it, to find the line again.
        self._raw_href: dict[str, str] = {}

    # Lines -------------------------------------------------------------------

    def flush(self) -> None:
        runs = [run for run in self.runs if run.text]
        self.runs = []
        if not any(run.text.strip() for run in runs):
            return
        state = self.line_state
        line = Line(
            runs=runs,
            number=0,
            depth=state.depth,
            heading=state.heading,
            block=state.block,
            classes=state.classes,
            big=state.big,
        )
        line.number = self._locate(line)
        self.lines.append(line)

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
        return self.source.count("\n", 0, self.cursor) + 1

    # Walking -----------------------------------------------------------------

    def walk(self, node: LexborNode, state: _State) -> None:
        child = node.child
        while child is not None:
            self.visit(child, state)
            child = child.next

    def visit(self, node: LexborNode, state: _State) -> None:
        tag = node.tag or ""
        if tag == "-text":
            text = node.text_content or ""
            if not text:
                return
            if not self.runs or not any(run.text.strip() for run in self.runs):
                self.line_state = state
            self.runs.append(Run(text, state.href, state.emphasis, state.strong))
            return
        if tag.startswith("-") or tag in _SKIP:
            return
        if tag == "br":
            self.flush()
            return
        attrs = node.attributes
        inner = _State(**vars(state))
        if tag == "a":
            href = (attrs.get("href") or "").strip()
            if href and not href.startswith(("javascript:", "#top")):
                absolute = urljoin(self.base, href) if self.base else href
                self._raw_href.setdefault(absolute, href)
                inner.href = absolute
        elif tag in _EMPHASIS:
            inner.emphasis = True
        elif tag in _STRONG:
            inner.strong = True
        elif tag == "big" or (tag == "font" and (attrs.get("size") or "").startswith("+")):
            inner.big = True
        if tag in _HEADINGS:
            inner.heading = _HEADINGS[tag]
            inner.strong = True
        if tag in _NESTING:
            inner.depth = state.depth + 1
        if tag in _BLOCKS or tag in ("td", "th", "li", "dt"):
            inner.block = tag
            inner.classes = tuple((attrs.get("class") or "").split())
        if tag in ("td", "th"):
            # Cells of one row stay on one line: a space between them.
            self.runs.append(Run(" ", None))
            self.walk(node, inner)
            self.runs.append(Run(" ", None))
            return
        if tag in _BLOCKS or tag in ("li", "dt"):
            self.flush()
            self.walk(node, inner)
            self.flush()
            return
        self.walk(node, inner)


def read_html(text: str, base: str = "") -> HtmlPage:
    """Parse a page (already decoded to text) into its lines; links made absolute."""
    from selectolax.lexbor import LexborHTMLParser

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
        base = urljoin(base, (base_node.attributes.get("href") or "").strip())
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
    )


def page_folder(url: str) -> str:
    """The folder a page is in: 'https://…/staterev/index.htm' → 'https://…/staterev/'."""
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.scheme else path
