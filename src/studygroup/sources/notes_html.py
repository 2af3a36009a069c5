"""A web page saved as HTML → the blocks of its article.

The page is parsed by an HTML5 parser (selectolax's Lexbor). The notes are the
article, not the site around it: the first of `<article>` (the longest, if a page
holds several), `<main>`, `role=main`, or an element whose class or id says it holds
the post's text (`entry-content`, `post-content`, `post-body`, `content`), else the
body. Inside it, navigation, headers, footers, sidebars, forms, scripts and anything
whose class or id says menu, sidebar, widget, share, comments or related is left out.

Headings, paragraphs, `<blockquote>`, lists (an item's text before a nested list is
its first paragraph), `<hr>`, tables and `<pre>` become blocks; text standing
directly in a `<div>` is a paragraph; two `<br>` in a row end a paragraph. Emphasis
goes and its words stay; links give their addresses to the block.

The title comes from the page's `og:title`, the article's `<h1>` or `<title>`; the
author from `<meta name=author>`; the date from `article:published_time` or the first
`<time datetime>`; the address from what the browser saved (`saved from url`, a
canonical link, `og:url`).

The parser does not say where in the file a node was, and reports give line numbers:
each block is found again in the source by its first long word, searching forward
from the block before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from studygroup.sources.notes_blocks import Block, bare_url, clean, is_rule_text

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

_SKIP = frozenset(
    {
        *("script", "style", "noscript", "template", "svg", "iframe", "form", "button"),
        *("select", "input", "textarea", "nav", "aside", "footer", "header", "head"),
        *("object", "embed", "video", "audio", "canvas", "math", "map", "title", "menu"),
    }
)
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:sidebar|widget|widgets|menu|nav|navbar|navigation|footer|masthead|"
    r"breadcrumbs?|share|sharing|social|comments?|respond|related|advert|ads|cookie|"
    r"skip-link|screen-reader-text|site-header|site-footer|post-meta|byline|tags|"
    r"categories|pagination|subscribe)(?:$|[\s_-])",
    re.I,
)
_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "form"})
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "blockquote", "center", "dd", "details", "div", "dl", "dt"),
        *("figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main"),
        *("ol", "p", "pre", "section", "summary", "table", "ul", "body", "html"),
    }
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CONTENT = re.compile(
    r"(?:^|[\s_-])(?:entry-content|post-content|post-body|article-content|article-body|"
    r"entry|post|content|story)(?:$|[\s_-])",
    re.I,
)


@dataclass
class HtmlMeta:
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass
class _Run:
    text: str
    strong: bool = False
    href: str | None = None
    em: bool = False


@dataclass
class _Context:
    quote: int = 0
    item: int = 0
    item_pending: bool = False
    ordered: bool = False
    number: int | None = None
    list_id: int = 0
    depth: int = 0


@dataclass
class _Reader:
    blocks: list[Block] = field(default_factory=list)
    ids: int = 0

    def new_id(self) -> int:
        self.ids += 1
        return self.ids

    def emit(self, kind: str, runs: list[_Run], context: _Context, level: int = 0) -> None:
        joined = "".join(run.text for run in runs)
        # Two line breaks in a row end a paragraph, as a browser shows it.
        for piece in re.split(r"\n\s*\n", joined) if kind == "paragraph" else [joined]:
            words = clean(piece)
            if not words:
                continue
            letters = sum(1 for run in runs for ch in run.text if not ch.isspace())
            strong = sum(1 for run in runs if run.strong for ch in run.text if not ch.isspace())
            links = [run.href for run in runs if run.href]
            plain = sum(1 for run in runs if not run.href for ch in run.text if ch.isalnum())
            alnum = sum(1 for run in runs for ch in run.text if ch.isalnum())
            stressed = sum(
                1 for run in runs if run.em or run.strong for ch in run.text if ch.isalnum()
            )
            block = Block(
                "heading" if kind == "heading" else "paragraph",
                0,
                words,
                raw=words[:80],
                lines=[clean(line) for line in piece.split("\n") if clean(line)],
                level=level,
                quote=context.quote,
                item=context.item,
                item_first=context.item_pending,
                ordered=context.ordered,
                number=context.number,
                list_id=context.list_id,
                depth=context.depth,
                strong=letters > 0 and strong == letters,
                links=list(dict.fromkeys(links)),
                link_only=bool(links) and plain == 0,
                emphasis=alnum > 0 and stressed == alnum,
                outside=clean("".join(run.text for run in runs if not run.href)),
            )
            context.item_pending = False
            if block.kind == "paragraph" and is_rule_text(words):
                block.kind = "rule"
            elif not block.links and (url := bare_url(words)) is not None:
                block.links, block.link_only = [url], True
            self.blocks.append(block)

    def other(self, kind: str, text: str, context: _Context) -> None:
        self.blocks.append(
            Block(
                kind,  # type: ignore[arg-type]
                0,
                clean(text),
                raw=clean(text)[:80],
                quote=context.quote,
                item=context.item,
                list_id=context.list_id,
                depth=context.depth,
            )
        )


def _attr(node: LexborNode, name: str) -> str:
    value = node.attributes.get(name)
    return value if isinstance(value, str) else ""


def _furniture(node: LexborNode) -> bool:
    if node.tag in _SKIP:
        return True
    if _attr(node, "role").lower() in _ROLES or node.attributes.get("hidden") is not None:
        return True
    names = f"{_attr(node, 'class')} {_attr(node, 'id')}"
    return _FURNITURE.search(names) is not None


def _runs(
    node: LexborNode, strong: bool = False, href: str | None = None, em: bool = False
) -> list[_Run]:
    out: list[_Run] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.append(_Run(child.text_content or "", strong, href, em))
        elif tag == "br":
            out.append(_Run("\n", strong, href, em))
        elif tag in _SKIP or tag == "img" or _furniture(child):
            continue
        elif tag in ("b", "strong"):
            out += _runs(child, True, href, em)
        elif tag in ("em", "i", "cite", "var", "dfn"):
            out += _runs(child, strong, href, True)
        elif tag == "span" and (style := _attr(child, "style").replace(" ", "").lower()):
            # Word processors' exports (Google Docs) say emphasis by style.
            bold = "font-weight:700" in style or "font-weight:bold" in style
            italic = "font-style:italic" in style
            out += _runs(child, strong or bold, href, em or italic)
        elif tag == "a":
            out += _runs(child, strong, _attr(child, "href") or href, em)
        else:
            out += _runs(child, strong, href, em)
    return out


def _is_block(node: LexborNode) -> bool:
    return node.tag in _BLOCK_TAGS


def _walk(node: LexborNode, reader: _Reader, context: _Context) -> None:
    pending: list[_Run] = []

    def flush() -> None:
        if any(run.text.strip() for run in pending):
            reader.emit("paragraph", pending, context)
        pending.clear()

    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            pending.append(_Run(child.text_content or ""))
            continue
        if tag == "br":
            pending.append(_Run("\n"))
            continue
        if (_furniture(child) and not (context.quote and tag == "footer")) or tag in (
            "img",
            "-comment",
        ):
            continue
        if context.quote and tag in ("footer", "cite", "figcaption"):
            # A quotation's source, as HTML marks it: the line after it, dash-led.
            flush()
            said = "".join(run.text for run in _runs(child)).strip()
            if said:
                dash = "" if said[:1] in "-—–―~" else "— "
                reader.emit("paragraph", [_Run(dash + said)], context)
            continue
        if not _is_block(child):
            pending += _runs(child)
            continue
        flush()
        if tag in _HEADINGS:
            reader.emit("heading", _runs(child), context, level=_HEADINGS[tag])
        elif tag == "p" or tag in ("dt", "dd", "figcaption", "summary", "address"):
            reader.emit("paragraph", _runs(child), context)
        elif tag == "hr":
            reader.other("rule", "---", context)
        elif tag == "table":
            reader.other("table", child.text(deep=True, separator=" | "), context)
        elif tag == "pre":
            reader.other("code", child.text(deep=True), context)
        elif tag == "blockquote" or (tag == "figure" and child.css_first("blockquote") is not None):
            inner = _Context(**{**context.__dict__, "quote": reader.new_id()})
            _walk(child, reader, inner)
        elif tag in ("ul", "ol"):
            list_id = reader.new_id()
            start = _attr(child, "start")
            number = int(start) if start.isdigit() else 1
            for item in child.iter():
                if item.tag != "li":
                    continue
                inner = _Context(
                    quote=context.quote,
                    item=reader.new_id(),
                    item_pending=True,
                    ordered=tag == "ol",
                    number=number if tag == "ol" else None,
                    list_id=list_id,
                    depth=context.depth + 1,
                )
                _walk(item, reader, inner)
                number += 1
        else:
            _walk(child, reader, context)
    flush()


def _root(tree: LexborNode) -> LexborNode:
    articles = [node for node in tree.css("article") if not _furniture(node)]
    if articles:
        return max(articles, key=lambda node: len(node.text(deep=True)))
    for selector in ("main", "[role=main]"):
        found = tree.css_first(selector)
        if found is not None:
            return found
    candidates = [
        node
        for node in tree.css("div, section")
        if _CONTENT.search(f"{_attr(node, 'class')} {_attr(node, 'id')}") and not _furniture(node)
    ]
    if candidates:
        return max(candidates, key=lambda node: len(node.text(deep=True)))
    body = tree.css_first("body")
    return body if body is not None else tree


def _meta(tree: LexborNode, root: LexborNode) -> HtmlMeta:
    meta = HtmlMeta()
    values: dict[str, str] = {}
    for node in tree.css("meta"):
        name = (_attr(node, "name") or _attr(node, "property")).lower()
        content = _attr(node, "content").strip()
        if name and content:
            values.setdefault(name, content)
    heading = root.css_first("h1")
    title = tree.css_first("title")
    meta.title = (
        values.get("og:title")
        or (clean(heading.text(deep=True)) if heading is not None else None)
        or (clean(title.text()) if title is not None else None)
        or None
    )
    meta.author = values.get("author") or values.get("article:author") or _byline(root, tree)
    time = root.css_first("time[datetime]") or tree.css_first("time[datetime]")
    published = values.get("article:published_time") or (
        _attr(time, "datetime") if time is not None else ""
    )
    if published:
        meta.date = published[:10] if re.match(r"\d{4}-\d\d-\d\d", published) else published
    return meta


def _byline(root: LexborNode, tree: LexborNode) -> str | None:
    """The author a blog's byline names (`rel=author`, `.author`, `itemprop=author`)."""
    for scope in (root, tree):
        for selector in ("[rel=author]", "[itemprop=author]", ".author .fn", ".author", ".byline"):
            node = scope.css_first(selector)
            if node is not None:
                name = clean(node.text(deep=True, separator=" "))
                name = re.sub(r"^(?:by|posted by|written by)\s+", "", name, flags=re.I)
                if name and len(name.split()) <= 6 and not name.startswith("http"):
                    return name
    return None


def _locate(blocks: list[Block], source: str) -> None:
    """Each block's line, found again in the source by its first long word."""
    starts = [0]
    for match in re.finditer("\n", source):
        starts.append(match.end())
    body = re.search(r"<body[\s>]", source, re.I)
    cursor = body.start() if body else 0

    def line_at(position: int) -> int:
        low, high = 0, len(starts) - 1
        while low < high:
            mid = (low + high + 1) // 2
            if starts[mid] <= position:
                low = mid
            else:
                high = mid - 1
        return low + 1

    lowered = source.lower()
    tags = {"rule": "<hr", "table": "<table", "code": "<pre"}
    for block in blocks:
        found = -1
        if block.kind in tags:
            found = lowered.find(tags[block.kind], cursor)
        words = re.findall(r"[A-Za-z]{4,}", block.text)[:3] if found < 0 else []
        for word in words:
            found = source.find(word, cursor)
            if found >= 0:
                break
        if found >= 0:
            cursor = found
        block.line = line_at(cursor)


def html_blocks(text: str) -> tuple[list[Block], HtmlMeta]:
    """The article of a saved page → blocks, and what the page says about itself."""
    from selectolax.lexbor import LexborHTMLParser

    from studygroup.sources.html_lines import check_nesting

    check_nesting(text)  # before the parser, whose time grows with the square of the depth
    tree = LexborHTMLParser(text)
    root = _root(tree.root) if tree.root is not None else None
    if root is None:
        return [], HtmlMeta()
    reader = _Reader()
    _walk(root, reader, _Context())
    meta = _meta(tree.root, root) if tree.root is not None else HtmlMeta()
    from studygroup.sources.inputs import saved_from

    meta.url = saved_from(text)
    _locate(reader.blocks, text)
    return reader.blocks, meta
